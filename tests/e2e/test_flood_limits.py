"""The journey against a Bot API server that enforces Telegram's flood limits: every message arrives,
nothing is sent to a chat before its retry_after, and a person who floods is slowed down alone."""

from __future__ import annotations

import pytest

from bot.app import BotRuntime
from bot.rate_limit import FloodLimits
from bot.sandbox.google import FakeGoogle
from bot.sandbox.telegram import FakeTelegram
from handlers.flood import FLOOD_LIMIT
from tests.clock import FakeClock
from tests.e2e.browser import Browser
from tests.e2e.test_connect import ALICE, connect
from tests.e2e.test_digests import add_eight_brokers_mail, eight_sent
from tests.e2e.test_journey import scan_to_report
from tests.e2e.test_onboarding import onboard
from tests.fakes.chat import Chat

SLOW_DOWN = "You're sending me messages faster than I can answer."


@pytest.fixture
def flood_limits() -> FloodLimits:
    """Telegram's real pace: this module's fake enforces the limits."""
    return FloodLimits()


def refused_messages(telegram: FakeTelegram) -> list[str]:
    return [f"{call.method}: {call.description}" for call in telegram.calls if call.status == 429]


async def test_journey_under_flood_limits_delivers_every_message_without_a_violation(
    ann: Chat, bot: BotRuntime, telegram: FakeTelegram, google: FakeGoogle, browser: Browser, mailbox: None
) -> None:
    telegram.enforce_limits = True
    await onboard(ann)
    await connect(ann, browser, google)
    await scan_to_report(ann)
    cards = await ann.tap("Review deletion requests")
    card_texts = " ".join(message.text for message in cards)
    for broker in ("33Across", "01Advertising", "4Legalleads"):
        assert broker in card_texts
    await ann.tap("Send all 2")
    await ann.tap("Yes, send 2")
    await ann.fake.wait_until(
        lambda: any("Sent 2 requests" in m.text for m in ann.messages), timeout=30, what="the summary"
    )
    listing = await ann.say("/requests")
    assert "01Advertising Inc.: sent, due" in listing[0].text
    assert len(google.sent_mail(ALICE)) == 2
    assert telegram.violations == []
    assert refused_messages(telegram) == []


async def test_flooder_is_told_once_to_slow_down_and_others_are_answered(
    ann: Chat, bob: Chat, telegram: FakeTelegram
) -> None:
    telegram.enforce_limits = True
    for n in range(FLOOD_LIMIT + 20):
        telegram.send_message(ann.user, f"/help {n}")
    telegram.send_message(bob.user, "/help")
    # Ann's answers take a second each; Bob's does not wait for them.
    await telegram.wait_until(lambda: bool(bob.messages), timeout=5, what="Bob's answer")
    assert len(ann.messages) < FLOOD_LIMIT
    late = telegram.send_message(ann.user, "/help")  # still in the flood's window: dropped, no second notice
    await telegram.wait_until(
        lambda: any(SLOW_DOWN in m.text for m in ann.messages), timeout=60, what="the slow-down notice"
    )
    await telegram.wait_processed(late)
    texts = [m.text for m in ann.messages]
    assert sum(SLOW_DOWN in text for text in texts) == 1
    assert len(texts) == FLOOD_LIMIT + 1, "an answer to each update within the limit, then the notice"
    assert telegram.violations == []


async def test_overdue_digest_and_follow_up_all_under_flood_limits(
    ann: Chat, bot: BotRuntime, telegram: FakeTelegram, google: FakeGoogle, browser: Browser, clock: FakeClock
) -> None:
    telegram.enforce_limits = True
    add_eight_brokers_mail(google)
    await eight_sent(ann, browser, google)
    clock.advance(days=31)  # Thursday 3 December, 9:00: the deadlines passed yesterday
    await ann.fake.wait_until(lambda: "overdue" in ann.last.text, timeout=30, what="the overdue digest")
    digest = ann.last
    assert digest.text.startswith("📋 ")
    (listing,) = await ann.tap("Follow up with all 8 overdue", message=digest)
    await ann.tap("Yes, send 8 follow-ups", message=listing)
    await ann.fake.wait_until(
        lambda: ann.fake.message(ann.chat_id, listing.message_id).text == "Sent 8 follow-ups.",
        timeout=60,
        what="the follow-ups",
    )
    assert len(google.sent_mail(ALICE)) == 16
    assert telegram.violations == []
    assert refused_messages(telegram) == []
