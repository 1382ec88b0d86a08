"""The fake's HTTP side: a Starlette app for /bot<token>/<method>, served by uvicorn in its own thread."""

from __future__ import annotations

import asyncio
import contextlib
import threading
import time
from collections.abc import Callable
from typing import Any

import uvicorn
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from bot.sandbox.listen import loopback_listener
from bot.sandbox.telegram import errors
from bot.sandbox.telegram.bot_methods import MAX_DOWNLOAD_BYTES, file_path_of
from bot.sandbox.telegram.dispatch import begin_call, run_call
from bot.sandbox.telegram.errors import ApiError
from bot.sandbox.telegram.http_params import read_params
from bot.sandbox.telegram.models import Call
from bot.sandbox.telegram.state import FakeState
from bot.sandbox.telegram.webhook import WebhookSender

MAX_POLL_SECONDS = 50.0


class Poller:
    """Long polling for getUpdates; wakes waiting requests when an update arrives or a newer poll starts."""

    def __init__(self, state: FakeState, loop: asyncio.AbstractEventLoop) -> None:
        self._state = state
        self._loop = loop
        self._wake_event = asyncio.Event()
        self.stopping = False

    def wake(self) -> None:
        """Wake every waiting poll; call from the server loop."""
        self._wake_event.set()
        self._wake_event = asyncio.Event()

    def wake_threadsafe(self) -> None:
        self.call_threadsafe(self.wake)

    def call_threadsafe(self, callback: Callable[[], object]) -> None:
        # Once the server has stopped its loop is closed, and there is nobody left to wake.
        with contextlib.suppress(RuntimeError):
            self._loop.call_soon_threadsafe(callback)

    async def get_updates(self, params: dict[str, Any]) -> list[dict[str, Any]]:
        state = self._state
        with state.lock:
            if state.webhook.get("url"):
                raise ApiError(409, errors.WEBHOOK_CONFLICT)
            state.updates.apply_offset(_int_or_none(params.get("offset")))
            state.updates.set_allowed(params.get("allowed_updates"))
            state.updates.poll_generation += 1
            generation = state.updates.poll_generation
        # A newer getUpdates terminates the one already waiting, which gets 409 (as on the real server).
        self.wake()
        timeout = min(float(params.get("timeout") or 0), MAX_POLL_SECONDS)
        deadline = self._loop.time() + timeout
        while True:
            event = self._wake_event
            with state.lock:
                if state.updates.poll_generation != generation:
                    raise ApiError(409, errors.POLL_CONFLICT)
                batch = state.updates.take(_int_or_none(params.get("limit")) or 100)
            remaining = deadline - self._loop.time()
            if batch or self.stopping or remaining <= 0:
                return batch
            try:
                await asyncio.wait_for(event.wait(), remaining)
            except TimeoutError:
                continue


def _int_or_none(value: Any) -> int | None:
    return None if value is None or value == "" else int(value)


def build_app(state: FakeState, poller: Poller) -> Starlette:
    async def api_call(request: Request) -> JSONResponse:
        token, name = request.path_params["token"], request.path_params["method"]
        if token != state.token:
            return JSONResponse(ApiError(401, errors.UNAUTHORIZED).envelope(), status_code=401)
        params: dict[str, Any] = {}
        method = name
        try:
            params = await read_params(request)
            with state.lock:
                if name.lower() != "getupdates":
                    state.last_activity = time.monotonic()
                method = begin_call(state, name, params)
            if method == "getUpdates":
                result: Any = await poller.get_updates(params)
            else:
                with state.lock:
                    result = run_call(state, method, params)
        except ApiError as error:
            with state.lock:
                state.record(Call(method, params, error.error_code, error.description, time.monotonic()))
            return JSONResponse(error.envelope(), status_code=error.error_code)
        with state.lock:
            state.record(Call(method, params, 200, None, time.monotonic(), result))
        return JSONResponse({"ok": True, "result": result})

    async def not_found(request: Request) -> JSONResponse:
        return JSONResponse(ApiError(404, errors.NOT_FOUND).envelope(), status_code=404)

    async def download(request: Request) -> Response:
        """A file's bytes at `/file/bot<token>/<file_path>`, the link getFile's answer makes."""
        token, path = request.path_params["token"], request.path_params["path"]
        with state.lock:
            found = [f for f in state.chats.files.values() if file_path_of(f.file_id) == path]
        if token != state.token or not found or len(found[0].content) > MAX_DOWNLOAD_BYTES:
            return await not_found(request)
        return Response(found[0].content, media_type="application/octet-stream")

    routes = [
        Route("/file/bot{token}/{path:path}", download, methods=["GET"]),
        Route("/bot{token}/{method}", api_call, methods=["GET", "POST"]),
        Route("/{path:path}", not_found, methods=["GET", "POST"]),
    ]
    return Starlette(routes=routes)


class _PromptServer(uvicorn.Server):
    """uvicorn's server, woken by an event to stop instead of checking a flag every 100 ms."""

    def __init__(self, config: uvicorn.Config) -> None:
        super().__init__(config)
        self.exit_requested = asyncio.Event()

    async def main_loop(self) -> None:
        await self.on_tick(0)
        await self.exit_requested.wait()


class ServerThread:
    """Runs uvicorn on a loopback port in a daemon thread with its own event loop."""

    def __init__(self, state: FakeState, port: int = 0) -> None:
        self._state = state
        self._socket = loopback_listener(port)
        self.url = f"http://127.0.0.1:{self._socket.getsockname()[1]}"
        self._poller: Poller | None = None
        self._server: _PromptServer | None = None
        self._thread = threading.Thread(target=self._run, name=f"fake-telegram {self.url}", daemon=True)

    def start(self) -> None:
        self._thread.start()
        deadline = time.monotonic() + 10
        while not (self._server is not None and self._server.started):
            if not self._thread.is_alive() or time.monotonic() > deadline:
                self.stop()
                raise RuntimeError("the fake Telegram server did not start")
            time.sleep(0.005)

    def _run(self) -> None:
        with asyncio.Runner() as runner:
            runner.run(self._serve())

    async def _serve(self) -> None:
        self._poller = poller = Poller(self._state, asyncio.get_running_loop())
        sender = WebhookSender(self._state, asyncio.get_running_loop())
        delivering = asyncio.create_task(sender.run(), name="webhook-delivery")

        def notify() -> None:
            poller.wake_threadsafe()
            sender.wake_threadsafe()

        with self._state.lock:
            self._state.notify = notify
        config = uvicorn.Config(
            build_app(self._state, self._poller),
            log_config=None,
            log_level="warning",
            access_log=False,
            lifespan="off",
            loop="asyncio",
            http="h11",
            ws="none",
            timeout_graceful_shutdown=1,
        )
        self._server = _PromptServer(config)
        try:
            await self._server.serve(sockets=[self._socket])
        finally:
            delivering.cancel()

    def stop(self) -> None:
        if self._server is not None and self._poller is not None:
            # Waiting long polls return at once, so uvicorn need not wait for their connections.
            self._poller.stopping = True
            self._poller.wake_threadsafe()
            self._poller.call_threadsafe(self._server.exit_requested.set)
        if self._thread.is_alive():
            self._thread.join(10)
        self._socket.close()
        with self._state.lock:
            self._state.notify = lambda: None
