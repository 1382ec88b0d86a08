"""Scan runs as the application sees them."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from typing import Any

from brokers.accounts import AccountId


class ScanState(StrEnum):
    RUNNING = "running"
    COMPLETED = "completed"
    CANCELLED = "cancelled"
    FAILED = "failed"


# The error of a scan cancelled while no run held it: the next run of its job ends it and tells the chat.
CANCEL_ASKED = "cancel_asked"


@dataclass(frozen=True, slots=True)
class ScanRecordView:
    id: int
    account_id: AccountId
    mode: str
    state: ScanState
    cursor: dict[str, Any] | None
    since: datetime | None
    started_at: datetime
    finished_at: datetime | None
    messages_seen: int
    brokers_found: int
    quota_units: int
    progress_message_id: int | None
    error: str | None = None  # why a scan failed; CANCEL_ASKED while a cancel waits for its scan's job
