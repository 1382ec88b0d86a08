"""/broadcast: preview with the count, confirm or cancel, delivery once each through the job queue."""

from __future__ import annotations

import asyncio

import pytest
from sqlalchemy import text

from bot.app import BotRuntime
from bot.config import load_settings
from bot.rate_limit import FloodLimits
from bot.sandbox.telegram import FakeTelegram
from brokers.profile import TelegramId
from handlers.callbacks import Action, button_data
from tests.clock import FakeClock
from tests.e2e.conftest import ADMIN_ID, watch_busy
from tests.fakes.chat import Chat

TEXT = "Maintenance tonight <b>22:00</b> & back soon"


@pytest.fixture
def operator(telegram: FakeTelegram) -> Chat:
    return Chat(telegram, telegram.user(ADMIN_ID, first_name="Op", username="op", language_code="en"))


async def consented(telegram: FakeTelegram, user_id: int) -> Chat:
    chat = Chat(telegram, telegram.user(user_id, first_name=f"P{user_id}", language_code="en"))
    await chat.say("/start")
    await chat.tap("I agree, let's start")
    return chat


def received(chat: Chat) -> int:
    return sum(message.text == TEXT for message in chat.messages)


async def retry_attempts(bot: BotRuntime) -> int:
    async with bot.engine.connect() as connection:
        query = "SELECT attempts FROM scheduled_jobs WHERE kind = 'broadcast_retry'"
        return int((await connection.execute(text(query))).scalar_one())


async def wait_for(operator: Chat, words: str) -> None:
    await operator.fake.wait_until(lambda: words in operator.last.text, timeout=30, what=words)


async def test_broadcast_goes_once_to_everyone_but_who_blocked_the_bot(
    operator: Chat, telegram: FakeTelegram, bot: BotRuntime
) -> None:
    ann, bob, cy, dan = [await consented(telegram, i) for i in (1001, 1002, 1003, 1004)]
    telegram.block(cy.user.id)
    await bot.services.pushes.mark_blocked(TelegramId(cy.user.id))  # known: a push was refused before
    telegram.block(dan.user.id)  # not known yet: the broadcast finds out

    (preview,) = await operator.say(f"/broadcast {TEXT}")

    assert preview.text.startswith("Preview. This goes to 3 people")
    assert preview.text.endswith(TEXT)  # shown as written, not read as markup
    assert preview.button_texts == ["Send to 3", "Cancel"]
    await operator.tap("Send to 3")
    await wait_for(operator, "Done.")
    assert "2 of 3 sent, 1 had blocked the bot, 0 failed" in operator.last.text
    assert operator.last.text.endswith(TEXT)
    assert (received(ann), received(bob), received(cy), received(dan)) == (1, 1, 0, 0)
    assert not (await bot.services.onboarding.user(TelegramId(dan.user.id))).active  # type: ignore[union-attr]
    await operator.tap_data(button_data(Action.BROADCAST_SEND, "1"), preview)
    assert operator.last_answer is not None and "already sent or stopped" in (operator.last_answer.text or "")
    await asyncio.sleep(0.5)
    assert (received(ann), received(bob)) == (1, 1)
    audit = (await operator.say("/audit 3"))[0].text
    assert "admin:broadcast_send" in audit and "admin:broadcast_draft" in audit


async def test_cancelled_broadcast_reaches_nobody(
    operator: Chat, telegram: FakeTelegram, bot: BotRuntime
) -> None:
    ann = await consented(telegram, 1001)
    (preview,) = await operator.say(f"/broadcast {TEXT}")
    (stopped,) = await operator.tap("Cancel")
    assert "Stopped: nobody else gets it." in stopped.text and stopped.buttons == []
    await operator.tap_data(button_data(Action.BROADCAST_SEND, "1"), preview)
    await asyncio.sleep(0.5)
    assert received(ann) == 0


async def test_broadcast_waits_for_quiet_hours(
    operator: Chat, telegram: FakeTelegram, bot: BotRuntime, clock: FakeClock
) -> None:
    ann, bob = await consented(telegram, 1001), await consented(telegram, 1002)
    await bot.services.onboarding.set_quiet_hours(TelegramId(bob.user.id), 8, 10)  # it is 9:00 UTC
    await operator.say(f"/broadcast {TEXT}")
    await operator.tap("Send to 2")
    await wait_for(operator, "Done.")
    assert "1 of 2 sent" in operator.last.text and "1 wait for their quiet hours" in operator.last.text
    assert (received(ann), received(bob)) == (1, 0)
    clock.advance(hours=1)
    await telegram.wait_until(lambda: received(bob) == 1, timeout=20, what="the held broadcast")


async def test_a_send_telegram_failed_for_a_moment_is_retried_with_back_off_once(
    operator: Chat, telegram: FakeTelegram, bot: BotRuntime, clock: FakeClock
) -> None:
    people = [await consented(telegram, 1001), await consented(telegram, 1002)]
    await operator.say(f"/broadcast {TEXT}")
    telegram.fail_next("sendMessage", 502, "Bad Gateway")  # one of the two sends (they go at once)
    await operator.tap("Send to 2")
    await wait_for(operator, "Done.")
    assert "1 of 2 sent" in operator.last.text and "1 failed for a moment at Telegram" in operator.last.text
    assert sorted(map(received, people)) == [0, 1]
    (missed,) = [p for p in people if received(p) == 0]

    sends = len(telegram.calls_to("sendMessage"))
    telegram.fail_next("sendMessage", 502, "Bad Gateway")
    clock.advance(seconds=30)  # the first retry fails too; the queue's back-off waits again
    await telegram.wait_until(
        lambda: len(telegram.calls_to("sendMessage")) > sends, timeout=20, what="a retry"
    )
    for _ in range(1000):  # until the queue has set the next try (30 s after the failed one)
        if await retry_attempts(bot) == 1:
            break
        await asyncio.sleep(0.01)
    assert received(missed) == 0
    clock.advance(seconds=30)
    await telegram.wait_until(lambda: received(missed) == 1, timeout=20, what="the second retry")

    await wait_for(operator, "2 of 2 sent")
    clock.advance(hours=1)
    await asyncio.sleep(0.5)
    assert [received(p) for p in people] == [1, 1]


async def test_a_send_telegram_refuses_for_good_is_not_retried(
    operator: Chat, telegram: FakeTelegram, bot: BotRuntime, clock: FakeClock
) -> None:
    ann = await consented(telegram, 1001)
    await operator.say(f"/broadcast {TEXT}")
    telegram.fail_next("sendMessage", 400, "Bad Request: message text is empty")
    await operator.tap("Send to 1")
    await wait_for(operator, "Done.")
    assert "0 of 1 sent, 0 had blocked the bot, 1 failed" in operator.last.text
    clock.advance(hours=1)
    await asyncio.sleep(0.5)
    assert received(ann) == 0


async def test_a_non_admin_cannot_tap_a_broadcast_button(
    operator: Chat, telegram: FakeTelegram, bot: BotRuntime
) -> None:
    ann = await consented(telegram, 1001)
    (preview,) = await operator.say(f"/broadcast {TEXT}")
    mine = (await ann.say("/help"))[0]
    await ann.tap_data(button_data(Action.BROADCAST_SEND, "1"), mine)
    assert ann.last_answer is not None and "no longer valid" in (ann.last_answer.text or "")
    await asyncio.sleep(0.5)
    assert received(ann) == 0
    assert preview.button_texts == ["Send to 1", "Cancel"]


@pytest.mark.parametrize("command", ["/broadcast", "/broadcast    "])
async def test_broadcast_without_text_gets_the_usage(operator: Chat, bot: BotRuntime, command: str) -> None:
    assert (await operator.say(command))[0].text.startswith("Usage: /broadcast")


async def test_too_long_broadcast_is_refused(operator: Chat, bot: BotRuntime) -> None:
    reply = (await operator.say("/broadcast " + "x" * 3501))[0].text
    assert reply.startswith("That is too long")


# Slow enough that the restart falls in the middle of the broadcast.
SLOW = FloodLimits(overall_per_second=10.0, chat_burst=50.0, chat_per_second=50.0, group_per_minute=500)


@pytest.mark.parametrize("flood_limits", [SLOW])
async def test_broadcast_survives_a_restart_without_sending_twice(
    operator: Chat, telegram: FakeTelegram, bot: BotRuntime, clock: FakeClock, flood_limits: FloodLimits
) -> None:
    people = [await consented(telegram, 2000 + i) for i in range(40)]
    (preview,) = await operator.say(f"/broadcast {TEXT}")
    telegram.tap(operator.user, preview, button_data(Action.BROADCAST_SEND, "1"))  # without waiting for quiet
    await telegram.wait_until(lambda: sum(map(received, people)) >= 3, timeout=20, what="the first sends")
    await bot.stop()  # the page under way is finished, the rest handed back to the queue
    before = sum(map(received, people))
    assert 0 < before < 40
    restarted = BotRuntime(load_settings(), clock=clock, flood_limits=flood_limits)
    watch_busy(telegram, restarted)
    await restarted.start()
    try:
        await wait_for(operator, "Done.")
    finally:
        await restarted.stop()
    assert [received(p) for p in people] == [1] * 40
    assert "40 of 40 sent" in operator.last.text
