"""ChatOrderedProcessor: updates of different chats run concurrently, updates of one chat in order."""

from __future__ import annotations

import asyncio
import logging
from collections import deque
from collections.abc import Awaitable, Callable, Coroutine
from typing import Any

from telegram import Update
from telegram.ext import BaseUpdateProcessor

from bot.activity import Activity
from handlers.flood import FloodGuard, Verdict, slow_down_notice

log = logging.getLogger(__name__)

MAX_CONCURRENT_UPDATES = 256
RECENT_HANDLED = 4096  # update ids remembered as handled, for whoever waits on one (tests, /health)
Notice = Callable[[Update], Coroutine[Any, Any, None]]


class ChatOrderedProcessor(BaseUpdateProcessor):
    """Runs up to `max_concurrent_updates` updates at once, one chat's strictly one after another.

    PTB starts one task per update in the order updates arrive; each passes the base class's FIFO
    semaphore and then takes its chat's FIFO lock before anything can suspend it, so a chat's updates
    keep their order. A person over the flood limit gets `notice` once (in their chat's order) and their
    excess updates are dropped before any handler runs. Objects that are not Updates (our own events)
    run unordered.
    """

    def __init__(
        self,
        max_concurrent_updates: int = MAX_CONCURRENT_UPDATES,
        *,
        guard: FloodGuard | None = None,
        notice: Notice = slow_down_notice,
        activity: Activity | None = None,
    ) -> None:
        super().__init__(max_concurrent_updates)
        self.guard = guard or FloodGuard()  # public so a test can widen it
        self._notice = notice
        self._locks: dict[int, asyncio.Lock] = {}
        self._queued: dict[int, int] = {}  # chat -> updates holding or waiting for its lock
        self.dropped = 0
        self.recently_handled: deque[int] = deque(maxlen=RECENT_HANDLED)
        self._activity = activity

    async def initialize(self) -> None:
        """Nothing to set up."""

    async def shutdown(self) -> None:
        """Nothing to release."""

    async def do_process_update(self, update: object, coroutine: Awaitable[Any]) -> None:
        # Only Telegram's updates count for /health's update loop, not our own events (a scan resuming).
        activity = self._activity if isinstance(update, Update) else None
        if activity is not None:
            activity.update_started()
        try:
            await self._process(update, coroutine)
        finally:
            if isinstance(update, Update):
                self.recently_handled.append(update.update_id)
            if activity is not None:
                activity.update_done()

    async def _process(self, update: object, coroutine: Awaitable[Any]) -> None:
        chat = _chat_of(update)
        work = self._screen(update, coroutine)
        if chat is None or work is None:
            if work is not None:
                await work
            return
        lock = self._locks.setdefault(chat, asyncio.Lock())
        self._queued[chat] = self._queued.get(chat, 0) + 1
        try:
            async with lock:
                await work
        finally:
            self._queued[chat] -= 1
            if not self._queued[chat]:
                del self._queued[chat], self._locks[chat]

    def _screen(self, update: object, coroutine: Awaitable[Any]) -> Awaitable[Any] | None:
        """The work for this update: its own, the flood notice instead, or none."""
        person = _person_of(update)
        if person is None:
            return coroutine
        verdict = self.guard.check(person)
        if verdict is Verdict.ADMIT:
            return coroutine
        _discard(coroutine)
        self.dropped += 1
        assert isinstance(update, Update)
        return self._notice(update) if verdict is Verdict.WARN else None


def _chat_of(update: object) -> int | None:
    if not isinstance(update, Update):
        return None
    if update.effective_chat is not None:
        return update.effective_chat.id
    return update.effective_user.id if update.effective_user is not None else None


def _person_of(update: object) -> int | None:
    if isinstance(update, Update) and update.effective_user is not None:
        return update.effective_user.id
    return None


def _discard(coroutine: Awaitable[Any]) -> None:
    # The Application made the coroutine before handing it over; closing it avoids "never awaited".
    if isinstance(coroutine, Coroutine):
        coroutine.close()
