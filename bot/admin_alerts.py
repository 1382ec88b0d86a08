"""TelegramAdminAlerts: the AdminAlerts port as private messages to the operators, at most one a minute,
and one per kind of error every few minutes."""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Iterable
from typing import Protocol

from telegram.error import TelegramError

log = logging.getLogger(__name__)

ALERT_INTERVAL_SECONDS = 60.0
KIND_INTERVAL_SECONDS = 300.0


class MessageSender(Protocol):
    """The one call of a PTB Bot this adapter makes."""

    async def send_message(self, chat_id: int | str, text: str) -> object: ...


class TelegramAdminAlerts:
    def __init__(
        self,
        bot: MessageSender,
        admin_ids: Iterable[int],
        *,
        interval: float = ALERT_INTERVAL_SECONDS,
        kind_interval: float = KIND_INTERVAL_SECONDS,
        monotonic: Callable[[], float] = time.monotonic,
    ) -> None:
        self._bot = bot
        self._admin_ids = tuple(admin_ids)
        self._interval = interval
        self._kind_interval = kind_interval
        self._monotonic = monotonic
        self._last_sent: dict[str | None, float] = {}
        self._held_back: dict[str | None, int] = {}

    async def alert(self, text: str, *, kind: str | None = None) -> None:
        # A failure storm (Google down, a bad release) must not flood the operators' chats.
        now = self._monotonic()
        interval = self._interval if kind is None else self._kind_interval
        last = self._last_sent.get(kind)
        if last is not None and now - last < interval:
            self._held_back[kind] = self._held_back.get(kind, 0) + 1
            # The port forbids personal data in alerts, so the text may go to the log.
            log.warning("admin alert held back by the rate limit", extra={"alert": text[:200]})
            return
        self._last_sent[kind] = now
        held_back = self._held_back.pop(kind, 0)
        if held_back:
            text += f"\n(+{held_back} more since the last alert; see the logs)"
        for admin in self._admin_ids:
            try:
                await self._bot.send_message(admin, text)
            except TelegramError:
                log.warning("could not alert an admin")
