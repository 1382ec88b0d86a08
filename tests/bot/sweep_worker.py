"""One bot-like process for the two-process test: sweeps a shared database, logging each run it makes.

Usage: python -m tests.bot.sweep_worker <database-url> <worker-id> <barrier-folder>
"""

from __future__ import annotations

import asyncio
import sys
from pathlib import Path

from sqlalchemy import text

from bot.clock import SystemClock
from bot.jobs import Sweeper
from brokers.jobs import Job
from storage.engine import create_engine, create_session_factory
from storage.jobs import SqlJobQueue


async def sweep(url: str, worker_id: str, barrier: Path) -> None:
    engine = create_engine(url)
    sessions = create_session_factory(engine)

    async def deliver(job: Job) -> None:
        async with sessions.begin() as session:
            await session.execute(
                text("INSERT INTO job_runs (job_id, worker) VALUES (:job, :worker)"),
                {"job": job.id, "worker": worker_id},
            )
        await asyncio.sleep(0.005)

    sweeper = Sweeper(
        SqlJobQueue(sessions, SystemClock()), {"remind": deliver}, SystemClock(),
        worker_id=worker_id, batch=20, concurrency=8,
    )  # fmt: skip
    (barrier / f"ready-{worker_id}").touch()
    while not (barrier / "go").exists():  # noqa: ASYNC110 - a file is the only signal between processes
        await asyncio.sleep(0.01)
    report = await sweeper.run_once()
    print(report, flush=True)
    await engine.dispose()


if __name__ == "__main__":
    asyncio.run(sweep(sys.argv[1], sys.argv[2], Path(sys.argv[3])))
