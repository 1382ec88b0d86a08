"""In-memory scan runs and discoveries (brokers.ports.ScanRepository, DiscoveryRepository)."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime
from typing import Any

from brokers.accounts import AccountId
from brokers.requests import Discovery
from brokers.scans import ScanRecordView, ScanState
from tests.fakes.memory.database import Session
from tests.fakes.memory.rows import DiscoveryRow, ScanRow

DEEP = "deep"


class MemoryScanRepository:
    def __init__(self, session: Session) -> None:
        self._session = session

    async def start(self, account_id: AccountId, *, mode: str, since: datetime | None) -> int | None:
        if any(v.account_id == account_id for v in await self.running()):
            return None
        scan_id = self._session.database.next_id("scans")
        view = ScanRecordView(
            scan_id, account_id, mode, ScanState.RUNNING, None, since, self._session.now, None, 0, 0, 0, None
        )
        self._session.tables.scans[scan_id] = ScanRow(view)
        return scan_id

    async def get(self, scan_id: int) -> ScanRecordView | None:
        row = self._session.tables.scans.get(scan_id)
        return None if row is None else row.view

    async def checkpoint(self, scan_id: int, cursor: dict[str, Any]) -> None:
        self._change(scan_id, cursor=dict(cursor))

    async def set_progress_message(self, scan_id: int, message_id: int) -> None:
        self._change(scan_id, progress_message_id=message_id)

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
        self._change(
            scan_id, state=state, messages_seen=messages, brokers_found=brokers, quota_units=quota_units,
            cursor=None, finished_at=self._session.now, error=error,
        )  # fmt: skip

    async def last_completed(self, account_id: AccountId) -> ScanRecordView | None:
        newest_first = sorted(self._session.tables.scans.items(), reverse=True)
        done = (r.view for _, r in newest_first if r.view.account_id == account_id)
        return next((v for v in done if v.state is ScanState.COMPLETED and v.mode != DEEP), None)

    async def running(self) -> list[ScanRecordView]:
        rows = sorted(self._session.tables.scans.items())
        return [r.view for _, r in rows if r.view.state is ScanState.RUNNING]

    def _change(self, scan_id: int, **values: Any) -> None:
        row = self._session.tables.scans.get(scan_id)
        if row is not None:
            self._session.tables.scans[scan_id] = replace(row, view=replace(row.view, **values))


class MemoryDiscoveryRepository:
    def __init__(self, session: Session) -> None:
        self._session = session

    async def merge(self, found: Discovery, *, scan_id: int | None, whole_mailbox: bool = False) -> None:
        key = (found.account_id, found.broker_id)
        row = self._session.tables.discoveries.get(key)
        if row is not None and scan_id is not None and row.scan_id == scan_id:
            return
        if row is not None and not whole_mailbox:
            known = row.discovery
            found = replace(
                known,
                message_count=known.message_count + found.message_count,
                first_seen=min(known.first_seen, found.first_seen),
                last_seen=max(known.last_seen, found.last_seen),
            )
        self._session.tables.discoveries[key] = DiscoveryRow(found, scan_id)

    async def for_account(self, account_id: AccountId) -> list[Discovery]:
        mine = [
            r.discovery
            for r in self._session.tables.discoveries.values()
            if r.discovery.account_id == account_id
        ]
        return sorted(mine, key=lambda d: d.message_count, reverse=True)
