"""Connected Gmail accounts and pending authorisations, as the application sees them."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum
from typing import NewType

from brokers.profile import TelegramId
from brokers.scopes import AccessMode, Grant

AccountId = NewType("AccountId", int)

STATE_TTL_SECONDS = 600
CONFIRM_TTL_SECONDS = 600


class AccountState(StrEnum):
    ACTIVE = "active"
    NEEDS_RECONNECT = "needs_reconnect"


@dataclass(frozen=True, slots=True)
class Tokens:
    """OAuth tokens of one account; they only ever leave storage encrypted."""

    access_token: str
    refresh_token: str | None
    expiry: datetime | None
    scopes: frozenset[str]


@dataclass(frozen=True, slots=True)
class ReplySync:
    """Where the reply check of one account stands: the Gmail history id to read on from (None before
    the first check), when a check last succeeded, the failures in a row since, and the Gmail units
    spent on `units_day`. Ids and counts only, never anything of a message."""

    history_id: str | None = None
    synced_at: datetime | None = None
    failures: int = 0
    units_day: date | None = None
    units: int = 0

    def units_on(self, day: date) -> int:
        return self.units if self.units_day == day else 0


@dataclass(frozen=True, slots=True)
class Account:
    id: AccountId
    telegram_id: TelegramId
    address: str
    scopes: frozenset[str]
    state: AccountState
    history_id: str | None
    created_at: datetime
    sync: ReplySync = ReplySync()

    @property
    def grant(self) -> Grant:
        return Grant(self.scopes)


@dataclass(frozen=True, slots=True)
class PendingAuthorization:
    """A consent link handed out: whose it is, its PKCE verifier and when it stops working."""

    telegram_id: TelegramId
    code_verifier: str
    mode: AccessMode
    expires_at: datetime


class StateProblem(StrEnum):
    UNKNOWN = "unknown"
    EXPIRED = "expired"
    USED = "used"


@dataclass(frozen=True, slots=True)
class StateRejected:
    """A callback whose state cannot be used; `telegram_id` is known unless the state is unknown."""

    problem: StateProblem
    telegram_id: TelegramId | None = None


@dataclass(frozen=True, slots=True)
class Confirmation:
    """What the confirmation page offers to link: the address, and the tokens waiting for a yes."""

    telegram_id: TelegramId
    address: str
    tokens: Tokens
