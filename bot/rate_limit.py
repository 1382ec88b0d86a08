"""ChatRateLimiter: keeps the bot's messages under Telegram's flood limits and waits out RetryAfter."""

from __future__ import annotations

import asyncio
import contextlib
import functools
import logging
from collections.abc import Callable, Coroutine
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from telegram.error import RetryAfter
from telegram.ext import BaseRateLimiter

from bot.pacing import ChatAllowance, Pacer, Priority, Turn

log = logging.getLogger(__name__)

Result = bool | dict[str, Any] | list[dict[str, Any]]
Callback = Callable[..., Coroutine[Any, Any, Result]]
ChatKey = int | str

PAID_PER_SECOND = 1000.0  # FloodLimit.PAID_MESSAGES_PER_SECOND, with allow_paid_broadcast
FLOOD_MARGIN_SECONDS = 0.1
GROUP_PERIOD_SECONDS = 60.0
PRUNE_ABOVE = 4096
_MESSAGE_VERBS = ("send", "edit", "copy", "forward", "stop")


def is_message_method(endpoint: str) -> bool:
    """Whether a Bot API method produces or changes a message (and so counts against flood limits)."""
    return endpoint.startswith(_MESSAGE_VERBS) and endpoint != "sendChatAction"


@dataclass(frozen=True, slots=True)
class FloodLimits:
    """Our own limits, set a little under Telegram's (~30/s overall, ~1/s per chat, 20/min per group)
    because the server measures arrival times, which jitter against the moments we send."""

    overall_per_second: float = 29.0
    chat_burst: float = 2.0
    chat_per_second: float = 1.0
    group_per_minute: int = 19


class ChatRateLimiter(BaseRateLimiter[Priority]):
    """Paces message methods overall, per private chat and per group, and honours every RetryAfter.

    Messages to one chat leave in order, one at a time, replies and pushes alike (a private chat gets a
    short burst, then about one a second). A RetryAfter on any method is waited out and the same request
    sent again, up to `max_retries` times: nothing goes to that chat (or, for a call without a chat, to
    that method) before the wait has passed. A wait longer than `max_wait` is not waited in place but
    raised, so the caller can retry later. Two chats held at once hold everything (the overall limit was
    hit). Pass `rate_limit_args=Priority.BULK` for fan-out so replies to people go first.
    """

    def __init__(
        self, limits: FloodLimits | None = None, *, max_retries: int = 5, max_wait: float = 60.0
    ) -> None:
        self.limits = limits or FloodLimits()
        self._max_retries = max_retries
        self._max_wait = max_wait
        self._overall = Pacer(self.limits.overall_per_second)
        self._paid = Pacer(PAID_PER_SECOND)
        self._chats: dict[ChatKey, ChatAllowance] = {}
        self._method_holds: dict[str, float] = {}  # calls without a chat (answers to taps): held until
        self._prune_above = PRUNE_ABOVE
        self._flooded: tuple[ChatKey, float] | None = None

    async def initialize(self) -> None:
        """Nothing to set up."""

    async def shutdown(self) -> None:
        """Nothing to release."""

    async def process_request(
        self,
        callback: Callback,
        args: Any,
        kwargs: dict[str, Any],
        endpoint: str,
        data: dict[str, Any],
        rate_limit_args: Priority | None,
    ) -> Result:
        chat = _chat_key(data.get("chat_id"))
        if chat is None:
            return await self._retrying(callback, args, kwargs, endpoint, self._method_turn(endpoint))
        allowance = self._allowance(chat)
        if not is_message_method(endpoint):
            return await self._retrying(callback, args, kwargs, endpoint, self._hold_turn(chat, allowance))
        paid = bool(data.get("allow_paid_broadcast"))
        priority = rate_limit_args or Priority.INTERACTIVE
        async with allowance.lock:
            turn = self._message_turn(chat, allowance, priority, paid=paid)
            return await self._retrying(callback, args, kwargs, endpoint, turn)

    async def _retrying(
        self, callback: Callback, args: Any, kwargs: dict[str, Any], endpoint: str, turn: Turn
    ) -> Result:
        for attempt in range(self._max_retries + 1):
            await turn.wait()
            try:
                return await callback(*args, **kwargs)
            except RetryAfter as error:
                wait = _seconds(error) + FLOOD_MARGIN_SECONDS
                if attempt == self._max_retries or wait > self._max_wait:
                    log.warning("flood wait of %.1f s for %s not retried (try %d)", wait, endpoint, attempt)
                    raise
                log.info("flood wait of %.1f s for %s, then retrying", wait, endpoint)
                turn.hold(wait)
        raise AssertionError("unreachable: the last attempt returns or raises")

    def _method_turn(self, endpoint: str) -> Turn:
        def wait_for(now: float) -> float:
            return self._method_holds.get(endpoint, 0.0) - now

        def hold(wait: float) -> None:
            until = asyncio.get_running_loop().time() + wait
            self._method_holds[endpoint] = max(self._method_holds.get(endpoint, 0.0), until)

        return Turn(wait_for, hold, self._max_wait)

    def _hold_turn(self, chat: ChatKey, allowance: ChatAllowance) -> Turn:
        hold = functools.partial(self._hold, chat, allowance)
        return Turn(lambda now: allowance.held_until - now, hold, self._max_wait)

    def _message_turn(self, chat: ChatKey, allowance: ChatAllowance, priority: int, *, paid: bool) -> Turn:
        async def admit() -> bool:
            granted = await (self._paid if paid else self._overall).acquire(priority)
            if allowance.held_until > granted:  # held while waiting: wait again
                return False
            limits = self.limits
            if _is_group(chat):
                allowance.window.append(granted)
            else:
                allowance.take_token(granted, burst=limits.chat_burst, per_second=limits.chat_per_second)
            return True

        return Turn(
            lambda now: self._chat_wait(chat, allowance, now),
            functools.partial(self._hold, chat, allowance),
            self._max_wait,
            admit,
        )

    def _chat_wait(self, chat: ChatKey, allowance: ChatAllowance, now: float) -> float:
        limits = self.limits
        if _is_group(chat):
            return allowance.window_wait(now, limit=limits.group_per_minute, period=GROUP_PERIOD_SECONDS)
        return allowance.bucket_wait(now, burst=limits.chat_burst, per_second=limits.chat_per_second)

    def _hold(self, chat: ChatKey, allowance: ChatAllowance, wait: float) -> None:
        now = asyncio.get_running_loop().time()
        until = now + wait
        allowance.held_until = max(allowance.held_until, until)
        if self._flooded is not None and self._flooded[0] != chat and self._flooded[1] > now:
            self._overall.hold(max(until, self._flooded[1]))
        self._flooded = (chat, until)

    def _allowance(self, chat: ChatKey) -> ChatAllowance:
        allowance = self._chats.get(chat)
        if allowance is None:
            if len(self._chats) >= self._prune_above:
                self._prune()
            now = asyncio.get_running_loop().time()
            allowance = self._chats[chat] = ChatAllowance(tokens=self.limits.chat_burst, stamp=now)
        return allowance

    def _prune(self) -> None:
        now = asyncio.get_running_loop().time()
        limits = self.limits
        for chat, allowance in list(self._chats.items()):
            idle = allowance.is_idle(
                now, burst=limits.chat_burst, per_second=limits.chat_per_second, period=GROUP_PERIOD_SECONDS
            )
            if idle:
                del self._chats[chat]
        self._prune_above = max(PRUNE_ABOVE, 2 * len(self._chats))


def _chat_key(chat_id: object) -> ChatKey | None:
    if chat_id is None or isinstance(chat_id, int):
        return chat_id
    text = str(chat_id)
    with contextlib.suppress(ValueError):
        return int(text)
    return text


def _is_group(chat: ChatKey) -> bool:
    # Negative ids are groups and channels; a string is a channel or supergroup @username.
    return isinstance(chat, str) or chat < 0


def _seconds(error: RetryAfter) -> float:
    value = error.retry_after
    return value.total_seconds() if isinstance(value, timedelta) else float(value)
