"""The pacing underneath ChatRateLimiter: which calls count, spacing, priorities and holds."""

from __future__ import annotations

import asyncio
import itertools

import pytest

from bot.pacing import Pacer, Priority
from bot.rate_limit import is_message_method


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
