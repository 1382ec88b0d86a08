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
class AwaitingConfirmation:
    telegram_id: TelegramId
    confirm_token: str
    address: str
    grant: Grant


@dataclass(frozen=True, slots=True)
class Connected:
    account: Account
    created: bool


@dataclass(frozen=True, slots=True)
class Cancelled:
    telegram_id: TelegramId


CallbackOutcome = StateRejected | Denied | ExchangeFailed | NoReadAccess | AwaitingConfirmation


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

    outcome: CallbackOutcome | Connected | Cancelled | ReconnectNeeded | ExpiryNear
