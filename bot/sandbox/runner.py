"""`python -m bot sandbox`: the real bot, configured as in production, on the local servers and page."""

from __future__ import annotations

import asyncio
import os
import socket
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import uvicorn

from bot.app import BotRuntime
from bot.config import load_settings
from bot.sandbox.clock import MovableClock
from bot.sandbox.listen import loopback_listener
from bot.sandbox.page.app import build_page
from bot.sandbox.world import Sandbox


@contextmanager
def environment(values: dict[str, str]) -> Iterator[None]:
    """Set the bot's settings the way a user does (environment variables), and put the old ones back."""
    saved = {name: os.environ.get(name) for name in values}
    os.environ.update(values)
    try:
        yield
    finally:
        for name, value in saved.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value


class PortUnavailable(Exception):
    """The page's port is taken (or not ours to take)."""


def bind_loopback(port: int) -> socket.socket:
    try:
        return loopback_listener(port)
    except OSError as exc:
        raise PortUnavailable(
            f"cannot listen on 127.0.0.1:{port} ({exc.strerror}); choose another with --port"
        ) from None


async def run_sandbox(port: int, stop: asyncio.Event, announce: Callable[[str], None] = print) -> None:
    """Serve the sandbox until `stop` is set; `announce` gets the page's address once it is up."""
    sock = bind_loopback(port)  # first, so a port in use fails before anything starts
    clock = MovableClock()
    sandbox = Sandbox(clock)
    sandbox.start()
    try:
        with tempfile.TemporaryDirectory(prefix="bot-sandbox-") as data_dir:
            page_url = f"http://127.0.0.1:{sock.getsockname()[1]}"
            with environment(sandbox.environment(Path(data_dir), page_url)):
                runtime = BotRuntime(load_settings(), clock=clock)
            sandbox.person("1")  # the first person's mailbox is ready before anyone opens the page
            await runtime.start()
            config = uvicorn.Config(
                build_page(sandbox), log_config=None, log_level="warning", access_log=False, lifespan="off"
            )
            page = uvicorn.Server(config)
            serving = asyncio.create_task(page.serve(sockets=[sock]))
            try:
                while not page.started and not serving.done():  # noqa: ASYNC110 - uvicorn has no event
                    await asyncio.sleep(0.02)
                announce(f"{page_url}/")
                await stop.wait()
            finally:
                page.should_exit = True
                await serving
                await runtime.stop()
    finally:
        sock.close()
        sandbox.stop()
