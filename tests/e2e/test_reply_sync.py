"""Replies reach the chat within one poll interval: the bot reads Gmail's history every REPLY_POLL_SECONDS
(120 by default) for an account with open requests, through the fake Gmail's history.list.

Each test sends Ann's request, lets the first check start the history, then puts a reply into the fake
Gmail and moves the clock by one poll interval only.
"""

from __future__ import annotations

import asyncio
import re

from sqlalchemy import select

from bot.app import BotRuntime
from bot.sandbox.google import FakeGoogle
from bot.sandbox.telegram import SentMessage
from storage.records import AuthorizationRecord, ScheduledJobRecord
from tests.clock import FakeClock
from tests.e2e.browser import Browser
from tests.e2e.test_admin import operator
from tests.e2e.test_connect import ALICE
from tests.e2e.test_replies import BROKER, CALIFORNIA, mailbox, reply_in_thread, sent_request, status
from tests.fakes.chat import Chat

__all__ = ["mailbox", "operator"]  # the fixtures, used by name
POLL_SECONDS = 120


async def history_started(bot: BotRuntime, clock: FakeClock) -> str:
    """Move one interval on and wait for the first reply check to take the account's history id and
    to arm the next one (moving the clock before that would move the next check too)."""
    clock.advance(seconds=POLL_SECONDS)
    job = ScheduledJobRecord
    for _ in range(200):
        async with bot.engine.connect() as connection:
            position = await connection.scalar(select(AuthorizationRecord.reply_history_id))
            armed = await connection.scalar(
                select(job.id).where(
                    job.kind == "reply_check",
                    job.claimed_by.is_(None),
                    job.done_at.is_(None),
                    job.due_at > clock.now(),
                )
            )
        if position is not None and armed is not None:
            return str(position)
        await asyncio.sleep(0.1)
    raise AssertionError("the first reply check never ran")


async def within_one_interval(chat: Chat, clock: FakeClock, phrase: str) -> SentMessage:
    clock.advance(seconds=POLL_SECONDS)
    try:
        await chat.fake.wait_until(lambda: any(phrase in m.text for m in chat.messages), timeout=20)
    except TimeoutError:
        raise AssertionError(f"no {phrase!r} within 20 s; the chat ended: {chat.last.text!r}") from None
    (notice,) = [m for m in chat.messages if phrase in m.text]
    return notice


async def test_reply_in_the_thread_reaches_the_chat_within_one_poll_interval(
    ann: Chat, bot: BotRuntime, google: FakeGoogle, browser: Browser, mailbox: None, clock: FakeClock
) -> None:
    # Ann sends her request; two minutes later 01Advertising refuses it in the thread.
    # Bot, within the next two minutes: 📬 01Advertising Inc. replied: ... refused ...
    await sent_request(ann, browser, google, clock)
    await history_started(bot, clock)
    reply_in_thread(google, "We are unable to comply with your deletion request.")
    notice = await within_one_interval(ann, clock, f"{BROKER} replied")
    assert notice.text.startswith(f"📬 {BROKER} replied")
    assert await status(bot) == "refused"


async def test_reply_from_the_brokers_domain_in_a_new_thread_reaches_the_chat(
    ann: Chat, bot: BotRuntime, google: FakeGoogle, browser: Browser, mailbox: None, clock: FakeClock
) -> None:
    # 01Advertising answers from its ticket desk in a mail of its own, not in the request's thread.
    await sent_request(ann, browser, google, clock)
    await history_started(bot, clock)
    google.deliver(ALICE, "Data Protection <dpo@01advertising.com>", "Ticket #4711: your privacy request",
                   "We have deleted your personal data from our systems.", date=clock.now())  # fmt: skip
    notice = await within_one_interval(ann, clock, f"{BROKER} replied")
    assert "deleted" in notice.text
    assert await status(bot) == "completed"


async def test_expired_history_still_brings_the_reply(
    ann: Chat, bot: BotRuntime, google: FakeGoogle, browser: Browser, mailbox: None, clock: FakeClock
) -> None:
    # Gmail forgets the history the bot holds (it answers 404); the bot searches since its last check.
    await sent_request(ann, browser, google, clock)
    before = await history_started(bot, clock)
    reply_in_thread(google, "We have deleted your personal data from our systems.")
    google.expire_history(ALICE)
    await within_one_interval(ann, clock, f"{BROKER} replied")
    async with bot.engine.connect() as connection:
        after = await connection.scalar(select(AuthorizationRecord.reply_history_id))
    assert int(str(after)) > int(before)  # a new history started
    clock.advance(seconds=POLL_SECONDS * 3)
    await asyncio.sleep(1)
    assert len([m for m in ann.messages if f"{BROKER} replied" in m.text]) == 1  # told once


async def test_identity_demand_is_told_at_once_and_never_called_unconfirmed(
    ann: Chat, bot: BotRuntime, google: FakeGoogle, browser: Browser, mailbox: None, clock: FakeClock
) -> None:
    # Ann (California) sends her request; 01Advertising asks for proof of identity in the thread.
    # Bot, within two minutes: 📬 01Advertising Inc. replied: they ask you to prove who you are.
    # The CCPA's ten-day receipt check later says nothing: the broker answered.
    await sent_request(ann, browser, google, clock, CALIFORNIA)
    clock.advance(hours=8)  # sent at 1 AM in California: past her quiet hours, replies are read and told
    await history_started(bot, clock)
    reply_in_thread(google, "Before we can process your request, we need to verify your identity.")
    notice = await within_one_interval(ann, clock, "they ask you to prove who you are")
    assert notice.text.startswith(f"📬 {BROKER} replied: they ask you to prove who you are.")
    clock.advance(days=11)
    await asyncio.sleep(1.5)  # several sweeps (every 0.2 s) with the receipt check due
    assert not [
        m.text
        for m in ann.messages
        if "confirmed receiving" in m.text or "has not confirmed deleting" in m.text
    ]
    assert await status(bot) == "needs_verification"


async def test_health_shows_the_reply_checks_lag_and_their_gmail_units(
    operator: Chat,
    ann: Chat,
    bot: BotRuntime,
    google: FakeGoogle,
    browser: Browser,
    mailbox: None,
    clock: FakeClock,
) -> None:
    # After Ann's first reply check, the operator's /health counts it: its delay, its Gmail units.
    await sent_request(ann, browser, google, clock)
    await history_started(bot, clock)
    text = (await operator.say("/health"))[0].text
    checks = re.search(
        r"Reply checks: the oldest due one – late; last hour (\d+) checks, median delay 0h", text
    )
    units = re.search(r"Gmail units: (\d+) in the last hour \(this instance\), (\d+) today", text)
    assert checks is not None and int(checks.group(1)) >= 1, text
    assert units is not None and int(units.group(1)) > 0 and int(units.group(2)) > 0, text
