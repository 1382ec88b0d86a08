"""Graceful shutdown: on SIGTERM the bot lets the letter it is sending finish within the grace, releases
the jobs it could not finish so the next process takes them at once, and exits 0."""

from __future__ import annotations

import asyncio
import logging
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from bot.app import BotRuntime
from bot.config import load_settings
from bot.rate_limit import FloodLimits
from bot.sandbox.google import FakeGoogle
from bot.sandbox.telegram import FakeTelegram
from brokers.job_payloads import ConfirmedSend
from storage.engine import create_engine
from storage.records import ScheduledJobRecord as J
from tests.clock import FakeClock
from tests.e2e.bot_process import BotProcess
from tests.e2e.browser import Browser
from tests.e2e.test_connect import ALICE
from tests.e2e.test_crash_recovery import confirm_send, eventually, ready_to_send, statuses

LONG_LEASE = "300"  # far longer than the tests: a job taken up again was released, not left to expire


async def _send_jobs(database_url: str) -> list[Any]:
    engine = create_engine(database_url)
    async with engine.connect() as connection:
        statement = select(J.claimed_by, J.claimed_until, J.done_at, J.attempts).where(
            J.kind == ConfirmedSend.KIND
        )
        rows = list((await connection.execute(statement)).all())
    await engine.dispose()
    return rows


async def _sending(database_url: str) -> bool:
    return (await statuses(database_url)).get("01advertising") == "sending"


@pytest.mark.parametrize("mode", ["polling", "webhook"])
async def test_sigterm_during_a_send_lets_it_finish_and_exits_0(
    telegram: FakeTelegram,
    google: FakeGoogle,
    browser: Browser,
    bot_env: dict[str, str],
    tmp_path: Path,
    database_url: str,
    mode: str,
) -> None:
    grace = 20
    env = {
        **bot_env,
        "BOT_MODE": mode,
        "WEBHOOK_SECRET": "shutdown-test-secret",
        "SEND_UNDO_SECONDS": "1",
        "GOOGLE_TIMEOUT_SECONDS": "10",
        "JOB_LEASE_SECONDS": LONG_LEASE,
        "SHUTDOWN_GRACE_SECONDS": str(grace),
    }
    process = BotProcess(env, tmp_path)
    try:
        ann = await ready_to_send(telegram, google, browser, process)
        google.hold_sends(3)  # Gmail files the letter and answers three seconds later
        waiting = await confirm_send(ann)
        await eventually(lambda: _sending(database_url), "the letter to be in flight")
        process.terminate()
        assert await process.exited(timeout=grace) == 0
    finally:
        process.stop()
    assert len(google.sent_mail(ALICE)) == 1
    assert (await statuses(database_url))["01advertising"] == "sent"
    assert telegram.message(ann.chat_id, waiting.message_id).text.startswith("✅ Sent to")
    (job,) = await _send_jobs(database_url)
    assert (job.claimed_until, job.done_at is not None, job.attempts) == (None, True, 0)
    log = process.log()
    assert "Traceback" not in log
    assert '"event": "bot stopped"' in log


async def test_job_outlasting_the_grace_is_released_and_done_once_by_the_next_process(
    telegram: FakeTelegram,
    google: FakeGoogle,
    browser: Browser,
    bot_env: dict[str, str],
    tmp_path: Path,
    database_url: str,
) -> None:
    env = {
        **bot_env,
        "SEND_UNDO_SECONDS": "1",
        # Above the Google timeout, as the bot requires: the next process looks in Sent that long.
        "SENT_CHECK_SECONDS": "9",
        "JOB_LEASE_SECONDS": LONG_LEASE,
        "SHUTDOWN_GRACE_SECONDS": "1",
        # Far past the grace, so the grace ends the run however late the SIGTERM comes.
        "GOOGLE_TIMEOUT_SECONDS": "8",
    }
    process = BotProcess(env, tmp_path)
    try:
        ann = await ready_to_send(telegram, google, browser, process)
        # Gmail holds the letter past the grace and past the bot's timeout, then files nothing.
        google.hold_sends(10, before_store=True)
        await confirm_send(ann)
        await eventually(lambda: _sending(database_url), "the letter to be in flight")
        process.terminate()
        # Python waits for the Gmail call's thread, which ends at the bot's timeout.
        assert await process.exited(timeout=30) == 0
        # Released, not finished: no worker holds the job any more, and no attempt was counted.
        jobs = await _send_jobs(database_url)
        released = [(j.claimed_by, j.claimed_until, j.done_at, j.attempts) for j in jobs]
        assert released == [(None, None, None, 0)]
        assert "released jobs at shutdown" in process.log()
        google.hold_sends(0)
        await process.start()

        async def job_done() -> bool:
            return [r.done_at is not None for r in await _send_jobs(database_url)] == [True]

        # Taken up at once (its lease would have held it for five minutes), and the letter sent once.
        await eventually(job_done, "the released job to be done by the next process")
        await eventually(
            lambda: _is_sent(database_url), "the letter to be sent after its check of the Sent folder"
        )
    finally:
        process.stop()
    assert len(google.sent_mail(ALICE)) == 1
    assert "Traceback" not in process.log(1) + process.log(2)


async def _is_sent(database_url: str) -> bool:
    return (await statuses(database_url)).get("01advertising") == "sent"


async def test_a_job_falling_due_during_the_stop_is_not_started_only_to_be_cut(
    bot_env: dict[str, str], clock: FakeClock, flood_limits: FloodLimits, caplog: pytest.LogCaptureFixture
) -> None:
    runtime = BotRuntime(load_settings(), clock=clock, flood_limits=flood_limits)
    await runtime.start()
    jobs = runtime.application.job_queue
    assert jobs is not None
    holding, ran = asyncio.Event(), []

    async def hold(_context: object) -> None:
        holding.set()
        await asyncio.sleep(0.5)

    async def falls_due(_context: object) -> None:
        ran.append("started")
        await asyncio.sleep(1)
        ran.append("finished")

    # The stop waits for `hold`; `falls_due` comes due while it waits and would outlive that wait.
    jobs.run_once(hold, when=0)
    jobs.run_once(falls_due, when=0.2)
    await holding.wait()
    await runtime.stop()
    assert ran == []
    errors = [record.getMessage() for record in caplog.records if record.levelno >= logging.ERROR]
    assert errors == []
