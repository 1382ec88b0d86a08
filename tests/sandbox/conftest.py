"""The sandbox, started in the test's event loop as `python -m bot sandbox` starts it."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest

from bot.sandbox import runner
from bot.sandbox.runner import run_sandbox
from bot.sandbox.world import Sandbox


@pytest.fixture
def worlds(monkeypatch: pytest.MonkeyPatch) -> list[Sandbox]:
    """The sandboxes started during the test, so it can look at the fake servers behind the page."""
    started: list[Sandbox] = []

    def recorded(*args: Any, **kwargs: Any) -> Sandbox:
        started.append(Sandbox(*args, **kwargs))
        return started[-1]

    monkeypatch.setattr(runner, "Sandbox", recorded)
    return started


@pytest.fixture
async def page_url(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, worlds: list[Sandbox]
) -> AsyncIterator[str]:
    monkeypatch.chdir(tmp_path)  # no .env of the developer's
    stop = asyncio.Event()
    announced: asyncio.Future[str] = asyncio.get_running_loop().create_future()
    task = asyncio.create_task(run_sandbox(0, stop, announced.set_result))
    try:
        yield await asyncio.wait_for(asyncio.shield(announced), 60)
    finally:
        stop.set()
        await task
