"""Scans as durable work: the scan job runs a slice of the scan from its last checkpoint and re-arms itself
until the scan ends, so a restart, a SIGKILL or another instance goes on where it stopped."""

from __future__ import annotations

import time
from collections.abc import Awaitable, Callable
from typing import Protocol

from bot.services.scans import PAUSED, Progress, ScanReport, ScanService, Wake
from brokers.job_payloads import ScanRun, payload_of
from brokers.jobs import Job, Postpone
from brokers.ports import Clock
from brokers.profile import TelegramId, User

# A slice ends at its next checkpoint after this share of the job's lease, so the lease always covers the
# slice and no second worker can claim the scan while one still runs it.
LEASE_SHARE = 0.3


class ScanChat(Protocol):
    """The chat side of a scan: its progress message, and the report once it ended."""

    def progress(self, user: User, scan_id: int, message_id: int | None) -> Progress: ...

    async def finished(self, user: User, message_id: int | None, report: ScanReport) -> None: ...


class ScanJobs:
    def __init__(
        self,
        scans: ScanService,
        clock: Clock,
        chat: ScanChat,
        user_of: Callable[[TelegramId], Awaitable[User | None]],
        *,
        lease_seconds: float,
        wake: Wake,
        stopping: Callable[[], bool],
        monotonic: Callable[[], float] = time.monotonic,
    ) -> None:
        self._scans = scans
        self._clock = clock
        self._chat = chat
        self._user_of = user_of
        self._slice = lease_seconds * LEASE_SHARE
        self._wake = wake
        self._stopping = stopping
        self._monotonic = monotonic

    async def run_job(self, job: Job) -> Postpone | None:
        """Run the scan until it ends (then show the report) or its slice is spent (then re-arm)."""
        scan_id = payload_of(job, ScanRun).scan_id
        user = await self._user_of(TelegramId(job.user_id or 0))
        message_id = await self._scans.progress_message(scan_id)
        progress = self._chat.progress(user, scan_id, message_id) if user else _unseen
        started = self._monotonic()

        def pause() -> bool:
            return self._stopping() or self._monotonic() - started >= self._slice

        outcome = await self._scans.run(scan_id, progress, pause=pause)
        if outcome is PAUSED:
            if not self._stopping():  # a stopping process must not wake its own sweep again
                self._wake(0)
            return Postpone(self._clock.now())
        if outcome is not None and user is not None:
            await self._chat.finished(user, message_id, outcome)
        return None


async def _unseen(_done: int, _total: int, _phase: str) -> None:
    return None
