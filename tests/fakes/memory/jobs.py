"""The in-memory job queue (brokers.jobs.JobQueue): claims under a lease, on the committed tables."""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from dataclasses import replace
from datetime import datetime, timedelta
from typing import Any

from brokers.jobs import Job, QueueStats
from brokers.ports import Clock
from tests.fakes.memory.database import MemoryDatabase, Session
from tests.fakes.memory.rows import JobRow

ERROR_LENGTH = 200


def schedule_into(jobs: dict[int, JobRow], database: MemoryDatabase, row: JobRow) -> int:
    """JobQueue.schedule on a table of job rows: a pending job with the key stays, a done one re-arms."""
    key = row.dedupe_key
    same = next((j for j in jobs.values() if key and j.dedupe_key == key), None)
    if same is not None and same.done_at is None:
        return same.id
    job_id = same.id if same is not None else database.next_id("jobs")
    stored = dict(row.payload) if row.payload is not None else None
    jobs[job_id] = replace(row, id=job_id, payload=stored)
    return job_id


def cancel_in(jobs: dict[int, JobRow], dedupe_key: str, now: datetime) -> bool:
    found = [
        j.id for j in jobs.values() if j.dedupe_key == dedupe_key and j.done_at is None and not _held(j, now)
    ]
    for job_id in found:
        del jobs[job_id]
    return bool(found)


def expedite_in(jobs: dict[int, JobRow], dedupe_key: str, at: datetime, now: datetime) -> bool:
    found = [
        j
        for j in jobs.values()
        if j.dedupe_key == dedupe_key and j.done_at is None and (j.due_at > at or _held(j, now))
    ]
    for job in found:
        jobs[job.id] = replace(job, due_at=at)
    return bool(found)


class MemoryJobScheduler:
    """Jobs armed inside a memory unit of work: they reach the queue with its commit, or never."""

    def __init__(self, session: Session) -> None:
        self._session = session

    async def schedule(
        self,
        kind: str,
        due_at: datetime,
        *,
        user_id: int | None = None,
        request_id: int | None = None,
        payload: Mapping[str, Any] | None = None,
        dedupe_key: str | None = None,
    ) -> int:
        row = JobRow(0, kind, due_at, 0, user_id, request_id, dedupe_key, payload)
        return schedule_into(self._session.tables.jobs, self._session.database, row)

    async def expedite(self, dedupe_key: str, at: datetime) -> bool:
        return expedite_in(self._session.tables.jobs, dedupe_key, at, self._session.now)

    async def cancel(self, dedupe_key: str) -> bool:
        return cancel_in(self._session.tables.jobs, dedupe_key, self._session.now)


class MemoryJobQueue:
    """Each call is its own transaction, as in SqlJobQueue; the rows go with their user or request."""

    def __init__(self, database: MemoryDatabase, clock: Clock) -> None:
        self._jobs = database.committed.jobs
        self._database = database
        self._clock = clock

    async def schedule(
        self,
        kind: str,
        due_at: datetime,
        *,
        user_id: int | None = None,
        request_id: int | None = None,
        payload: Mapping[str, Any] | None = None,
        dedupe_key: str | None = None,
    ) -> int:
        row = JobRow(0, kind, due_at, 0, user_id, request_id, dedupe_key, payload)
        return schedule_into(self._jobs, self._database, row)

    async def expedite(self, dedupe_key: str, at: datetime) -> bool:
        return expedite_in(self._jobs, dedupe_key, at, self._clock.now())

    async def cancel(self, dedupe_key: str) -> bool:
        return cancel_in(self._jobs, dedupe_key, self._clock.now())

    async def is_held(self, dedupe_key: str) -> bool:
        now = self._clock.now()
        jobs = self._jobs.values()
        return any(j.dedupe_key == dedupe_key and j.done_at is None and _held(j, now) for j in jobs)

    async def claim_due(self, worker_id: str, *, limit: int, lease_seconds: float) -> list[Job]:
        now = self._clock.now()
        due = sorted((j for j in self._jobs.values() if _claimable(j, now)), key=lambda j: (j.due_at, j.id))
        lease = now + timedelta(seconds=lease_seconds)
        claimed = [replace(j, claimed_by=worker_id, claimed_until=lease) for j in due[:limit]]
        self._jobs.update((j.id, j) for j in claimed)
        return [_to_job(j) for j in claimed]

    async def complete(self, job_id: int, worker_id: str) -> bool:
        return self._change(job_id, worker_id, done_at=self._clock.now(), claimed_until=None, last_error=None)

    async def retry(self, job_id: int, worker_id: str, error: str, at: datetime) -> bool:
        attempts = self._jobs[job_id].attempts + 1 if job_id in self._jobs else 0
        return self._change(
            job_id, worker_id, attempts=attempts, claimed_by=None, claimed_until=None, due_at=at,
            last_error=error[:ERROR_LENGTH],
        )  # fmt: skip

    async def postpone(
        self, job_id: int, worker_id: str, at: datetime, *, claimed_due: datetime | None = None
    ) -> bool:
        job = self._jobs.get(job_id)
        moved = job is not None and claimed_due is not None and claimed_due < job.due_at < at
        due = job.due_at if moved and job is not None else at
        return self._change(job_id, worker_id, claimed_by=None, claimed_until=None, due_at=due)

    async def postpone_all(self, worker_id: str, moves: Sequence[tuple[Job, datetime]]) -> set[int]:
        return {
            job.id for job, at in moves if await self.postpone(job.id, worker_id, at, claimed_due=job.due_at)
        }

    async def give_up(self, job_id: int, worker_id: str, error: str) -> bool:
        attempts = self._jobs[job_id].attempts + 1 if job_id in self._jobs else 0
        return self._change(
            job_id, worker_id, attempts=attempts, done_at=self._clock.now(), claimed_until=None,
            last_error=(error or "gave up")[:ERROR_LENGTH],
        )  # fmt: skip

    async def release(self, job_ids: Collection[int], worker_id: str) -> int:
        released = [i for i in job_ids if self._change(i, worker_id, claimed_by=None, claimed_until=None)]
        return len(released)

    async def purge_finished(self, before: datetime) -> int:
        finished = [j.id for j in self._jobs.values() if j.done_at is not None and j.done_at < before]
        for job_id in finished:
            del self._jobs[job_id]
        return len(finished)

    async def stats(self, now: datetime) -> QueueStats:
        jobs = list(self._jobs.values())
        pending = [j for j in jobs if j.done_at is None]
        late = [j.due_at for j in pending if j.due_at <= now]
        return QueueStats(
            due=sum(1 for j in jobs if _claimable(j, now)),
            claimed=sum(1 for j in pending if j.claimed_until is not None and j.claimed_until >= now),
            failed=sum(1 for j in jobs if j.done_at is not None and j.last_error is not None),
            oldest_due_lag_seconds=max(0.0, (now - min(late)).total_seconds()) if late else 0.0,
        )

    def _change(self, job_id: int, worker_id: str, **values: Any) -> bool:
        job = self._jobs.get(job_id)
        if job is None or job.claimed_by != worker_id or job.done_at is not None:
            return False
        self._jobs[job_id] = replace(job, **values)
        return True


def _held(job: JobRow, now: datetime) -> bool:
    """A worker's lease on the job still runs."""
    return job.claimed_until is not None and job.claimed_until >= now


def _claimable(job: JobRow, now: datetime) -> bool:
    return job.done_at is None and job.due_at <= now and not _held(job, now)


def _to_job(row: JobRow) -> Job:
    return Job(
        row.id, row.kind, row.due_at, row.attempts, row.user_id, row.request_id, row.dedupe_key,
        dict(row.payload or {}),
    )  # fmt: skip
