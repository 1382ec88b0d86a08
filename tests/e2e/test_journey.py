"""The whole journey as a person lives it: onboard, connect Gmail, scan, review, send."""

from __future__ import annotations

from email import message_from_bytes
from email.policy import default

from sqlalchemy import func, select

from bot.app import BotRuntime
from bot.sandbox.google import FakeGoogle
from bot.sandbox.telegram import SentMessage
from storage.records import AuditRecord, DeletionRequestEventRecord, DiscoveryRecord
from tests.clock import FakeClock
from tests.e2e.browser import Browser
from tests.e2e.letters import confirm, let_it_go
from tests.e2e.test_connect import ALICE, connect
from tests.e2e.test_onboarding import onboard
from tests.fakes.chat import Chat


async def scan_to_report(chat: Chat) -> None:
    await chat.tap("Scan my inbox")
    await chat.fake.wait_until(
        lambda: "Data brokers that e-mail you" in chat.last.text, timeout=60, what="the scan report"
    )


async def scanned(chat: Chat, browser: Browser, google: FakeGoogle) -> None:
    """Onboard, connect Gmail and scan it, up to the report."""
    await onboard(chat)
    await connect(chat, browser, google)
    await scan_to_report(chat)


async def reviewing(chat: Chat, browser: Browser, google: FakeGoogle) -> list[SentMessage]:
    """Onboard, connect, scan and tap Review deletion requests; the cards it posts."""
    await scanned(chat, browser, google)
    return await chat.tap("Review deletion requests")


async def test_scan_reports_the_brokers_and_stores_counts_only(
    ann: Chat, bot: BotRuntime, google: FakeGoogle, browser: Browser, mailbox: None
) -> None:
    await scanned(ann, browser, google)
    report = ann.last.text
    for name in ("33Across Inc.", "01Advertising Inc.", "4Legalleads"):
        assert name in report
    assert ann.buttons()[0] == "Review deletion requests"
    progress = next(m for m in ann.messages if m.text.startswith("Scan finished"))
    assert progress.is_edited
    async with bot.engine.connect() as connection:
        found = (
            await connection.execute(select(DiscoveryRecord.broker_id, DiscoveryRecord.message_count))
        ).all()
    assert {row.broker_id for row in found} == {"33across", "01advertising", "4legalleads"}
    columns = set(DiscoveryRecord.__table__.columns.keys())
    assert not columns & {"subject", "snippet", "body"}


async def test_review_preview_send_one_and_send_all(
    ann: Chat, bot: BotRuntime, google: FakeGoogle, browser: Browser, mailbox: None, clock: FakeClock
) -> None:
    cards = await reviewing(ann, browser, google)
    assert {tuple(m.button_texts) for m in cards if m.buttons} >= {
        ("Send", "Preview", "Skip"),
        ("Open the form", "I did it", "Skip"),
        ("Send all 2",),
    }
    first = next(m for m in cards if "01Advertising" in m.text)
    preview = await ann.tap("Preview", message=first)
    assert "To: privacy@01advertising.com" in preview[0].text
    assert "Ann Example" in preview[0].text
    assert google.sent_mail(ALICE) == []
    (shown,) = await ann.tap("Send", message=first)
    assert shown.button_texts == ["Send to privacy@01advertising.com", "Cancel"]
    assert "Subject: " in shown.text
    assert google.sent_mail(ALICE) == []  # the first tap of any button sends nothing
    waiting = await confirm(ann, shown)
    assert "Sending to privacy@01advertising.com in 10 seconds" in waiting.text
    assert waiting.button_texts == ["Undo"]
    assert google.sent_mail(ALICE) == []
    await let_it_go(ann, clock, google, ALICE, mails=1)
    outcome = ann.fake.message(ann.chat_id, waiting.message_id)
    assert outcome.text.startswith("✅ Sent to privacy@01advertising.com at 9:00")
    assert outcome.buttons == []
    sent = message_from_bytes(google.sent_mail(ALICE)[0].raw, policy=default)
    assert sent["To"] == "privacy@01advertising.com"
    assert sent["Message-ID"].startswith("<ddr.")
    again = await ann.tap_data(first.buttons[0][0].callback_data or "", first)  # the same button again
    assert len(google.sent_mail(ALICE)) == 1
    assert "already sent" in again[0].text
    form = next(m for m in cards if "4Legalleads" in m.text)
    replies = await ann.tap("I did it", message=form)
    assert "through the web form" in replies[0].text
    listing = await ann.say("/requests")
    assert "4Legalleads: sent, due" in listing[0].text
    assert "33Across Inc.: draft" in listing[0].text


async def test_send_all_asks_twice_then_sends_each_once(
    ann: Chat, bot: BotRuntime, google: FakeGoogle, browser: Browser, mailbox: None
) -> None:
    await reviewing(ann, browser, google)
    listing = await ann.tap("Send all 2")
    assert "Send 2 e-mails from alice@gmail.com" in listing[-1].text
    assert "1. 01Advertising Inc. (privacy@01advertising.com)" in listing[-1].text
    assert "2. 33Across Inc. (privacy@33across.com)" in listing[-1].text
    assert listing[-1].button_texts == ["Yes, send 2", "Cancel"]
    assert google.sent_mail(ALICE) == []
    await ann.tap("Yes, send 2")
    await ann.fake.wait_until(
        lambda: "Sent 2 requests" in ann.last.text or any("Sent 2 requests" in m.text for m in ann.messages),
        timeout=30,
        what="the send-all summary",
    )
    recipients = sorted(address for m in google.sent_mail(ALICE) for address in m.to)
    assert recipients == ["privacy@01advertising.com", "privacy@33across.com"]
    async with bot.engine.connect() as connection:
        events = await connection.scalar(select(func.count()).select_from(DeletionRequestEventRecord))
    assert events >= 6  # created, sending, sent for each
    listing = await ann.say("/requests")
    assert "01Advertising Inc.: sent, due" in listing[0].text


async def test_another_users_send_button_sends_nothing(
    ann: Chat, bob: Chat, bot: BotRuntime, google: FakeGoogle, browser: Browser, mailbox: None
) -> None:
    cards = await reviewing(ann, browser, google)
    anns_card = next(m for m in cards if "Send" in m.button_texts)
    anns_data = anns_card.buttons[0][0].callback_data
    assert anns_data is not None
    await onboard(bob, name="Bob Beispiel")
    bob_user = await bot.services.onboarding.user(bob.user.id)  # type: ignore[arg-type]
    assert bob_user is not None
    await bob.say("/help")
    own_epoch = anns_data.rsplit(":", 1)[0] + ":" + bob_user.epoch  # Ann's request id, Bob's own epoch
    for data in (anns_data, own_epoch):
        await bob.tap_data(data, bob.last)
    assert google.sent_mail(ALICE) == []
    async with bot.engine.connect() as connection:
        refusals = (
            (
                await connection.execute(
                    select(AuditRecord.detail).where(AuditRecord.action == "refused_callback")
                )
            )
            .scalars()
            .all()
        )
    assert [r["reason"] for r in refusals] == ["stale", "not_own_or_gone"]
