"""Tracking over weeks: replies, deadlines, follow-ups and escalation, with the clock moved by hand."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from email import message_from_bytes
from email.policy import default

import pytest
from sqlalchemy import select

from bot.app import BotRuntime
from bot.config import load_settings
from bot.sandbox.google import FakeGoogle, generate_mailbox, realistic_sender_forms
from bot.sandbox.telegram import FakeTelegram
from storage.records import DeletionRequestRecord, UserRecord
from tests.clock import FakeClock
from tests.e2e.browser import Browser
from tests.e2e.conftest import watch_busy
from tests.e2e.letters import confirm, confirm_and_send, let_it_go
from tests.e2e.test_connect import ALICE, connect
from tests.e2e.test_journey import reviewing, scan_to_report
from tests.fakes.chat import Chat

BROKER = "01advertising.com"
GERMANY = ("EU / EEA", "Germany")
PRIVACY = "Privacy <privacy@01advertising.com>"


def add_one_broker_mail(google: FakeGoogle) -> None:
    """Alice's Gmail: 200 mails, 01Advertising's among them."""
    senders = {BROKER: realistic_sender_forms(BROKER, "01 Advertising")}
    google.add_account(
        ALICE, mailbox=generate_mailbox(3, 200, sender_domains=30, broker_senders=senders, owner=ALICE)
    )


@pytest.fixture
def mailbox(google: FakeGoogle) -> None:
    add_one_broker_mail(google)


async def sent_request(
    chat: Chat,
    browser: Browser,
    google: FakeGoogle,
    clock: FakeClock,
    places: tuple[str, ...] = GERMANY,
    *,
    send: bool = True,
) -> None:
    """Onboard from `places`, connect, scan and send the one request to 01Advertising (or only show it:
    not `send`)."""
    await chat.say("/start")
    await chat.tap("I agree, let's start")
    await chat.say("Ann Example")
    await chat.tap("Skip")
    await chat.tap("Skip")
    for place in places:
        await chat.tap(place)
    await chat.tap("English")
    await connect(chat, browser, google)
    await scan_to_report(chat)
    cards = await chat.tap(chat.buttons()[0])
    card = next(m for m in cards if m.buttons and "01Advertising Inc." in m.text)
    await chat.tap(card.buttons[0][0].text, message=card)
    if send:
        await confirm_and_send(chat, clock, google, ALICE, mails=1)


def reply_in_thread(
    google: FakeGoogle, text: str, *, sender: str = PRIVACY, subject: str | None = None
) -> None:
    """The broker answers in the thread of the request Ann sent."""
    sent = google.sent_mail(ALICE)[0]
    google.deliver(
        ALICE,
        sender,
        subject or f"Re: {sent.subject}",
        text,
        thread_id=sent.thread_id,
        in_reply_to=sent.message_id,
    )


async def switch_to_german(chat: Chat) -> None:
    """/settings, [Language], [Deutsch]."""
    await chat.say("/settings")
    await chat.tap("Language")
    await chat.tap("Deutsch")


async def routine_updates_at_once(chat: Chat) -> None:
    """/settings, [Routine updates], [Immediately]: acknowledgements otherwise wait for the weekly digest."""
    await chat.say("/settings")
    await chat.tap("Routine updates")
    await chat.tap("Immediately")


async def quiet_at_night(chat: Chat) -> None:
    """/settings, [Quiet hours], [22–8 h]."""
    await chat.say("/settings")
    await chat.tap("Quiet hours")
    await chat.tap("22–8 h")


async def move_to(chat: Chat, zone: str) -> None:
    """/settings, [Time zone], then the zone's name."""
    await chat.say("/settings")
    await chat.tap("Time zone")
    await chat.say(zone)


async def status(bot: BotRuntime) -> str:
    async with bot.engine.connect() as connection:
        return str(await connection.scalar(select(DeletionRequestRecord.status)))


async def test_deadline_reminders_follow_up_and_escalation_in_german(
    ann: Chat, bot: BotRuntime, google: FakeGoogle, browser: Browser, mailbox: None, clock: FakeClock
) -> None:
    await sent_request(ann, browser, google, clock)
    await switch_to_german(ann)
    clock.advance(days=28)
    await ann.fake.wait_until(
        lambda: "muss deinen Antrag bis" in ann.last.text, timeout=15, what="near deadline"
    )
    clock.advance(days=4)
    await ann.fake.wait_until(
        lambda: "nicht bis" in ann.last.text and "bestätigt" in ann.last.text,
        timeout=15,
        what="overdue notice",
    )
    assert await status(bot) == "overdue"
    (shown,) = await ann.tap("Nachfrage an 01Advertising Inc. senden")
    assert "Betreff: Re: " in shown.text
    assert shown.button_texts == ["An privacy@01advertising.com senden", "Abbrechen"]
    assert len(google.sent_mail(ALICE)) == 1  # the first tap shows the follow-up; it sends nothing
    waiting = await confirm(ann, shown)
    assert "Geht in 10 Sekunden an privacy@01advertising.com" in waiting.text
    await let_it_go(ann, clock, google, ALICE, mails=2)
    first, follow_up = google.sent_mail(ALICE)
    assert follow_up.thread_id == first.thread_id
    assert message_from_bytes(follow_up.raw, policy=default)["In-Reply-To"] == first.message_id
    assert await status(bot) == "follow_up_sent"
    clock.advance(days=15)
    await ann.fake.wait_until(lambda: "nicht nachgekommen" in ann.last.text, timeout=15, what="escalation")
    assert "https://" in ann.last.text
    assert ann.buttons() == ["Zeitleiste als Datei", "Ich habe mich beschwert"]
    await ann.tap("Zeitleiste als Datei")
    assert b"01advertising" in ann.document("requests-timeline.csv")


async def test_reply_is_classified_pushed_and_correctable(
    ann: Chat, bot: BotRuntime, google: FakeGoogle, browser: Browser, mailbox: None, clock: FakeClock
) -> None:
    await sent_request(ann, browser, google, clock)
    await routine_updates_at_once(ann)
    reply_in_thread(
        google,
        "Thank you for your message. We have received your request and will respond within 30 days.",
        sender="Privacy Team <privacy@01advertising.com>",
    )
    clock.advance(hours=7)
    await ann.fake.wait_until(lambda: "replied" in ann.last.text, timeout=15, what="the reply notice")
    assert "they received your request" in ann.last.text
    assert await status(bot) == "acknowledged"
    await ann.tap("01Advertising Inc. did it")
    assert await status(bot) == "completed"
    google.deliver(
        ALICE,
        "01 Advertising <news@mail.01advertising.com>",
        "Our best offers this week",
        "Hello Ann, here are this week's offers.",
    )
    clock.advance(hours=7)
    await ann.fake.wait_until(
        lambda: "again after confirming deletion" in ann.last.text, timeout=15, what="the reappearance notice"
    )
    assert ann.buttons() == ["Ask 01Advertising Inc. again"]


async def test_verification_request_offers_the_counter_letter(
    ann: Chat, bot: BotRuntime, google: FakeGoogle, browser: Browser, mailbox: None, clock: FakeClock
) -> None:
    await sent_request(ann, browser, google, clock)
    sent = google.sent_mail(ALICE)[0]
    reply_in_thread(
        google,
        "To process your request, please send us a copy of your passport or driver's license.",
        sender="privacy@01advertising.com",
    )
    clock.advance(hours=7)
    await ann.fake.wait_until(
        lambda: "prove who you are" in ann.last.text, timeout=15, what="verification notice"
    )
    (shown,) = await ann.tap("Send 01Advertising Inc. the reply the law supports")
    assert "12(6)" in shown.text
    assert len(google.sent_mail(ALICE)) == 1  # the first tap shows the counter-letter; it sends nothing
    await confirm(ann, shown)
    await let_it_go(ann, clock, google, ALICE, mails=2)
    counter = google.sent_mail(ALICE)[1]
    assert counter.thread_id == sent.thread_id
    assert "12(6)" in counter.body


async def test_quiet_hours_hold_pushes_until_morning(
    ann: Chat, bot: BotRuntime, google: FakeGoogle, browser: Browser, mailbox: None, clock: FakeClock
) -> None:
    await sent_request(ann, browser, google, clock)
    await quiet_at_night(ann)
    # The deadline notice falls due at 09:00 UTC; in Berlin's winter that is 10:00, outside quiet hours,
    # so move the reminder into the night by setting the person's zone far west.
    await move_to(ann, "America/Los_Angeles")  # 09:00 UTC is 01:00 there
    before = len(ann.messages)
    clock.advance(days=28)
    await asyncio.sleep(1.5)  # several sweeps (every 0.2 s) find the notice due but hold it
    assert not any("must answer your request" in m.text for m in ann.messages[before:])
    clock.advance(hours=8)  # 09:00 in Los Angeles
    await ann.fake.wait_until(
        lambda: "must answer your request" in ann.last.text, timeout=15, what="morning push"
    )


async def test_blocked_person_gets_no_pushes_until_they_return(
    ann: Chat, bot: BotRuntime, google: FakeGoogle, browser: Browser, mailbox: None, clock: FakeClock
) -> None:
    await sent_request(ann, browser, google, clock)
    ann.fake.block(ann.user.id)
    clock.advance(days=28)

    async def inactive() -> bool:
        async with bot.engine.connect() as connection:
            return await connection.scalar(select(UserRecord.active)) is False

    for _ in range(100):
        if await inactive():
            break
        await asyncio.sleep(0.1)
    assert await inactive()
    clock.advance(days=5)
    await asyncio.sleep(1.0)
    assert not any("has not confirmed deleting" in m.text for m in ann.messages)
    ann.fake.unblock(ann.user.id)
    await ann.say("/help")
    assert not await inactive()


@pytest.fixture
async def one_a_day_bot(
    bot_env: dict[str, str], clock: FakeClock, monkeypatch: pytest.MonkeyPatch, telegram: FakeTelegram
) -> AsyncIterator[BotRuntime]:
    monkeypatch.setenv("GMAIL_DAILY_SEND_LIMIT", "1")
    runtime = BotRuntime(load_settings(), clock=clock)
    watch_busy(telegram, runtime)
    try:
        await runtime.start()
        yield runtime
    finally:
        await runtime.stop()


async def test_send_all_stops_at_the_daily_limit_and_resumes_by_itself(
    one_a_day_bot: BotRuntime, telegram: FakeTelegram, google: FakeGoogle, browser: Browser, clock: FakeClock
) -> None:
    senders = {d: realistic_sender_forms(d, b) for d, b in {"33across.com": "33Across", BROKER: "01"}.items()}
    google.add_account(
        ALICE, mailbox=generate_mailbox(5, 200, sender_domains=30, broker_senders=senders, owner=ALICE)
    )
    ann = Chat(telegram, telegram.user(1001, first_name="Ann", username="ann"))
    await reviewing(ann, browser, google)
    await ann.tap("Send all 2")
    await ann.tap("Yes, send 2")
    await ann.fake.wait_until(
        lambda: "sending limit is reached" in ann.last.text, timeout=20, what="the stop"
    )
    assert len(google.sent_mail(ALICE)) == 1
    assert "will send the remaining 1" in ann.last.text
    clock.advance(hours=25)
    await ann.fake.wait_until(lambda: len(google.sent_mail(ALICE)) == 2, timeout=20, what="the resumed send")
    await ann.fake.wait_until(
        lambda: "Sending resumed: 1 sent" in ann.last.text, timeout=20, what="resume notice"
    )
    assert len(google.sent_mail(ALICE)) == 2
