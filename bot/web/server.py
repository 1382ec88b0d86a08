"""The bot's own web server (Starlette on uvicorn) in the bot's event loop: health, OAuth, webhook."""

from __future__ import annotations

import contextlib
from collections.abc import Awaitable, Callable, Generator, Mapping, Sequence

import uvicorn
from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import BaseRoute, Route

from bot.web.body_limit import BodyLimit

HealthCheck = Callable[[], Awaitable[dict[str, object]]]


class EmbeddedServer(uvicorn.Server):
    """A uvicorn server that leaves signal handling to the bot, which owns the process."""

    @contextlib.contextmanager
    def capture_signals(self) -> Generator[None, None, None]:
        yield


def build_web_app(
    health: HealthCheck, extra_routes: Sequence[BaseRoute] = (), body_limits: Mapping[str, int] | None = None
) -> Starlette:
    """Every route's body is limited while it streams: a small default, larger where `body_limits` says."""

    async def healthz(_request: Request) -> JSONResponse:
        report = await health()
        return JSONResponse(report, status_code=200 if report.get("ok") else 503)

    return Starlette(
        routes=[Route("/healthz", healthz), *extra_routes],
        middleware=[Middleware(BodyLimit, limits=body_limits or {})],
    )


def build_server(app: Starlette, host: str, port: int) -> EmbeddedServer:
    config = uvicorn.Config(
        app, host=host, port=port, log_config=None, access_log=False, lifespan="off", server_header=False
    )
    return EmbeddedServer(config)
