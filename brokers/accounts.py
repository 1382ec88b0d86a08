"""Connected Gmail accounts and pending authorisations, as the application sees them."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
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
class Account:
    id: AccountId
    telegram_id: TelegramId
    address: str
    scopes: frozenset[str]
    state: AccountState
    history_id: str | None
    created_at: datetime

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
