"""Stored rows of the in-memory store where the domain value alone does not hold every column."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from brokers.accounts import Account, PendingAuthorization, Tokens
from brokers.profile import TelegramId
from brokers.requests import Discovery
from brokers.scans import ScanRecordView


@dataclass(frozen=True, slots=True)
class AuditRow:
    at: datetime
    actor: int | None
    user_id: TelegramId | None
    action: str
    detail: Mapping[str, Any] | None


@dataclass(frozen=True, slots=True)
class AccountRow:
    account: Account
    tokens: Tokens


@dataclass(frozen=True, slots=True)
class Waiting:
    """A confirmation waiting for a yes: its token, the address and the tokens to link."""

    confirm_token: str
    address: str
    tokens: Tokens


@dataclass(frozen=True, slots=True)
class OAuthStateRow:
    pending: PendingAuthorization
    expires_at: datetime
    used_at: datetime | None = None
    waiting: Waiting | None = None


@dataclass(frozen=True, slots=True)
class DiscoveryRow:
    discovery: Discovery
    scan_id: int | None


@dataclass(frozen=True, slots=True)
class ScanRow:
    view: ScanRecordView


@dataclass(frozen=True, slots=True)
class JobRow:
    id: int
    kind: str
    due_at: datetime
    attempts: int = 0
    user_id: int | None = None
    request_id: int | None = None
    dedupe_key: str | None = None
    payload: Mapping[str, Any] | None = None
    claimed_by: str | None = None
    claimed_until: datetime | None = None
    done_at: datetime | None = None
    last_error: str | None = None
