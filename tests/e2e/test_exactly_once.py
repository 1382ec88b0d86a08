"""Every letter exactly once when Gmail's answer is lost after it filed the mail (a 500 after the effect)."""

from __future__ import annotations

import asyncio
import re

from sqlalchemy import select

from bot.app import BotRuntime
from bot.sandbox.google import FakeGoogle, SendFault, generate_mailbox, realistic_sender_forms
from bot.sandbox.telegram import SentMessage
from storage.records import ScheduledJobRecord
from tests.clock import FakeClock
from tests.e2e.browser import Browser
from tests.e2e.conftest import BROKERS
from tests.e2e.letters import UNDO_SECONDS, confirm, let_it_go
from tests.e2e.test_connect import ALICE, connect
from tests.e2e.test_journey import scan_to_report
from tests.e2e.test_onboarding import onboard
from tests.e2e.test_tracking import mailbox, sent_request, status
from tests.fakes.chat import Chat

__all__ = ["mailbox"]

CHECKING = "Checking whether Gmail sent it"
NOT_SENT = "Gmail did not take the e-mail"
FOLLOW_UP = re.compile(r"follow-up", re.IGNORECASE)


def _text(chat: Chat, message: SentMessage) -> str:
    return chat.fake.message(chat.chat_id, message.message_id).text


async def _pass(chat: Chat, clock: FakeClock, seconds: int, until: str) -> None:
    """Let fake time pass a few seconds at a time (the sweep runs due checks) until the chat says `until`."""
    for _ in range(seconds // 5):
        clock.advance(seconds=5)
        await asyncio.sleep(0.3)
        if any(until in m.text for m in chat.messages[-3:]):
            return
    raise AssertionError(f"the chat never said {until!r}")


async def test_lost_answer_is_checked_then_retry_sends_nothing_twice(
    ann: Chat, bot: BotRuntime, google: FakeGoogle, browser: Browser, mailbox: None, clock: FakeClock
) -> None:
    google.fail_sends(SendFault.ERROR_AFTER)
    google.search_index_lag(ALICE, 3600)  # Gmail's search shows the mail only after the checks gave up
    await sent_request(ann, browser, google, clock, send=False)
    waiting = await confirm(ann)
    clock.advance(seconds=UNDO_SECONDS)
    await ann.fake.wait_until(
        lambda: CHECKING in ann.fake.message(ann.chat_id, waiting.message_id).text,
        timeout=20,
        what="checking",
    )
    assert len(google.sent_mail(ALICE)) == 1
    assert await status(bot) == "sending"
    await _pass(ann, clock, 90, NOT_SENT)
    assert ann.buttons() == ["Try again"]
    google.search_index_lag(ALICE, 0)  # now the index shows it
    (shown,) = await ann.tap("Try again")
    await confirm(ann, shown)
    await let_it_go(ann, clock, google, ALICE, mails=1)
    assert len(google.sent_mail(ALICE)) == 1
    assert await status(bot) == "sent"


async def test_lost_answer_found_in_sent_is_told_as_sent(
    ann: Chat, bot: BotRuntime, google: FakeGoogle, browser: Browser, mailbox: None, clock: FakeClock
) -> None:
    google.fail_sends(SendFault.ERROR_AFTER)
    await sent_request(ann, browser, google, clock, send=False)
    waiting = await confirm(ann)
    clock.advance(seconds=UNDO_SECONDS)
    await ann.fake.wait_until(
        lambda: CHECKING in ann.fake.message(ann.chat_id, waiting.message_id).text,
        timeout=20,
        what="checking",
    )
    await _pass(ann, clock, 30, "✅ Sent to")
    assert len(google.sent_mail(ALICE)) == 1
    assert await status(bot) == "sent"


async def test_follow_up_with_a_lost_answer_goes_once(
    ann: Chat, bot: BotRuntime, google: FakeGoogle, browser: Browser, mailbox: None, clock: FakeClock
) -> None:
    await sent_request(ann, browser, google, clock)
    clock.advance(days=32)
    await ann.fake.wait_until(
        lambda: "has not confirmed deleting your data by" in ann.last.text, timeout=15, what="overdue notice"
    )
    google.fail_sends(SendFault.ERROR_AFTER)
    (shown,) = await ann.tap(FOLLOW_UP)
    await confirm(ann, shown)
    clock.advance(seconds=UNDO_SECONDS)
    await ann.fake.wait_until(
        lambda: any(CHECKING in m.text for m in ann.messages[-3:]), timeout=20, what="checking"
    )
    await _pass(ann, clock, 30, "✅ Sent to")
    assert len(google.sent_mail(ALICE)) == 2
    assert await status(bot) == "follow_up_sent"


async def test_i_did_it_on_a_web_form_arms_its_reminders(
    ann: Chat, bot: BotRuntime, google: FakeGoogle, browser: Browser, clock: FakeClock
) -> None:
    senders = {domain: realistic_sender_forms(domain, brand) for domain, brand in BROKERS.items()}
    google.add_account(
        ALICE, mailbox=generate_mailbox(7, 300, sender_domains=40, broker_senders=senders, owner=ALICE)
    )
    await onboard(ann)
    await connect(ann, browser, google)
    await scan_to_report(ann)
    cards = await ann.tap("Review deletion requests")
    form = next(m for m in cards if "4Legalleads" in m.text)
    replies = await ann.tap("I did it", message=form)
    assert "remind" in " ".join(r.text for r in replies)
    async with bot.engine.connect() as connection:
        armed = (
            await connection.execute(
                select(ScheduledJobRecord.kind, ScheduledJobRecord.dedupe_key).where(
                    ScheduledJobRecord.done_at.is_(None)
                )
            )
        ).all()
    assert {key.split(":")[0] for kind, key in armed if kind == "notice"} >= {
        "deadline_near",
        "deadline_passed",
    }
    clock.advance(days=28)
    await ann.fake.wait_until(
        lambda: any("4Legalleads must answer your request by" in m.text for m in ann.messages[-3:]),
        timeout=15,
        what="the reminder before the deadline",
    )
