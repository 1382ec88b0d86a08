"""The bot's own web server (Starlette on uvicorn) in the bot's event loop: health, and later OAuth."""

from __future__ import annotations

import contextlib
from collections.abc import Awaitable, Callable, Generator, Sequence

import uvicorn
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import BaseRoute, Route

HealthCheck = Callable[[], Awaitable[dict[str, object]]]


class EmbeddedServer(uvicorn.Server):
    """A uvicorn server that leaves signal handling to the bot, which owns the process."""

    @contextlib.contextmanager
    def capture_signals(self) -> Generator[None, None, None]:
        yield


def build_web_app(health: HealthCheck, extra_routes: Sequence[BaseRoute] = ()) -> Starlette:
    async def healthz(_request: Request) -> JSONResponse:
        report = await health()
        return JSONResponse(report, status_code=200 if report.get("ok") else 503)

    return Starlette(routes=[Route("/healthz", healthz), *extra_routes])


def build_server(app: Starlette, host: str, port: int) -> EmbeddedServer:
    config = uvicorn.Config(
        app, host=host, port=port, log_config=None, access_log=False, lifespan="off", server_header=False
    )
    return EmbeddedServer(config)
