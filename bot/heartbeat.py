"""What the operators' /health reads of the running process: when it started and when it last swept."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from importlib import metadata


def bot_version() -> str:
    try:
        return metadata.version("data-deletion-bot")
    except metadata.PackageNotFoundError:
        return "unknown"


@dataclass(slots=True)
class Heartbeat:
    started_at: datetime
    last_sweep_at: datetime | None = None

    def swept(self, at: datetime) -> None:
        self.last_sweep_at = at
