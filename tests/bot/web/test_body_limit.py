"""A huge body is refused while it streams in: the server never holds more than the route's limit."""

from __future__ import annotations

from collections.abc import AsyncIterator

import httpx
import pytest
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from bot.web.body_limit import DEFAULT_LIMIT_BYTES
from bot.web.server import build_web_app

CHUNK = b"a" * 65536
BIG_LIMIT = 1_000_000


class Sender:
    """An attacker's body of 300 MB, one chunk at a time; counts how much the server asked for."""

    def __init__(self, megabytes: int = 300) -> None:
        self.chunks = megabytes * (1 << 20) // len(CHUNK)
        self.sent = 0

    async def __aiter__(self) -> AsyncIterator[bytes]:
        for _ in range(self.chunks):
            self.sent += len(CHUNK)
            yield CHUNK


async def _echo_length(request: Request) -> Response:
    return Response(str(len(await request.body())))


async def _healthy() -> dict[str, object]:
    return {"ok": True}


def _client() -> httpx.AsyncClient:
    app = build_web_app(
        _healthy,
        [Route("/small", _echo_length, methods=["POST"]), Route("/big", _echo_length, methods=["POST"])],
        {"/big": BIG_LIMIT},
    )
    return httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://bot")


@pytest.mark.parametrize(("path", "limit"), [("/small", DEFAULT_LIMIT_BYTES), ("/big", BIG_LIMIT)])
async def test_streamed_body_past_the_limit_is_refused_before_it_is_all_read(path: str, limit: int) -> None:
    sender = Sender()
    async with _client() as client:
        response = await client.post(path, content=sender)
    assert response.status_code == 413
    assert sender.sent <= limit + 2 * len(CHUNK)


async def test_declared_length_past_the_limit_is_refused_without_reading() -> None:
    async with _client() as client:
        response = await client.post("/small", content=b"a" * (DEFAULT_LIMIT_BYTES + 1))
    assert response.status_code == 413


@pytest.mark.parametrize("length", ["not-a-number", "-1x"])
async def test_unreadable_content_length_is_refused(length: str) -> None:
    async with _client() as client:
        request = client.build_request("POST", "/small", content=b"a", headers={"content-length": length})
        response = await client.send(request)
    assert response.status_code == 413


async def test_body_within_the_limit_reaches_the_route() -> None:
    async with _client() as client:
        small = await client.post("/small", content=b"a" * DEFAULT_LIMIT_BYTES)
        big = await client.post("/big", content=b"a" * (DEFAULT_LIMIT_BYTES * 10))
    assert (small.status_code, small.text) == (200, str(DEFAULT_LIMIT_BYTES))
    assert (big.status_code, big.text) == (200, str(DEFAULT_LIMIT_BYTES * 10))


async def test_route_that_reads_no_body_answers_without_taking_it_in() -> None:
    sender = Sender()
    async with _client() as client:
        response = await client.request("GET", "/healthz", content=sender)
    assert response.status_code == 200
    assert sender.sent <= DEFAULT_LIMIT_BYTES + 2 * len(CHUNK)
