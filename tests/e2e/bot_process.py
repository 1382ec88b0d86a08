"""`python -m bot` as an operator runs it, in a process of its own, for the tests of crashes, stops and
several instances."""

from __future__ import annotations

import asyncio
import os
import signal
import subprocess
import sys
from pathlib import Path
from typing import IO

import httpx


class BotProcess:
    """`python -m bot` as an operator runs it, configured by the same environment variables."""

    def __init__(self, env: dict[str, str], folder: Path, *, name: str = "bot") -> None:
        self._env = {**os.environ, **env}
        self._folder = folder
        self._name = name
        self.process: subprocess.Popen[bytes] | None = None
        self.runs = 0
        self._logs: list[IO[bytes]] = []

    @property
    def url(self) -> str:
        """Where this instance listens (behind a load balancer, PUBLIC_URL is not its own)."""
        return f"http://{self._env['WEB_HOST']}:{self._env['WEB_PORT']}"

    def log(self, run: int = 1) -> str:
        return (self._folder / f"{self._name}-{run}.log").read_text()

    async def start(self) -> None:
        self.runs += 1
        log = (self._folder / f"{self._name}-{self.runs}.log").open("wb")
        self._logs.append(log)
        self.process = subprocess.Popen(  # noqa: ASYNC220 - starting a process is quick; its run is awaited
            [sys.executable, "-m", "bot"],
            cwd=self._folder,
            env=self._env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        async with httpx.AsyncClient() as client:
            for _ in range(200):
                try:
                    if (await client.get(f"{self.url}/healthz", timeout=1)).status_code == 200:
                        return
                except httpx.HTTPError:
                    pass
                if self.process.poll() is not None:
                    break
                await asyncio.sleep(0.1)
        raise AssertionError(f"the bot did not become healthy; its log:\n{self.log(self.runs)[-3000:]}")

    def kill(self) -> None:
        assert self.process is not None
        self.process.send_signal(signal.SIGKILL)
        self.process.wait(timeout=10)

    def terminate(self) -> None:
        """SIGTERM, as an orchestrator stops a container; the process then stops in its own time."""
        assert self.process is not None
        self.process.send_signal(signal.SIGTERM)

    async def exited(self, timeout: float) -> int:  # noqa: ASYNC109 - a bound, as in FakeTelegram.wait_until
        """The exit status once the process ended, waiting at most `timeout` seconds."""
        assert self.process is not None
        loop = asyncio.get_running_loop()
        deadline = loop.time() + timeout
        while (code := self.process.poll()) is None:
            if loop.time() > deadline:
                raise AssertionError(f"the bot was still running {timeout} s after SIGTERM")
            await asyncio.sleep(0.05)
        return code

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            self.process.wait(timeout=30)
        for log in self._logs:
            log.close()
