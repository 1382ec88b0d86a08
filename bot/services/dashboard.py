"""The dashboard: a person's counts from the database, and one redraw per burst of changes.

A change (a letter settled, a reply, a skip) only marks the person's dashboard stale; the redraw runs
once, `delay` seconds after the first mark, so thirty letters settling in a row cost one edit, and the
edit always shows the state after the burst. The pending redraws are per-process state, like the
Send all runs: a restart forgets them, and the next /status draws the truth again.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable, Sequence

from brokers.dashboard import ShownStatus, Summary, summarise
from brokers.notify import Button, Delivery, Notifier
from brokers.ports import UnitOfWorkFactory
from brokers.profile import TelegramId

log = logging.getLogger(__name__)

REQUESTS_COUNTED = 5000
# Draws the person's dashboard in the chat (the chat layer supplies it): (the service, the person).
Redraw = Callable[["DashboardService", TelegramId], Awaitable[None]]


class DashboardService:
    def __init__(self, uow: UnitOfWorkFactory, *, delay: float, redraw: Redraw) -> None:
        self._uow = uow
        self._delay = delay
        self._redraw = redraw
        self._pending: dict[TelegramId, asyncio.Task[None]] = {}
        # The newest chat message id seen per person, to tell when the dashboard is far up the chat.
        self._latest: dict[TelegramId, int] = {}

    async def summary(self, telegram_id: TelegramId) -> Summary | None:
        """The person's counts, or None for someone who never consented."""
        async with self._uow() as uow:
            if await uow.users.get(telegram_id) is None:
                return None
            requests, _ = await uow.requests.list_for(telegram_id, limit=REQUESTS_COUNTED)
            accounts = await uow.accounts.list_for(telegram_id)
            scans = [await uow.scans.last_completed(a.id) for a in accounts]
        finished = [s.finished_at for s in scans if s is not None and s.finished_at is not None]
        return summarise(requests, accounts, max(finished, default=None))

    async def shown(self, telegram_id: TelegramId) -> ShownStatus | None:
        async with self._uow() as uow:
            return await uow.users.status_message(telegram_id)

    async def remember(self, telegram_id: TelegramId, shown: ShownStatus | None) -> None:
        async with self._uow() as uow:
            await uow.users.set_status_message(telegram_id, shown)
            await uow.commit()

    def latest_message(self, telegram_id: TelegramId) -> int:
        """The newest message id seen in the person's chat (0 if none was seen since the start)."""
        return self._latest.get(telegram_id, 0)

    def saw_message(self, telegram_id: TelegramId, message_id: int) -> None:
        self._latest[telegram_id] = max(message_id, self._latest.get(telegram_id, 0))

    def changed(self, telegram_id: TelegramId, *, near: int | None = None) -> None:
        """Mark the person's dashboard stale (`near`: a message id where it happened); one redraw follows
        for any number of marks in `delay`."""
        if near is not None:
            self.saw_message(telegram_id, near)
        if telegram_id in self._pending:
            return
        self._pending[telegram_id] = asyncio.create_task(
            self._redraw_later(telegram_id), name=f"dashboard-{telegram_id}"
        )

    async def _redraw_later(self, telegram_id: TelegramId) -> None:
        await asyncio.sleep(self._delay)
        # Marks from here on start a new burst: they may come from what this redraw reads.
        self._pending.pop(telegram_id, None)
        try:
            await self._redraw(self, telegram_id)
        except Exception:
            # A dashboard that cannot be drawn now is drawn at the next change or /status.
            log.exception("could not redraw the dashboard of %s", telegram_id)

    async def close(self) -> None:
        """Drop the redraws still waiting (at shutdown)."""
        tasks = list(self._pending.values())
        self._pending.clear()
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)


class ChangeNotingNotifier:
    """A Notifier that marks the person's dashboard stale after each push it delivered (a reply, a
    deadline): the dashboard is then edited where it is, never posted again for a push."""

    def __init__(self, notifier: Notifier, dashboard: DashboardService) -> None:
        self._notifier = notifier
        self._dashboard = dashboard

    async def send(
        self, telegram_id: int, text: str, *, buttons: Sequence[Sequence[Button]] | None = None
    ) -> Delivery:
        delivery = await self._notifier.send(telegram_id, text, buttons=buttons)
        if delivery.is_delivered:
            self._dashboard.changed(TelegramId(telegram_id))
        return delivery
