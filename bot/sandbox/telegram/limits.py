"""Flood control as Telegram applies it: an overall rate, a per-chat bucket, a per-group minute, and the
waits (`retry_after`) it hands out, with every breach recorded."""

from __future__ import annotations

import math
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass

from bot.sandbox.telegram.models import RateLimits, Violation

ANSWER_METHOD = "answerCallbackQuery"
_MESSAGE_VERBS = ("send", "edit", "copy", "forward", "stop")


def is_counted(method: str) -> bool:
    """Whether a method produces or changes a message, and so counts against the message limits."""
    return method.startswith(_MESSAGE_VERBS) and method != "sendChatAction"


@dataclass(frozen=True, slots=True)
class Refusal:
    retry_after: int


class FloodControl:
    """Admits or refuses calls; a refusal carries the whole seconds to wait (`retry_after`).

    Message methods: private chats get a token bucket (`chat_burst` calls at once, then
    `chat_per_second`), groups `group_per_minute` in any 60 s window, and every chat together
    `overall_per_second` in any 1 s window. answerCallbackQuery has its own overall window
    (`answers_per_second`). A refusal holds its chat (or, for answers, all answers) for `retry_after`
    seconds: any call there before then is refused again and recorded as early. A refused call consumes
    nothing. Every refusal is a violation.
    """

    def __init__(self, limits: RateLimits, clock: Callable[[], float] = time.monotonic) -> None:
        self.limits = limits
        self._clock = clock
        self._overall: deque[float] = deque()
        self._answers: deque[float] = deque()
        self._groups: dict[int, deque[float]] = {}
        self._buckets: dict[int, tuple[float, float]] = {}  # chat id -> (tokens, when counted)
        self._held: dict[int | str, float] = {}  # chat id (or ANSWER_METHOD) -> refused until
        self.violations: list[Violation] = []

    def admit(self, method: str, chat_id: int | None) -> Refusal | None:
        """Record one call and return None, or record a violation and return the refusal."""
        key: int | str | None = ANSWER_METHOD if method == ANSWER_METHOD else chat_id
        if key is None:
            return None
        now = self._clock()
        held = self._held.get(key, 0.0)
        if now < held:
            return self._refuse(method, chat_id, now, held - now, early=True)
        if method == ANSWER_METHOD:
            wait = _window_wait(self._answers, now, limit=self.limits.answers_per_second, period=1.0)
        elif chat_id is not None and is_counted(method):
            wait = max(self._overall_wait(now), self._chat_wait(chat_id, now))
        else:
            return None
        if wait > 0:
            refusal = self._refuse(method, chat_id, now, wait, early=False)
            self._held[key] = now + refusal.retry_after
            return refusal
        self._take(method, chat_id, now)
        return None

    def _refuse(self, method: str, chat_id: int | None, now: float, wait: float, *, early: bool) -> Refusal:
        retry_after = max(1, math.ceil(wait))
        self.violations.append(Violation(method, chat_id, retry_after, early=early, at=now))
        return Refusal(retry_after)

    def _take(self, method: str, chat_id: int | None, now: float) -> None:
        if method == ANSWER_METHOD or chat_id is None:
            self._answers.append(now)
            return
        self._overall.append(now)
        if chat_id < 0:
            self._groups.setdefault(chat_id, deque()).append(now)
        else:
            tokens, _ = self._bucket(chat_id, now)
            self._buckets[chat_id] = (tokens - 1, now)

    def _overall_wait(self, now: float) -> float:
        return _window_wait(self._overall, now, limit=self.limits.overall_per_second, period=1.0)

    def _chat_wait(self, chat_id: int, now: float) -> float:
        if chat_id < 0:
            window = self._groups.setdefault(chat_id, deque())
            return _window_wait(window, now, limit=self.limits.group_per_minute, period=60.0)
        tokens, _ = self._bucket(chat_id, now)
        if tokens >= 1:
            return 0.0
        return (1 - tokens) / self.limits.chat_per_second

    def _bucket(self, chat_id: int, now: float) -> tuple[float, float]:
        tokens, since = self._buckets.get(chat_id, (float(self.limits.chat_burst), now))
        refilled = min(float(self.limits.chat_burst), tokens + (now - since) * self.limits.chat_per_second)
        return refilled, now


def _window_wait(window: deque[float], now: float, *, limit: int, period: float) -> float:
    """Seconds until one more call fits in `window` (at most `limit` calls in any `period`)."""
    while window and window[0] <= now - period:
        window.popleft()
    if len(window) < limit:
        return 0.0
    return window[-limit] + period - now
