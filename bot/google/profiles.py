"""Many mailboxes' history ids in one Gmail batch request: whether each changed since its last check.

https://developers.google.com/workspace/gmail/api/guides/batch: one `POST /batch/gmail/v1` of up to 100
parts, each part its own `users.getProfile` with its own account's Authorization header. Each part
costs its account 1 unit, as a single call would (Google counts a batch as its parts), and the parts
go under the process's ProjectQuota before the request is sent.
"""

from __future__ import annotations

import asyncio
import json
import re
import secrets
from collections.abc import Callable, Hashable, Mapping
from datetime import UTC, datetime, timedelta
from typing import Any, TypeVar
from urllib.parse import urlsplit

import httplib2
from googleapiclient.errors import BatchError, HttpError

from bot.google.connections import GoogleConnections
from bot.google.failures import Kind, classify
from bot.google.quota import Lane, ProjectQuota, quota_table
from bot.google.transport import build_gmail_service
from brokers.errors import MailboxError, MailboxQuotaExceeded, MailboxUnavailable

# Google's limit of parts in one batch request. Its advice to send at most 50 (the transport's MAX_BATCH)
# is about one user's calls arriving at once; here each part is another user's single call.
MAX_PARTS = 100
METHOD = "getProfile"

K = TypeVar("K", bound=Hashable)
_BOUNDARY = re.compile(r'boundary="?([^";]+)"?')
_BLANK_LINE = re.compile(rb"\r?\n\r?\n")
_CONTENT_ID = re.compile(rb"(?im)^content-id:\s*<response-(\d+)>")
_STATUS_LINE = re.compile(rb"HTTP/[\d.]+ (\d{3})")
# A mailbox's history id, or why it could not be read for now (the position is kept).
ProfileAnswer = str | MailboxError


class ProfileBatch:
    """`history_ids` asks Gmail, in one request per MAX_PARTS accounts, for each account's history id.

    `connections`: the process's shared HTTP connections (else each request opens and closes its own).
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
        connections: GoogleConnections | None = None,
    ) -> None:
        service, self._batch_uri = build_gmail_service(api_url)
        profile = urlsplit(service.users().getProfile(userId="me").uri)
        self._target = f"{profile.path}?{profile.query}" if profile.query else profile.path
        self._cost = quota_table(quota_model).cost(METHOD)
        self._project = project
        self._timeout = timeout
        self._on_error = on_error
        self._wall_clock = wall_clock
        self._connections = connections

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
        """One batch request, written and read here: googleapiclient's BatchHttpRequest builds each part
        with the email package (about 0.2 ms of CPU a part, most of an unchanged mailbox's check) and
        would renew a refused part's token and send it again."""
        boundary = f"batch_{secrets.token_hex(12)}"
        parts = [
            f"--{boundary}\r\nContent-Type: application/http\r\nContent-ID: <{index}>\r\n\r\n"
            f"GET {self._target} HTTP/1.1\r\nAuthorization: Bearer {token}\r\n\r\n"
            for index, token in enumerate(tokens)
        ]
        body = "".join(parts) + f"--{boundary}--\r\n"
        headers = {"content-type": f"multipart/mixed; boundary={boundary}"}
        if self._connections is not None:
            response, content = self._connections.http().request(
                self._batch_uri, method="POST", body=body, headers=headers
            )
        else:
            http = httplib2.Http(timeout=self._timeout)
            try:
                response, content = http.request(self._batch_uri, method="POST", body=body, headers=headers)
            finally:
                http.close()
        if response.status >= 300:
            raise HttpError(response, content, uri=self._batch_uri)
        answers = _parts_of(response.get("content-type", ""), content)
        missing = (None, BatchError("the batch answer lacks this part"))
        return [answers.get(index, missing) for index in range(len(tokens))]

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


def _parts_of(content_type: str, content: bytes) -> dict[int, tuple[Any, Exception | None]]:
    """The answers of a batch by part: the JSON of a 2xx, else the HttpError of the part's status."""
    found = _BOUNDARY.search(content_type)
    if found is None:
        raise BatchError(f"a batch answer of type {content_type!r}")
    answers: dict[int, tuple[Any, Exception | None]] = {}
    for part in content.split(b"--" + found.group(1).encode()):
        head, http = _at_blank_line(part.strip(b"\r\n"))
        index = _CONTENT_ID.search(head)
        status = _STATUS_LINE.match(http)
        if index is None or status is None:
            continue  # the preamble, the end marker
        header_block, payload = _at_blank_line(http)
        lines = header_block.decode("latin-1").splitlines()[1:]
        headers = {k.strip().lower(): v.strip() for k, _, v in (line.partition(":") for line in lines)}
        if 200 <= int(status.group(1)) < 300:
            answers[int(index.group(1))] = (json.loads(payload or b"{}"), None)
        else:
            response = httplib2.Response({**headers, "status": status.group(1)})
            answers[int(index.group(1))] = (None, HttpError(response, payload))
    return answers


def _at_blank_line(data: bytes) -> tuple[bytes, bytes]:
    """Headers and body: what comes before the first empty line, and what after."""
    head, *rest = _BLANK_LINE.split(data, maxsplit=1)
    return head, rest[0] if rest else b""


def _history_id(answer: Any) -> str | None:
    history_id = str(answer.get("historyId") or "") if isinstance(answer, dict) else ""
    return history_id or None
