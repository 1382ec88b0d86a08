"""SqlBroadcasts: the operators' broadcasts and their per-recipient delivery rows."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import func, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from brokers.broadcasts import Broadcast, BroadcastId, BroadcastProgress, BroadcastState, Outcome
from brokers.profile import TelegramId
from storage.records import BroadcastDeliveryRecord as D
from storage.records import BroadcastRecord as B
from storage.records import UserRecord as U

_OPEN = (BroadcastState.DRAFT.value, BroadcastState.SENDING.value)


class SqlBroadcasts:
    def __init__(self, sessions: async_sessionmaker[AsyncSession]) -> None:
        self._sessions = sessions

    async def create(self, text: str, *, by: int, at: datetime) -> Broadcast:
        async with self._sessions() as session:
            recipients = await session.scalar(select(func.count()).select_from(U).where(U.active.is_(True)))
            row = B(
                text=text,
                created_by=by,
                created_at=at,
                state=BroadcastState.DRAFT.value,
                recipients=recipients or 0,
                cursor=0,
            )
            session.add(row)
            await session.commit()
            return _broadcast(row)

    async def get(self, broadcast_id: BroadcastId) -> Broadcast | None:
        async with self._sessions() as session:
            row = await session.get(B, broadcast_id)
            return _broadcast(row) if row else None

    async def start(self, broadcast_id: BroadcastId, *, progress_message_id: int | None) -> bool:
        # The recipients are counted again: people may have come or blocked the bot since the preview.
        recipients = select(func.count()).select_from(U).where(U.active.is_(True)).scalar_subquery()
        return await self._move(
            broadcast_id,
            (BroadcastState.DRAFT.value,),
            BroadcastState.SENDING,
            progress_message_id=progress_message_id,
            recipients=recipients,
        )

    async def cancel(self, broadcast_id: BroadcastId) -> bool:
        return await self._move(broadcast_id, _OPEN, BroadcastState.CANCELLED)

    async def finish(self, broadcast_id: BroadcastId) -> bool:
        return await self._move(broadcast_id, (BroadcastState.SENDING.value,), BroadcastState.DONE)

    async def _move(
        self, broadcast_id: BroadcastId, was: Sequence[str], to: BroadcastState, **values: object
    ) -> bool:
        async with self._sessions() as session:
            result = await session.execute(
                update(B).where(B.id == broadcast_id, B.state.in_(was)).values(state=to.value, **values)
            )
            await session.commit()
            return bool(result.rowcount)  # type: ignore[attr-defined]

    async def next_recipients(self, broadcast_id: BroadcastId, *, limit: int) -> list[TelegramId]:
        async with self._sessions() as session:
            cursor = select(B.cursor).where(B.id == broadcast_id).scalar_subquery()
            ids = await session.scalars(
                select(U.id).where(U.active.is_(True), U.id > cursor).order_by(U.id).limit(limit)
            )
            return [TelegramId(i) for i in ids]

    async def advance(self, broadcast_id: BroadcastId, cursor: int) -> None:
        async with self._sessions() as session:
            await session.execute(
                update(B).where(B.id == broadcast_id, B.cursor < cursor).values(cursor=cursor)
            )
            await session.commit()

    async def claim(
        self, broadcast_id: BroadcastId, people: Sequence[TelegramId], *, at: datetime
    ) -> list[TelegramId]:
        if not people:
            return []
        async with self._sessions() as session:
            dialect = session.get_bind().dialect.name
            insert = postgresql.insert(D) if dialect == "postgresql" else sqlite.insert(D)
            rows = [
                {"broadcast_id": broadcast_id, "user_id": p, "outcome": Outcome.PENDING.value, "at": at}
                for p in people
            ]
            claimed = await session.scalars(insert.values(rows).on_conflict_do_nothing().returning(D.user_id))
            result = sorted(TelegramId(i) for i in claimed)
            await session.commit()
            return result

    async def record(self, broadcast_id: BroadcastId, person: TelegramId, outcome: Outcome) -> None:
        async with self._sessions() as session:
            await session.execute(
                update(D)
                .where(D.broadcast_id == broadcast_id, D.user_id == person)
                .values(outcome=outcome.value)
            )
            await session.commit()

    async def take(self, broadcast_id: BroadcastId, person: TelegramId, *, was: Outcome) -> bool:
        async with self._sessions() as session:
            result = await session.execute(
                update(D)
                .where(D.broadcast_id == broadcast_id, D.user_id == person, D.outcome == was.value)
                .values(outcome=Outcome.PENDING.value)
            )
            await session.commit()
            return bool(result.rowcount)  # type: ignore[attr-defined]

    async def progress(self, broadcast_id: BroadcastId) -> BroadcastProgress:
        async with self._sessions() as session:
            recipients = await session.scalar(select(B.recipients).where(B.id == broadcast_id))
            counts = await session.execute(
                select(D.outcome, func.count()).where(D.broadcast_id == broadcast_id).group_by(D.outcome)
            )
            return BroadcastProgress(recipients or 0, {Outcome(o): n for o, n in counts})


def _broadcast(row: B) -> Broadcast:
    return Broadcast(
        id=BroadcastId(row.id),
        text=row.text,
        created_by=row.created_by,
        created_at=row.created_at,
        state=BroadcastState(row.state),
        recipients=row.recipients,
        cursor=row.cursor,
        progress_message_id=row.progress_message_id,
    )
