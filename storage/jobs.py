"""The SQL job queue: scheduled_jobs rows claimed atomically under a lease (brokers.jobs.JobQueue)."""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from datetime import datetime, timedelta
from typing import Any, cast

from sqlalchemy import (
    ColumnElement,
    CursorResult,
    Row,
    Update,
    and_,
    bindparam,
    case,
    delete,
    func,
    insert,
    or_,
    select,
    update,
)
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from brokers.jobs import Job, QueueStats
from brokers.ports import Clock
from storage.records import ScheduledJobRecord as J

ERROR_LENGTH = 200
_COLUMNS = (J.id, J.kind, J.due_at, J.attempts, J.user_id, J.request_id, J.dedupe_key, J.payload)


def _claimable(now: datetime) -> ColumnElement[bool]:
    return and_(J.done_at.is_(None), J.due_at <= now, or_(J.claimed_until.is_(None), J.claimed_until < now))


def _held_by(job_id: int | ColumnElement[int], worker_id: str) -> ColumnElement[bool]:
    return and_(J.id == job_id, J.claimed_by == worker_id, J.done_at.is_(None))


def _postponed_due(at: Any, claimed_due: Any) -> ColumnElement[datetime]:
    """A postponed job's new due time: `at`, unless a wake-up moved it earlier while it was claimed."""
    return case((and_(J.due_at > claimed_due, J.due_at < at), J.due_at), else_=at)


def _to_job(row: Row[Any]) -> Job:
    return Job(
        id=row.id,
        kind=row.kind,
        due_at=row.due_at,
        attempts=row.attempts,
        user_id=row.user_id,
        request_id=row.request_id,
        dedupe_key=row.dedupe_key,
        payload=dict(row.payload or {}),
    )


async def schedule_job(
    session: AsyncSession,
    kind: str,
    due_at: datetime,
    *,
    user_id: int | None = None,
    request_id: int | None = None,
    payload: Mapping[str, Any] | None = None,
    dedupe_key: str | None = None,
) -> int:
    """Schedule inside the caller's transaction (see JobQueue.schedule); the caller commits."""
    if dedupe_key is not None:
        # Armed already (the usual case: each reply check arms its account's watch again): a read
        # answers it, so SQLite's single write lock is not taken for a write that changes nothing.
        live = await session.scalar(select(J.id).where(J.dedupe_key == dedupe_key, J.done_at.is_(None)))
        if live is not None:
            return live
    values: dict[str, Any] = {
        "kind": kind,
        "due_at": due_at,
        "user_id": user_id,
        "request_id": request_id,
        "payload": dict(payload) if payload is not None else None,
        "dedupe_key": dedupe_key,
        "attempts": 0,
    }
    if dedupe_key is None:
        return (await session.execute(insert(J).values(values).returning(J.id))).scalar_one()
    dialect = session.get_bind().dialect.name
    upsert = postgresql.insert(J) if dialect == "postgresql" else sqlite.insert(J)
    statement = upsert.values(values).on_conflict_do_nothing(index_elements=[J.dedupe_key]).returning(J.id)
    inserted = (await session.execute(statement)).scalar_one_or_none()
    if inserted is not None:
        return inserted
    rearm = (
        update(J)
        .where(J.dedupe_key == dedupe_key, J.done_at.is_not(None))
        .values({**values, "claimed_by": None, "claimed_until": None, "done_at": None, "last_error": None})
        .returning(J.id)
    )
    rearmed = (await session.execute(rearm)).scalar_one_or_none()
    if rearmed is not None:
        return rearmed
    return (await session.execute(select(J.id).where(J.dedupe_key == dedupe_key))).scalar_one()


def _cancellable(dedupe_key: str, now: datetime) -> ColumnElement[bool]:
    # A job a worker holds is running: deleting it would not stop it, only hide that it ran.
    return and_(
        J.dedupe_key == dedupe_key,
        J.done_at.is_(None),
        or_(J.claimed_until.is_(None), J.claimed_until < now),
    )


def _expedite(dedupe_key: str, at: datetime, now: datetime) -> Update:
    # A held job gets `at` too, though it may be later than its claimed due time: `postpone` sees a due
    # time moved past the claimed one, and keeps it when it is sooner.
    return (
        update(J)
        .where(
            J.dedupe_key == dedupe_key,
            J.done_at.is_(None),
            or_(J.due_at > at, and_(J.claimed_until.is_not(None), J.claimed_until >= now)),
        )
        .values(due_at=at)
    )


class SqlJobScheduler:
    """Jobs armed inside a unit of work's transaction (brokers.jobs.JobScheduler)."""

    def __init__(self, session: AsyncSession, clock: Clock) -> None:
        self._session = session
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
        return await schedule_job(
            self._session,
            kind,
            due_at,
            user_id=user_id,
            request_id=request_id,
            payload=payload,
            dedupe_key=dedupe_key,
        )

    async def expedite(self, dedupe_key: str, at: datetime) -> bool:
        return await _execute_counting(self._session, _expedite(dedupe_key, at, self._clock.now())) == 1

    async def cancel(self, dedupe_key: str) -> bool:
        statement = delete(J).where(_cancellable(dedupe_key, self._clock.now()))
        return await _execute_counting(self._session, statement) == 1


class SqlJobQueue:
    """Each call is its own short transaction; see brokers.jobs.JobQueue for the contract."""

    def __init__(self, sessions: async_sessionmaker[AsyncSession], clock: Clock) -> None:
        self._sessions = sessions
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
        async with self._sessions.begin() as session:
            return await SqlJobScheduler(session, self._clock).schedule(
                kind, due_at, user_id=user_id, request_id=request_id, payload=payload, dedupe_key=dedupe_key
            )

    async def expedite(self, dedupe_key: str, at: datetime) -> bool:
        return await self._change(_expedite(dedupe_key, at, self._clock.now()))

    async def cancel(self, dedupe_key: str) -> bool:
        return await self._change(delete(J).where(_cancellable(dedupe_key, self._clock.now())))

    async def is_held(self, dedupe_key: str) -> bool:
        held = and_(J.dedupe_key == dedupe_key, J.done_at.is_(None), J.claimed_until >= self._clock.now())
        async with self._sessions() as session:
            return (await session.scalar(select(func.count()).where(held))) == 1

    async def claim_due(self, worker_id: str, *, limit: int, lease_seconds: float) -> list[Job]:
        now = self._clock.now()
        claim = {"claimed_by": worker_id, "claimed_until": now + timedelta(seconds=lease_seconds)}
        due = select(J.id).where(_claimable(now)).order_by(J.due_at, J.id).limit(limit)
        async with self._sessions.begin() as session:
            if session.get_bind().dialect.name == "postgresql":
                # Rows another worker is claiming right now are skipped rather than waited for.
                ids = list((await session.execute(due.with_for_update(skip_locked=True))).scalars())
                if not ids:
                    return []
                statement = update(J).where(J.id.in_(ids))
            else:
                # SQLite: one statement under its single write lock, re-checking the lease.
                statement = update(J).where(J.id.in_(due.scalar_subquery()), _claimable(now))
            # On the connection: the session's ORM update would also look for the rows among its objects.
            connection = await session.connection()
            rows = (await connection.execute(statement.values(claim).returning(*_COLUMNS))).all()
        return sorted((_to_job(row) for row in rows), key=lambda job: (job.due_at, job.id))

    async def complete(self, job_id: int, worker_id: str) -> bool:
        finish = {"done_at": self._clock.now(), "claimed_until": None, "last_error": None}
        return await self._change(update(J).where(_held_by(job_id, worker_id)).values(finish))

    async def retry(self, job_id: int, worker_id: str, error: str, at: datetime) -> bool:
        values = {
            "attempts": J.attempts + 1,
            "claimed_by": None,
            "claimed_until": None,
            "due_at": at,
            "last_error": error[:ERROR_LENGTH],
        }
        return await self._change(update(J).where(_held_by(job_id, worker_id)).values(values))

    async def postpone(
        self, job_id: int, worker_id: str, at: datetime, *, claimed_due: datetime | None = None
    ) -> bool:
        due: Any = at if claimed_due is None else _postponed_due(at, claimed_due)
        values = {"claimed_by": None, "claimed_until": None, "due_at": due}
        return await self._change(update(J).where(_held_by(job_id, worker_id)).values(values))

    async def postpone_all(self, worker_id: str, moves: Sequence[tuple[Job, datetime]]) -> set[int]:
        if not moves:
            return set()
        held = select(J.id).where(
            J.id.in_([job.id for job, _ in moves]), J.claimed_by == worker_id, J.done_at.is_(None)
        )
        # One statement run for each job (compiled once, unlike a CASE over the batch's values).
        at, claimed = bindparam("at", type_=J.due_at.type), bindparam("claimed", type_=J.due_at.type)
        statement = (
            update(J)
            .where(_held_by(bindparam("job"), worker_id))
            .values(claimed_by=None, claimed_until=None, due_at=_postponed_due(at, claimed))
        )
        async with self._sessions.begin() as session:
            ids = set((await session.scalars(held.with_for_update())).all())
            rows = [
                {"job": job.id, "at": when, "claimed": job.due_at} for job, when in moves if job.id in ids
            ]
            if rows:  # on the connection: the session would take a list of rows as an ORM bulk update
                await (await session.connection()).execute(statement, rows)
        return ids

    async def give_up(self, job_id: int, worker_id: str, error: str) -> bool:
        # A finished row with an error is a failed one (complete clears the error of earlier tries).
        values = {
            "attempts": J.attempts + 1,
            "done_at": self._clock.now(),
            "claimed_until": None,
            "last_error": (error or "gave up")[:ERROR_LENGTH],
        }
        return await self._change(update(J).where(_held_by(job_id, worker_id)).values(values))

    async def release(self, job_ids: Collection[int], worker_id: str) -> int:
        if not job_ids:
            return 0
        held = and_(J.id.in_(list(job_ids)), J.claimed_by == worker_id, J.done_at.is_(None))
        statement = update(J).where(held).values(claimed_by=None, claimed_until=None)
        async with self._sessions.begin() as session:
            return await _execute_counting(session, statement)

    async def purge_finished(self, before: datetime) -> int:
        """Delete jobs finished (done or failed) before `before`; return how many."""
        async with self._sessions.begin() as session:
            return await _execute_counting(session, delete(J).where(J.done_at < before))

    async def stats(self, now: datetime) -> QueueStats:
        pending = J.done_at.is_(None)
        statement = select(
            func.count().filter(_claimable(now)),
            func.count().filter(pending, J.claimed_until >= now),
            func.count().filter(J.done_at.is_not(None), J.last_error.is_not(None)),
            func.min(J.due_at).filter(pending, J.due_at <= now),
        )
        async with self._sessions() as session:
            due, claimed, failed, oldest = (await session.execute(statement)).one()
        lag = max(0.0, (now - oldest).total_seconds()) if oldest is not None else 0.0
        return QueueStats(due=due, claimed=claimed, failed=failed, oldest_due_lag_seconds=lag)

    async def _change(self, statement: Any) -> bool:
        async with self._sessions.begin() as session:
            return await _execute_counting(session, statement) == 1


async def _execute_counting(session: AsyncSession, statement: Any) -> int:
    """Run an UPDATE or DELETE and return the number of rows it matched."""
    result = cast(CursorResult[Any], await session.execute(statement))
    return int(result.rowcount)
