"""The Starlette application: HTTP in and out for the OAuth endpoints, the Gmail API and its batch URL."""

from __future__ import annotations

import asyncio
import base64
import binascii
import functools
import json
import threading
import traceback
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any
from urllib.parse import parse_qs, parse_qsl, unquote

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import HTMLResponse, RedirectResponse, Response
from starlette.routing import Route

from bot.sandbox.google.batch import MAX_PARTS, BatchFormatError, format_batch, parse_batch
from bot.sandbox.google.errors import bad_request, injected_fault
from bot.sandbox.google.gmail import ApiRequest, ApiResponse, GmailApi, SendFault
from bot.sandbox.google.oauth import ConsentPage
from bot.sandbox.google.token_endpoint import TokenEndpoint

Endpoint = Callable[[Request], Awaitable[Response]]
_JSON = "application/json; charset=UTF-8"
TIMEOUT_HOLD_SECONDS = 90.0  # longer than the bot waits for an answer (GmailMailbox's timeout is 60 s)
_NO_STORE = {"Cache-Control": "no-cache, no-store, max-age=0, must-revalidate", "Pragma": "no-cache"}


def _json(status: int, body: dict[str, Any], headers: dict[str, str] | None = None) -> Response:
    return Response(json.dumps(body), status_code=status, headers=headers, media_type=_JSON)


def _basic_credentials(header: str | None) -> tuple[str, str] | None:
    scheme, _, value = (header or "").partition(" ")
    if scheme.lower() != "basic":
        return None
    try:
        decoded = base64.b64decode(value.strip(), validate=True).decode()
    except (binascii.Error, UnicodeDecodeError):
        return None
    user, _, password = decoded.partition(":")
    return unquote(user), unquote(password)


async def _form(request: Request) -> dict[str, str]:
    return dict(parse_qsl((await request.body()).decode(), keep_blank_values=True))


@dataclass(frozen=True, slots=True)
class Endpoints:
    """Request handlers. Every touch of the state happens under `lock`: controls come from other threads."""

    lock: threading.RLock
    consent: ConsentPage
    tokens: TokenEndpoint
    gmail: GmailApi
    crashes: list[str]
    certs: Callable[[], dict[str, str]]

    async def authorize(self, request: Request) -> Response:
        with self.lock:
            outcome = self.consent.authorize(dict(request.query_params))
        if outcome.location is not None:
            return RedirectResponse(outcome.location, status_code=outcome.status)
        return HTMLResponse(outcome.page, status_code=outcome.status)

    async def token(self, request: Request) -> Response:
        form = await _form(request)
        if self.tokens.failures.delay > 0:
            await asyncio.sleep(self.tokens.failures.delay)
        with self.lock:
            status, body = self.tokens.token(form, _basic_credentials(request.headers.get("authorization")))
        return _json(status, body, _NO_STORE)

    async def revoke(self, request: Request) -> Response:
        form = await _form(request)
        with self.lock:
            status, body = self.tokens.revoke(request.query_params.get("token") or form.get("token"))
        return _json(status, body)

    async def gmail_api(self, request: Request) -> Response:
        method, body = request.method, await request.body()
        params = parse_qs(request.url.query, keep_blank_values=True)
        override = request.headers.get("x-http-method-override")
        if method == "POST" and override:
            # googleapiclient sends a GET longer than 2,048 characters like this (http.py MAX_URI_LENGTH).
            method = override.upper()
            for name, values in parse_qs(body.decode(), keep_blank_values=True).items():
                params.setdefault(name, []).extend(values)
            body = b""
        authorization = request.headers.get("authorization")
        sending = request.scope["path"].endswith("/messages/send")
        with self.lock:
            fault = self.gmail.send_faults.pop(0) if sending and self.gmail.send_faults else None
        if fault is SendFault.ERROR_BEFORE:
            return _json(500, injected_fault(500).body())
        hold = self.gmail.send_hold if sending else 0.0
        if hold and self.gmail.hold_before_store:
            await asyncio.sleep(hold)
            if await request.is_disconnected():
                return Response(status_code=499)  # the client is gone: Gmail never got the mail
        with self.lock:
            answer = self.gmail.handle(ApiRequest(method, request.scope["path"], params, authorization, body))
        if hold and not self.gmail.hold_before_store:
            await asyncio.sleep(hold)
        if fault is SendFault.TIMEOUT_AFTER:
            await asyncio.sleep(TIMEOUT_HOLD_SECONDS)
        if fault is not None and answer.status == 200:
            return _json(500, injected_fault(500).body())  # filed, but the answer says nothing of it
        return _json(answer.status, answer.body, dict(answer.headers))

    async def push_certs(self, _request: Request) -> Response:
        """The push signer's certificate as Google serves its own: {key id: PEM}, cacheable."""
        return _json(200, self.certs(), {"Cache-Control": "public, max-age=3600"})

    async def batch(self, request: Request) -> Response:
        outer = request.headers.get("authorization")
        try:
            parts = parse_batch(request.headers.get("content-type", ""), await request.body(), outer)
        except BatchFormatError as error:
            return _json(400, bad_request(str(error)).body())
        if not parts or len(parts) > MAX_PARTS:
            refusal = bad_request(f"A batch holds 1 to {MAX_PARTS} requests, not {len(parts)}.")
            return _json(400, refusal.body())
        with self.lock:
            owner = self.gmail.batch_owner(parts[0].request.authorization)
            if owner is not None:
                self.gmail.quota.count_batch(owner)
            answers: list[tuple[str | None, ApiResponse]] = [
                (p.content_id, self.gmail.handle(p.request)) for p in parts
            ]
        content_type, payload = format_batch(answers)
        return Response(payload, media_type=content_type)


def _guarded(endpoint: Endpoint, crashes: list[str]) -> Endpoint:
    """Turn a crash of the fake itself into a 500 recorded in `crashes`, so tests tell it from Google's."""

    @functools.wraps(endpoint)
    async def run(request: Request) -> Response:
        try:
            return await endpoint(request)
        except Exception:
            crashes.append(traceback.format_exc())
            return _json(500, {"error": {"code": 500, "message": "the fake Google crashed"}})

    return run


def build_app(endpoints: Endpoints) -> Starlette:
    def route(path: str, endpoint: Endpoint, *methods: str) -> Route:
        return Route(path, _guarded(endpoint, endpoints.crashes), methods=list(methods))

    return Starlette(
        routes=[
            route("/o/oauth2/auth", endpoints.authorize, "GET"),
            route("/o/oauth2/v2/auth", endpoints.authorize, "GET"),
            route("/token", endpoints.token, "POST"),
            route("/revoke", endpoints.revoke, "GET", "POST"),
            route("/gmail/v1/{rest:path}", endpoints.gmail_api, "GET", "POST"),
            route("/batch/gmail/v1", endpoints.batch, "POST"),
            route("/batch", endpoints.batch, "POST"),
            route("/oauth2/v1/certs", endpoints.push_certs, "GET"),
        ]
    )
