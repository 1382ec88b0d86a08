"""Two bot processes sweeping one PostgreSQL database run every due job exactly once between them."""

from __future__ import annotations

import asyncio
import os
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import text

from storage import migrate
from storage.engine import create_engine, create_session_factory
from storage.jobs import SqlJobQueue
from tests.clock import FakeClock
from tests.databases import POSTGRES_ENV, fresh_database

REPOSITORY = Path(__file__).resolve().parents[2]
JOBS = 500

pytestmark = pytest.mark.skipif(
    not os.environ.get(POSTGRES_ENV), reason="needs PostgreSQL (TEST_DATABASE_URL)"
)


async def _start_worker(url: str, worker_id: str, barrier: Path) -> asyncio.subprocess.Process:
    return await asyncio.create_subprocess_exec(
        sys.executable, "-m", "tests.bot.sweep_worker", url, worker_id, str(barrier),
        cwd=REPOSITORY, stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE,
    )  # fmt: skip


async def _wait_for(paths: list[Path], timeout: float) -> None:  # noqa: ASYNC109
    async with asyncio.timeout(timeout):
        while not all(path.exists() for path in paths):  # noqa: ASYNC110 - files signal between processes
            await asyncio.sleep(0.05)


async def test_two_processes_run_each_of_500_jobs_exactly_once(tmp_path: Path) -> None:
    async with fresh_database("postgresql", tmp_path) as url:
        await migrate.upgrade(url)
        engine = create_engine(url)
        async with engine.begin() as connection:
            await connection.execute(
                text("CREATE TABLE job_runs (job_id integer NOT NULL, worker text NOT NULL)")
            )
        queue = SqlJobQueue(create_session_factory(engine), FakeClock())
        due = datetime.now(UTC) - timedelta(minutes=1)
        for _ in range(JOBS):
            await queue.schedule("remind", due)

        workers = [await _start_worker(url, name, tmp_path) for name in ("bot-a", "bot-b")]
        await _wait_for([tmp_path / "ready-bot-a", tmp_path / "ready-bot-b"], timeout=60)
        (tmp_path / "go").touch()
        outputs = [await worker.communicate() for worker in workers]
        assert [worker.returncode for worker in workers] == [0, 0], outputs

        async with engine.connect() as connection:
            runs = (await connection.execute(text("SELECT job_id, worker FROM job_runs"))).all()
        stats = await queue.stats(datetime.now(UTC))
        await engine.dispose()

    job_ids = [job_id for job_id, _ in runs]
    assert len(job_ids) == len(set(job_ids)) == JOBS
    assert {worker for _, worker in runs} == {"bot-a", "bot-b"}, "both processes took part"
    assert (stats.due, stats.claimed) == (0, 0)
