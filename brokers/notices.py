"""What the bot tells a person unprompted: deadlines, replies, follow-ups, escalation, DROP windows."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum
from typing import Any

from brokers.requests import RequestId

NEAR_DEADLINE_DAYS = 3
ESCALATE_AFTER_DAYS = 14  # the grace a follow-up letter gives (datarequests.org's admonition period)
DROP_UPDATE_DAYS = 45  # California's DROP takes an updated request every 45 days


class NoticeType(StrEnum):
    DEADLINE_NEAR = "deadline_near"
    DEADLINE_PASSED = "deadline_passed"
    ESCALATE = "escalate"
    RECEIPT_MISSING = "receipt_missing"
    REPLY = "reply"
    REAPPEARED = "reappeared"
    DROP_WINDOW = "drop_window"
    SENDS_RESUMED = "sends_resumed"


@dataclass(frozen=True, slots=True)
class Notice:
    """One update for a person; several due together are rendered as one message."""

    type: NoticeType
    request_id: RequestId | None = None
    broker_name: str = ""
    when: datetime | None = None
    detail: dict[str, Any] = field(default_factory=dict)
