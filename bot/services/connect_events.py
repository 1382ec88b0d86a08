"""What can happen while connecting Gmail, as values the chat layer turns into messages."""

from __future__ import annotations

from dataclasses import dataclass

from brokers.accounts import Account, StateRejected
from brokers.profile import TelegramId
from brokers.scopes import Grant


@dataclass(frozen=True, slots=True)
class Denied:
    telegram_id: TelegramId


@dataclass(frozen=True, slots=True)
class ExchangeFailed:
    telegram_id: TelegramId
    unavailable: bool


@dataclass(frozen=True, slots=True)
class NoReadAccess:
    """Only sending was allowed: without a read scope the bot cannot even learn the address."""

    telegram_id: TelegramId
    grant: Grant


@dataclass(frozen=True, slots=True)
class AwaitingLink:
    """Google's part is done; the Gmail joins an account only when its owner opens `link_token` in
    Telegram (`/start <token>`), so a consent link forwarded to someone else links nothing."""

    telegram_id: TelegramId
    link_token: str
    address: str
    grant: Grant


@dataclass(frozen=True, slots=True)
class Connected:
    account: Account
    created: bool


@dataclass(frozen=True, slots=True)
class LinkRefused:
    """The link to finish connecting was opened by another Telegram account: nothing was linked, the
    grant was revoked, and the owner (`telegram_id`) is warned."""

    telegram_id: TelegramId


@dataclass(frozen=True, slots=True)
class LinkGone:
    """The link to finish connecting is unknown, used or expired: nothing changed."""


CallbackOutcome = StateRejected | Denied | ExchangeFailed | NoReadAccess | AwaitingLink


@dataclass(frozen=True, slots=True)
class ReconnectNeeded:
    """Google no longer accepts the account's grant; the person is told once, with a reconnect button.
    `expected`: the grant simply reached the end of its 7 days in testing mode."""

    account: Account
    expected: bool = False


@dataclass(frozen=True, slots=True)
class ExpiryNear:
    """A testing-mode grant ends within a day: the person is reminded to reconnect."""

    account: Account


@dataclass(frozen=True, slots=True)
class ConnectUpdate:
    """Something about a connection the person should hear of in the chat (from the web pages or a job)."""

    outcome: CallbackOutcome | Connected | LinkRefused | ReconnectNeeded | ExpiryNear
