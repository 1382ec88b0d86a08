"""Durable due work as the application sees it: the Job value, the JobQueue port and the retry policy."""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any, Protocol


@dataclass(frozen=True, slots=True)
class Job:
    """One claimed row of due work; `attempts` counts the failed runs before this one."""

    id: int
    kind: str
    due_at: datetime
    attempts: int = 0
    user_id: int | None = None
    request_id: int | None = None
    dedupe_key: str | None = None
    payload: Mapping[str, Any] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class QueueStats:
    """What /health reports: work waiting, work in hand, work abandoned, and how late the oldest is."""

    due: int
    claimed: int
    failed: int
    oldest_due_lag_seconds: float


class JobScheduler(Protocol):
    """Arming and disarming due work; inside a unit of work (`uow.jobs`) it commits with the rest of it,
    so a state change and the promises it makes (reminders, checks) are stored together or not at all.

    `schedule`, `expedite` and `cancel` mean what they mean on JobQueue.
    """

    async def schedule(
        self,
        kind: str,
        due_at: datetime,
        *,
        user_id: int | None = None,
        request_id: int | None = None,
        payload: Mapping[str, Any] | None = None,
        dedupe_key: str | None = None,
    ) -> int: ...

    async def expedite(self, dedupe_key: str, at: datetime) -> bool: ...

    async def cancel(self, dedupe_key: str) -> bool: ...


class JobQueue(JobScheduler, Protocol):
    """The durable truth of what is due; a scheduler only wakes the sweeps that drain it.

    A worker `claim_due`s jobs for `lease_seconds`; until the lease ends nobody else can claim them,
    and a worker that crashed simply lets its lease run out, so the job is claimed again (delivery is
    at least once; handlers make their effects idempotent where a duplicate would hurt).

    - `schedule` inserts a job and returns its id. With a `dedupe_key` it is idempotent: while a job
      with that key is not done, scheduling again changes nothing and returns the existing id; once
      it is done, scheduling again re-arms that same row with the new time and payload.
    - `expedite` makes the pending job with that key due at `at` if it was due later (True when there
      was one to move). A job under a live claim runs at `at` again after its run: the `postpone` that
      ends the run keeps `at` when it is sooner (the change came after the run began).
    - `cancel` removes the pending job with that key (True when there was one); a job under a live
      claim is running and is not cancelled.
    - `is_held` says whether a worker holds the unfinished job with that key under a live lease (it
      is running now, so `cancel` cannot take it back).
    - `complete`, `retry`, `postpone` and `give_up` succeed only for the worker holding the claim
      (they return False otherwise, e.g. after the lease expired and another worker took the job).
      `retry` counts a failed attempt and makes the job due again at `at`; `postpone` makes it due
      at `at` without counting an attempt (quiet hours), or sooner when it was expedited during the
      run (the job's `claimed_due` is its due time as claimed); `give_up` finishes it as failed.
    - `release` gives up the worker's claims on the jobs it names without counting an attempt, so
      another worker takes them at once instead of after the lease (a worker shutting down); it
      returns how many it released.
    - `purge_finished` deletes jobs that finished (done or failed) before `before`.
    - `stats` counts what is due (claimable now), claimed (under a live lease) and failed, and the
      lag of the oldest unfinished job that is due.
    """

    async def is_held(self, dedupe_key: str) -> bool: ...

    async def claim_due(self, worker_id: str, *, limit: int, lease_seconds: float) -> list[Job]: ...

    async def complete(self, job_id: int, worker_id: str) -> bool: ...

    async def retry(self, job_id: int, worker_id: str, error: str, at: datetime) -> bool: ...

    async def postpone(
        self, job_id: int, worker_id: str, at: datetime, *, claimed_due: datetime | None = None
    ) -> bool: ...

    async def postpone_all(self, worker_id: str, moves: Sequence[tuple[Job, datetime]]) -> set[int]:
        """`postpone(job.id, worker_id, at, claimed_due=job.due_at)` of each (job, at) in one
        statement; returns the ids postponed."""
        ...

    async def give_up(self, job_id: int, worker_id: str, error: str) -> bool: ...

    async def release(self, job_ids: Collection[int], worker_id: str) -> int: ...

    async def purge_finished(self, before: datetime) -> int: ...

    async def stats(self, now: datetime) -> QueueStats: ...


class JobError(Exception):
    """A handler's failure with a reason safe to store; `permanent` gives up without retrying."""

    def __init__(self, reason: str, *, permanent: bool = False) -> None:
        super().__init__(reason)
        self.reason = reason
        self.permanent = permanent


@dataclass(frozen=True, slots=True)
class Postpone:
    """A handler's answer meaning "not now, at `until`" (quiet hours); no attempt is counted."""

    until: datetime


@dataclass(frozen=True, slots=True)
class ExponentialBackoff:
    """Delay before retry number n (1-based): base * factor**(n-1), never more than `cap`."""

    base: timedelta = timedelta(seconds=30)
    factor: float = 2.0
    cap: timedelta = timedelta(hours=6)

    def __call__(self, attempt: int) -> timedelta:
        # Past 60 doublings every cap is reached; stopping there keeps the arithmetic finite.
        exponent = min(max(0, attempt - 1), 60)
        seconds = min(self.base.total_seconds() * self.factor**exponent, self.cap.total_seconds())
        return timedelta(seconds=seconds)


def group_by_owner(jobs: Sequence[Job]) -> list[list[Job]]:
    """Split jobs into runs of the same kind and user, in order of first appearance."""
    groups: dict[tuple[str, int | None, int | None], list[Job]] = {}
    for job in jobs:
        # Jobs without an owner are never merged: each keeps a key of its own.
        key = (job.kind, job.user_id, job.id if job.user_id is None else None)
        groups.setdefault(key, []).append(job)
    return list(groups.values())
