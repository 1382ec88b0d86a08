"""The Mailbox port: what the scan and the sender need from a person's mail account, its values, and the
connector that opens one from an account's tokens."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Protocol

from brokers.accounts import AccountId, Tokens
from brokers.errors import MailboxError

DEFAULT_HEADERS = ("From", "Reply-To", "Date")


@dataclass(frozen=True, slots=True)
class MessageHeaders:
    """One message as a header fetch returns it: ids, receipt time, and the asked headers only.

    `from_header` and `reply_to` are the first header of that name (a message may carry several);
    `headers` holds every returned header in order. Values are as the provider hands them over
    (Gmail decodes encoded words) and may hold any text: never log them.
    """

    id: str
    thread_id: str
    internal_date: datetime
    from_header: str | None
    reply_to: str | None
    date_header: str | None = None
    headers: tuple[tuple[str, str], ...] = ()
    label_ids: tuple[str, ...] = ()

    def header(self, name: str) -> str | None:
        wanted = name.lower()
        return next((value for key, value in self.headers if key.lower() == wanted), None)


@dataclass(frozen=True, slots=True)
class FullMessage:
    """One message read to classify a reply: its headers, Gmail's snippet, and the raw RFC 822 bytes when
    the grant allows reading bodies (None under a headers-only grant). Never stored, never logged."""

    headers: MessageHeaders
    snippet: str
    raw: bytes | None


@dataclass(frozen=True, slots=True)
class Profile:
    email: str
    history_id: str
    messages_total: int


@dataclass(frozen=True, slots=True)
class AddedMessage:
    """A message the mailbox's history says was added: ids and labels, nothing of its content."""

    id: str
    thread_id: str
    label_ids: frozenset[str] = frozenset()


@dataclass(frozen=True, slots=True)
class SentRef:
    id: str
    thread_id: str


@dataclass(frozen=True, slots=True)
class Watch:
    """A push subscription on the mailbox: changes after `history_id` are pushed until `expires_at`."""

    history_id: str
    expires_at: datetime


class Mailbox(Protocol):
    """One connected mail account, as the scan and the sender use it.

    Every method is a coroutine and may raise a `brokers.errors.MailboxError`:
    `MailboxAuthError` when the grant is gone (the person must reconnect), `MailboxScopeError` when
    the granted scopes do not allow the call (a search query under a metadata-only grant),
    `MailboxQuotaExceeded` and `MailboxUnavailable` when retrying within the adapter's bound did
    not help, and `HistoryExpired` from `history_message_ids` when the start point is too old.
    Implementations keep the person within the provider's rate limits themselves.

    - `list_message_ids` returns one page of ids, newest first, and the token of the next page
      (None on the last). `query` uses the provider's search language; None lists everything.
    - `headers` fetches the named headers of many messages (batched), in the order asked;
      messages deleted meanwhile are left out.
    - `send` sends RFC 5322 bytes once: it is never retried after the provider may have accepted
      it, so after `MailboxUnavailable` call `find_sent` with the message's Message-ID.
    - `history_message_ids` returns the ids of messages added since a history id, and the id to
      start from next time; `history_added` the same with each message's thread and labels.
    - `watch` asks the provider to push the mailbox's changes to a Pub/Sub `topic` (calling it again
      renews it); `stop_watch` ends that.
    """

    async def profile(self) -> Profile: ...

    async def list_message_ids(
        self,
        query: str | None,
        *,
        label_ids: Sequence[str] | None = None,
        page_token: str | None = None,
        max_results: int = 500,
        include_spam_trash: bool = False,
    ) -> tuple[list[str], str | None]: ...

    async def headers(
        self, ids: Sequence[str], names: Sequence[str] = DEFAULT_HEADERS
    ) -> list[MessageHeaders]: ...

    async def send(self, raw: bytes, thread_id: str | None = None) -> SentRef: ...

    async def find_sent(self, message_id_header: str) -> SentRef | None: ...

    async def thread_headers(
        self, thread_id: str, names: Sequence[str] = DEFAULT_HEADERS
    ) -> list[MessageHeaders]: ...

    async def read(self, message_id: str, *, raw: bool) -> FullMessage: ...

    async def history_message_ids(self, start_history_id: str) -> tuple[list[str], str]: ...

    async def history_added(self, start_history_id: str) -> tuple[list[AddedMessage], str]: ...

    async def watch(self, topic: str) -> Watch: ...

    async def stop_watch(self) -> None: ...

    @property
    def quota_units_used(self) -> int: ...

    @property
    def api_calls(self) -> int: ...

    async def close(self) -> None: ...


class GrantedMailbox(Mailbox, Protocol):
    """A Mailbox opened with an account's tokens. `tokens` are those tokens as they are now: the adapter
    renews an expired access token by itself during a call, and the caller keeps the new one."""

    @property
    def tokens(self) -> Tokens: ...


class MailboxConnector(Protocol):
    """Opens a person's mailbox from the tokens of their grant.

    `open` does no I/O and does not check the tokens: a dead grant shows on the first call, as
    `MailboxAuthError`. The caller closes the mailbox, then reads `tokens` to store any renewal.
    `background` marks calls nobody is waiting for (recurring reply checks, push watches): when the
    project's quota is short they go after the others.
    """

    def open(self, tokens: Tokens, *, background: bool = False) -> GrantedMailbox: ...

    async def history_ids(self, tokens: Mapping[AccountId, Tokens]) -> dict[AccountId, str | MailboxError]:
        """Each mailbox's history id, asked together in the background lane (users.getProfile each,
        one request). An account left out is to be asked alone through `open` (its token was refused,
        or Gmail answered something else); an error is a passing one (MailboxQuotaExceeded,
        MailboxUnavailable). Renews no token."""
        ...
