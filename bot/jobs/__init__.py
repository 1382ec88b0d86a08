"""The durable job queue's application side: the sweep that runs due jobs, woken by PTB's JobQueue."""

from bot.jobs.sweeper import (
    SWEEP_JOB_NAME,
    GiveUpHook,
    GroupHandler,
    JobError,
    JobHandler,
    Sweeper,
    SweepReport,
    default_worker_id,
)

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
