"""The sweep: claims due jobs from the durable queue, runs their handlers, and settles each outcome."""

from __future__ import annotations

import asyncio
import logging
import os
import secrets
import socket
from collections import Counter
from collections.abc import Awaitable, Callable, Coroutine, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from telegram.ext import Job as PtbJob
from telegram.ext import JobQueue as PtbJobQueue

from brokers.errors import MalformedJobPayload
from brokers.jobs import ExponentialBackoff, Job, JobError, JobQueue, Postpone, group_by_owner
from brokers.ports import Clock

log = logging.getLogger(__name__)

JobHandler = Callable[[Job], Awaitable[Postpone | None]]
# A group handler answers for the whole group, or job by job (by id; a job not named is done; a
# JobError fails that job alone).
GroupOutcome = Postpone | None | Mapping[int, Postpone | JobError | None]
GroupHandler = Callable[[Sequence[Job]], Awaitable[GroupOutcome]]
GiveUpHook = Callable[[Job, str], Awaitable[None]]
Backoff = Callable[[int], timedelta]
SWEEP_JOB_NAME = "sweep-due-jobs"
DEFAULT_BACKOFF = ExponentialBackoff()  # 30 s, 1 min, 2 min, 4 min... at most 6 h


@dataclass(frozen=True, slots=True)
class SweepReport:
    claimed: int = 0
    completed: int = 0
    retried: int = 0
    postponed: int = 0
    gave_up: int = 0
    lost: int = 0  # the outcome could not be recorded; the job runs again when its lease ends
    released: int = 0  # stopped at shutdown before it finished; free for another worker at once


def default_worker_id() -> str:
    return f"{socket.gethostname()[:32]}:{os.getpid()}:{secrets.token_hex(3)}"


class Sweeper:
    """Drains what is due: claims in batches, runs up to `concurrency` handlers at once, settles each.

    A handler returns None (done) or Postpone(until); an exception is retried after `backoff(n)` until
    `max_attempts` runs failed, then the job is given up and `on_give_up(job, reason)` is called.
    Kinds in `group_handlers` get all claimed jobs of one person at once (one push for several
    updates) and may answer job by job with a mapping from job id to outcome (a digest delivers the
    jobs whose time came and holds the others). Kinds in `batch_handlers` get all their jobs of one
    claim at once, whoever owns them (the reply checks of up to `batch` accounts ask Gmail in one
    request), and answer like group handlers. The postponements of a group are settled in one
    statement. A job is never run twice at once by this sweeper; the
    lease must cover the wait of a claimed batch: about (batch + concurrency) / throughput seconds.
    """

    def __init__(
        self,
        queue: JobQueue,
        handlers: Mapping[str, JobHandler],
        clock: Clock,
        *,
        worker_id: str,
        group_handlers: Mapping[str, GroupHandler] | None = None,
        batch_handlers: Mapping[str, GroupHandler] | None = None,
        batch: int = 100,
        lease_seconds: float = 300,
        max_attempts: int = 5,
        backoff: Backoff = DEFAULT_BACKOFF,
        concurrency: int = 32,
        on_give_up: GiveUpHook | None = None,
        on_swept: Callable[[datetime], None] | None = None,
    ) -> None:
        self._queue = queue
        self._handlers = handlers
        self._group_handlers = {**(group_handlers or {}), **(batch_handlers or {})}
        self._batch_kinds = frozenset(batch_handlers or ())
        self._clock = clock
        self.worker_id = worker_id
        self._batch = batch
        self._lease = lease_seconds
        self._max_attempts = max_attempts
        self._backoff = backoff
        self._concurrency = concurrency
        self._on_give_up = on_give_up
        self._on_swept = on_swept
        self._in_flight: set[int] = set()
        self._running: set[asyncio.Task[None]] = set()
        self._sweeping = asyncio.Lock()
        self._again = False
        self._closing = False

    async def run_once(self) -> SweepReport:
        """Run everything due now; a call during a sweep makes that sweep look once more when it ends,
        so an alarm for work due in seconds is never lost to a sweep already under way."""
        if self._closing:
            return SweepReport()
        if self._sweeping.locked():
            self._again = True
            return SweepReport()
        async with self._sweeping:
            tally: Counter[str] = Counter()
            self._again = True
            while self._again and not self._closing:
                self._again = False
                await self._sweep(tally)
            if self._on_swept is not None:
                self._on_swept(self._clock.now())
            return SweepReport(**tally)

    async def _sweep(self, tally: Counter[str]) -> None:
        slots = asyncio.Semaphore(self._concurrency)
        async with asyncio.TaskGroup() as tasks:
            while not self._closing:
                claimed = await self._claim()
                fresh = [job for job in claimed if job.id not in self._in_flight]
                tally["claimed"] += len(fresh)
                for group in self._split(fresh):
                    await slots.acquire()
                    if self._closing:
                        # Claimed but not started: another worker takes these at once.
                        slots.release()
                        await self._release(group)
                        continue
                    self._in_flight.update(job.id for job in group)
                    task = tasks.create_task(self._run(group, slots, tally))
                    self._running.add(task)
                    task.add_done_callback(self._running.discard)
                if len(claimed) < self._batch:
                    break

    async def close(self, grace: float) -> None:
        """Claim nothing more; let the running jobs finish within `grace` seconds, then cancel the rest
        and release their claims (and those of jobs claimed but not started), so that another worker
        or the next start takes them at once instead of when their lease ends."""
        self._closing = True
        if self._running:
            await asyncio.wait(set(self._running), timeout=grace)
        for task in set(self._running):
            task.cancel()
        async with self._sweeping:  # the sweep under way releases what it holds, then ends
            pass

    async def _release(self, group: Sequence[Job]) -> None:
        ids = [job.id for job in group]
        try:
            released = await self._queue.release(ids, self.worker_id)
        except Exception:
            log.exception("could not release jobs %s; they run again when their lease ends", ids)
            return
        log.info("released jobs at shutdown", extra={"jobs": ids, "released": released})

    def install(
        self, job_queue: PtbJobQueue[Any], interval: float, *, name: str = SWEEP_JOB_NAME
    ) -> PtbJob[Any]:
        """Wake `run_once` every `interval` seconds from PTB's JobQueue (which only wakes the sweep)."""

        async def sweep_due_jobs_job(_context: object) -> None:
            report = await self.run_once()
            if report.claimed:
                log.info("sweep %s: %s", self.worker_id, report)

        job_kwargs = {
            # A stable id replaces the job when installed again instead of adding a second one.
            "id": name,
            "replace_existing": True,
            # A late wake still sweeps, missed wakes fold into one, and sweeps never overlap.
            "misfire_grace_time": None,
            "coalesce": True,
            "max_instances": 1,
        }
        callback: Callable[[Any], Coroutine[Any, Any, None]] = sweep_due_jobs_job
        return job_queue.run_repeating(callback, interval=interval, first=0, name=name, job_kwargs=job_kwargs)

    async def _claim(self) -> list[Job]:
        try:
            return await self._queue.claim_due(self.worker_id, limit=self._batch, lease_seconds=self._lease)
        except Exception:
            # Let the handlers already running finish; the next wake tries again.
            log.exception("could not claim due jobs")
            return []

    def _split(self, jobs: list[Job]) -> list[list[Job]]:
        batches = [[job for job in jobs if job.kind == kind] for kind in sorted(self._batch_kinds)]
        grouped = [
            job for job in jobs if job.kind in self._group_handlers and job.kind not in self._batch_kinds
        ]
        single = [[job] for job in jobs if job.kind not in self._group_handlers]
        return [batch for batch in batches if batch] + group_by_owner(grouped) + single

    async def _run(self, group: list[Job], slots: asyncio.Semaphore, tally: Counter[str]) -> None:
        try:
            outcome = await self._handle(group)
            owns = [(job, outcome.get(job.id) if isinstance(outcome, Mapping) else outcome) for job in group]
            later = [(job, own.until) for job, own in owns if isinstance(own, Postpone)]
            postponed = await self._queue.postpone_all(self.worker_id, later) if later else set()
            tally["postponed"] += len(postponed)
            tally["lost"] += len(later) - len(postponed)
            for job, own in owns:
                if not isinstance(own, Postpone):
                    tally[await self._settle(job, own)] += 1
        except asyncio.CancelledError:
            # Stopped at shutdown after the grace: the job did not finish, so it runs again elsewhere.
            await self._release(group)
            tally["released"] += len(group)
            raise
        except Exception:
            log.exception("could not record the outcome of jobs %s", [job.id for job in group])
            tally["lost"] += len(group)
        finally:
            self._in_flight.difference_update(job.id for job in group)
            slots.release()

    async def _handle(self, group: list[Job]) -> GroupOutcome | JobError:
        kind = group[0].kind
        try:
            if kind in self._group_handlers:
                return await self._group_handlers[kind](group)
            if kind in self._handlers:
                return await self._handlers[kind](group[0])
            return JobError(f"no handler for {kind}", permanent=True)
        except JobError as error:
            log.warning("job %s (%s) failed: %s", group[0].id, kind, error.reason)
            return error
        except MalformedJobPayload as error:
            # A row that does not parse will not parse on a retry either.
            log.warning("job %s (%s) is malformed: %s", group[0].id, kind, error.problem)
            return JobError(str(error), permanent=True)
        except Exception as error:
            log.exception("job %s (%s) failed", group[0].id, kind)
            return JobError(type(error).__name__)

    async def _settle(self, job: Job, outcome: JobError | None) -> str:
        queue, worker = self._queue, self.worker_id
        if outcome is None:
            return "completed" if await queue.complete(job.id, worker) else "lost"
        failures = job.attempts + 1
        if outcome.permanent or failures >= self._max_attempts:
            if not await queue.give_up(job.id, worker, outcome.reason):
                return "lost"
            await self._tell_give_up(job, outcome.reason)
            return "gave_up"
        at = self._clock.now() + self._backoff(failures)
        return "retried" if await queue.retry(job.id, worker, outcome.reason, at) else "lost"

    async def _tell_give_up(self, job: Job, reason: str) -> None:
        if self._on_give_up is None:
            return
        try:
            await self._on_give_up(job, reason)
        except Exception:
            # The job is already recorded as failed; a broken alert must not undo that.
            log.exception("on_give_up failed for job %s", job.id)
