"""The Gmail API's request pipeline: route, bearer token, user, scope, injected fault, quota, method."""

from __future__ import annotations

import random
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from enum import StrEnum
from typing import Any
from urllib.parse import unquote

from bot.sandbox.google import errors
from bot.sandbox.google.accounts import Account
from bot.sandbox.google.errors import ApiError
from bot.sandbox.google.quota import QuotaMeter
from bot.sandbox.google.tokens import TokenStore

PREFIX = "/gmail/v1/users/"


@dataclass(frozen=True, slots=True)
class ApiRequest:
    method: str
    path: str
    params: Mapping[str, list[str]]
    authorization: str | None
    body: bytes = b""


@dataclass(frozen=True, slots=True)
class ApiResponse:
    status: int
    body: dict[str, Any]
    headers: tuple[tuple[str, str], ...] = ()


class SendFault(StrEnum):
    """What goes wrong with one messages.send: the mail is filed or not, and the answer is lost."""

    ERROR_BEFORE = "500 before the effect"  # nothing filed, HTTP 500
    ERROR_AFTER = "500 after the effect"  # filed, then HTTP 500 (the answer proves nothing)
    TIMEOUT_AFTER = "timeout after the effect"  # filed, then no answer until the client gives up


@dataclass(frozen=True, slots=True)
class CallContext:
    account: Account
    scopes: frozenset[str]
    params: Mapping[str, list[str]]
    path_args: tuple[str, ...]
    body: bytes
    now_ms: int
    pad_base64: bool

    def param(self, name: str) -> str | None:
        values = self.params.get(name)
        return values[-1] if values else None

    def repeated(self, name: str) -> list[str]:
        return [v for value in self.params.get(name, []) for v in value.split(",") if v]


@dataclass(frozen=True, slots=True)
class MethodSpec:
    name: str
    http_method: str
    pattern: re.Pattern[str]
    scopes: frozenset[str]
    handler: Callable[[CallContext], dict[str, Any]]


class GmailApi:
    def __init__(
        self,
        *,
        methods: tuple[MethodSpec, ...],
        tokens: TokenStore,
        account: Callable[[str], Account],
        quota: QuotaMeter,
        clock: Callable[[], float],
        wall_clock: Callable[[], float],
        seed: int,
        fault_rate: float,
        pad_base64: bool,
    ) -> None:
        self.methods = methods
        self.tokens = tokens
        self.account = account
        self.quota = quota
        self.fault_rate = fault_rate
        # The next calls of an account (by address) answered with these statuses, one each, in turn.
        self.account_faults: dict[str, list[int]] = {}
        self.pad_base64 = pad_base64
        # messages.send answers late by this many seconds; with `hold_before_store` it is filed late too,
        # so a test can kill the client either after Gmail kept the mail or before it did.
        self.send_hold = 0.0
        self.hold_before_store = False
        # Faults for the next messages.send calls, in order (see SendFault).
        self.send_faults: list[SendFault] = []
        self._clock = clock
        self._wall_clock = wall_clock
        self._rng = random.Random(seed)

    def handle(self, request: ApiRequest) -> ApiResponse:
        try:
            return ApiResponse(200, self._call(request))
        except ApiError as error:
            return ApiResponse(error.code, error.body(), error.headers())

    def _call(self, request: ApiRequest) -> dict[str, Any]:
        spec, args = self._route(request)
        token = self.tokens.access(_bearer(request.authorization))
        if token is None:
            raise errors.invalid_credentials()
        user = args[0]
        if user != "me" and user.lower() != token.email:
            raise errors.forbidden(f"Delegation denied for {token.email}")
        if not token.scopes & spec.scopes:
            raise errors.insufficient_scopes()
        self.quota.count_call(token.email, spec.name)
        if queued := self.account_faults.get(token.email):
            self.quota.count_fault(token.email)
            raise errors.injected_fault(queued.pop(0))
        if self.fault_rate > 0 and self._rng.random() < self.fault_rate:
            self.quota.count_fault(token.email)
            raise errors.injected_fault(self._rng.choice((500, 503, 429)))
        refused = self.quota.admit(token.email, spec.name, self._clock())
        if refused is not None:
            wait, project = refused
            if project:
                raise errors.project_rate_limited(wait)
            retry_at = datetime.fromtimestamp(self._wall_clock(), tz=UTC) + timedelta(seconds=wait)
            raise errors.user_rate_limited(wait, retry_at.strftime("%Y-%m-%dT%H:%M:%S.000Z"))
        context = CallContext(
            account=self.account(token.email),
            scopes=token.scopes,
            params=request.params,
            path_args=args[1:],
            body=request.body,
            now_ms=int(self._wall_clock() * 1000),
            pad_base64=self.pad_base64,
        )
        return spec.handler(context)

    def _route(self, request: ApiRequest) -> tuple[MethodSpec, tuple[str, ...]]:
        if not request.path.startswith(PREFIX):
            raise errors.not_found()
        rest = request.path[len(PREFIX) :]
        for spec in self.methods:
            match = spec.pattern.match(rest)
            if match is not None and spec.http_method == request.method:
                return spec, tuple(unquote(group) for group in match.groups())
        raise errors.not_found()

    def batch_owner(self, authorization: str | None) -> str | None:
        token = self.tokens.access(_bearer(authorization))
        return None if token is None else token.email


def _bearer(authorization: str | None) -> str:
    scheme, _, value = (authorization or "").partition(" ")
    return value.strip() if scheme.lower() == "bearer" else ""
