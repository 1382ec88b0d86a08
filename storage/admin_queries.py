"""SqlAdminQueries: the operators' aggregates, each a GROUP BY on indexed columns (never a row per person)."""

from __future__ import annotations

from collections import defaultdict
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import ColumnElement, Select, and_, case, func, or_, select, text
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from brokers.admin_stats import (
    BrokerLeagueRow,
    ContactProblem,
    QueueHealth,
    ServiceStats,
    UserSummary,
    mask_address,
    median_of_histogram,
    rank_league,
)
from brokers.classify import ReplyClass, reply_reason
from brokers.job_payloads import ReplyCheck
from brokers.lifecycle import RequestStatus
from brokers.ports import SecretBox
from brokers.profile import TelegramId
from storage.durations import whole_days, whole_seconds
from storage.records import AuthorizationRecord as A
from storage.records import DataBrokerRecord as D
from storage.records import DeletionRequestEventRecord as E
from storage.records import DeletionRequestRecord as R
from storage.records import EmailScanRecord as S
from storage.records import ScheduledJobRecord as J
from storage.records import UserRecord as U

WEB_FORM_REPLY = reply_reason(ReplyClass.NEEDS_WEB_FORM)


def _count_if(condition: Any) -> Any:
    return func.coalesce(func.sum(case((condition, 1), else_=0)), 0)


class SqlAdminQueries:
    def __init__(self, sessions: async_sessionmaker[AsyncSession], box: SecretBox) -> None:
        self._sessions = sessions
        self._box = box

    async def stats(self, *, now: datetime) -> ServiceStats:
        today = now.replace(hour=0, minute=0, second=0, microsecond=0)
        async with self._sessions() as session:
            people = (
                await session.execute(
                    select(
                        func.count(),
                        _count_if(U.last_seen_at >= now - timedelta(days=7)),
                        _count_if(U.last_seen_at >= now - timedelta(days=30)),
                        _count_if(U.active.is_(False)),
                    ).select_from(U)
                )
            ).one()
            scans = (
                await session.execute(select(func.count(), func.coalesce(func.sum(S.quota_units), 0)))
            ).one()
            durations = await session.execute(
                select(whole_seconds(S.started_at, S.finished_at), func.count())
                .where(S.finished_at.is_not(None))
                .group_by(whole_seconds(S.started_at, S.finished_at))
            )
            letters = (
                await session.execute(
                    select(_count_if(R.sent_at >= today), func.count())
                    .select_from(R)
                    .where(R.sent_at >= now - timedelta(days=30))
                )
            ).one()
            return ServiceStats(
                people=people[0],
                active_7d=people[1],
                active_30d=people[2],
                blocked=people[3],
                accounts_by_state=await _counts(session, select(A.state, func.count()).group_by(A.state)),
                scans=scans[0],
                scan_median_seconds=median_of_histogram((float(s), n) for s, n in durations),
                scan_quota_units=scans[1],
                requests_by_state=await _counts(session, select(R.status, func.count()).group_by(R.status)),
                letters_today=letters[0],
                letters_30d=letters[1],
                league=await _league(session, None),
            )

    async def broker_row(self, broker_id: str) -> BrokerLeagueRow | None:
        async with self._sessions() as session:
            rows = await _league(session, broker_id)
        return rows[0] if rows else None

    async def contact_problems(self, *, limit: int) -> list[ContactProblem]:
        """Bounced requests and replies read as "use our web form" / "we do not take e-mail", per broker,
        counted since an operator last changed that broker (a fix takes it off the queue)."""
        fixed = or_(D.updated_at.is_(None), D.updated_at < R.updated_at)
        bounced = (
            select(R.broker_id, func.count())
            .outerjoin(D, D.id == R.broker_id)
            .where(R.status == RequestStatus.BOUNCED.value, fixed)
            .group_by(R.broker_id)
        )
        web_form = (
            select(R.broker_id, func.count())
            .join(E, E.request_id == R.id)
            .outerjoin(D, D.id == R.broker_id)
            .where(E.reason == WEB_FORM_REPLY, or_(D.updated_at.is_(None), D.updated_at < E.at))
            .group_by(R.broker_id)
        )
        counts: dict[str, list[int]] = defaultdict(lambda: [0, 0])
        async with self._sessions() as session:
            for column, query in enumerate((bounced, web_form)):
                for broker, count in await session.execute(query):
                    counts[broker][column] = int(count)
        ranked = sorted(counts.items(), key=lambda item: (-sum(item[1]), item[0]))
        return [ContactProblem(broker, b, w) for broker, (b, w) in ranked[:limit]]

    async def user_summary(self, telegram_id: TelegramId) -> UserSummary | None:
        async with self._sessions() as session:
            user = await session.get(U, telegram_id)
            if user is None:
                return None
            accounts = await session.execute(
                select(A.address_enc, A.state).where(A.user_id == telegram_id).order_by(A.id)
            )
            by_state = await _counts(
                session, select(R.status, func.count()).where(R.user_id == telegram_id).group_by(R.status)
            )
            return UserSummary(
                telegram_id=user.id,
                language=user.language,
                jurisdiction=user.jurisdiction,
                step=user.step,
                active=user.active,
                consent_at=user.consent_at,
                last_seen_at=user.last_seen_at,
                accounts=tuple((mask_address(self._box.decrypt(enc)), state) for enc, state in accounts),
                requests_by_state=by_state,
            )

    async def queue_health(self, *, now: datetime) -> QueueHealth:
        async with self._sessions() as session:
            waiting, oldest = (
                await session.execute(
                    select(func.count(), func.min(J.due_at)).where(J.done_at.is_(None), J.due_at <= now)
                )
            ).one()
            oldest_check = await session.scalar(
                select(func.min(J.due_at)).where(
                    J.kind == ReplyCheck.KIND, J.done_at.is_(None), J.due_at <= now
                )
            )
            units = await session.scalar(
                select(func.coalesce(func.sum(A.units_today), 0)).where(A.units_day == now.date())
            )
            return QueueHealth(
                due_waiting=waiting,
                oldest_due_at=oldest,
                database_bytes=await _database_bytes(session),
                oldest_reply_check_due_at=oldest_check,
                gmail_units_today=int(units or 0),
            )


async def _counts(session: AsyncSession, query: Select[str, int]) -> dict[str, int]:
    return {str(key): int(n) for key, n in await session.execute(query)}


async def _league(session: AsyncSession, broker_id: str | None) -> tuple[BrokerLeagueRow, ...]:
    """Per broker: letters sent, replied to, completed, and the days each completion took."""
    sent: ColumnElement[bool] = R.sent_at.is_not(None)
    if broker_id is not None:
        sent = and_(sent, R.broker_id == broker_id)
    totals = await session.execute(
        select(R.broker_id, func.count(), func.count(R.replied_at), func.count(R.completed_at))
        .where(sent)
        .group_by(R.broker_id)
    )
    days = whole_days(R.sent_at, R.completed_at)
    histograms: dict[str, list[tuple[float, int]]] = defaultdict(list)
    for broker, day, n in await session.execute(
        select(R.broker_id, days, func.count())
        .where(sent, R.completed_at.is_not(None))
        .group_by(R.broker_id, days)
    ):
        histograms[broker].append((float(day), n))
    return rank_league(
        BrokerLeagueRow(
            broker_id=broker,
            sent=n_sent,
            replies=n_replies,
            completed=n_done,
            median_days=median_of_histogram(histograms[broker]),
        )
        for broker, n_sent, n_replies, n_done in totals
    )


async def _database_bytes(session: AsyncSession) -> int | None:
    dialect = session.get_bind().dialect.name
    if dialect == "sqlite":
        pages = (await session.execute(text("PRAGMA page_count"))).scalar_one()
        size = (await session.execute(text("PRAGMA page_size"))).scalar_one()
        return int(pages) * int(size)
    if dialect == "postgresql":
        return int((await session.execute(text("SELECT pg_database_size(current_database())"))).scalar_one())
    return None
