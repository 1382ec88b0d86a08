"""In-memory fakes of the OAuth, mailbox, connector, notifier and alert ports, for the service tests."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Mapping, Sequence
from contextlib import asynccontextmanager
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from email import message_from_bytes, policy
from urllib.parse import urlencode

from brokers.accounts import AccountId, Tokens
from brokers.errors import AuthorizationError, HistoryExpired, MailboxError
from brokers.mailbox import (
    DEFAULT_HEADERS,
    AddedMessage,
    FullMessage,
    Mailbox,
    MessageHeaders,
    Profile,
    SentRef,
    Watch,
)
from brokers.notify import Button, Delivery, DeliveryStatus


@dataclass
class FakeOAuthProvider:
    """Hands out `grant` for any code (or raises `exchange_error`); renews by numbering access tokens."""

    grant: Tokens
    exchange_error: AuthorizationError | None = None
    refresh_error: AuthorizationError | None = None
    exchanged: list[tuple[str, str, tuple[str, ...]]] = field(default_factory=list)
    refreshed: list[Tokens] = field(default_factory=list)
    revoked: list[str] = field(default_factory=list)

    def authorization_url(self, *, state: str, code_verifier: str, scopes: Sequence[str]) -> str:
        query = urlencode({"state": state, "scope": " ".join(scopes), "verifier": code_verifier})
        return f"https://consent.example/auth?{query}"

    async def exchange(self, *, code: str, code_verifier: str, scopes: Sequence[str]) -> Tokens:
        self.exchanged.append((code, code_verifier, tuple(scopes)))
        if self.exchange_error is not None:
            raise self.exchange_error
        return self.grant

    async def refresh(self, tokens: Tokens) -> Tokens:
        self.refreshed.append(tokens)
        if self.refresh_error is not None:
            raise self.refresh_error
        return replace(tokens, access_token=f"renewed-{len(self.refreshed)}", expiry=None)

    async def revoke(self, token: str) -> bool:
        self.revoked.append(token)
        return True


@dataclass(frozen=True, slots=True)
class SentMail:
    """One message `send` accepted: its bytes and the thread it was asked to join."""

    raw: bytes
    thread_id: str | None

    def header(self, name: str) -> str | None:
        value = message_from_bytes(self.raw, policy=policy.default)[name]
        return None if value is None else str(value)


@dataclass
class FakeMailbox:
    """A mailbox of one address; `error` fails every call, `renew_to` replaces the tokens on the first.

    What was sent is in `sent`, and by Message-ID in `sent_folder` (where `find_sent` looks); `threads`,
    `messages` and `search_hits` are what thread reads, reads and searches find. With `hold` set, a
    send sets `in_flight` and waits for it, so a test can act while a send is in flight.
    `accept_then_fail` keeps a sent mail and then raises, as a timeout after Gmail accepted it does.
    `history` is every message added, in order; a history id is a position in it, and those below
    `history_floor` have expired. `history_error` fails only the history reads.
    `index_lag` is how many searches miss a sent mail before Gmail's search index shows it.
    """

    opened_with: Tokens
    address: str
    error: MailboxError | None = None
    renew_to: Tokens | None = None
    closed: bool = False
    api_calls: int = 0
    quota_units_used: int = 0
    sent: list[SentMail] = field(default_factory=list)
    sent_folder: dict[str, SentRef] = field(default_factory=dict)
    threads: dict[str, list[MessageHeaders]] = field(default_factory=dict)
    messages: dict[str, FullMessage] = field(default_factory=dict)
    search_hits: list[str] = field(default_factory=list)
    queries: list[str | None] = field(default_factory=list)
    hold: asyncio.Event | None = None
    accept_then_fail: Exception | None = None  # any other exception: the process died right there
    index_lag: int = 0
    in_flight: asyncio.Event = field(default_factory=asyncio.Event)
    history: list[AddedMessage] = field(default_factory=list)
    history_floor: int = 0
    history_error: MailboxError | None = None
    watched: str | None = None  # the topic of a live watch
    watch_calls: int = 0
    stop_calls: int = 0
    _tokens: Tokens | None = None

    @property
    def tokens(self) -> Tokens:
        return self._tokens or self.opened_with

    def _call(self) -> None:
        assert not self.closed, "a call on a closed mailbox"
        self.api_calls += 1
        if self.renew_to is not None:
            self._tokens = self.renew_to
        if self.error is not None:
            raise self.error

    async def profile(self) -> Profile:
        self._call()
        return Profile(email=self.address, history_id=str(len(self.history)), messages_total=0)

    async def list_message_ids(
        self,
        query: str | None,
        *,
        label_ids: Sequence[str] | None = None,
        page_token: str | None = None,
        max_results: int = 500,
        include_spam_trash: bool = False,
    ) -> tuple[list[str], str | None]:
        self._call()
        self.queries.append(query)
        return list(self.search_hits[:max_results]), None

    async def headers(
        self, ids: Sequence[str], names: Sequence[str] = DEFAULT_HEADERS
    ) -> list[MessageHeaders]:
        self._call()
        return [self.messages[i].headers for i in ids if i in self.messages]

    async def send(self, raw: bytes, thread_id: str | None = None) -> SentRef:
        self._call()
        if self.hold is not None:
            self.in_flight.set()
            await self.hold.wait()
        mail = SentMail(raw, thread_id)
        self.sent.append(mail)
        number = len(self.sent)
        ref = SentRef(f"sent-{number}", thread_id or f"thread-{number}")
        self.sent_folder[mail.header("Message-ID") or ""] = ref
        if self.accept_then_fail is not None:
            raise self.accept_then_fail
        return ref

    async def find_sent(self, message_id_header: str) -> SentRef | None:
        self._call()
        if self.index_lag > 0:
            self.index_lag -= 1
            return None
        return self.sent_folder.get(message_id_header)

    async def thread_headers(
        self, thread_id: str, names: Sequence[str] = DEFAULT_HEADERS
    ) -> list[MessageHeaders]:
        self._call()
        return list(self.threads.get(thread_id, []))

    async def read(self, message_id: str, *, raw: bool) -> FullMessage:
        self._call()
        if message_id not in self.messages:
            raise MailboxError("messages.get: no such message")
        message = self.messages[message_id]
        return message if raw else replace(message, raw=None)

    async def history_message_ids(self, start_history_id: str) -> tuple[list[str], str]:
        added, latest = await self.history_added(start_history_id)
        return [m.id for m in added], latest

    async def history_added(self, start_history_id: str) -> tuple[list[AddedMessage], str]:
        self._call()
        if self.history_error is not None:
            raise self.history_error
        if int(start_history_id) < self.history_floor:
            raise HistoryExpired(start_history_id)
        return self.history[int(start_history_id) :], str(len(self.history))

    def expire_history(self) -> None:
        self.history_floor = len(self.history)

    async def watch(self, topic: str) -> Watch:
        self._call()
        if self.error is not None:
            raise self.error
        self.watched, self.watch_calls = topic, self.watch_calls + 1
        self.quota_units_used += 100  # Gmail's cost of users.watch
        return Watch(str(len(self.history)), datetime(2026, 11, 9, tzinfo=UTC))

    async def stop_watch(self) -> None:
        self._call()
        if self.error is not None:
            raise self.error
        self.watched, self.stop_calls = None, self.stop_calls + 1
        self.quota_units_used += 50  # and of users.stop

    async def close(self) -> None:
        self.closed = True


@dataclass
class FakeMailboxConnector:
    """Opens FakeMailboxes of `address`, each failing with `error` and renewing to `renew_to` if set."""

    address: str
    error: MailboxError | None = None
    renew_to: Tokens | None = None
    opened: list[FakeMailbox] = field(default_factory=list)
    background: list[bool] = field(default_factory=list)  # how each was opened

    def open(self, tokens: Tokens, *, background: bool = False) -> FakeMailbox:
        mailbox = FakeMailbox(tokens, self.address, error=self.error, renew_to=self.renew_to)
        self.opened.append(mailbox)
        self.background.append(background)
        return mailbox

    async def history_ids(self, tokens: Mapping[AccountId, Tokens]) -> dict[AccountId, str | MailboxError]:
        """Each account's profile through `open` in the background; one that fails is left out."""
        answers: dict[AccountId, str | MailboxError] = {}
        for account_id, own in tokens.items():
            try:
                answers[account_id] = (await self.open(own, background=True).profile()).history_id
            except MailboxError:
                continue
        return answers


@dataclass
class FakeMailboxOpener:
    """Opens `mailbox` for any account (what the services take as `open_mailbox`), noting the ids."""

    mailbox: FakeMailbox
    opened: list[AccountId] = field(default_factory=list)

    @asynccontextmanager
    async def __call__(self, account_id: AccountId) -> AsyncIterator[Mailbox]:
        self.opened.append(account_id)
        yield self.mailbox


@dataclass
class FakeNotifier:
    """Answers every send with `answer` and keeps what was sent."""

    answer: Delivery = field(default_factory=lambda: Delivery(DeliveryStatus.DELIVERED, message_id=1))
    sent: list[tuple[int, str, list[list[Button]] | None]] = field(default_factory=list)

    async def send(
        self, telegram_id: int, text: str, *, buttons: Sequence[Sequence[Button]] | None = None
    ) -> Delivery:
        self.sent.append((telegram_id, text, None if buttons is None else [list(row) for row in buttons]))
        return self.answer


@dataclass
class FakeAdminAlerts:
    texts: list[str] = field(default_factory=list)

    async def alert(self, text: str, *, kind: str | None = None) -> None:
        self.texts.append(text)
