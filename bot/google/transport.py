"""Running Gmail calls: off the event loop, one HTTP connection per thread, under the quota, with retries."""

from __future__ import annotations

import asyncio
import functools
import json
import logging
import threading
from collections.abc import Callable, Mapping
from datetime import UTC, datetime, timedelta
from typing import Any

import httplib2
from google.oauth2.credentials import Credentials
from google_auth_httplib2 import AuthorizedHttp
from google_auth_httplib2 import Request as AuthRequest
from googleapiclient.discovery import build_from_document
from googleapiclient.discovery_cache import get_static_doc
from googleapiclient.http import BatchHttpRequest

from bot.google.connections import GoogleConnections
from bot.google.failures import Backoff, Failure, Kind, classify
from bot.google.quota import Lane, ProjectQuota, QuotaLimiter
from brokers.errors import MailboxQuotaExceeded, MailboxUnavailable

log = logging.getLogger(__name__)

# https://developers.google.com/workspace/gmail/api/guides/batch: at most 100 calls, "larger batch sizes
# are likely to trigger rate limiting", more than 50 not recommended.
MAX_BATCH = 50

Request = Callable[[Any], Any]  # builds a googleapiclient HttpRequest from the service
Answer = dict[str, Any]
Outcomes = dict[str, tuple[Answer | None, Exception | None]]


@functools.lru_cache(maxsize=4)
def build_gmail_service(api_url: str) -> tuple[Any, str]:
    """The Gmail service from the packaged discovery document rooted at `api_url`, and its batch URL.

    `client_options.api_endpoint` would move the method URLs but not the batch URL, which is built
    from the document's rootUrl. Built once per root and shared: parsing the document costs tens of
    milliseconds, which every reply check (one per account every poll interval) would otherwise pay;
    the service only builds requests, each executed on its caller's own connection.
    """
    document = json.loads(get_static_doc("gmail", "v1"))
    document["rootUrl"] = api_url.rstrip("/") + "/"
    # The service's own http is never used: every call gets the calling thread's AuthorizedHttp.
    service = build_from_document(document, http=httplib2.Http())
    return _Service(service), document["rootUrl"] + document.get("batchPath", "batch")


class _Users:
    """users() with its nested resources built once: googleapiclient builds a resource afresh from
    the discovery document on each `users()`/`messages()` (a fraction of a millisecond each), which every
    call of every reply check would pay. The resources only build requests; nothing in them changes."""

    def __init__(self, users: Any) -> None:
        self._users = users
        self._messages = users.messages()
        self._history = users.history()
        self._threads = users.threads()

    def messages(self) -> Any:
        return self._messages

    def history(self) -> Any:
        return self._history

    def threads(self) -> Any:
        return self._threads

    def __getattr__(self, name: str) -> Any:  # getProfile, watch, stop, …
        return getattr(self._users, name)


class _Service:
    def __init__(self, service: Any) -> None:
        self._users = _Users(service.users())

    def users(self) -> _Users:
        return self._users


class _Batch(BatchHttpRequest):  # type: ignore[misc]
    """A batch that refreshes credentials through the thread's own connection.

    googleapiclient refreshes a batch's credentials (when they expired, or when parts come back 401)
    with a new httplib2.Http that it never closes (googleapiclient/_auth.py, refresh_credentials).
    """

    def _refresh_and_apply_credentials(self, request: Any, http: Any) -> None:
        credentials = http.credentials
        if id(credentials) not in self._refreshed_credentials:
            credentials.refresh(AuthRequest(http.http))
            self._refreshed_credentials[id(credentials)] = 1
        credentials.apply(request.headers)


class GmailTransport:
    """Executes requests for one account; httplib2 is not thread-safe, so each worker thread gets its own
    connection: the process's shared one (`connections`), or one of this account's, closed with it."""

    def __init__(
        self,
        credentials: Credentials,
        api_url: str,
        *,
        limiter: QuotaLimiter,
        backoff: Backoff,
        timeout: float = 60.0,
        wall_clock: Callable[[], datetime] = lambda: datetime.now(UTC),
        on_error: Callable[[], None] = lambda: None,
        project: ProjectQuota | None = None,
        lane: Lane = Lane.INTERACTIVE,
        connections: GoogleConnections | None = None,
    ) -> None:
        self.limiter = limiter
        self._project = project
        self._lane = lane
        self.backoff = backoff
        self.units_used = 0
        self.calls = 0
        self._credentials = credentials
        self._timeout = timeout
        self._wall_clock = wall_clock
        self._on_error = on_error
        self._service, self._batch_uri = build_gmail_service(api_url)
        self._connections = connections
        self._local = threading.local()
        self._opened: list[Any] = []
        self._opened_lock = threading.Lock()

    async def call(self, method: str, request: Request, *, idempotent: bool = True) -> Answer | None:
        """Run one call, retrying rate limits and server errors; None when Gmail answers 404."""
        cost = self.limiter.table.cost(method)
        for attempt in range(self.backoff.max_attempts):
            await self._acquire(method, cost)
            self.calls += 1
            try:
                answer: Answer = await asyncio.to_thread(self._execute, request)
            except Exception as error:
                failure = self._classify(error, method)
                if failure.kind is Kind.NOT_FOUND:
                    self.units_used += cost
                    return None
                if not idempotent and failure.kind is Kind.UNAVAILABLE:
                    raise MailboxUnavailable(method, f"HTTP {failure.status}") from error
                await self._before_retry(method, attempt, failure)
                continue
            self.units_used += cost
            return answer
        raise AssertionError("unreachable: the last attempt raises")

    async def batch(self, method: str, requests: Mapping[str, Request]) -> dict[str, Answer]:
        """Run many calls of one method in batches of MAX_BATCH; keys answered 404 are left out."""
        answers: dict[str, Answer] = {}
        keys = list(requests)
        for start in range(0, len(keys), MAX_BATCH):
            chunk = {key: requests[key] for key in keys[start : start + MAX_BATCH]}
            answers.update(await self._batch_with_retries(method, chunk))
        return answers

    async def _batch_with_retries(self, method: str, pending: dict[str, Request]) -> dict[str, Answer]:
        cost = self.limiter.table.cost(method)
        answers: dict[str, Answer] = {}
        for attempt in range(self.backoff.max_attempts):
            await self._acquire(method, cost * len(pending))
            self.calls += len(pending)
            try:
                outcomes = await asyncio.to_thread(self._execute_batch, pending)
            except Exception as error:
                await self._before_retry(f"{method} batch", attempt, self._classify(error, method))
                continue
            failures = self._settle(method, pending, outcomes, answers)
            if not pending:
                return answers
            worst = max(
                failures,
                key=lambda f: (f.kind is Kind.RATE_LIMITED, f.retry_after or 0.0),
                default=Failure(Kind.UNAVAILABLE, None),
            )
            await self._before_retry(f"{method} batch part", attempt, worst)
        raise AssertionError("unreachable: the last attempt raises")

    async def _acquire(self, method: str, units: int) -> None:
        """Room in the user's quota, then in the project's (a letter ahead of everything else)."""
        await self.limiter.acquire(units)
        if self._project is not None:
            await self._project.acquire(units, Lane.SEND if method == "messages.send" else self._lane)

    def _settle(
        self, method: str, pending: dict[str, Request], outcomes: Outcomes, answers: dict[str, Answer]
    ) -> list[Failure]:
        """Keep the answers, drop settled parts (answered or 404) from `pending`; return the failures."""
        cost = self.limiter.table.cost(method)
        failures: list[Failure] = []
        for key, (answer, part_error) in outcomes.items():
            failure = None if part_error is None else self._classify(part_error, method)
            if failure is not None and failure.kind is not Kind.NOT_FOUND:
                failures.append(failure)
                continue
            self.units_used += cost
            del pending[key]
            if answer is not None and failure is None:
                answers[key] = answer
        return failures

    def _classify(self, error: BaseException, method: str) -> Failure:
        """`classify`, counting each failure but "not found" (an answer, not a fault) as it happens."""
        try:
            failure = classify(error, method)
        except Exception:
            self._on_error()
            raise
        if failure.kind is not Kind.NOT_FOUND:
            self._on_error()
        return failure

    async def _before_retry(self, operation: str, attempt: int, failure: Failure) -> None:
        """Wait before the next attempt, or raise the domain error when this was the last one."""
        delay = self.backoff.delay(attempt, failure)
        if attempt + 1 >= self.backoff.max_attempts:
            log.warning("gmail %s gave up after %d attempts (%s)", operation, attempt + 1, failure.kind)
            if failure.kind is Kind.RATE_LIMITED:
                raise MailboxQuotaExceeded(operation, self._wall_clock() + timedelta(seconds=delay))
            raise MailboxUnavailable(operation, f"{failure.kind}, HTTP {failure.status}")
        log.info(
            "gmail %s: %s (HTTP %s), retry %d in %.1fs",
            operation,
            failure.kind,
            failure.status,
            attempt + 1,
            delay,
        )
        if failure.kind is Kind.RATE_LIMITED and failure.retry_after:
            self.limiter.pause_until(self.limiter.now() + failure.retry_after)
        await self.limiter.sleep(delay)

    def _http(self) -> Any:
        http = getattr(self._local, "http", None)
        if http is None:
            if self._connections is not None:  # shared: closed with them, not with this account
                http = AuthorizedHttp(self._credentials, http=self._connections.http())
            else:
                http = AuthorizedHttp(self._credentials, http=httplib2.Http(timeout=self._timeout))
                with self._opened_lock:
                    self._opened.append(http)
            self._local.http = http
        return http

    def _execute(self, request: Request) -> Answer:
        answer: Answer = request(self._service).execute(http=self._http())
        return answer

    def _execute_batch(
        self, requests: Mapping[str, Request]
    ) -> dict[str, tuple[Answer | None, Exception | None]]:
        keys = list(requests)
        outcomes: dict[str, tuple[Answer | None, Exception | None]] = {}

        def collect(request_id: str, answer: Answer | None, error: Exception | None) -> None:
            outcomes[keys[int(request_id)]] = (answer, error)

        http = self._http()
        if not http.credentials.valid:
            # Refresh here, or BatchHttpRequest.execute does it through a connection it leaks.
            http.credentials.refresh(AuthRequest(http.http))
        batch = _Batch(callback=collect, batch_uri=self._batch_uri)
        for index, key in enumerate(keys):
            batch.add(requests[key](self._service), request_id=str(index))
        batch.execute(http=http)
        return outcomes

    def close(self) -> None:
        with self._opened_lock:
            opened, self._opened = self._opened, []
        for http in opened:
            http.close()
