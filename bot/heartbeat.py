"""The running process as the operators' /health sees it (start, last sweep, its reply checks), and whether
it is stopping."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from importlib import metadata

from bot.reply_meter import ReplyCheckMeter


def bot_version() -> str:
    try:
        return metadata.version("data-deletion-bot")
    except metadata.PackageNotFoundError:
        return "unknown"


@dataclass(slots=True)
class Heartbeat:
    started_at: datetime
    last_sweep_at: datetime | None = None
    # Set when a stop begins, so long jobs (a broadcast) hand their work back to the queue early.
    stopping: bool = False
    reply_checks: ReplyCheckMeter = field(default_factory=ReplyCheckMeter)

    def is_stopping(self) -> bool:
        return self.stopping

    def swept(self, at: datetime) -> None:
        self.last_sweep_at = at
