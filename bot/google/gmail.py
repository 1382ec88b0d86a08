"""GmailMailbox: the one Gmail client, the Mailbox port over google-api-python-client."""

from __future__ import annotations

import asyncio
import base64
import random
import time
from collections.abc import Awaitable, Callable, Sequence
from datetime import UTC, datetime
from types import TracebackType
from typing import Any, Self

from google.oauth2.credentials import Credentials

from bot.google.connections import GoogleConnections
from bot.google.failures import Backoff
from bot.google.messages import headers_of
from bot.google.quota import Lane, ProjectQuota, QuotaLimiter, quota_table
from bot.google.transport import Answer, GmailTransport
from bot.log_secrets import keep_out_of_logs
from brokers.errors import HistoryExpired, MailboxError
from brokers.mailbox import (
    DEFAULT_HEADERS,
    AddedMessage,
    FullMessage,
    MessageHeaders,
    Profile,
    SentRef,
    Watch,
)

GMAIL_API_URL = "https://gmail.googleapis.com/"
# Ask only for what the values hold; Gmail honours the standard `fields` parameter.
_MESSAGE_FIELDS = "id,threadId,internalDate,labelIds,payload/headers"


class GmailMailbox:
    """Gmail for one account. `clock`/`sleep` drive the quota limiter and the retry waits (seconds),
    so a benchmark can run on simulated time; `quota_model` is "2025" or "2026" (DESIGN.md section 6).
    `project` is the process's limiter of the project's quota, shared by all mailboxes; `lane` says
    whose calls these are when it is short (sends always go in the first lane). `connections`: the
    process's shared HTTP connections (else the mailbox opens its own and closes them with itself)."""

    def __init__(
        self,
        credentials: Credentials,
        *,
        api_url: str = GMAIL_API_URL,
        quota_model: str = "2025",
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
        max_attempts: int = 8,
        rng: random.Random | None = None,
        timeout: float = 60.0,
        on_error: Callable[[], None] = lambda: None,
        project: ProjectQuota | None = None,
        lane: Lane = Lane.INTERACTIVE,
        connections: GoogleConnections | None = None,
    ) -> None:
        limiter = QuotaLimiter(quota_table(quota_model), clock=clock, sleep=sleep)
        backoff = Backoff(max_attempts=max_attempts, rng=rng or random.Random())
        self._transport = GmailTransport(
            credentials,
            api_url,
            limiter=limiter,
            backoff=backoff,
            timeout=timeout,
            on_error=on_error,
            project=project,
            lane=lane,
            connections=connections,
        )

    @property
    def quota_units_used(self) -> int:
        return self._transport.units_used

    @property
    def api_calls(self) -> int:
        return self._transport.calls

    async def profile(self) -> Profile:
        answer = await self._require("getProfile", lambda s: s.users().getProfile(userId="me"))
        keep_out_of_logs(str(answer.get("emailAddress", "")))
        return Profile(
            email=str(answer.get("emailAddress", "")),
            history_id=str(answer.get("historyId", "")),
            messages_total=int(answer.get("messagesTotal") or 0),
        )

    async def list_message_ids(
        self,
        query: str | None,
        *,
        label_ids: Sequence[str] | None = None,
        page_token: str | None = None,
        max_results: int = 500,
        include_spam_trash: bool = False,
    ) -> tuple[list[str], str | None]:
        params: dict[str, Any] = {
            "userId": "me",
            "maxResults": max_results,
            "includeSpamTrash": include_spam_trash,
        }
        if query:
            params["q"] = query
        if label_ids:
            params["labelIds"] = list(label_ids)
        if page_token:
            params["pageToken"] = page_token
        answer = await self._require("messages.list", lambda s: s.users().messages().list(**params))
        ids = [str(m["id"]) for m in answer.get("messages") or () if isinstance(m, dict) and "id" in m]
        return ids, answer.get("nextPageToken") or None

    async def headers(
        self, ids: Sequence[str], names: Sequence[str] = DEFAULT_HEADERS
    ) -> list[MessageHeaders]:
        unique = list(dict.fromkeys(ids))
        requests = {message_id: _get_metadata(message_id, names) for message_id in unique}
        answers = await self._transport.batch("messages.get", requests)
        return [headers_of(answers[i]) for i in unique if i in answers]

    async def send(self, raw: bytes, thread_id: str | None = None) -> SentRef:
        body: dict[str, str] = {"raw": base64.urlsafe_b64encode(raw).decode("ascii")}
        if thread_id:
            body["threadId"] = thread_id
        answer = await self._transport.call(
            "messages.send", lambda s: s.users().messages().send(userId="me", body=body), idempotent=False
        )
        if answer is None:
            raise MailboxError("messages.send: the thread to reply in does not exist")
        return SentRef(str(answer["id"]), str(answer.get("threadId", answer["id"])))

    async def find_sent(self, message_id_header: str) -> SentRef | None:
        # The search operator takes the Message-ID without its angle brackets.
        query = "rfc822msgid:" + message_id_header.strip().strip("<>").strip()
        answer = await self._require(
            "messages.list",
            lambda s: s.users().messages().list(userId="me", q=query, maxResults=1, includeSpamTrash=True),
        )
        found = answer.get("messages") or []
        return SentRef(str(found[0]["id"]), str(found[0]["threadId"])) if found else None

    async def read(self, message_id: str, *, raw: bool) -> FullMessage:
        """A message for reply classification: raw bytes (readonly grant) or headers and snippet only."""
        if raw:
            answer = await self._require(
                "messages.get", lambda s: s.users().messages().get(userId="me", id=message_id, format="raw")
            )
            data = str(answer.get("raw", ""))
            body = base64.urlsafe_b64decode(data + "=" * (-len(data) % 4))
            meta = await self.headers([message_id], ("From", "Reply-To", "Subject", "Date", "Auto-Submitted"))
            return FullMessage(meta[0], str(answer.get("snippet", "")), body)
        answer = await self._require(
            "messages.get",
            lambda s: (
                s.users()
                .messages()
                .get(
                    userId="me",
                    id=message_id,
                    format="metadata",
                    metadataHeaders=["From", "Reply-To", "Subject", "Date", "Auto-Submitted", "Content-Type"],
                )
            ),
        )
        return FullMessage(headers_of(answer), str(answer.get("snippet", "")), None)

    async def thread_headers(
        self, thread_id: str, names: Sequence[str] = DEFAULT_HEADERS
    ) -> list[MessageHeaders]:
        answer = await self._transport.call(
            "threads.get",
            lambda s: (
                s.users()
                .threads()
                .get(userId="me", id=thread_id, format="metadata", metadataHeaders=list(names))
            ),
        )
        return [headers_of(m) for m in (answer or {}).get("messages") or () if isinstance(m, dict)]

    async def history_message_ids(self, start_history_id: str) -> tuple[list[str], str]:
        added, latest = await self.history_added(start_history_id)
        return [m.id for m in added], latest

    async def history_added(self, start_history_id: str) -> tuple[list[AddedMessage], str]:
        added: dict[str, AddedMessage] = {}
        token: str | None = None
        latest = start_history_id
        while True:
            answer = await self._transport.call("history.list", _history_page(start_history_id, token))
            if answer is None:
                raise HistoryExpired(start_history_id)
            for record in answer.get("history") or ():
                for entry in record.get("messagesAdded") or ():
                    message = entry["message"]
                    message_id = str(message["id"])
                    labels = frozenset(str(label) for label in message.get("labelIds") or ())
                    added[message_id] = AddedMessage(message_id, str(message.get("threadId", "")), labels)
            latest = str(answer.get("historyId") or latest)
            token = answer.get("nextPageToken")
            if not token:
                return list(added.values()), latest

    async def watch(self, topic: str) -> Watch:
        # https://developers.google.com/workspace/gmail/api/guides/push: every label but spam and trash
        # (Gmail's default); the reply check sorts out what matters.
        body = {"topicName": topic}
        answer = await self._require("watch", lambda s: s.users().watch(userId="me", body=body))
        expires_ms = int(answer.get("expiration") or 0)
        return Watch(str(answer.get("historyId", "")), datetime.fromtimestamp(expires_ms / 1000, tz=UTC))

    async def stop_watch(self) -> None:
        await self._transport.call("stop", lambda s: s.users().stop(userId="me"), idempotent=True)

    async def close(self) -> None:
        self._transport.close()

    async def __aenter__(self) -> Self:
        return self

    async def __aexit__(
        self, kind: type[BaseException] | None, error: BaseException | None, tb: TracebackType | None
    ) -> None:
        await self.close()

    async def _require(self, method: str, request: Callable[[Any], Any]) -> Answer:
        answer = await self._transport.call(method, request)
        if answer is None:
            raise MailboxError(f"{method}: Gmail answered 404")
        return answer


def _history_page(start_history_id: str, token: str | None) -> Callable[[Any], Any]:
    params: dict[str, Any] = {"userId": "me", "startHistoryId": start_history_id, "maxResults": 500}
    params["historyTypes"] = ["messageAdded"]
    if token:
        params["pageToken"] = token
    return lambda service: service.users().history().list(**params)


def _get_metadata(message_id: str, names: Sequence[str]) -> Callable[[Any], Any]:
    def request(service: Any) -> Any:
        return (
            service.users()
            .messages()
            .get(
                userId="me",
                id=message_id,
                format="metadata",
                metadataHeaders=list(names),
                fields=_MESSAGE_FIELDS,
            )
        )

    return request
