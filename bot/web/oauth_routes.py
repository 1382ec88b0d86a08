"""The OAuth callback and the page that hands the person over to Telegram to finish.

Every response to Google's callback is a redirect to a clean URL, so the browser never stays on (or
bookmarks, or leaks in a Referer) the URL that carried `?code=`. The link token travels in an HttpOnly
cookie to the hand-over page, which links nothing itself: it sends the person to the bot with a one-time
deep link, and the bot links the Gmail only for the Telegram account that asked (bot.services.connect).
"""

from __future__ import annotations

import asyncio
import logging
import re
from collections.abc import Awaitable, Callable
from dataclasses import dataclass

from aiolimiter import AsyncLimiter
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.routing import Route

from bot.i18n import Text
from bot.services.connect import ConnectService, is_link_token
from bot.services.connect_events import (
    AwaitingLink,
    ConnectUpdate,
    Denied,
    ExchangeFailed,
    NoReadAccess,
)
from bot.web.client_limit import PerClientLimit
from bot.web.pages import SECURITY_HEADERS, Result, finish_page, result_page
from brokers.accounts import CONFIRM_TTL_SECONDS, StateProblem, StateRejected
from brokers.profile import DEFAULT_LANGUAGE, SUPPORTED_LANGUAGES, TelegramId

log = logging.getLogger(__name__)

COOKIE = "oauth_link"
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
    publish: Callable[[ConnectUpdate], Awaitable[None]]
    telegram_link: Callable[[], str]
    deep_link: Callable[[str], str]
    secure_cookie: bool
    limiter: AsyncLimiter
    clients: PerClientLimit
    exchanges: asyncio.Semaphore

    def routes(self) -> list[Route]:
        return [
            Route("/oauth/callback", self.callback, methods=["GET"]),
            Route("/oauth/finish", self.finish, methods=["GET"]),
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
        if isinstance(outcome, AwaitingLink):
            # Nothing goes to the owner's chat yet: in a forwarded-link attack the owner is the attacker.
            language = await self.language_of(outcome.telegram_id)
            response = RedirectResponse(
                f"/oauth/finish?l={language}", status_code=303, headers=SECURITY_HEADERS
            )
            response.set_cookie(
                COOKIE,
                outcome.link_token,
                max_age=CONFIRM_TTL_SECONDS,
                path="/oauth",
                httponly=True,
                secure=self.secure_cookie,
                samesite="lax",
            )
            return response
        await self.publish(ConnectUpdate(outcome))
        return self._redirect(_result_of(outcome), await self.language_of(outcome.telegram_id))

    async def _rejected(self, rejected: StateRejected) -> Response:
        """A refused state is answered on the page only: replaying a link sends no chat message."""
        owner = rejected.telegram_id
        language = await self.language_of(owner) if owner is not None else DEFAULT_LANGUAGE
        return self._redirect(_REJECTED[rejected.problem], language)

    async def finish(self, request: Request) -> Response:
        token = request.cookies.get(COOKIE, "")
        address = await self.connect.waiting_address(token) if is_link_token(token) else None
        if address is None:
            return self._redirect(Result.EXPIRED, DEFAULT_LANGUAGE, clear_cookie=True)
        return finish_page(_page_text(request), address=address, link=self.deep_link(token))

    async def done(self, request: Request) -> Response:
        try:
            result = Result(request.query_params.get("r", ""))
        except ValueError:
            result = Result.UNKNOWN
        return result_page(result, _page_text(request), self.telegram_link())

    def _redirect(self, result: Result, language: str, *, clear_cookie: bool = False) -> Response:
        response = RedirectResponse(
            f"/oauth/done?r={result.value}&l={language}", status_code=303, headers=SECURITY_HEADERS
        )
        if clear_cookie:
            response.delete_cookie(COOKIE, path="/oauth")
        return response


def _page_text(request: Request) -> Text:
    language = request.query_params.get("l", DEFAULT_LANGUAGE)
    return Text(language if language in SUPPORTED_LANGUAGES else DEFAULT_LANGUAGE)


def _result_of(outcome: Denied | ExchangeFailed | NoReadAccess) -> Result:
    if isinstance(outcome, Denied):
        return Result.DENIED
    if isinstance(outcome, NoReadAccess):
        return Result.NO_READ
    return Result.UNAVAILABLE if outcome.unavailable else Result.FAILED
