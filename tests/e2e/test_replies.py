"""Broker replies as a person meets them: each named, said in plain words, with buttons that do what they say.

Replies are put into the fake Gmail in the request's thread and the clock is moved past the next reply
check; each test reads as the chat it produces.
"""

from __future__ import annotations

import asyncio

import pytest

from bot.app import BotRuntime
from bot.sandbox.google import FakeGoogle
from bot.sandbox.telegram import FakeTelegram, SentMessage
from storage.catalog import SqlCatalogOverrides
from storage.engine import create_session_factory
from tests.clock import FakeClock
from tests.e2e.browser import Browser
from tests.e2e.conftest import ADMIN_ID
from tests.e2e.test_connect import ALICE
from tests.e2e.test_tracking import (
    add_one_broker_mail,
    reply_in_thread,
    routine_updates_at_once,
    sent_request,
    status,
    switch_to_german,
)
from tests.fakes.chat import Chat

BROKER = "01Advertising Inc."
CALIFORNIA = ("United States", "California")
BOUNCE = (
    "Your message wasn't delivered to privacy@01advertising.com because the address couldn't be found.\n\n"
    "550 5.1.1 The email account that you tried to reach does not exist."
)
MAILER_DAEMON = "Mail Delivery Subsystem <mailer-daemon@googlemail.com>"


@pytest.fixture
def mailbox(google: FakeGoogle) -> None:
    add_one_broker_mail(google)


def bounce(google: FakeGoogle) -> None:
    """Gmail's mailer daemon answers in the request's thread: the address does not exist."""
    reply_in_thread(google, BOUNCE, sender=MAILER_DAEMON, subject="Delivery Status Notification (Failure)")


async def edit_catalog(bot: BotRuntime, patch: dict[str, object]) -> None:
    """An operator's catalog edit, stored as /broker_set stores it, so the periodic reload keeps it."""
    overrides = SqlCatalogOverrides(create_session_factory(bot.engine))
    await overrides.save(patch, at=bot.clock.now(), by=ADMIN_ID)
    bot.catalog = bot.catalog.with_overrides([patch])


async def notices(chat: Chat, clock: FakeClock, phrase: str, count: int = 1) -> list[SentMessage]:
    """Move past the next reply check and wait for `count` messages holding `phrase`."""
    clock.advance(hours=7)

    def found() -> list[SentMessage]:
        return [m for m in chat.messages if phrase in m.text]

    await chat.fake.wait_until(lambda: len(found()) >= count, timeout=20, what=f"notice {phrase!r}")
    return found()


async def test_identity_demand_is_never_followed_by_did_not_answer(
    ann: Chat, bot: BotRuntime, google: FakeGoogle, browser: Browser, mailbox: None, clock: FakeClock
) -> None:
    # Ann (California) sends her request. 01Advertising answers in the thread:
    #   "Before we can process your request, we need to verify your identity."
    # Fifty days pass at once: the reply check, the CCPA receipt check and the deadline all fall due.
    # Bot: 📬 01Advertising Inc. replied: they ask you to prove who you are. [Send 01Advertising Inc. ...]
    # and never "has not confirmed deleting" nor "has not confirmed receiving".
    await sent_request(ann, browser, google, clock, CALIFORNIA)
    reply_in_thread(google, "Before we can process your request, we need to verify your identity.")
    clock.advance(days=50)
    (notice,) = await notices(ann, clock, "they ask you to prove who you are")
    assert notice.text.startswith(f"📬 {BROKER} replied: they ask you to prove who you are.")
    assert notice.button_texts[0] == f"Send {BROKER} the reply the law supports"
    await asyncio.sleep(1.5)  # several sweeps (every 0.2 s) with every notice due
    assert not [
        m.text
        for m in ann.messages
        if "has not confirmed deleting" in m.text or "confirmed receiving" in m.text
    ]
    assert await status(bot) == "needs_verification"
    (shown,) = await ann.tap(f"Send {BROKER} the reply the law supports", message=notice)
    assert "To: privacy@01advertising.com" in shown.text
    assert len(google.sent_mail(ALICE)) == 1  # shown, not sent


async def test_automatic_reply_is_no_answer_and_the_deadline_still_runs(
    ann: Chat, bot: BotRuntime, google: FakeGoogle, browser: Browser, mailbox: None, clock: FakeClock
) -> None:
    # 01Advertising: "I am out of the office until Monday with limited access to e-mail."
    # Bot: 🤖 01Advertising Inc. sent an automatic reply, not an answer. Your request is still “sent”,
    #      and the deadline still runs.   [Show the reply]
    # A month later, Bot: ⌛ 01Advertising Inc. has not confirmed deleting your data by ...
    await sent_request(ann, browser, google, clock)
    reply_in_thread(google, "I am out of the office until Monday with limited access to e-mail.")
    (notice,) = await notices(ann, clock, "automatic reply")
    assert notice.text == (
        f"🤖 {BROKER} sent an automatic reply, not an answer. Your request is still “sent”, and the "
        "deadline still runs."
    )
    assert notice.button_texts == ["Show the reply"]
    assert await status(bot) == "sent"
    clock.advance(days=32)
    await ann.fake.wait_until(
        lambda: "has not confirmed deleting" in ann.last.text, timeout=20, what="the deadline"
    )
    assert await status(bot) == "overdue"


async def test_bounce_offers_the_brokers_web_form(
    ann: Chat, bot: BotRuntime, google: FakeGoogle, browser: Browser, mailbox: None, clock: FakeClock
) -> None:
    # Mail Delivery Subsystem: "550 5.1.1 The email account that you tried to reach does not exist."
    # Bot: 📪 Your e-mail to 01Advertising Inc. could not be delivered. ... also takes requests through its
    #      web form: https://...   [I'll use 01Advertising Inc.'s web form] [Show the reply]
    # Ann taps the web form button. Bot edits the notice: ✔️ You said: I'll use ... Status now: asks for
    # its web form (was: bounced).
    await sent_request(ann, browser, google, clock)
    bounce(google)
    (notice,) = await notices(ann, clock, "could not be delivered")
    assert f"{BROKER} also takes requests through its web form: https://app.termly.io/" in notice.text
    assert notice.button_texts == [f"I'll use {BROKER}'s web form", "Show the reply"]
    assert await status(bot) == "bounced"
    (edited,) = await ann.tap(f"I'll use {BROKER}'s web form", message=notice)
    assert edited.text.endswith(
        f"✔️ You said: I'll use {BROKER}'s web form. Status now: asks for its web form (was: bounced)."
    )
    assert edited.button_texts == ["Show the reply"]
    assert await status(bot) == "needs_web_form"


async def test_bounce_without_another_contact_tells_the_operator_the_broker_only(
    ann: Chat,
    bot: BotRuntime,
    telegram: FakeTelegram,
    google: FakeGoogle,
    browser: Browser,
    mailbox: None,
    clock: FakeClock,
) -> None:
    # The catalog knows no form and no other address for the broker.
    # Bot: 📪 ... I know no other way to reach 01Advertising Inc. ...  [Tell the operator about ...]
    # Ann taps it; the operator's chat gets the broker id, and nothing of Ann.
    operator = Chat(telegram, telegram.user(ADMIN_ID, first_name="Operator"))
    await operator.say("/help")
    await sent_request(ann, browser, google, clock)
    await edit_catalog(bot, {"id": "01advertising", "form_url": None})
    bounce(google)
    (notice,) = await notices(ann, clock, "could not be delivered")
    assert f"I know no other way to reach {BROKER}" in notice.text
    (edited,) = await ann.tap(f"Tell the operator about {BROKER}", message=notice)
    assert edited.text.endswith(f"✔️ I told the operator that {BROKER} cannot be reached.")
    assert edited.button_texts == ["Show the reply"]
    await operator.fake.wait_until(
        lambda: "01advertising" in operator.last.text, timeout=10, what="the alert"
    )
    alerts = [m.text for m in operator.messages]
    assert any("01advertising" in text for text in alerts)
    assert not any("Ann" in text or ALICE in text for text in alerts)


async def test_bounce_offers_the_catalogs_other_address_and_sends_nothing_on_the_first_tap(
    ann: Chat, bot: BotRuntime, google: FakeGoogle, browser: Browser, mailbox: None, clock: FakeClock
) -> None:
    await sent_request(ann, browser, google, clock)
    await edit_catalog(bot, {"id": "01advertising", "email": "dsr@01advertising.com"})
    bounce(google)
    (notice,) = await notices(ann, clock, "could not be delivered")
    assert "They have another address: dsr@01advertising.com." in notice.text
    (shown,) = await ann.tap(f"Send {BROKER} the letter at dsr@01advertising.com", message=notice)
    assert "To: dsr@01advertising.com" in shown.text
    assert shown.button_texts == ["Send to dsr@01advertising.com", "Cancel"]
    assert len(google.sent_mail(ALICE)) == 1


async def test_three_taps_that_disagree_each_say_what_they_changed(
    ann: Chat, bot: BotRuntime, google: FakeGoogle, browser: Browser, mailbox: None, clock: FakeClock
) -> None:
    # 01Advertising writes three times: an acknowledgement and two mails the bot cannot read.
    # Ann taps "did it" on the first, "refused" on the second and "refused" again on the third;
    # each notice is edited to say what the tap did, never a bare "Noted.".
    await sent_request(ann, browser, google, clock)
    await routine_updates_at_once(ann)
    reply_in_thread(google, "We have received your request and will respond within 30 days.")
    reply_in_thread(google, "Hello, please see the attached letter.")
    reply_in_thread(google, "Hello again, see the second attachment.")
    unclear = await notices(ann, clock, "I couldn't tell what they want", count=2)
    (received,) = [m for m in ann.messages if "they received your request" in m.text]
    assert received.button_texts == ["Show the reply", f"{BROKER} did it", f"{BROKER} refused"]

    (first,) = await ann.tap(f"{BROKER} did it", message=received)
    assert first.text.endswith(f"✔️ You said: {BROKER} did it. Status now: deleted (was: acknowledged).")
    assert first.button_texts == ["Show the reply"]
    (second,) = await ann.tap(f"{BROKER} refused", message=unclear[0])
    assert second.text.endswith(f"✔️ You said: {BROKER} refused. Status now: refused (was: deleted).")
    (third,) = await ann.tap(f"{BROKER} refused", message=unclear[1])
    assert third.text.endswith("It is already marked “refused”; nothing changed.")
    assert not [m for m in ann.messages if m.text.strip() == "Noted."]
    assert await status(bot) == "refused"


async def test_unclassifiable_reply_is_shown_on_request_in_german(
    ann: Chat, bot: BotRuntime, google: FakeGoogle, browser: Browser, mailbox: None, clock: FakeClock
) -> None:
    # Ann switches to German. 01Advertising: "Anbei unser Schreiben <b>vom 1.12.</b>" (quoting her letter)
    # Bot: 📬 01Advertising Inc. hat geantwortet, und ich konnte nicht erkennen, was sie wollen. ...
    # Ann: [Antwort zeigen]   Bot: Die Antwort von 01Advertising Inc.: Anbei unser Schreiben <b>vom 1.12.</b>
    # Ann: [01Advertising Inc. will einen Identitätsnachweis]  Bot edits: ✔️ Du hast gesagt: ...
    await sent_request(ann, browser, google, clock)
    await switch_to_german(ann)
    reply_in_thread(
        google, "Sehr geehrte Frau Example,\nanbei unser Schreiben <b>vom 1.12.</b>\n\n> Please delete"
    )
    (notice,) = await notices(ann, clock, "konnte nicht erkennen")
    assert notice.text.startswith(
        f"📬 {BROKER} hat geantwortet, und ich konnte nicht erkennen, was sie wollen."
    )
    assert notice.button_texts[0] == "Antwort zeigen"
    (shown,) = await ann.tap("Antwort zeigen", message=notice)
    assert shown.text == (
        f"Die Antwort von {BROKER}:\n\nSehr geehrte Frau Example,\nanbei unser Schreiben <b>vom 1.12.</b>"
    )
    (edited,) = await ann.tap(f"{BROKER} will einen Identitätsnachweis", message=notice)
    assert f"✔️ Du hast gesagt: {BROKER} will einen Identitätsnachweis. Status jetzt:" in edited.text
    assert edited.button_texts == [f"{BROKER} die rechtlich gestützte Antwort senden", "Antwort zeigen"]
    assert await status(bot) == "needs_verification"
