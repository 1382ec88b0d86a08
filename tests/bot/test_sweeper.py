"""The sweep over the SQL queue: every due job runs once, failures back off, give up, and stay bounded."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Sequence
from datetime import UTC, datetime, timedelta

import pytest
from telegram.ext import ApplicationBuilder

from bot.jobs import SWEEP_JOB_NAME, JobError, Sweeper, SweepReport
from bot.sandbox.telegram import FakeTelegram
from brokers.job_payloads import ReplyCheck, payload_of
from brokers.jobs import ExponentialBackoff, Job, Postpone
from storage.jobs import SqlJobQueue
from tests.clock import FakeClock
from tests.job_queue import migrated_queue

NOW = datetime(2026, 11, 2, 9, 0, tzinfo=UTC)
BACKOFF = ExponentialBackoff(base=timedelta(minutes=1), cap=timedelta(hours=1))


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock(NOW)


@pytest.fixture
async def queue(database_url: str, clock: FakeClock) -> AsyncIterator[SqlJobQueue]:
    async with migrated_queue(database_url, clock, users=[1, 2]) as job_queue:
        yield job_queue


class Recorder:
    """A handler that records the jobs it ran, failing the first `failures` runs of each."""

    def __init__(self, failures: int = 0, error: Exception | None = None) -> None:
        self.runs: list[Job] = []
        self._failures = failures
        self._error = error or RuntimeError("broker mail server down")

    async def __call__(self, job: Job) -> None:
        self.runs.append(job)
        if sum(run.id == job.id for run in self.runs) <= self._failures:
            raise self._error


def sweeper(queue: SqlJobQueue, clock: FakeClock, handler: object, **options: object) -> Sweeper:
    return Sweeper(queue, {"remind": handler}, clock, worker_id="w1", backoff=BACKOFF, **options)  # type: ignore[arg-type, dict-item]


async def test_sweep_runs_each_due_job_once_and_leaves_future_ones(
    queue: SqlJobQueue, clock: FakeClock
) -> None:
    due = [await queue.schedule("remind", NOW - timedelta(minutes=n)) for n in range(3)]
    await queue.schedule("remind", NOW + timedelta(minutes=1))
    handler = Recorder()
    report = await sweeper(queue, clock, handler).run_once()
    assert sorted(job.id for job in handler.runs) == sorted(due)
    assert report == SweepReport(claimed=3, completed=3)
    assert await sweeper(queue, clock, handler).run_once() == SweepReport()


async def test_sweep_drains_more_than_one_batch(queue: SqlJobQueue, clock: FakeClock) -> None:
    for _ in range(35):
        await queue.schedule("remind", NOW)
    handler = Recorder()
    report = await sweeper(queue, clock, handler, batch=10).run_once()
    assert (report.completed, len({job.id for job in handler.runs})) == (35, 35)


async def test_failed_job_is_retried_after_its_backoff(queue: SqlJobQueue, clock: FakeClock) -> None:
    await queue.schedule("remind", NOW)
    handler = Recorder(failures=2)
    sweep = sweeper(queue, clock, handler)
    assert (await sweep.run_once()).retried == 1
    clock.advance(seconds=59)
    assert (await sweep.run_once()).claimed == 0
    clock.advance(seconds=1)
    assert (await sweep.run_once()).retried == 1
    clock.advance(seconds=119)
    assert (await sweep.run_once()).claimed == 0
    clock.advance(seconds=1)
    assert (await sweep.run_once()).completed == 1
    assert [job.attempts for job in handler.runs] == [0, 1, 2]


async def test_job_failing_every_time_is_given_up_and_reported(queue: SqlJobQueue, clock: FakeClock) -> None:
    job_id = await queue.schedule("remind", NOW)
    given_up: list[tuple[int, str]] = []

    async def tell_admins(job: Job, reason: str) -> None:
        given_up.append((job.id, reason))

    sweep = sweeper(queue, clock, Recorder(failures=99), max_attempts=3, on_give_up=tell_admins)
    reports = []
    for _ in range(4):
        reports.append(await sweep.run_once())
        clock.advance(hours=1)
    assert [(r.retried, r.gave_up) for r in reports] == [(1, 0), (1, 0), (0, 1), (0, 0)]
    assert given_up == [(job_id, "RuntimeError")]
    assert (await queue.stats(clock.now())).failed == 1


async def test_permanent_job_error_gives_up_at_once_with_its_reason(
    queue: SqlJobQueue, clock: FakeClock
) -> None:
    await queue.schedule("remind", NOW)
    given_up: list[str] = []

    async def tell_admins(job: Job, reason: str) -> None:
        given_up.append(reason)

    handler = Recorder(failures=1, error=JobError("request was deleted", permanent=True))
    report = await sweeper(queue, clock, handler, on_give_up=tell_admins).run_once()
    assert (report.gave_up, given_up) == (1, ["request was deleted"])


async def test_job_of_an_unknown_kind_is_given_up(queue: SqlJobQueue, clock: FakeClock) -> None:
    await queue.schedule("mystery", NOW)
    report = await sweeper(queue, clock, Recorder()).run_once()
    assert report == SweepReport(claimed=1, gave_up=1)


async def test_postponed_job_comes_back_at_its_time_without_an_attempt(
    queue: SqlJobQueue, clock: FakeClock
) -> None:
    await queue.schedule("remind", NOW)
    runs: list[Job] = []

    async def quiet_until_eight(job: Job) -> Postpone | None:
        runs.append(job)
        return Postpone(NOW + timedelta(hours=8)) if len(runs) == 1 else None

    sweep = sweeper(queue, clock, quiet_until_eight)
    assert (await sweep.run_once()).postponed == 1
    clock.advance(hours=7, minutes=59)
    assert (await sweep.run_once()).claimed == 0
    clock.advance(minutes=1)
    assert (await sweep.run_once()).completed == 1
    assert [job.attempts for job in runs] == [0, 0]


async def test_handlers_run_concurrently_up_to_the_bound(queue: SqlJobQueue, clock: FakeClock) -> None:
    for _ in range(20):
        await queue.schedule("remind", NOW)
    running = 0
    peak = 0

    async def slow(job: Job) -> None:
        nonlocal running, peak
        running += 1
        peak = max(peak, running)
        await asyncio.sleep(0.02)
        running -= 1

    report = await sweeper(queue, clock, slow, concurrency=4, batch=6).run_once()
    assert (report.completed, peak) == (20, 4)


async def test_a_second_sweep_during_the_first_does_nothing(queue: SqlJobQueue, clock: FakeClock) -> None:
    await queue.schedule("remind", NOW)
    release = asyncio.Event()
    runs: list[int] = []

    async def blocking(job: Job) -> None:
        runs.append(job.id)
        await release.wait()

    sweep = sweeper(queue, clock, blocking)
    first = asyncio.create_task(sweep.run_once())
    await asyncio.sleep(0.1)
    assert await sweep.run_once() == SweepReport()
    release.set()
    assert (await first).completed == 1
    assert len(runs) == 1


async def test_job_held_by_a_crashed_worker_runs_after_its_lease(
    queue: SqlJobQueue, clock: FakeClock
) -> None:
    await queue.schedule("remind", NOW)
    await queue.claim_due("crashed", limit=10, lease_seconds=300)
    handler = Recorder()
    sweep = sweeper(queue, clock, handler)
    assert (await sweep.run_once()).claimed == 0
    clock.advance(seconds=301)
    assert (await sweep.run_once()).completed == 1


async def test_grouped_kind_hands_one_persons_jobs_over_together(
    queue: SqlJobQueue, clock: FakeClock
) -> None:
    for user_id in (1, 2, 1, 1):
        await queue.schedule("status", NOW, user_id=user_id)
    calls: list[list[int | None]] = []

    async def push_updates(jobs: Sequence[Job]) -> None:
        calls.append([job.user_id for job in jobs])

    sweep = Sweeper(queue, {}, clock, worker_id="w1", group_handlers={"status": push_updates})
    report = await sweep.run_once()
    assert sorted(calls) == [[1, 1, 1], [2]]
    assert report.completed == 4


async def test_grouped_kind_may_deliver_some_jobs_and_hold_the_others(
    queue: SqlJobQueue, clock: FakeClock
) -> None:
    due_now = await queue.schedule("status", NOW, user_id=1)
    held = await queue.schedule("status", NOW, user_id=1)
    later = NOW + timedelta(hours=9)
    runs: list[list[int]] = []

    async def digest(jobs: Sequence[Job]) -> dict[int, Postpone | None]:
        runs.append([job.id for job in jobs])
        return {due_now: None, held: Postpone(later)}

    sweep = Sweeper(queue, {}, clock, worker_id="w1", group_handlers={"status": digest})
    report = await sweep.run_once()
    assert (report.completed, report.postponed) == (1, 1)
    clock.advance(hours=9)
    await sweep.run_once()
    assert runs == [[due_now, held], [held]]


async def test_batched_kind_gets_every_claimed_job_of_all_owners_at_once_and_each_ends_its_own_way(
    queue: SqlJobQueue, clock: FakeClock
) -> None:
    done = await queue.schedule("check", NOW, user_id=1)
    later = await queue.schedule("check", NOW, user_id=2)
    failed = await queue.schedule("check", NOW, user_id=1)
    next_minute = await queue.schedule("check", NOW + timedelta(minutes=1), user_id=2)
    alone = Recorder()
    batches: list[list[int]] = []

    async def checks(jobs: Sequence[Job]) -> dict[int, Postpone | JobError | None]:
        batches.append(sorted(job.id for job in jobs))
        return {done: None, later: Postpone(NOW + timedelta(minutes=2)), failed: JobError("gmail down")}

    sweep = Sweeper(queue, {"remind": alone}, clock, worker_id="w1", backoff=BACKOFF,
                    batch_handlers={"check": checks}, batch=3)  # fmt: skip
    await queue.schedule("remind", NOW)
    report = await sweep.run_once()
    assert batches == [sorted([done, later, failed])]
    assert (report.completed, report.postponed, report.retried) == (2, 1, 1)  # the reminder ran alone
    assert len(alone.runs) == 1
    clock.advance(minutes=2)
    batches.clear()
    await sweep.run_once()
    assert batches == [sorted([later, failed, next_minute])]  # the postponed, the retry, the one now due


async def test_installed_sweep_is_woken_by_ptb_job_queue_and_installed_once(
    queue: SqlJobQueue, clock: FakeClock
) -> None:
    await queue.schedule("remind", NOW)
    handler = Recorder()
    sweep = sweeper(queue, clock, handler)
    with FakeTelegram() as fake:
        application = ApplicationBuilder().token(fake.token).base_url(f"{fake.url}/bot").updater(None).build()
        async with application:
            await application.start()
            assert application.job_queue is not None
            sweep.install(application.job_queue, interval=0.05)
            sweep.install(application.job_queue, interval=0.05)
            await fake.wait_until(lambda: bool(handler.runs), timeout=5, what="the sweep did not run")
            scheduled = application.job_queue.scheduler.get_jobs()
            await application.stop()
    assert [(job.id, job.max_instances, job.coalesce) for job in scheduled] == [(SWEEP_JOB_NAME, 1, True)]
    assert (await queue.stats(clock.now())).due == 0


async def test_failed_claim_ends_the_sweep_but_lets_running_jobs_finish(
    queue: SqlJobQueue, clock: FakeClock
) -> None:
    for _ in range(4):
        await queue.schedule("remind", NOW)

    class FlakyQueue:
        """The real queue, except that every claim after the first fails."""

        def __init__(self, inner: SqlJobQueue) -> None:
            self._inner = inner
            self._claims = 0

        def __getattr__(self, name: str) -> object:
            return getattr(self._inner, name)

        async def claim_due(self, worker_id: str, *, limit: int, lease_seconds: float) -> list[Job]:
            self._claims += 1
            if self._claims > 1:
                raise ConnectionError("database went away")
            return await self._inner.claim_due(worker_id, limit=limit, lease_seconds=lease_seconds)

    flaky = FlakyQueue(queue)
    report = await sweeper(flaky, clock, Recorder(), batch=2).run_once()  # type: ignore[arg-type]
    assert report == SweepReport(claimed=2, completed=2)


async def test_job_whose_payload_does_not_parse_is_given_up_at_once_with_the_reason(
    queue: SqlJobQueue, clock: FakeClock
) -> None:
    await queue.schedule(ReplyCheck.KIND, NOW, payload={"account": "twelve"})
    given_up: list[str] = []

    async def tell_admins(job: Job, reason: str) -> None:
        given_up.append(reason)

    async def check_replies(job: Job) -> None:
        payload_of(job, ReplyCheck)

    sweep = Sweeper(queue, {ReplyCheck.KIND: check_replies}, clock, worker_id="w1", on_give_up=tell_admins)
    report = await sweep.run_once()
    assert report == SweepReport(claimed=1, gave_up=1)
    assert given_up == ["job of kind 'reply_check': 'account' holds 'twelve', not a positive integer id"]


class Gate:
    """A handler whose runs wait until the test opens the gate (a letter held at Gmail, say)."""

    def __init__(self) -> None:
        self.started: list[int] = []
        self.finished: list[int] = []
        self.opened = asyncio.Event()

    async def __call__(self, job: Job) -> None:
        self.started.append(job.id)
        await self.opened.wait()
        self.finished.append(job.id)


async def _started(gate: Gate, count: int) -> None:
    for _ in range(500):
        if len(gate.started) >= count:
            return
        await asyncio.sleep(0.01)
    raise AssertionError(f"{count} runs never started")


async def test_close_lets_a_running_job_finish_within_the_grace(queue: SqlJobQueue, clock: FakeClock) -> None:
    job_id = await queue.schedule("remind", NOW)
    gate = Gate()
    sweep = sweeper(queue, clock, gate)
    sweeping = asyncio.create_task(sweep.run_once())
    await _started(gate, 1)
    closing = asyncio.create_task(sweep.close(grace=5))
    await asyncio.sleep(0.05)
    gate.opened.set()
    await closing
    assert (await sweeping).completed == 1
    assert gate.finished == [job_id]
    assert await sweep.run_once() == SweepReport(), "a closed sweeper claims nothing more"


async def test_close_releases_what_outlasts_the_grace_and_what_never_started(
    queue: SqlJobQueue, clock: FakeClock
) -> None:
    running, waiting = await queue.schedule("remind", NOW), await queue.schedule("remind", NOW)
    gate = Gate()
    sweep = sweeper(queue, clock, gate, concurrency=1)
    sweeping = asyncio.create_task(sweep.run_once())
    await _started(gate, 1)
    await sweep.close(grace=0.1)
    assert (await sweeping).released == 1
    assert gate.started == [running] and gate.finished == []
    # Free at once, long before the lease ends, and no attempt counted against them.
    again = await queue.claim_due("w2", limit=10, lease_seconds=60)
    assert [(job.id, job.attempts) for job in again] == [(running, 0), (waiting, 0)]
