"""The SQL repository of scan runs (`email_scans`): status, resumable cursor, counts, quota, timings."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession

from brokers.accounts import AccountId
from brokers.ports import Clock
from brokers.scans import ScanRecordView, ScanState
from storage.records import EmailScanRecord


class SqlScanRepository:
    def __init__(self, session: AsyncSession, clock: Clock) -> None:
        self._session = session
        self._clock = clock

    async def start(self, account_id: AccountId, *, mode: str, since: datetime | None) -> int | None:
        """A new running scan, unless one already runs for the account (then None)."""
        running = await self._session.scalar(
            select(EmailScanRecord.id).where(
                EmailScanRecord.authorization_id == account_id,
                EmailScanRecord.status == ScanState.RUNNING.value,
            )
        )
        if running is not None:
            return None
        record = EmailScanRecord(
            authorization_id=account_id,
            mode=mode,
            status=ScanState.RUNNING.value,
            messages_seen=0,
            brokers_found=0,
            quota_units=0,
            since=since,
            started_at=self._clock.now(),
        )
        self._session.add(record)
        await self._session.flush()
        return record.id

    async def get(self, scan_id: int) -> ScanRecordView | None:
        record = await self._session.get(EmailScanRecord, scan_id, populate_existing=True)
        return None if record is None else _view(record)

    async def checkpoint(self, scan_id: int, cursor: dict[str, Any]) -> None:
        await self._session.execute(
            update(EmailScanRecord).where(EmailScanRecord.id == scan_id).values(cursor=cursor)
        )

    async def set_progress_message(self, scan_id: int, message_id: int) -> None:
        await self._session.execute(
            update(EmailScanRecord)
            .where(EmailScanRecord.id == scan_id)
            .values(progress_message_id=message_id)
        )

    async def finish(
        self,
        scan_id: int,
        *,
        state: ScanState,
        messages: int,
        brokers: int,
        quota_units: int,
        error: str | None = None,
    ) -> None:
        """Close the run; the cursor (message ids, sender forms) is dropped: it is no longer needed."""
        await self._session.execute(
            update(EmailScanRecord)
            .where(EmailScanRecord.id == scan_id)
            .values(
                status=state.value,
                messages_seen=messages,
                brokers_found=brokers,
                quota_units=quota_units,
                error=error,
                cursor=None,
                finished_at=self._clock.now(),
            )
        )

    async def last_completed(self, account_id: AccountId) -> ScanRecordView | None:
        record = await self._session.scalar(
            select(EmailScanRecord)
            .where(
                EmailScanRecord.authorization_id == account_id,
                EmailScanRecord.status == ScanState.COMPLETED.value,
                EmailScanRecord.mode != "deep",
            )
            .order_by(EmailScanRecord.id.desc())
            .limit(1)
        )
        return None if record is None else _view(record)

    async def running(self) -> list[ScanRecordView]:
        rows = await self._session.scalars(
            select(EmailScanRecord).where(EmailScanRecord.status == ScanState.RUNNING.value)
        )
        return [_view(r) for r in rows]


def _view(r: EmailScanRecord) -> ScanRecordView:
    return ScanRecordView(
        id=r.id,
        account_id=AccountId(r.authorization_id),
        mode=r.mode,
        state=ScanState(r.status),
        cursor=r.cursor,
        since=r.since,
        started_at=r.started_at,
        finished_at=r.finished_at,
        messages_seen=r.messages_seen,
        brokers_found=r.brokers_found,
        quota_units=r.quota_units,
        progress_message_id=r.progress_message_id,
        error=r.error,
    )
