"""Deletion requests and their history, as the application sees them."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from typing import Any, NewType

from brokers.accounts import AccountId
from brokers.lifecycle import RequestStatus
from brokers.profile import TelegramId

RequestId = NewType("RequestId", int)


class Channel(StrEnum):
    EMAIL = "email"
    FORM = "form"


@dataclass(frozen=True, slots=True)
class DeletionRequest:
    id: RequestId
    telegram_id: TelegramId
    account_id: AccountId | None
    broker_id: str
    law: str
    channel: Channel
    recipient: str | None
    status: RequestStatus
    message_id_header: str | None
    gmail_message_id: str | None
    gmail_thread_id: str | None
    sent_at: datetime | None
    deadline_at: datetime | None
    attempts: int
    last_error: str | None
    created_at: datetime


@dataclass(frozen=True, slots=True)
class RequestEvent:
    request_id: RequestId
    from_status: RequestStatus | None
    to_status: RequestStatus
    at: datetime
    reason: str
    evidence: dict[str, Any] | None = None


@dataclass(frozen=True, slots=True)
class NewRequest:
    """A draft to create: one per person and broker while an earlier one is still open or draft."""

    telegram_id: TelegramId
    account_id: AccountId | None
    broker_id: str
    law: str
    channel: Channel
    recipient: str | None


@dataclass(frozen=True, slots=True)
class Discovery:
    """A broker found in one mailbox: how many mails and when; never any content."""

    account_id: AccountId
    broker_id: str
    message_count: int
    first_seen: datetime
    last_seen: datetime
