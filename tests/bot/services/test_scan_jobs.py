"""Scans as durable job slices: a scan killed mid-way goes on from its checkpoint in the next process,
counts every mail once and shows one report; a long scan re-arms itself; a cancel reaches any process."""

from __future__ import annotations

import itertools
from collections.abc import Iterator

import pytest

from bot.jobs.sweeper import Sweeper
from bot.services.scan_jobs import ScanJobs
from bot.services.scans import Progress, ScanReport, ScanService
from brokers.accounts import Account
from brokers.catalog import load_bundled
from brokers.job_payloads import ScanRun
from brokers.profile import TelegramId, User
from brokers.scans import ScanState
from tests.bot.scan_support import BrokerMailbox, broker_mailbox
from tests.bot.services.mail import ADDRESS, FakeGmail, fake_gmail
from tests.clock import FakeClock
from tests.factories import ANN, FULL_SCOPES, given_account, given_user
from tests.fakes.memory import MemoryJobQueue, MemoryUnitOfWorkFactory

CATALOG = load_bundled()
LEASE = 300.0
MESSAGE = 42


class Killed(Exception):
    """The process died here (SIGKILL): nothing after this point ran."""


class Chat:
    """What the person sees: progress edits of the scan's message, and reports."""

    def __init__(self, kill_at: int | None = None) -> None:
        self.edits: list[tuple[int | None, int, str]] = []
        self.reports: list[tuple[int | None, ScanReport]] = []
        self._kill_at = kill_at

    def progress(self, user: User, scan_id: int, message_id: int | None) -> Progress:
        async def progress(done: int, total: int, phase: str) -> None:
            self.edits.append((message_id, done, phase))
            if self._kill_at is not None and len(self.edits) >= self._kill_at:
                raise Killed

        return progress

    async def finished(self, user: User, message_id: int | None, report: ScanReport) -> None:
        self.reports.append((message_id, report))


class World:
    """One bot process: its scan service, scan jobs and sweep, on the shared store and mailbox."""

    def __init__(
        self,
        uow: MemoryUnitOfWorkFactory,
        clock: FakeClock,
        gmail: FakeGmail,
        worker: str,
        chat: Chat,
        *,
        monotonic: Iterator[float] | None = None,
    ) -> None:
        self.scans = ScanService(uow, lambda: CATALOG, gmail.opener(FULL_SCOPES), clock, wake=lambda _s: None)
        ticks = monotonic or itertools.repeat(0.0)
        self.jobs = ScanJobs(
            self.scans, clock, chat, self._user, lease_seconds=LEASE, wake=lambda _s: None,
            stopping=lambda: False, monotonic=lambda: next(ticks),
        )  # fmt: skip
        self.queue = MemoryJobQueue(uow.database, clock)
        self.sweeper = Sweeper(self.queue, {ScanRun.KIND: self.jobs.run_job}, clock, worker_id=worker)
        self._uow = uow

    async def _user(self, telegram_id: TelegramId) -> User | None:
        async with self._uow() as unit:
            return await unit.users.get(telegram_id)


@pytest.fixture
def seeded() -> BrokerMailbox:
    return broker_mailbox(
        CATALOG, seed=7, messages=150, brokers=3, owner=ADDRESS, sender_domains=20, decoys=1
    )


@pytest.fixture
def gmail(seeded: BrokerMailbox) -> Iterator[FakeGmail]:
    with fake_gmail(seeded.mailbox) as server:
        yield server


async def account_in(uow: MemoryUnitOfWorkFactory) -> Account:
    await given_user(uow)
    return await given_account(uow, address=ADDRESS)


@pytest.fixture
async def account(uow: MemoryUnitOfWorkFactory) -> Account:
    return await account_in(uow)


async def started(world: World, account: Account) -> int:
    scan_id = await world.scans.start(ANN, account.id)
    assert scan_id is not None
    await world.scans.begin(scan_id, MESSAGE)
    return scan_id


async def found(world: World, account: Account) -> dict[str, int]:
    return {f.broker.id: f.count for f in await world.scans.found(ANN, account.id)}


async def test_scan_job_runs_the_scan_and_shows_one_report_on_its_message(
    uow: MemoryUnitOfWorkFactory, clock: FakeClock, gmail: FakeGmail, account: Account, seeded: BrokerMailbox
) -> None:
    chat = Chat()
    world = World(uow, clock, gmail, "w1", chat)
    await started(world, account)
    await world.sweeper.run_once()
    ((message, report),) = chat.reports
    assert (message, report.state) == (MESSAGE, ScanState.COMPLETED)
    assert {message for message, _, _ in chat.edits} == {MESSAGE}
    assert await found(world, account) == seeded.counts


async def test_scan_killed_mid_way_resumes_from_its_checkpoint_in_the_next_process(
    uow: MemoryUnitOfWorkFactory, clock: FakeClock, gmail: FakeGmail, account: Account, seeded: BrokerMailbox
) -> None:
    whole = Chat()  # the same scan, never killed, in a store of its own
    elsewhere = MemoryUnitOfWorkFactory(clock)
    unbroken = World(elsewhere, clock, gmail, "unbroken", whole)
    await started(unbroken, await account_in(elsewhere))
    await unbroken.sweeper.run_once()
    first_chat = Chat(kill_at=3)  # killed after its third checkpoint
    first = World(uow, clock, gmail, "first", first_chat)
    scan_id = await started(first, account)
    (job,) = await first.queue.claim_due("first", limit=10, lease_seconds=LEASE)
    with pytest.raises(Killed):
        await first.jobs.run_job(job)
    async with uow() as unit:
        interrupted = await unit.scans.get(scan_id)
    assert interrupted is not None and interrupted.cursor is not None

    chat = Chat()
    restarted = World(uow, clock, gmail, "restarted", chat)
    assert await restarted.scans.resume_interrupted() == 1  # its job is kept, not doubled
    await restarted.sweeper.run_once()
    assert chat.reports == []  # the dead worker's lease still holds the job
    clock.advance(seconds=LEASE + 1)
    await restarted.sweeper.run_once()
    ((_, report),) = chat.reports
    assert report.state is ScanState.COMPLETED
    assert await found(restarted, account) == seeded.counts  # the mail read before the kill counted once
    assert first_chat.edits + chat.edits == whole.edits  # no step before the kill was done again
    clock.advance(seconds=LEASE + 1)
    await restarted.sweeper.run_once()
    assert len(chat.reports) == 1


async def test_long_scan_runs_in_slices_that_re_arm_the_job(
    uow: MemoryUnitOfWorkFactory, clock: FakeClock, gmail: FakeGmail, account: Account, seeded: BrokerMailbox
) -> None:
    chat = Chat()
    # Every reading of the clock is a whole lease later: each slice ends at its first checkpoint.
    world = World(uow, clock, gmail, "w1", chat, monotonic=itertools.count(0.0, LEASE))
    await started(world, account)
    slices = 0
    for _ in range(100):
        slices += (await world.sweeper.run_once()).postponed
        if chat.reports:
            break
    ((_, report),) = chat.reports
    assert report.state is ScanState.COMPLETED
    assert slices > 1
    assert await found(world, account) == seeded.counts


async def test_cancel_in_another_process_ends_the_waiting_scan_and_says_so_once(
    uow: MemoryUnitOfWorkFactory, clock: FakeClock, gmail: FakeGmail, account: Account
) -> None:
    chat = Chat()
    worker = World(uow, clock, gmail, "worker", chat)
    elsewhere = World(uow, clock, gmail, "elsewhere", Chat())
    scan_id = await started(elsewhere, account)
    assert await elsewhere.scans.cancel(ANN, scan_id)
    await worker.sweeper.run_once()
    ((message, report),) = chat.reports
    assert (message, report.state) == (MESSAGE, ScanState.CANCELLED)
    assert await worker.scans.found(ANN, account.id) == []
    assert await worker.scans.start(ANN, account.id) is not None  # the account is free to scan again
