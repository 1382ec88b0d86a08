"""`POST /gmail/push`: Gmail's change notices through a Pub/Sub push subscription. Only a push whose
OpenID Connect token verifies is read; it brings the named mailbox's reply check forward to now."""

from __future__ import annotations

import asyncio
import base64
import binascii
import json
import logging
from collections.abc import Awaitable, Callable
from typing import Any

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from brokers.errors import PushRefused, PushUnverifiable
from brokers.ports import PushVerifier

log = logging.getLogger(__name__)

PATH = "/gmail/push"
# A push is a small JSON envelope around {"emailAddress", "historyId"}; the web server stops a body here.
MAX_PUSH_BYTES = 8192
MAX_ADDRESS = 320
MAX_HISTORY_ID = 2**63 - 1

Pushed = Callable[[str, int], Awaitable[object]]


class MalformedPush(ValueError):
    """The body is not Pub/Sub's envelope around a Gmail notification."""


def push_route(verifier: PushVerifier, pushed: Pushed) -> Route:
    async def gmail_push(request: Request) -> Response:
        # The token first: an unverified caller gets nothing read, nothing changed.
        try:
            await asyncio.to_thread(verifier.verify, request.headers.get("authorization"))
        except PushRefused as refused:
            log.warning("gmail push refused (%s)", refused.reason)
            return Response(status_code=403 if refused.wrong_sender else 401)
        except PushUnverifiable:
            log.warning("gmail push not verifiable now: Google's certificates are unavailable")
            return Response(status_code=503)
        try:
            address, history_id = parse_push(await request.body())
        except MalformedPush as problem:
            log.warning("malformed gmail push: %s", problem)
            return Response(status_code=400)
        await pushed(address, history_id)
        return Response(status_code=204)  # any 2xx acknowledges the message to Pub/Sub

    return Route(PATH, gmail_push, methods=["POST"])


def parse_push(body: bytes) -> tuple[str, int]:
    """The address and history id of a push body; raises MalformedPush."""
    envelope = _object(body, "the body")
    message = envelope.get("message")
    if not isinstance(message, dict) or not isinstance(message.get("data"), str):
        raise MalformedPush("no message data")
    try:
        data = base64.b64decode(message["data"], validate=True)
    except (binascii.Error, ValueError) as exc:
        raise MalformedPush("the data is not base64") from exc
    notice = _object(data, "the data")
    address, history = notice.get("emailAddress"), notice.get("historyId")
    if not isinstance(address, str) or "@" not in address or len(address) > MAX_ADDRESS:
        raise MalformedPush("no emailAddress")
    if isinstance(history, str) and history.isdigit() and len(history) <= 19:
        history = int(history)
    if isinstance(history, bool) or not isinstance(history, int) or not 0 < history <= MAX_HISTORY_ID:
        raise MalformedPush("no historyId")
    return address.strip().lower(), history


def _object(raw: bytes, what: str) -> dict[str, Any]:
    try:
        value = json.loads(raw)
    except (ValueError, UnicodeDecodeError) as exc:
        raise MalformedPush(f"{what} is not JSON") from exc
    if not isinstance(value, dict):
        raise MalformedPush(f"{what} is not a JSON object")
    return value
