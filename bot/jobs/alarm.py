"""Wakes the sweep at a chosen moment, so work due in seconds (a letter's undo window) runs on time."""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from typing import Any

from telegram.ext import JobQueue as PtbJobQueue

log = logging.getLogger(__name__)

Sweep = Callable[[], Awaitable[object]]


class SweepAlarm:
    """Rings the sweep through PTB's JobQueue once the root has connected both; before that (and after a
    restart) the periodic sweep is the backstop, since the durable row is due either way."""

    def __init__(self) -> None:
        self._job_queue: PtbJobQueue[Any] | None = None
        self._sweep: Sweep | None = None

    def connect(self, job_queue: PtbJobQueue[Any], sweep: Sweep) -> None:
        self._job_queue, self._sweep = job_queue, sweep

    def after(self, seconds: float) -> None:
        if self._job_queue is None or self._sweep is None:
            log.info("sweep alarm not connected yet; the periodic sweep will run the job")
            return
        sweep = self._sweep

        async def due_work_job(_context: object) -> None:
            await sweep()

        # A late wake still sweeps: the row is due either way.
        self._job_queue.run_once(due_work_job, when=seconds, job_kwargs={"misfire_grace_time": None})
