"""Serve an ASGI app with uvicorn on a free loopback port, in a daemon thread with its own event loop."""

from __future__ import annotations

import threading
import time

import uvicorn
from starlette.applications import Starlette

from bot.sandbox.listen import loopback_listener


class ServerThread:
    """No signal handlers (uvicorn installs them only on the main thread) and no logging configuration."""

    def __init__(self, app: Starlette) -> None:
        self._app = app
        self._server: uvicorn.Server | None = None
        self._thread: threading.Thread | None = None

    def start(self) -> int:
        """Start serving and return the port."""
        sock = loopback_listener()
        port: int = sock.getsockname()[1]
        config = uvicorn.Config(
            self._app, log_config=None, log_level="warning", access_log=False, lifespan="off", http="h11"
        )
        server = self._server = uvicorn.Server(config)
        thread = self._thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
        thread.start()
        deadline = time.monotonic() + 10
        while not server.started:
            if time.monotonic() > deadline or not thread.is_alive():
                sock.close()
                raise RuntimeError("the fake server did not start")
            time.sleep(0.005)
        return port

    def stop(self) -> None:
        if self._server is not None and self._thread is not None:
            self._server.should_exit = True
            self._thread.join(timeout=10)
        self._server = self._thread = None
