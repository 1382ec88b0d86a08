"""Request bodies are refused (413) once they pass a small limit, while they stream in.

Starlette's `request.body()` gathers the whole body before a handler can look at its size, so a
300 MB post costs 300 MB (and more) of memory. This middleware refuses a declared Content-Length over
the limit before the handler runs, and counts the bytes of a body that declares none (chunked) as they
arrive, stopping at the limit: no more than the limit is ever held.
"""

from __future__ import annotations

from collections.abc import Mapping

from starlette.types import ASGIApp, Message, Receive, Scope, Send

DEFAULT_LIMIT_BYTES = 4096
_TOO_LARGE: Message = {"type": "http.response.start", "status": 413, "headers": [(b"connection", b"close")]}


class BodyTooLarge(Exception):
    """Raised from `receive` when a streamed body passes its route's limit."""


class BodyLimit:
    def __init__(
        self, app: ASGIApp, *, limits: Mapping[str, int] | None = None, default: int = DEFAULT_LIMIT_BYTES
    ) -> None:
        self.app = app
        self.limits = dict(limits or {})
        self.default = default

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        limit = self.limits.get(scope["path"], self.default)
        if _declared_length(scope) > limit:
            await _refuse(send)
            return
        received = 0
        started = False

        async def counted_receive() -> Message:
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > limit:
                    raise BodyTooLarge
            return message

        async def watched_send(message: Message) -> None:
            nonlocal started
            started = started or message["type"] == "http.response.start"
            await send(message)

        try:
            await self.app(scope, counted_receive, watched_send)
        except BodyTooLarge:
            if started:
                raise
            await _refuse(send)


def _declared_length(scope: Scope) -> int:
    for name, value in scope["headers"]:
        if name == b"content-length":
            try:
                return int(value)
            except ValueError:
                return 1 << 62  # unreadable: treat as too large
    return 0


async def _refuse(send: Send) -> None:
    await send(_TOO_LARGE)
    await send({"type": "http.response.body", "body": b""})
