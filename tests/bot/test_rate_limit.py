"""ChatRateLimiter and its pacing: which calls count, spacing, priorities, holds, and against the fake
Telegram server enforcing flood limits, every RetryAfter honoured and nothing dropped."""

from __future__ import annotations

import asyncio
import itertools
from collections.abc import Iterator

import pytest
from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Message
from telegram.ext import ExtBot

from bot.pacing import Pacer, Priority
from bot.rate_limit import ChatRateLimiter, FloodLimits, is_message_method
from bot.sandbox.telegram import FakeTelegram, RateLimits, Violation


@pytest.mark.parametrize(
    ("endpoint", "counts"),
    [
        ("sendMessage", True),
        ("sendDocument", True),
        ("editMessageText", True),
        ("copyMessage", True),
        ("forwardMessages", True),
        ("stopPoll", True),
        ("sendChatAction", False),
        ("answerCallbackQuery", False),
        ("getUpdates", False),
        ("deleteMessage", False),
        ("setMyCommands", False),
    ],
)
def test_only_message_methods_count_against_flood_limits(endpoint: str, counts: bool) -> None:
    assert is_message_method(endpoint) is counts


async def test_pacer_spaces_grants_at_least_one_interval_apart() -> None:
    pacer = Pacer(per_second=50)
    granted = await asyncio.gather(*(pacer.acquire() for _ in range(10)))
    gaps = [later - earlier for earlier, later in itertools.pairwise(granted)]
    assert min(gaps) >= 0.02 - 1e-6


async def test_pacer_serves_interactive_waiters_before_bulk_ones() -> None:
    pacer = Pacer(per_second=100)
    order: list[str] = []

    async def take(name: str, priority: Priority) -> None:
        await pacer.acquire(priority)
        order.append(name)

    await pacer.acquire()
    bulk = [asyncio.create_task(take(f"bulk{n}", Priority.BULK)) for n in range(3)]
    await asyncio.sleep(0)
    reply = asyncio.create_task(take("reply", Priority.INTERACTIVE))
    await asyncio.gather(*bulk, reply)
    assert order[0] == "reply"


async def test_held_pacer_grants_nothing_until_the_hold_ends() -> None:
    pacer = Pacer(per_second=100)
    loop = asyncio.get_running_loop()
    held_from = loop.time()
    pacer.hold(held_from + 0.3)
    granted = await pacer.acquire()
    assert granted >= held_from + 0.3


async def test_cancelled_waiter_gives_its_turn_away() -> None:
    pacer = Pacer(per_second=20)
    await pacer.acquire()
    cancelled = asyncio.create_task(pacer.acquire())
    await asyncio.sleep(0)
    cancelled.cancel()
    loop = asyncio.get_running_loop()
    started = loop.time()
    await pacer.acquire()
    assert loop.time() - started < 0.1


@pytest.fixture
def timedelta_retry_after(monkeypatch: pytest.MonkeyPatch) -> None:
    # PTB 22 warns on every RetryAfter unless told to use timedelta values; warnings are errors here.
    monkeypatch.setenv("PTB_TIMEDELTA", "1")


@pytest.fixture
def fake(timedelta_retry_after: None) -> Iterator[FakeTelegram]:
    with FakeTelegram(enforce_limits=True) as server:
        server.user(7)
        server.user(8)
        yield server


def limited_bot(fake: FakeTelegram, limiter: ChatRateLimiter | None = None) -> ExtBot[Priority]:
    return ExtBot(fake.token, base_url=f"{fake.url}/bot", rate_limiter=limiter or ChatRateLimiter())


def early_calls(fake: FakeTelegram) -> list[Violation]:
    return [violation for violation in fake.violations if violation.early]


async def test_burst_of_replies_to_one_chat_arrives_whole_in_order_without_a_429(fake: FakeTelegram) -> None:
    async with limited_bot(fake) as bot:
        await asyncio.gather(*(bot.send_message(7, f"card {n}") for n in range(6)))
    assert [message.text for message in fake.messages(7)] == [f"card {n}" for n in range(6)]
    assert fake.violations == []


async def test_429_on_a_reply_is_waited_out_and_nothing_is_dropped(fake: FakeTelegram) -> None:
    # Our limiter believes in a longer burst than the server grants, so the server answers 429.
    async with limited_bot(fake, ChatRateLimiter(FloodLimits(chat_burst=6))) as bot:
        await asyncio.gather(*(bot.send_message(7, f"card {n}") for n in range(6)))
    assert [message.text for message in fake.messages(7)] == [f"card {n}" for n in range(6)]
    assert fake.violations != []
    assert early_calls(fake) == []


async def test_other_calls_to_a_held_chat_wait_for_its_retry_after(fake: FakeTelegram) -> None:
    async with limited_bot(fake, ChatRateLimiter(FloodLimits(chat_burst=6))) as bot:
        first = await bot.send_message(7, "first")
        sends = asyncio.gather(*(bot.send_message(7, f"card {n}") for n in range(4)))
        await fake.wait_until(lambda: bool(fake.violations), timeout=10, what="a 429 that holds the chat")
        await asyncio.sleep(0.2)  # and the bot has read that 429: the chat is held
        await bot.delete_message(7, first.message_id)
        await sends
    assert [message.text for message in fake.messages(7)] == [f"card {n}" for n in range(4)]
    assert early_calls(fake) == []


async def test_429_on_answers_to_taps_is_waited_out(timedelta_retry_after: None) -> None:
    with FakeTelegram(enforce_limits=True, rate_limits=RateLimits(answers_per_second=1)) as fake:
        user = fake.user(7)
        sent = fake.message(7, (await _send_keyboard(fake)).message_id)
        queries = [fake.tap(user, sent, f"tap:{n}") for n in range(3)]
        async with limited_bot(fake) as bot:
            for query in queries:
                assert await bot.answer_callback_query(query, text="Noted")
        assert sorted(fake.answered_callbacks) == sorted(queries)
        assert fake.violations != []
        assert early_calls(fake) == []


async def test_held_chat_leaves_other_chats_going(fake: FakeTelegram) -> None:
    async with limited_bot(fake, ChatRateLimiter(FloodLimits(chat_burst=6))) as bot:
        held = asyncio.gather(*(bot.send_message(7, f"card {n}") for n in range(5)))
        await fake.wait_until(lambda: bool(fake.violations), timeout=10, what="a 429 that holds chat 7")
        await bot.send_message(8, "hello")
        assert not held.done(), "chat 8's message did not wait for chat 7's hold"
        await held
    assert early_calls(fake) == []


async def _send_keyboard(fake: FakeTelegram) -> Message:
    async with ExtBot(fake.token, base_url=f"{fake.url}/bot") as bot:
        keyboard = InlineKeyboardMarkup([[InlineKeyboardButton("Go", callback_data="tap:0")]])
        return await bot.send_message(7, "Tap", reply_markup=keyboard)
