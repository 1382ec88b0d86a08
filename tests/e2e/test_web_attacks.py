"""Attacks on the bot's web pages from someone with no credentials: each is refused and costs little."""

from __future__ import annotations

import asyncio
import gc
import secrets
import time
import warnings
from collections import Counter

import httpx
import pytest

from bot.app import BotRuntime
from bot.sandbox.google import FakeGoogle
from tests.e2e.browser import Browser, visible_text
from tests.e2e.raw_http import post_streaming
from tests.e2e.test_connect import ALICE, connect_link
from tests.e2e.test_onboarding import onboard
from tests.fakes.chat import Chat

HUGE_LIMIT_SENT = 32 << 20  # far below the 300 MB sent: only what socket buffers took before the answer


@pytest.mark.parametrize("path", ["/oauth/finish", "/oauth/callback", "/healthz", "/nowhere"])
async def test_huge_post_is_refused_while_streaming(bot: BotRuntime, path: str) -> None:
    status, sent = await post_streaming(
        f"{bot.web_url}{path}", headers={"Content-Type": "application/x-www-form-urlencoded"}
    )
    assert status in (404, 405, 413)
    assert sent < HUGE_LIMIT_SENT


# Requests in flight at once from each address: enough for hundreds of forged callbacks a second on
# loopback (the old shared limit was 20/s), few enough that client and bot, sharing one event loop on a
# busy 2-core machine, still answer the real person within the browser's timeout.
FLOOD_WORKERS = 5
OLD_SHARED_LIMIT_PER_SECOND = 20  # the flood must outrun the limit that locked everyone out
FLOOD_MAX_REQUESTS = 5000  # per address: the flood stops by itself even if the test does not stop it


async def _forged_callbacks(
    base: str,
    *,
    addresses: list[str],
    per_address: int = FLOOD_MAX_REQUESTS,
    stop: asyncio.Event | None = None,
) -> Counter[int]:
    """Well-formed callbacks with made-up states from each of `addresses`, until `stop` or the count."""
    stop = stop or asyncio.Event()

    async def from_address(address: str) -> Counter[int]:
        transport = httpx.AsyncHTTPTransport(local_address=address)
        statuses: Counter[int] = Counter()
        left = per_address
        async with httpx.AsyncClient(transport=transport, timeout=30) as client:

            async def worker() -> None:
                nonlocal left
                while left > 0 and not stop.is_set():
                    left -= 1
                    state = secrets.token_urlsafe(32)
                    response = await client.get(
                        f"{base}/oauth/callback", params={"state": state, "code": "4/x"}
                    )
                    answer = await client.get(f"{base}{response.headers['location']}")
                    statuses[answer.status_code] += 1

            # A task group, not gather: when one request fails the others are cancelled and awaited
            # before the client closes, so no socket outlives this test and trips a later one's setup.
            async with asyncio.TaskGroup() as workers:
                for _ in range(FLOOD_WORKERS):
                    workers.create_task(worker())
        return statuses

    async with asyncio.TaskGroup() as group:
        tasks = [group.create_task(from_address(a)) for a in addresses]
    # Connections still being opened when the flood stops are left to the garbage collector by the
    # HTTP client; collect them here, quietly, so their ResourceWarning does not fail a later test.
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ResourceWarning)
        gc.collect()
    return sum((task.result() for task in tasks), Counter())


async def _connect_during_flood(
    addresses: list[str], ann: Chat, bot: BotRuntime, google: FakeGoogle
) -> tuple[str, Counter[int]]:
    """Ann opens her link while the flood runs; returns the words of her page and the flood's answers."""
    google.consent_as(ALICE)
    link = await connect_link(ann)
    stop = asyncio.Event()
    started = time.monotonic()
    attack = asyncio.create_task(_forged_callbacks(bot.web_url, addresses=addresses, stop=stop))
    await asyncio.sleep(0.5)  # the flood is in full swing
    browser = Browser()
    try:
        page = await browser.open(link)
    finally:
        stop.set()
        await browser.close()
        flood = await attack  # awaited even when the page failed: the flood must not outlive the test
    words, rate = visible_text(page), flood.total() / (time.monotonic() - started)
    assert "Google signed you in as" in words
    if rate <= OLD_SHARED_LIMIT_PER_SECOND:  # a machine too busy to flood shows nothing about the limit
        pytest.skip(f"the flood reached only {rate:.0f} callbacks/s, below the old shared limit")
    return words, flood


async def test_forged_callback_flood_from_one_address_locks_out_no_one(
    ann: Chat, bot: BotRuntime, google: FakeGoogle
) -> None:
    await onboard(ann)
    words, flood = await _connect_during_flood(["127.0.0.2"], ann, bot, google)
    assert "Google signed you in as" in words
    assert ALICE in words
    assert flood[429] > 0  # the flood went on past its own address's allowance


async def test_forged_callback_flood_from_many_addresses_never_reaches_the_shared_limit(
    ann: Chat, bot: BotRuntime, google: FakeGoogle
) -> None:
    await onboard(ann)
    words, flood = await _connect_during_flood([f"127.0.1.{n}" for n in range(1, 11)], ann, bot, google)
    assert "Google signed you in as" in words
    assert flood[400] > 0


async def test_flooding_address_gets_busy_and_nothing_changes(ann: Chat, bot: BotRuntime) -> None:
    await onboard(ann)
    before = len(ann.messages)
    statuses = await _forged_callbacks(bot.web_url, addresses=["127.0.0.3"], per_address=100)
    assert statuses[429] >= 80  # past its own small burst, that address is told to wait
    assert statuses[400] + statuses[429] == 100
    await asyncio.sleep(0.3)
    assert len(ann.messages) == before
