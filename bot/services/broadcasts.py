"""Operators' broadcasts: a draft with its recipient count, then delivery through the durable job queue.

One `broadcast` job walks the recipients in id order, a page at a time, for a bounded slice of time,
then re-arms itself, so a restart goes on from the stored cursor. Each page is claimed (one row per
person) before anything is sent, so nobody gets the message twice; a crash mid-page loses at most that
page's unsent messages, which stay PENDING and are shown as such. People in their quiet hours get a
job of their own for when those end, and so does a send Telegram failed for a moment (429, 5xx,
network): it is retried with the queue's back-off, taken back from RETRYING first, so it too goes at
most once. The Telegram pacer keeps the sends within the flood limits.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Awaitable, Callable

from bot.services.admin_console import AdminConsole
from bot.services.pushes import PushDelivery
from brokers.broadcasts import Broadcast, BroadcastId, BroadcastProgress, BroadcastState, Outcome
from brokers.job_payloads import BroadcastHeld, BroadcastRetry, BroadcastRun, encode, payload_of
from brokers.jobs import ExponentialBackoff, Job, JobError, JobQueue, Postpone
from brokers.notify import DeliveryStatus, Notifier
from brokers.ports import BroadcastRepository, Clock
from brokers.profile import TelegramId

PAGE = 30  # about a second of Telegram's overall limit; also the most a crash can leave unsent
SLICE_SECONDS = 10.0  # then the job re-arms, so other due work (people's notices) is not held up
PROGRESS_EVERY_SECONDS = 2.0
SEND_RETRIES = 4  # runs of a person's retry job; then the send counts as failed
FIRST_RETRY = ExponentialBackoff()(1)  # the later ones follow the job queue's own back-off

ShowProgress = Callable[[Broadcast, BroadcastProgress], Awaitable[None]]


class BroadcastService:
    def __init__(
        self,
        broadcasts: BroadcastRepository,
        queue: JobQueue,
        clock: Clock,
        notifier: Notifier,
        pushes: PushDelivery,
        console: AdminConsole,
        *,
        wake: Callable[[float], None],
        show_progress: ShowProgress,
        stopping: Callable[[], bool] = lambda: False,
        monotonic: Callable[[], float] = time.monotonic,
    ) -> None:
        self._broadcasts = broadcasts
        self._queue = queue
        self._clock = clock
        self._notifier = notifier
        self._pushes = pushes
        self._console = console
        self._wake = wake
        self._show_progress = show_progress
        self._stopping = stopping
        self._monotonic = monotonic

    async def draft(self, admin: int, text: str) -> Broadcast:
        broadcast = await self._broadcasts.create(text, by=admin, at=self._clock.now())
        await self._console.audit(
            admin, "broadcast_draft", detail={"broadcast": broadcast.id, "recipients": broadcast.recipients}
        )
        return broadcast

    async def get(self, broadcast_id: BroadcastId) -> Broadcast | None:
        return await self._broadcasts.get(broadcast_id)

    async def confirm(self, admin: int, broadcast_id: BroadcastId, progress_message_id: int) -> bool:
        """Start sending; a second tap, or a cancelled draft, starts nothing."""
        if not await self._broadcasts.start(broadcast_id, progress_message_id=progress_message_id):
            return False
        kind, payload = encode(BroadcastRun(broadcast_id))
        await self._queue.schedule(
            kind, self._clock.now(), payload=payload, dedupe_key=f"broadcast:{broadcast_id}"
        )
        await self._console.audit(admin, "broadcast_send", detail={"broadcast": broadcast_id})
        self._wake(0)
        return True

    async def cancel(self, admin: int, broadcast_id: BroadcastId) -> bool:
        cancelled = await self._broadcasts.cancel(broadcast_id)
        if cancelled:
            await self._console.audit(admin, "broadcast_cancel", detail={"broadcast": broadcast_id})
        return cancelled

    async def progress(self, broadcast_id: BroadcastId) -> BroadcastProgress:
        return await self._broadcasts.progress(broadcast_id)

    async def run_job(self, job: Job) -> Postpone | None:
        broadcast_id = payload_of(job, BroadcastRun).broadcast_id
        started = shown = self._monotonic()
        while self._monotonic() - started < SLICE_SECONDS and not self._stopping():
            broadcast = await self._broadcasts.get(broadcast_id)
            if broadcast is None or broadcast.state is not BroadcastState.SENDING:
                await self._report(broadcast)
                return None
            page = await self._broadcasts.next_recipients(broadcast_id, limit=PAGE)
            if not page:
                await self._broadcasts.finish(broadcast_id)
                await self._report(await self._broadcasts.get(broadcast_id))
                return None
            claimed = await self._broadcasts.claim(broadcast_id, page, at=self._clock.now())
            await self._broadcasts.advance(broadcast_id, max(page))
            await asyncio.gather(*(self._deliver(broadcast, person) for person in claimed))
            if self._monotonic() - shown >= PROGRESS_EVERY_SECONDS:
                shown = self._monotonic()
                await self._report(broadcast)
        if not self._stopping():  # a stopping process must not wake its own sweep again
            self._wake(0)
        return Postpone(self._clock.now())

    async def held_job(self, job: Job) -> Postpone | None:
        """A person whose quiet hours held the broadcast back: send it now, unless it was cancelled."""
        broadcast = await self._broadcasts.get(payload_of(job, BroadcastHeld).broadcast_id)
        if broadcast is None or broadcast.state is BroadcastState.CANCELLED or job.user_id is None:
            return None
        person = TelegramId(job.user_id)
        held = await self._pushes.quiet_until(person)
        if held is not None:
            return held
        if await self._broadcasts.take(broadcast.id, person, was=Outcome.HELD):
            await self._send_or_arm_retry(broadcast, person)
        return None

    async def retry_job(self, job: Job) -> Postpone | None:
        """Send again to a person Telegram failed for a moment; raise to retry later with back-off."""
        broadcast = await self._broadcasts.get(payload_of(job, BroadcastRetry).broadcast_id)
        if broadcast is None or broadcast.state is BroadcastState.CANCELLED or job.user_id is None:
            return None
        person = TelegramId(job.user_id)
        if not await self._broadcasts.take(broadcast.id, person, was=Outcome.RETRYING):
            return None  # sent by an earlier run whose lease ran out, or never waiting: never twice
        if await self._send(broadcast, person, last_try=job.attempts + 1 >= SEND_RETRIES):
            raise JobError("telegram unavailable")
        await self._report(await self._broadcasts.get(broadcast.id))  # the operator sees it settled
        return None

    async def _deliver(self, broadcast: Broadcast, person: TelegramId) -> None:
        held = await self._pushes.quiet_until(person)
        if held is None:
            await self._send_or_arm_retry(broadcast, person)
            return
        await self._broadcasts.record(broadcast.id, person, Outcome.HELD)
        kind, payload = encode(BroadcastHeld(broadcast.id))
        await self._queue.schedule(
            kind,
            held.until,
            user_id=person,
            payload=payload,
            dedupe_key=f"broadcast:{broadcast.id}:{person}",
        )

    async def _send(self, broadcast: Broadcast, person: TelegramId, *, last_try: bool = False) -> bool:
        """Send and record the outcome; True when it failed for a moment and waits to be retried."""
        delivery = await self._notifier.send(person, broadcast.text)
        if delivery.status is DeliveryStatus.BLOCKED:
            await self._pushes.mark_blocked(person)
            outcome = Outcome.BLOCKED
        elif delivery.is_delivered:
            outcome = Outcome.SENT
        else:
            # Permanent refusals (a bad request) are not retried, nor is anything after the last try.
            outcome = Outcome.RETRYING if delivery.retryable and not last_try else Outcome.FAILED
        await self._broadcasts.record(broadcast.id, person, outcome)
        return outcome is Outcome.RETRYING

    async def _send_or_arm_retry(self, broadcast: Broadcast, person: TelegramId) -> None:
        if await self._send(broadcast, person):
            kind, payload = encode(BroadcastRetry(broadcast.id))
            await self._queue.schedule(
                kind,
                self._clock.now() + FIRST_RETRY,
                user_id=person,
                payload=payload,
                dedupe_key=f"broadcast-retry:{broadcast.id}:{person}",
            )

    async def _report(self, broadcast: Broadcast | None) -> None:
        if broadcast is not None:
            await self._show_progress(broadcast, await self._broadcasts.progress(broadcast.id))
