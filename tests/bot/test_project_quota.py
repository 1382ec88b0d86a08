"""ProjectQuota: every mailbox of the process shares the project's Gmail units a minute, so the fake Google
(which enforces the project's limit) refuses nothing; when units are short a letter goes first."""

from __future__ import annotations

import asyncio
import random
from collections.abc import Iterator

import pytest

from bot.config import ConfigError, load_settings
from bot.google.gmail import GmailMailbox
from bot.google.quota import Lane, ProjectQuota
from bot.sandbox.google import FakeGoogle
from bot.sandbox.google.scopes import READONLY, SEND
from tests.bot.scan_support import SimClock, credentials_for

PEOPLE = [f"person{n}@gmail.com" for n in range(6)]
PROJECT_UNITS = 300  # a minute: six people's 60 calls of 5 units each need six minutes under it


class SettlingClock(SimClock):
    """Simulated time that moves on only once every call already let through has reached the fake:
    a jump while a call is on its way would have the fake count it later than it was granted (real
    time moves a millisecond there, not a whole wait)."""

    def __init__(self) -> None:
        super().__init__()
        self.mailboxes: list[GmailMailbox] = []
        self.fake: FakeGoogle | None = None

    def _in_flight(self) -> bool:
        assert self.fake is not None
        arrived = sum(self.fake.stats(email).total_calls for email in PEOPLE)
        return sum(m.api_calls for m in self.mailboxes) > arrived

    async def sleep(self, seconds: float) -> None:
        while self._in_flight():  # noqa: ASYNC110 - the calls run in threads that signal nothing
            await asyncio.sleep(0.001)
        await super().sleep(seconds)


@pytest.fixture
def clock() -> SettlingClock:
    return SettlingClock()


@pytest.fixture
def fake(clock: SettlingClock) -> Iterator[FakeGoogle]:
    with FakeGoogle(clock=clock) as server:
        for email in PEOPLE:
            server.add_account(email)
        server.gmail.quota.project_units = PROJECT_UNITS
        clock.fake = server
        yield server
        assert server.server_errors == []


async def list_sixty_times(
    fake: FakeGoogle, clock: SettlingClock, email: str, project: ProjectQuota | None
) -> None:
    """60 messages.list calls (5 units each) of one person."""
    async with GmailMailbox(credentials_for(fake, email, [READONLY, SEND]), api_url=fake.gmail_api_url,
                            clock=clock, sleep=clock.sleep, rng=random.Random(0), project=project,
                            max_attempts=3) as gmail:  # fmt: skip
        clock.mailboxes.append(gmail)
        for _ in range(60):
            await gmail.list_message_ids(None, max_results=1)


async def test_a_shared_limiter_keeps_every_mailbox_under_the_projects_quota(
    fake: FakeGoogle, clock: SettlingClock
) -> None:
    project = ProjectQuota(PROJECT_UNITS, clock=clock, sleep=clock.sleep)
    start = clock()

    await asyncio.gather(*(list_sixty_times(fake, clock, email, project) for email in PEOPLE))

    assert fake.gmail.quota.project_refused == 0
    assert sum(fake.stats(email).calls["messages.list"] for email in PEOPLE) == 360
    assert project.waited > 0
    assert clock() - start >= 5 * 60  # 1,800 units at 300 a minute: the sixth minute's window at least


async def test_without_it_the_project_refuses_calls(fake: FakeGoogle, clock: SettlingClock) -> None:
    """The control: the same load with per-user limits only runs into the project's limit."""
    await asyncio.gather(
        *(list_sixty_times(fake, clock, email, None) for email in PEOPLE), return_exceptions=True
    )

    assert fake.gmail.quota.project_refused > 0


class StepClock:
    """Time that moves only when the test says; sleepers wake once it passed their moment."""

    def __init__(self) -> None:
        self.now = 0.0
        self._sleepers: list[tuple[float, asyncio.Future[None]]] = []

    def __call__(self) -> float:
        return self.now

    async def sleep(self, seconds: float) -> None:
        woken: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        self._sleepers.append((self.now + seconds, woken))
        await woken

    async def advance(self, seconds: float) -> None:
        self.now += seconds
        for moment, woken in list(self._sleepers):
            if moment <= self.now and not woken.done():
                woken.set_result(None)
                self._sleepers.remove((moment, woken))
        for _ in range(20):  # let the woken run to their next wait
            await asyncio.sleep(0)


async def test_when_units_are_short_a_letter_goes_before_a_scan_and_a_scan_before_a_reply_check() -> None:
    clock = StepClock()
    quota = ProjectQuota(100, window=60, slack=0, clock=clock, sleep=clock.sleep)
    await quota.acquire(100, Lane.BACKGROUND)  # the window is full
    order: list[str] = []

    async def call(name: str, lane: Lane) -> None:
        await quota.acquire(60, lane)
        order.append(name)

    tasks = [asyncio.create_task(call("check", Lane.BACKGROUND))]
    await clock.advance(0)
    tasks += [
        asyncio.create_task(call("scan", Lane.INTERACTIVE)),
        asyncio.create_task(call("letter", Lane.SEND)),
    ]
    await clock.advance(0)  # all three queue while the window is full
    for _ in range(4):
        await clock.advance(60)

    await asyncio.gather(*tasks)
    assert order == ["letter", "scan", "check"]


async def test_a_cancelled_waiter_gives_its_turn_away() -> None:
    clock = StepClock()
    quota = ProjectQuota(100, window=60, slack=0, clock=clock, sleep=clock.sleep)
    await quota.acquire(100)
    first = asyncio.create_task(quota.acquire(60, Lane.SEND))
    second = asyncio.create_task(quota.acquire(60, Lane.BACKGROUND))
    await clock.advance(0)
    first.cancel()
    await clock.advance(60)

    await asyncio.wait_for(second, timeout=5)
    assert first.cancelled()


async def test_a_call_larger_than_the_whole_quota_waits_for_an_empty_window_instead_of_forever() -> None:
    clock = StepClock()
    quota = ProjectQuota(100, window=60, slack=0, clock=clock, sleep=clock.sleep)
    await quota.acquire(1)
    large = asyncio.create_task(quota.acquire(500))
    await clock.advance(61)

    await asyncio.wait_for(large, timeout=5)


def test_project_quota_setting_defaults_to_googles_limit_and_is_validated() -> None:
    assert load_settings().gmail_project_quota_units == 1_200_000
    assert load_settings(gmail_project_quota_units="50000").gmail_project_quota_units == 50_000
    for bad in ("0", "-5", "999", "lots", "1e12"):
        with pytest.raises(ConfigError, match=r"^GMAIL_PROJECT_QUOTA_UNITS is malformed"):
            load_settings(gmail_project_quota_units=bad)


def test_a_quota_of_nothing_is_refused() -> None:
    with pytest.raises(ValueError, match="positive"):
        ProjectQuota(0)
