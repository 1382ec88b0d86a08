"""Digests, not walls: a day's deadlines in one message, Follow up with all only after confirming,
routine updates weekly unless chosen otherwise, and the person's morning in their own time zone.

Each test reads as a transcript: what Ann sends or taps, then what the bot answers.
"""

from __future__ import annotations

import asyncio
import re

import pytest
from sqlalchemy import select

from bot.app import BotRuntime
from bot.config import load_settings
from bot.sandbox.google import FakeGoogle, generate_mailbox, realistic_sender_forms
from bot.sandbox.telegram import SentMessage
from storage.records import DeletionRequestRecord
from tests.clock import FakeClock
from tests.e2e.browser import Browser
from tests.e2e.letters import confirm, let_it_go
from tests.e2e.test_connect import ALICE
from tests.e2e.test_journey import reviewing
from tests.e2e.test_tracking import (
    add_one_broker_mail,
    move_to,
    quiet_at_night,
    reply_in_thread,
    sent_request,
    switch_to_german,
)
from tests.fakes.chat import Chat

EIGHT = {
    "01advertising.com": "01 Advertising",
    "192.com": "192.com",
    "33across.com": "33Across",
    "360mediadirect.com": "360 Media Direct",
    "mediaocean.com": "Mediaocean",
    "4-eyes.ai": "4Eyes",
    "6sense.com": "6sense",
    "accurateappend.com": "Accurate Append",
}


@pytest.fixture
def mailbox(google: FakeGoogle) -> None:
    add_eight_brokers_mail(google)


def add_eight_brokers_mail(google: FakeGoogle) -> None:
    senders = {domain: realistic_sender_forms(domain, brand) for domain, brand in EIGHT.items()}
    google.add_account(
        ALICE,
        mailbox=generate_mailbox(
            5, 400, sender_domains=30, broker_senders=senders, owner=ALICE, mails_per_broker=(3, 12)
        ),
    )


async def statuses(bot: BotRuntime) -> list[str]:
    async with bot.engine.connect() as connection:
        return sorted(str(s) for s in await connection.scalars(select(DeletionRequestRecord.status)))


async def eight_sent(chat: Chat, browser: Browser, google: FakeGoogle) -> None:
    """Onboard, connect, scan, and Send all to the eight brokers (Monday 2 November, 9:00 UTC)."""
    await reviewing(chat, browser, google)
    (listing,) = await chat.tap("Send all 8")
    await chat.tap("Yes, send 8", message=listing)
    await chat.fake.wait_until(
        lambda: any("Sent 8 requests" in m.text for m in chat.messages), timeout=60, what="Send all"
    )
    assert len(google.sent_mail(ALICE)) == 8


async def one_request_sent(chat: Chat, browser: Browser, google: FakeGoogle, clock: FakeClock) -> None:
    """A mailbox with 01Advertising's mail; onboard, connect, scan and send it the one request."""
    add_one_broker_mail(google)
    await sent_request(chat, browser, google, clock)


async def overdue_digest(chat: Chat, clock: FakeClock, overdue: str = "overdue") -> SentMessage:
    """A month on, past every deadline: the digest of what is overdue."""
    clock.advance(days=31)
    await chat.fake.wait_until(lambda: overdue in chat.last.text, timeout=20, what="the overdue digest")
    return chat.last


async def quiet_sweeps() -> None:
    await asyncio.sleep(1.0)  # several sweeps (every 0.2 s) pass


async def test_eight_overdue_requests_come_as_one_digest_and_follow_up_all_asks_first(
    ann: Chat, bot: BotRuntime, google: FakeGoogle, browser: Browser, mailbox: None, clock: FakeClock
) -> None:
    await eight_sent(ann, browser, google)
    # Four weeks on, Monday 30 November: the weekly digest says the deadlines are near, in one message.
    before = len(ann.messages)
    clock.advance(days=28)
    await ann.fake.wait_until(lambda: "8 updates" in ann.last.text, timeout=20, what="the weekly digest")
    assert len(ann.messages) == before + 1
    assert ann.last.text.count("must answer by") == 8
    # Wednesday 2 December, afternoon: the deadlines passed this morning; the digest waits for tomorrow 9:00.
    before = len(ann.messages)
    clock.advance(days=2, hours=6)
    await quiet_sweeps()
    assert len(ann.messages) == before
    # Thursday 3 December, 9:00.  Bot: one digest, one line per broker, named buttons.
    clock.advance(hours=18)
    await ann.fake.wait_until(lambda: "overdue" in ann.last.text, timeout=20, what="the overdue digest")
    await quiet_sweeps()
    assert len(ann.messages) == before + 1  # one message, not eight
    digest = ann.last
    assert digest.text.startswith("📋 8 updates on your requests")
    assert len(re.findall(r"^⌛ .+: no answer by Dec 2, 2026, overdue$", digest.text, re.MULTILINE)) == 8
    for name in ("01Advertising Inc.", "192.com", "33Across Inc.", "6sense Insights, Inc."):
        assert f"⌛ {name}: no answer by" in digest.text
    assert digest.button_texts[0] == "Follow up with all 8 overdue"
    assert digest.button_texts[1].startswith("Follow up with ")
    assert digest.button_texts[-1] == "More… (/requests)"
    assert len(digest.buttons) <= 6
    assert await statuses(bot) == ["overdue"] * 8
    # Ann: [Follow up with all 8 overdue].  Bot: the list of recipients and the letters' gist; nothing sent.
    (listing,) = await ann.tap("Follow up with all 8 overdue", message=digest)
    assert listing.text.startswith("Send 8 follow-ups? Each goes in the thread of your first request")
    assert "1. 01Advertising Inc. (privacy@01advertising.com), asked on Nov 2, 2026" in listing.text
    assert "8. " in listing.text
    assert "the deadline the law sets (GDPR) has passed" in listing.text
    assert listing.button_texts == ["Yes, send 8 follow-ups", "Cancel"]
    await quiet_sweeps()
    assert len(google.sent_mail(ALICE)) == 8
    # Ann: [Yes, send 8 follow-ups].  Bot: "Sent 8 follow-ups."
    confirm_data = listing.buttons[0][0].callback_data
    assert confirm_data is not None
    await ann.tap("Yes, send 8 follow-ups", message=listing)
    await ann.fake.wait_until(
        lambda: ann.fake.message(ann.chat_id, listing.message_id).text == "Sent 8 follow-ups.",
        timeout=30,
        what="the follow-ups",
    )
    sent = google.sent_mail(ALICE)
    assert len(sent) == 16
    assert {m.thread_id for m in sent[8:]} == {m.thread_id for m in sent[:8]}  # each in its own thread
    assert await statuses(bot) == ["follow_up_sent"] * 8
    # The same confirmation tapped again sends nothing more.
    await ann.tap_data(confirm_data, listing)
    await quiet_sweeps()
    assert len(google.sent_mail(ALICE)) == 16


async def test_follow_up_all_cancel_sends_nothing(
    ann: Chat, bot: BotRuntime, google: FakeGoogle, browser: Browser, mailbox: None, clock: FakeClock
) -> None:
    await eight_sent(ann, browser, google)
    await overdue_digest(ann, clock)
    (listing,) = await ann.tap("Follow up with all 8 overdue")
    # Ann: [Cancel].  Bot: "Cancelled. Nothing was sent."
    (cancelled,) = await ann.tap("Cancel", message=listing)
    assert cancelled.text == "Cancelled. Nothing was sent."
    await quiet_sweeps()
    assert len(google.sent_mail(ALICE)) == 8
    assert await statuses(bot) == ["overdue"] * 8


async def test_follow_up_all_asks_again_when_the_list_changed(
    ann: Chat, bot: BotRuntime, google: FakeGoogle, browser: Browser, mailbox: None, clock: FakeClock
) -> None:
    await eight_sent(ann, browser, google)
    digest = await overdue_digest(ann, clock)
    (listing,) = await ann.tap("Follow up with all 8 overdue", message=digest)
    # Ann follows up with one broker on its own first, then confirms the old list of eight.
    (shown,) = await ann.tap(re.compile(r"^Follow up with (?!all)"), message=digest)
    await confirm(ann, shown)
    await let_it_go(ann, clock, google, ALICE, mails=9)
    await ann.tap("Yes, send 8 follow-ups", message=listing)
    again = ann.fake.message(ann.chat_id, listing.message_id)
    assert again.text.startswith("The list changed since you saw it.")
    assert again.button_texts == ["Yes, send 7 follow-ups", "Cancel"]
    assert len(google.sent_mail(ALICE)) == 9


async def test_acknowledgement_waits_for_the_weekly_digest_by_default(
    ann: Chat, bot: BotRuntime, google: FakeGoogle, browser: Browser, clock: FakeClock
) -> None:
    await one_request_sent(ann, browser, google, clock)
    reply_in_thread(google, "We have received your request.", sender="privacy@01advertising.com")
    # Monday afternoon: the reply is read, but a receipt is routine: nothing is pushed now.
    before = len(ann.messages)
    clock.advance(hours=7)
    await quiet_sweeps()
    await asyncio.sleep(1.0)
    assert len(ann.messages) == before
    # Next Monday, 9:00: the weekly digest names it.
    clock.advance(days=6, hours=17)
    await ann.fake.wait_until(
        lambda: "confirmed receiving your request" in ann.last.text, timeout=20, what="the weekly digest"
    )
    assert "✅ 01Advertising Inc.: confirmed receiving your request" in ann.last.text
    assert len(ann.messages) == before + 1


async def test_acknowledgement_comes_at_once_when_chosen_in_settings(
    ann: Chat, bot: BotRuntime, google: FakeGoogle, browser: Browser, clock: FakeClock
) -> None:
    await one_request_sent(ann, browser, google, clock)
    # Ann: /settings, [Routine updates], [Immediately].
    (settings,) = await ann.say("/settings")
    assert "Routine updates: in a weekly digest" in settings.text
    (question,) = await ann.tap("Routine updates")
    assert question.button_texts == ["Weekly digest", "Immediately"]
    (chosen,) = await ann.tap("Immediately", message=question)
    assert chosen.text == "Routine updates: immediately"
    reply_in_thread(google, "We have received your request.", sender="privacy@01advertising.com")
    clock.advance(hours=7)
    await ann.fake.wait_until(lambda: "replied" in ann.last.text, timeout=20, what="the reply notice")
    assert "they received your request" in ann.last.text


async def test_overdue_digest_waits_for_nine_in_the_persons_time_zone_outside_quiet_hours(
    ann: Chat, bot: BotRuntime, google: FakeGoogle, browser: Browser, clock: FakeClock
) -> None:
    await one_request_sent(ann, browser, google, clock)
    # Ann: /settings, [Time zone] "America/Los_Angeles", [Quiet hours] 22–8.
    await move_to(ann, "America/Los_Angeles")
    await quiet_at_night(ann)
    # The deadline ends on Wednesday 2 December (23:59 UTC, 15:59 in Los Angeles); Thursday 1:00 there
    # Ann sleeps, and at 8:58, awake, the digest hour has not come yet.
    before = len(ann.messages)
    clock.advance(days=31)
    await quiet_sweeps()
    clock.advance(hours=7, minutes=58)
    await quiet_sweeps()
    assert not any("has not confirmed deleting your data by" in m.text for m in ann.messages[before:])
    clock.advance(minutes=3)
    await ann.fake.wait_until(
        lambda: "has not confirmed deleting your data by" in ann.last.text,
        timeout=20,
        what="the overdue notice at 9:00 local",
    )
    assert ann.buttons() == ["Send the follow-up to 01Advertising Inc."]


async def test_a_held_digest_survives_a_restart_and_comes_once(
    ann: Chat, bot: BotRuntime, google: FakeGoogle, browser: Browser, clock: FakeClock
) -> None:
    await one_request_sent(ann, browser, google, clock)
    # Thursday 3 December, 0:00: overdue since midnight; the notice waits in its job row for 9:00.
    clock.advance(days=30, hours=15)
    await quiet_sweeps()
    assert not any("has not confirmed deleting your data by" in m.text for m in ann.messages)
    await bot.stop()
    restarted = BotRuntime(load_settings(), clock=clock)
    await restarted.start()
    try:
        clock.advance(hours=9)
        await ann.fake.wait_until(
            lambda: "has not confirmed deleting your data by" in ann.last.text,
            timeout=20,
            what="the held notice",
        )
        await quiet_sweeps()
        clock.advance(days=1)
        await quiet_sweeps()
        assert sum("has not confirmed deleting your data by" in m.text for m in ann.messages) == 1
    finally:
        await restarted.stop()


async def test_digest_and_follow_up_all_in_german(
    ann: Chat, bot: BotRuntime, google: FakeGoogle, browser: Browser, mailbox: None, clock: FakeClock
) -> None:
    await eight_sent(ann, browser, google)
    await switch_to_german(ann)
    digest = await overdue_digest(ann, clock, "überfällig")
    # Bot: "📋 8 Neuigkeiten zu deinen Anträgen", one line per broker.
    assert digest.text.startswith("📋 8 Neuigkeiten zu deinen Anträgen")
    assert "⌛ 01Advertising Inc.: keine Antwort bis 02.12.2026, überfällig" in digest.text
    assert digest.button_texts[0] == "Bei allen 8 überfälligen nachhaken"
    assert digest.button_texts[1].startswith("Bei ")
    # Ann: [Bei allen 8 überfälligen nachhaken].  Bot: the list; [Ja, 8 Nachfragen senden] [Abbrechen].
    (listing,) = await ann.tap("Bei allen 8 überfälligen nachhaken", message=digest)
    assert listing.text.startswith("8 Nachfragen senden?")
    assert "1. 01Advertising Inc. (privacy@01advertising.com), angefragt am 02.11.2026" in listing.text
    assert listing.button_texts == ["Ja, 8 Nachfragen senden", "Abbrechen"]
    (cancelled,) = await ann.tap("Abbrechen", message=listing)
    assert cancelled.text == "Abgebrochen. Es wurde nichts gesendet."
    assert len(google.sent_mail(ALICE)) == 8
