"""The SQL repository of shared sender domains: per domain only how many opted-in people saw it."""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncSession

from brokers.ports import Clock
from storage.records import SharedDomainRecord


class SqlSharedDomainRepository:
    def __init__(self, session: AsyncSession, clock: Clock) -> None:
        self._session = session
        self._clock = clock

    async def count_person(self, domains: Iterable[str]) -> None:
        now = self._clock.now()
        rows = [{"domain": d, "people": 1, "updated_at": now} for d in sorted(set(domains))]
        if not rows:
            return
        # An upsert, so two people's scans adding the same new domain at once both count.
        dialect = postgresql if self._session.get_bind().dialect.name == "postgresql" else sqlite
        insert = dialect.insert(SharedDomainRecord).values(rows)
        await self._session.execute(
            insert.on_conflict_do_update(
                index_elements=[SharedDomainRecord.domain],
                set_={"people": SharedDomainRecord.people + 1, "updated_at": now},
            )
        )

    async def seen_by(self, *, at_least: int, limit: int = 50) -> list[tuple[str, int]]:
        rows = await self._session.execute(
            select(SharedDomainRecord.domain, SharedDomainRecord.people)
            .where(SharedDomainRecord.people >= at_least)
            .order_by(SharedDomainRecord.people.desc(), SharedDomainRecord.domain)
            .limit(limit)
        )
        return [(domain, people) for domain, people in rows]
