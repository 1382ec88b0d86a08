"""An operators' broadcast: its states, and what each recipient's delivery came to."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from typing import NewType

BroadcastId = NewType("BroadcastId", int)

MAX_BROADCAST_LENGTH = 3500  # below Telegram's 4096, leaving room for the preview's frame


class BroadcastState(StrEnum):
    DRAFT = "draft"
    SENDING = "sending"
    CANCELLED = "cancelled"
    DONE = "done"


class Outcome(StrEnum):
    """A recipient's delivery. PENDING is claimed and being sent: a crash leaves it so, and it is
    never sent again (a broadcast reaches a person at most once)."""

    PENDING = "pending"
    SENT = "sent"
    BLOCKED = "blocked"
    FAILED = "failed"
    HELD = "held"  # in their quiet hours: a job of its own sends it when they end
    RETRYING = "retrying"  # Telegram failed for a moment (429, 5xx, network): a job of its own retries


@dataclass(frozen=True, slots=True)
class Broadcast:
    id: BroadcastId
    text: str
    created_by: int
    created_at: datetime
    state: BroadcastState
    recipients: int
    cursor: int
    progress_message_id: int | None


@dataclass(frozen=True, slots=True)
class BroadcastProgress:
    recipients: int
    outcomes: Mapping[Outcome, int]

    def count(self, outcome: Outcome) -> int:
        return self.outcomes.get(outcome, 0)

    @property
    def handled(self) -> int:
        return sum(self.outcomes.values())
