"""The durable job queue's application side: the sweep that runs due jobs, woken by PTB's JobQueue."""

from bot.jobs.sweeper import (
    SWEEP_JOB_NAME,
    GiveUpHook,
    GroupHandler,
    JobHandler,
    Sweeper,
    SweepReport,
    default_worker_id,
)
from brokers.jobs import JobError

__all__ = [
    "SWEEP_JOB_NAME",
    "GiveUpHook",
    "GroupHandler",
    "JobError",
    "JobHandler",
    "SweepReport",
    "Sweeper",
    "default_worker_id",
]
