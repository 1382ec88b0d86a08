"""SendAllRuns: who has a Send all in progress in this process, so a second tap cannot start another."""

from __future__ import annotations

from brokers.profile import TelegramId


class SendAllRuns:
    """Per-process state owned by the composition root; a restart forgets it (and the run with it)."""

    def __init__(self) -> None:
        self._running: set[TelegramId] = set()

    def is_running(self, telegram_id: TelegramId) -> bool:
        return telegram_id in self._running

    def start(self, telegram_id: TelegramId) -> bool:
        """Mark a run as started; False if one is running already (test and set, with no await between)."""
        if telegram_id in self._running:
            return False
        self._running.add(telegram_id)
        return True

    def finish(self, telegram_id: TelegramId) -> None:
        self._running.discard(telegram_id)
