"""The sandbox, started in the test's event loop as `python -m bot sandbox` starts it."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from bot.sandbox.runner import run_sandbox


@pytest.fixture
async def page_url(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> AsyncIterator[str]:
    monkeypatch.chdir(tmp_path)  # no .env of the developer's
    stop = asyncio.Event()
    announced: asyncio.Future[str] = asyncio.get_running_loop().create_future()
    task = asyncio.create_task(run_sandbox(0, stop, announced.set_result))
    try:
        yield await asyncio.wait_for(asyncio.shield(announced), 60)
    finally:
        stop.set()
        await task
