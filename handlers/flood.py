"""A person who floods the bot: more than FLOOD_LIMIT updates in FLOOD_WINDOW seconds get one notice,
and the rest are dropped before any handler runs."""

from __future__ import annotations

import enum
import logging
import time
from collections import deque
from collections.abc import Callable

from telegram import Update
from telegram.error import TelegramError

from bot.i18n import Text
from brokers.profile import pick_language

log = logging.getLogger(__name__)

# A quick person taps a few times a second at most; a script or a stuck key sends tens a second.
FLOOD_LIMIT = 30
FLOOD_WINDOW_SECONDS = 10.0
PRUNE_ABOVE = 4096


class Verdict(enum.Enum):
    ADMIT = "admit"
    WARN = "warn"  # the first update over the limit: answered with the notice instead
    DROP = "drop"


class FloodGuard:
    """Counts each person's updates in a sliding window; dropped ones count too, so a person who keeps
    flooding stays over the limit and is warned once, until they calm down."""

    def __init__(
        self,
        limit: int = FLOOD_LIMIT,
        window: float = FLOOD_WINDOW_SECONDS,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._limit = limit
        self._window = window
        self._clock = clock
        self._seen: dict[int, deque[float]] = {}  # the person's latest `limit` updates
        self._warned: set[int] = set()

    def check(self, person: int) -> Verdict:
        now = self._clock()
        seen = self._seen.get(person)
        if seen is None:
            if len(self._seen) >= PRUNE_ABOVE:
                self._prune(now)
            seen = self._seen[person] = deque(maxlen=self._limit)
        over = len(seen) == self._limit and seen[0] > now - self._window
        seen.append(now)
        if not over:
            self._warned.discard(person)
            return Verdict.ADMIT
        if person in self._warned:
            return Verdict.DROP
        self._warned.add(person)
        return Verdict.WARN

    def _prune(self, now: float) -> None:
        for person, seen in list(self._seen.items()):
            if seen[-1] <= now - self._window:
                del self._seen[person]
                self._warned.discard(person)


async def slow_down_notice(update: Update) -> None:
    """Ask the person, once, to slow down (in their Telegram language: no database work in a flood)."""
    chat = update.effective_chat
    if chat is None:
        return
    language = update.effective_user.language_code if update.effective_user else None
    t = Text(pick_language(language))
    log.info("flood from a person: notice sent, excess updates dropped", extra={"chat": chat.id})
    try:
        await update.get_bot().send_message(
            chat.id, t("You're sending me messages faster than I can answer. Please slow down: "
                       "I'll answer again in a few seconds.")
        )  # fmt: skip
    except TelegramError as error:
        log.info("slow-down notice not delivered", extra={"reason": type(error).__name__})
