"""The OAuth callback and confirmation endpoints.

Every response to Google's callback is a redirect to a clean URL, so the browser never stays on (or
bookmarks, or leaks in a Referer) the URL that carried `?code=`. The confirmation token travels in an
HttpOnly cookie and, for the form post, in the form itself (double submit).
"""

from __future__ import annotations

import asyncio
import logging
import re
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from urllib.parse import parse_qs

from aiolimiter import AsyncLimiter
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.routing import Route

from bot.i18n import Text
from bot.services.connect import ConnectService
from bot.services.connect_events import (
    AwaitingConfirmation,
    ConnectUpdate,
    Denied,
    ExchangeFailed,
    NoReadAccess,
)
from bot.web.client_limit import PerClientLimit
from bot.web.pages import SECURITY_HEADERS, Result, confirm_page, result_page
from brokers.accounts import CONFIRM_TTL_SECONDS, StateProblem, StateRejected
from brokers.profile import DEFAULT_LANGUAGE, SUPPORTED_LANGUAGES, TelegramId
from brokers.scopes import Grant

log = logging.getLogger(__name__)

COOKIE = "oauth_confirm"
_TOKEN_RE = re.compile(r"^[A-Za-z0-9_-]{16,128}$")
_CODE_RE = re.compile(r"^[\x21-\x7e]{1,1024}$")
_REJECTED = {
    StateProblem.UNKNOWN: Result.UNKNOWN,
    StateProblem.EXPIRED: Result.EXPIRED,
    StateProblem.USED: Result.USED,
}


@dataclass(slots=True)
class OAuthWeb:
    connect: ConnectService
    language_of: Callable[[TelegramId], Awaitable[str]]
    describe_chat: Callable[[TelegramId], Awaitable[str]]
    publish: Callable[[ConnectUpdate], Awaitable[None]]
    telegram_link: Callable[[], str]
    secure_cookie: bool
    limiter: AsyncLimiter
    clients: PerClientLimit
    exchanges: asyncio.Semaphore

    def routes(self) -> list[Route]:
        return [
            Route("/oauth/callback", self.callback, methods=["GET"]),
            Route("/oauth/confirm", self.confirm_form, methods=["GET"]),
            Route("/oauth/confirm", self.confirm, methods=["POST"]),
            Route("/oauth/done", self.done, methods=["GET"]),
        ]

    async def callback(self, request: Request) -> Response:
        # Cheap checks first, the shared limit last: a forged, replayed or late state, or a flood from
        # one address, is answered before it can take the capacity real people's callbacks need.
        state = request.query_params.get("state", "")
        code = request.query_params.get("code")
        if not _TOKEN_RE.match(state) or (code is not None and not _CODE_RE.match(code)):
            return self._redirect(Result.UNKNOWN, DEFAULT_LANGUAGE)
        if not self.clients.admit(request.client.host if request.client else ""):
            return self._redirect(Result.BUSY, DEFAULT_LANGUAGE)
        rejected = await self.connect.problem_with(state)
        if rejected is not None:
            return await self._rejected(rejected)
        if not self.limiter.has_capacity():
            return self._redirect(Result.BUSY, DEFAULT_LANGUAGE)
        await self.limiter.acquire()
        async with self.exchanges:
            outcome = await self.connect.handle_callback(
                state=state, code=code, error=request.query_params.get("error")
            )
        if isinstance(outcome, StateRejected):  # a replay that raced the first use
            return await self._rejected(outcome)
        await self.publish(ConnectUpdate(outcome))
        if isinstance(outcome, AwaitingConfirmation):
            response = RedirectResponse("/oauth/confirm", status_code=303, headers=SECURITY_HEADERS)
            response.set_cookie(
                COOKIE,
                outcome.confirm_token,
                max_age=CONFIRM_TTL_SECONDS,
                path="/oauth",
                httponly=True,
                secure=self.secure_cookie,
                samesite="lax",
            )
            return response
        return self._redirect(_result_of(outcome), await self.language_of(outcome.telegram_id))

    async def _rejected(self, rejected: StateRejected) -> Response:
        """A refused state is answered on the page only: replaying a link sends no chat message."""
        owner = rejected.telegram_id
        language = await self.language_of(owner) if owner is not None else DEFAULT_LANGUAGE
        return self._redirect(_REJECTED[rejected.problem], language)

    async def confirm_form(self, request: Request) -> Response:
        token = request.cookies.get(COOKIE, "")
        confirmation = await self.connect.confirmation(token) if _TOKEN_RE.match(token) else None
        if confirmation is None:
            return self._redirect(Result.EXPIRED, DEFAULT_LANGUAGE)
        t = Text(await self.language_of(confirmation.telegram_id))
        grant = Grant(confirmation.tokens.scopes)
        return confirm_page(
            t,
            telegram_name=await self.describe_chat(confirmation.telegram_id),
            address=confirmation.address,
            confirm_token=token,
            privacy_mode=grant.is_privacy_mode,
            can_send=grant.can_send,
        )

    async def confirm(self, request: Request) -> Response:
        form = await _small_form(request)
        token, posted = request.cookies.get(COOKIE, ""), form.get("token", "")
        if not _TOKEN_RE.match(token) or token != posted:
            return self._redirect(Result.EXPIRED, DEFAULT_LANGUAGE, clear_cookie=True)
        if form.get("action") == "confirm":
            connected = await self.connect.confirm(token)
            if connected is None:
                return self._redirect(Result.EXPIRED, DEFAULT_LANGUAGE, clear_cookie=True)
            await self.publish(ConnectUpdate(connected))
            language = await self.language_of(connected.account.telegram_id)
            return self._redirect(Result.CONNECTED, language, clear_cookie=True)
        cancelled = await self.connect.cancel(token)
        if cancelled is None:
            return self._redirect(Result.EXPIRED, DEFAULT_LANGUAGE, clear_cookie=True)
        await self.publish(ConnectUpdate(cancelled))
        return self._redirect(
            Result.CANCELLED, await self.language_of(cancelled.telegram_id), clear_cookie=True
        )

    async def done(self, request: Request) -> Response:
        try:
            result = Result(request.query_params.get("r", ""))
        except ValueError:
            result = Result.UNKNOWN
        language = request.query_params.get("l", DEFAULT_LANGUAGE)
        t = Text(language if language in SUPPORTED_LANGUAGES else DEFAULT_LANGUAGE)
        return result_page(result, t, self.telegram_link())

    def _redirect(self, result: Result, language: str, *, clear_cookie: bool = False) -> Response:
        response = RedirectResponse(
            f"/oauth/done?r={result.value}&l={language}", status_code=303, headers=SECURITY_HEADERS
        )
        if clear_cookie:
            response.delete_cookie(COOKIE, path="/oauth")
        return response


async def _small_form(request: Request) -> dict[str, str]:
    """The confirmation form's two fields; anything large or odd reads as empty."""
    body = await request.body()
    if len(body) > 2048:
        return {}
    fields = parse_qs(body.decode("ascii", "replace"), max_num_fields=4)
    return {name: values[0] for name, values in fields.items() if values}


def _result_of(outcome: Denied | ExchangeFailed | NoReadAccess) -> Result:
    if isinstance(outcome, Denied):
        return Result.DENIED
    if isinstance(outcome, NoReadAccess):
        return Result.NO_READ
    return Result.UNAVAILABLE if outcome.unavailable else Result.FAILED
