"""In-memory fakes of the OAuth and mailbox-connector ports, for the connect and mailbox service tests."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from urllib.parse import urlencode

from brokers.accounts import Tokens
from brokers.errors import AuthorizationError, MailboxError
from brokers.mailbox import DEFAULT_HEADERS, FullMessage, MessageHeaders, Profile, SentRef


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


@dataclass
class FakeMailbox:
    """A mailbox of one address; `error` fails every call, `renew_to` replaces the tokens on the first."""

    opened_with: Tokens
    address: str
    error: MailboxError | None = None
    renew_to: Tokens | None = None
    closed: bool = False
    api_calls: int = 0
    quota_units_used: int = 0
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
        return Profile(email=self.address, history_id="1", messages_total=0)

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
        return [], None

    async def headers(
        self, ids: Sequence[str], names: Sequence[str] = DEFAULT_HEADERS
    ) -> list[MessageHeaders]:
        self._call()
        return []

    async def send(self, raw: bytes, thread_id: str | None = None) -> SentRef:
        self._call()
        return SentRef("sent-1", thread_id or "sent-1")

    async def find_sent(self, message_id_header: str) -> SentRef | None:
        self._call()
        return None

    async def thread_headers(
        self, thread_id: str, names: Sequence[str] = DEFAULT_HEADERS
    ) -> list[MessageHeaders]:
        self._call()
        return []

    async def read(self, message_id: str, *, raw: bool) -> FullMessage:
        self._call()
        raise MailboxError("messages.get: no such message")

    async def history_message_ids(self, start_history_id: str) -> tuple[list[str], str]:
        self._call()
        return [], start_history_id

    async def close(self) -> None:
        self.closed = True


@dataclass
class FakeMailboxConnector:
    """Opens FakeMailboxes of `address`, each failing with `error` and renewing to `renew_to` if set."""

    address: str
    error: MailboxError | None = None
    renew_to: Tokens | None = None
    opened: list[FakeMailbox] = field(default_factory=list)

    def open(self, tokens: Tokens) -> FakeMailbox:
        mailbox = FakeMailbox(tokens, self.address, error=self.error, renew_to=self.renew_to)
        self.opened.append(mailbox)
        return mailbox
