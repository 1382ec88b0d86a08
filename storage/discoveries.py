"""The SQL repository of discoveries: which brokers a scan found in which mailbox (counts and dates only)."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from brokers.accounts import AccountId
from brokers.requests import Discovery
from storage.records import DiscoveryRecord


class SqlDiscoveryRepository:
    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def merge(self, found: Discovery, *, scan_id: int | None, whole_mailbox: bool = False) -> None:
        record = await self._session.scalar(
            select(DiscoveryRecord).where(
                DiscoveryRecord.authorization_id == found.account_id,
                DiscoveryRecord.broker_id == found.broker_id,
            )
        )
        if record is None:
            self._session.add(
                DiscoveryRecord(
                    authorization_id=found.account_id,
                    broker_id=found.broker_id,
                    message_count=found.message_count,
                    first_seen=found.first_seen,
                    last_seen=found.last_seen,
                    scan_id=scan_id,
                )
            )
            return
        if scan_id is not None and record.scan_id == scan_id:
            return  # a retried finish: this scan's mail is counted already
        if whole_mailbox:
            record.message_count = found.message_count
            record.first_seen, record.last_seen = found.first_seen, found.last_seen
        else:
            record.message_count += found.message_count
            record.first_seen = min(record.first_seen, found.first_seen)
            record.last_seen = max(record.last_seen, found.last_seen)
        record.scan_id = scan_id

    async def for_account(self, account_id: AccountId) -> list[Discovery]:
        rows = await self._session.scalars(
            select(DiscoveryRecord)
            .where(DiscoveryRecord.authorization_id == account_id)
            .order_by(DiscoveryRecord.message_count.desc())
        )
        return [
            Discovery(AccountId(r.authorization_id), r.broker_id, r.message_count, r.first_seen, r.last_seen)
            for r in rows
        ]
