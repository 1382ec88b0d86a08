"""Many mailboxes' history ids in one Gmail batch request: whether each changed since its last check.

https://developers.google.com/workspace/gmail/api/guides/batch: one `POST /batch/gmail/v1` of up to 100
parts, each part its own `users.getProfile` with its own account's Authorization header. Each part
costs its account 1 unit, as a single call would (Google counts a batch as its parts), and the parts
go under the process's ProjectQuota before the request is sent.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable, Hashable, Mapping
from datetime import UTC, datetime, timedelta
from typing import Any, TypeVar

import httplib2
from googleapiclient.http import BatchHttpRequest

from bot.google.failures import Kind, classify
from bot.google.quota import Lane, ProjectQuota, quota_table
from bot.google.transport import build_gmail_service
from brokers.errors import MailboxError, MailboxQuotaExceeded, MailboxUnavailable

log = logging.getLogger(__name__)

# Google's limit of parts in one batch request. Its advice to send at most 50 (the transport's MAX_BATCH)
# is about one user's calls arriving at once; here each part is another user's single call.
MAX_PARTS = 100
METHOD = "getProfile"

K = TypeVar("K", bound=Hashable)
# A mailbox's history id, or why it could not be read for now (the position is kept).
ProfileAnswer = str | MailboxError


class _OwnTokensBatch(BatchHttpRequest):  # type: ignore[misc]
    """A batch whose parts carry their own accounts' tokens and are sent once.

    googleapiclient would refresh the credentials of a part answered 401 and send it again; a token
    renewal belongs to the account's own check (which saves the new token or marks the account
    "needs reconnect"), so a 401 is left as the part's answer.
    """

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self._sent = False

    def _refresh_and_apply_credentials(self, request: Any, http: Any) -> None:
        return None

    def _execute(self, http: Any, order: Any, requests: Any) -> None:
        if not self._sent:  # the second call would be the resend of the parts answered 401
            self._sent = True
            super()._execute(http, order, requests)


class ProfileBatch:
    """`history_ids` asks Gmail, in one request per MAX_PARTS accounts, for each account's history id.

    Accounts left out of the answer are to be asked alone (their token was refused, the scope is
    missing, or Gmail answered something else): the single path renews tokens and marks dead grants.
    """

    def __init__(
        self,
        *,
        api_url: str,
        quota_model: str = "2025",
        project: ProjectQuota | None = None,
        timeout: float = 60.0,
        on_error: Callable[[], None] = lambda: None,
        wall_clock: Callable[[], datetime] = lambda: datetime.now(UTC),
    ) -> None:
        self._service, self._batch_uri = build_gmail_service(api_url)
        self._cost = quota_table(quota_model).cost(METHOD)
        self._project = project
        self._timeout = timeout
        self._on_error = on_error
        self._wall_clock = wall_clock

    async def history_ids(self, access_tokens: Mapping[K, str]) -> dict[K, ProfileAnswer]:
        keys = list(access_tokens)
        answers: dict[K, ProfileAnswer] = {}
        for start in range(0, len(keys), MAX_PARTS):
            chunk = {key: access_tokens[key] for key in keys[start : start + MAX_PARTS]}
            if self._project is not None:
                await self._project.acquire(self._cost * len(chunk), Lane.BACKGROUND)
            try:
                outcomes = await asyncio.to_thread(self._execute, list(chunk.values()))
            except Exception as error:
                # The whole request failed (connection, timeout, a refused batch): no part was read.
                failed = self._answer_of(error)
                answers.update({key: failed for key in chunk if failed is not None})
                continue
            for key, (answer, part_error) in zip(chunk, outcomes, strict=True):
                own = _history_id(answer) if part_error is None else self._answer_of(part_error)
                if own is not None:
                    answers[key] = own
        return answers

    def _execute(self, tokens: list[str]) -> list[tuple[Any, Exception | None]]:
        outcomes: list[tuple[Any, Exception | None]] = [(None, None)] * len(tokens)

        def collect(request_id: str, answer: Any, error: Exception | None) -> None:
            outcomes[int(request_id)] = (answer, error)

        batch = _OwnTokensBatch(callback=collect, batch_uri=self._batch_uri)
        for index, token in enumerate(tokens):
            request = self._service.users().getProfile(userId="me")
            request.headers["authorization"] = f"Bearer {token}"
            batch.add(request, request_id=str(index))
        http = httplib2.Http(timeout=self._timeout)
        try:
            batch.execute(http=http)
        finally:
            http.close()
        return outcomes

    def _answer_of(self, error: BaseException) -> ProfileAnswer | None:
        """A passing failure as the account's answer; None for any other (the account is asked alone)."""
        self._on_error()
        try:
            failure = classify(error, METHOD)
        except Exception:  # refused token or scope, or an answer we cannot read: asked alone
            return None
        if failure.kind is Kind.RATE_LIMITED:
            retry_at = self._wall_clock() + timedelta(seconds=failure.retry_after or 0.0)
            return MailboxQuotaExceeded(METHOD, retry_at)
        if failure.kind is Kind.UNAVAILABLE:
            return MailboxUnavailable(METHOD, f"HTTP {failure.status}")
        return None


def _history_id(answer: Any) -> str | None:
    history_id = str(answer.get("historyId") or "") if isinstance(answer, dict) else ""
    return history_id or None
