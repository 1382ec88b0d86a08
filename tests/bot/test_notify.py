"""The push path against the fake Telegram server enforcing flood limits: paced, ordered, never dropped."""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncIterator, Iterator

import pytest
from telegram.ext import ExtBot
from telegram.request import HTTPXRequest

from bot.notify import TelegramNotifier
from bot.pacing import Priority
from bot.rate_limit import ChatRateLimiter, FloodLimits
from bot.sandbox.telegram import FakeTelegram
from brokers.notify import Button, Delivery, DeliveryStatus
from tests.hang import HANG_SECONDS, no_hang

pytestmark = pytest.mark.usefixtures("timedelta_retry_after")


@pytest.fixture
def timedelta_retry_after(monkeypatch: pytest.MonkeyPatch) -> None:
    # PTB 22 warns on every RetryAfter unless told to use timedelta values; warnings are errors here.
    monkeypatch.setenv("PTB_TIMEDELTA", "1")


@pytest.fixture
def fake() -> Iterator[FakeTelegram]:
    with FakeTelegram(enforce_limits=True) as server:
        for user_id in range(1, 101):
            server.user(user_id)
        yield server


def make_bot(fake: FakeTelegram, limiter: ChatRateLimiter | None = None) -> ExtBot[Priority]:
    # A connection pool as the bot's own (bot/app.py): with PTB's default of one connection, a burst of
    # sends would queue every other call behind it.
    return ExtBot(
        fake.token,
        base_url=f"{fake.url}/bot",
        request=HTTPXRequest(connection_pool_size=64),
        rate_limiter=limiter or ChatRateLimiter(),
    )


@pytest.fixture
async def bot(fake: FakeTelegram) -> AsyncIterator[ExtBot[Priority]]:
    async with make_bot(fake) as client:
        yield client


async def test_push_arrives_with_its_buttons(bot: ExtBot[Priority], fake: FakeTelegram) -> None:
    notifier = TelegramNotifier(bot)
    delivery = await notifier.send(7, "<b>Acme</b> replied", buttons=[[Button("It's done", "done:1")]])
    (message,) = fake.messages(7)
    assert delivery == Delivery(DeliveryStatus.DELIVERED, message_id=message.message_id)
    assert (message.text, message.button_texts) == ("Acme replied", ["It's done"])


async def test_fan_out_stays_under_the_overall_limit(bot: ExtBot[Priority], fake: FakeTelegram) -> None:
    notifier = TelegramNotifier(bot)
    started = time.monotonic()
    deliveries = await asyncio.gather(*(notifier.send(user_id, "reminder") for user_id in range(1, 71)))
    elapsed = time.monotonic() - started
    assert all(delivery.is_delivered for delivery in deliveries)
    assert fake.rate_limit_violations == 0
    assert sorted(fake.delivered_counts()) == list(range(1, 71))
    # Not faster than the overall limit allows; pacing gone wrong (one chat's pace of a second per
    # message would take 70 s) is caught by the hang guard.
    assert elapsed >= 69 / 29 - 0.1
    assert elapsed < HANG_SECONDS


async def test_messages_to_one_chat_keep_their_order_and_pace(
    bot: ExtBot[Priority], fake: FakeTelegram
) -> None:
    notifier = TelegramNotifier(bot)
    started = time.monotonic()
    await asyncio.gather(*(notifier.send(7, f"update {n}") for n in range(4)))
    elapsed = time.monotonic() - started
    assert [message.text for message in fake.messages(7)] == [f"update {n}" for n in range(4)]
    assert fake.rate_limit_violations == 0
    assert elapsed >= 1.9, "a burst of two, then one a second"


async def test_third_message_to_a_group_waits_for_the_minute(fake: FakeTelegram) -> None:
    group = fake.group(-100)
    limiter = ChatRateLimiter(FloodLimits(group_per_minute=2))
    async with make_bot(fake, limiter) as client:
        await client.send_message(group.id, "one")
        await client.send_message(group.id, "two")
        third = asyncio.create_task(client.send_message(group.id, "three"))
        await asyncio.sleep(0.5)
        assert not third.done()
        third.cancel()
    assert [message.text for message in fake.messages(group.id)] == ["one", "two"]


async def test_flood_wait_is_waited_out_and_the_message_delivered_once(
    bot: ExtBot[Priority], fake: FakeTelegram
) -> None:
    fake.fail_next("sendMessage", 429, "Too Many Requests: retry after 1", retry_after=1)
    started = time.monotonic()
    delivery = await TelegramNotifier(bot).send(7, "reminder")
    assert delivery.is_delivered
    assert time.monotonic() - started >= 1.0
    assert fake.delivered_counts()[7] == 1


async def test_flood_wait_beyond_the_retries_is_reported_retryable(fake: FakeTelegram) -> None:
    fake.fail_next("sendMessage", 429, "Too Many Requests: retry after 1", retry_after=1, times=2)
    async with make_bot(fake, ChatRateLimiter(max_retries=1)) as client:
        delivery = await TelegramNotifier(client).send(7, "reminder")
    assert (delivery.status, delivery.retryable) == (DeliveryStatus.FAILED, True)
    assert fake.delivered == []


async def test_flood_wait_longer_than_the_limit_is_not_waited_in_place(fake: FakeTelegram) -> None:
    fake.fail_next("sendMessage", 429, "Too Many Requests: retry after 60", retry_after=60)
    async with make_bot(fake, ChatRateLimiter(max_wait=5)) as client:
        with no_hang("a flood wait of 60 s beyond the limit of 5"):
            delivery = await TelegramNotifier(client).send(7, "reminder")
    assert (delivery.status, delivery.retryable) == (DeliveryStatus.FAILED, True)


async def test_floods_in_two_chats_hold_every_chat(bot: ExtBot[Priority], fake: FakeTelegram) -> None:
    fake.fail_next("sendMessage", 429, "Too Many Requests: retry after 1", retry_after=1, times=2)
    notifier = TelegramNotifier(bot)
    started = time.monotonic()
    first = asyncio.gather(notifier.send(1, "a"), notifier.send(2, "b"))
    await asyncio.sleep(0.2)
    await notifier.send(3, "c")
    assert time.monotonic() - started >= 1.0
    assert all(delivery.is_delivered for delivery in await first)


async def test_blocked_person_is_reported_and_the_hook_told(
    bot: ExtBot[Priority], fake: FakeTelegram
) -> None:
    fake.block(7)
    blocked: list[int] = []

    async def mark_inactive(telegram_id: int) -> None:
        blocked.append(telegram_id)

    delivery = await TelegramNotifier(bot, on_blocked=mark_inactive).send(7, "reminder")
    assert delivery.status is DeliveryStatus.BLOCKED
    assert blocked == [7]


async def test_unknown_chat_fails_for_good(bot: ExtBot[Priority]) -> None:
    delivery = await TelegramNotifier(bot).send(555, "reminder")
    assert (delivery.status, delivery.retryable) == (DeliveryStatus.FAILED, False)


async def test_server_error_fails_retryably(bot: ExtBot[Priority], fake: FakeTelegram) -> None:
    fake.fail_next("sendMessage", 502, "Bad Gateway")
    delivery = await TelegramNotifier(bot).send(7, "reminder")
    assert (delivery.status, delivery.retryable) == (DeliveryStatus.FAILED, True)


async def test_reply_to_a_person_overtakes_a_queued_fan_out(
    bot: ExtBot[Priority], fake: FakeTelegram
) -> None:
    notifier = TelegramNotifier(bot, priority=Priority.BULK)
    fan_out = asyncio.gather(*(notifier.send(user_id, "reminder") for user_id in range(1, 41)))
    await asyncio.sleep(0.2)
    await bot.send_message(99, "answer to /report")
    await fan_out
    order = [delivery.chat_id for delivery in fake.delivered]
    assert order.index(99) < 12
    assert fake.rate_limit_violations == 0


async def test_other_methods_are_not_delayed_by_a_fan_out(bot: ExtBot[Priority], fake: FakeTelegram) -> None:
    notifier = TelegramNotifier(bot)
    fan_out = asyncio.gather(*(notifier.send(user_id, "reminder") for user_id in range(1, 41)))
    await asyncio.sleep(0.2)
    await bot.get_chat(5)
    await bot.send_chat_action(5, "typing")
    # Answered while the fan-out still runs (40 messages at the overall limit take over a second).
    assert not fan_out.done()
    assert len(fake.delivered) < 40
    await fan_out
