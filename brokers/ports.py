"""The interfaces the application needs from the outside world; adapters in storage/ and bot/ implement them.

Services depend on these Protocols only, so tests can hand them fakes and a clock they move by hand.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from datetime import datetime
from types import TracebackType
from typing import Any, Protocol, Self

from brokers.accounts import (
    Account,
    AccountId,
    AccountState,
    Confirmation,
    PendingAuthorization,
    StateRejected,
    Tokens,
)
from brokers.dashboard import ShownStatus
from brokers.lifecycle import RequestStatus
from brokers.profile import TelegramId, User
from brokers.requests import DeletionRequest, Discovery, NewRequest, RequestEvent, RequestId
from brokers.scans import ScanRecordView, ScanState


class Clock(Protocol):
    """The one source of 'now' (timezone-aware UTC), so reminder logic is testable without sleeping."""

    def now(self) -> datetime: ...


class AdminAlerts(Protocol):
    """Operational alerts to the bot's operators (ADMIN_IDS).

    The text names only ids, kinds and counts: never personal data, addresses or message content.
    Delivery is best effort and rate-limited by the adapter: alerts during the quiet interval after one
    are not sent but counted in the next. It never raises, so a caller never fails because an alert
    did not go out.
    """

    async def alert(self, text: str) -> None: ...


class SecretBox(Protocol):
    """Symmetric encryption for secrets and personal details stored at rest."""

    def encrypt(self, plaintext: str) -> str: ...

    def decrypt(self, token: str) -> str: ...

    def rotate(self, token: str) -> str: ...


class UserRepository(Protocol):
    """People who consented, with their settings and their (encrypted) letter details.

    `save` inserts or replaces the whole user; `delete` removes the user and, by cascade, every row
    that belongs to them. `claim_consent` is the atomic "insert if absent" used by the consent button,
    so a double tap creates one user: it returns False when the user already existed.
    """

    async def get(self, telegram_id: TelegramId) -> User | None: ...

    async def claim_consent(self, user: User) -> bool: ...

    async def save(self, user: User) -> None: ...

    async def delete(self, telegram_id: TelegramId) -> bool: ...

    async def set_active(self, telegram_id: TelegramId, *, active: bool) -> bool: ...

    async def export(self, telegram_id: TelegramId) -> Mapping[str, Any]: ...

    async def status_message(self, telegram_id: TelegramId) -> ShownStatus | None:
        """The chat message that shows the person's dashboard, if one was sent."""
        ...

    async def set_status_message(self, telegram_id: TelegramId, shown: ShownStatus | None) -> bool:
        """Remember (or forget, with None) the dashboard message; False if there is no such user."""
        ...


class AuditLog(Protocol):
    """Append-only record of sensitive operations; `detail` never holds secrets or message content."""

    async def record(
        self,
        *,
        action: str,
        actor: int | None,
        user_id: TelegramId | None = None,
        detail: Mapping[str, Any] | None = None,
    ) -> None: ...

    async def recent(self, limit: int = 50) -> Sequence[Mapping[str, Any]]: ...


class AccountRepository(Protocol):
    """Connected Gmail accounts; `upsert` of the same mailbox replaces its tokens (True if new).

    `delete` keeps the account's drafts (unlinked, parked under the mailbox); when the same person
    connects the same address again, the new account's `upsert` takes them back.
    """

    async def upsert(self, telegram_id: TelegramId, address: str, tokens: Tokens) -> tuple[Account, bool]: ...

    async def get(self, account_id: AccountId) -> Account | None: ...

    async def list_for(self, telegram_id: TelegramId) -> list[Account]: ...

    async def tokens(self, account_id: AccountId) -> Tokens | None: ...

    async def save_tokens(self, account_id: AccountId, tokens: Tokens) -> None: ...

    async def mark(self, account_id: AccountId, *, state: AccountState, was: AccountState) -> bool: ...

    async def set_history_id(self, account_id: AccountId, history_id: str | None) -> None: ...

    async def delete(self, account_id: AccountId) -> bool: ...


class OAuthStateRepository(Protocol):
    """Consent links handed out. `claim` and `claim_confirmation` succeed once per state/token, ever."""

    async def create(self, state: str, pending: PendingAuthorization, *, now: datetime) -> None: ...

    async def claim(self, state: str, *, now: datetime) -> PendingAuthorization | StateRejected: ...

    async def problem_with(self, state: str, *, now: datetime) -> StateRejected | None:
        """Why `claim` would refuse `state` now, or None if it may succeed; reads, changes nothing."""
        ...

    async def await_confirmation(
        self, state: str, confirm_token: str, address: str, tokens: Tokens, *, now: datetime
    ) -> None: ...

    async def peek_confirmation(self, confirm_token: str, *, now: datetime) -> Confirmation | None: ...

    async def claim_confirmation(self, confirm_token: str, *, now: datetime) -> Confirmation | None: ...

    async def purge_expired(self, *, now: datetime) -> list[Tokens]: ...


class RequestRepository(Protocol):
    """Deletion requests and their append-only history.

    `move` is the only way to change a status, a compare-and-set: it changes the status from `expected`
    to `to`, sets `values` on the request and appends the event, all in the unit of work. It returns
    False only when the stored status is no longer `expected` (a concurrent change: another tap, device
    or process got there first); it raises IllegalTransition, before writing anything, when the
    lifecycle forbids `expected` -> `to`. It never filters silently: callers ask the domain
    (`brokers.lifecycle.can_transition`) first and pass the status they read as `expected`.
    """

    async def add_draft(self, new: NewRequest) -> DeletionRequest | None: ...

    async def get(self, request_id: RequestId) -> DeletionRequest | None: ...

    async def list_for(
        self,
        telegram_id: TelegramId,
        *,
        statuses: Iterable[RequestStatus] | None = None,
        offset: int = 0,
        limit: int = 50,
        latest_only: bool = False,
    ) -> tuple[list[DeletionRequest], int]: ...

    async def in_status(self, status: RequestStatus, *, limit: int = 500) -> list[DeletionRequest]: ...

    async def move(
        self,
        request_id: RequestId,
        *,
        expected: RequestStatus,
        to: RequestStatus,
        reason: str,
        evidence: Mapping[str, Any] | None = None,
        **values: Any,
    ) -> bool: ...

    async def note(
        self, request_id: RequestId, *, reason: str, evidence: dict[str, Any] | None = None
    ) -> None: ...

    async def set_law(self, request_id: RequestId, law: str) -> bool:
        """Let a draft cite another law (the person moved); False unless it is a draft citing another."""
        ...

    async def sent_since(self, account_id: AccountId, since: datetime) -> int: ...

    async def history(self, request_id: RequestId) -> list[RequestEvent]: ...


class DiscoveryRepository(Protocol):
    """What scans found per mailbox and broker. `merge` adds an incremental scan's new mail to the
    counts and widens the dates; a scan of the whole mailbox replaces them; the same scan merged twice
    counts once."""

    async def merge(self, found: Discovery, *, scan_id: int | None, whole_mailbox: bool = False) -> None: ...

    async def for_account(self, account_id: AccountId) -> list[Discovery]: ...


class SharedDomainRepository(Protocol):
    """Sender domains that no catalog entry covers, from the deep scans of people who opted in to share
    them. Holds per domain only how many people saw it, never who: `count_person` adds one person to
    each of their domains (each domain once); `seen_by` lists the domains at least `at_least` people saw,
    most people first."""

    async def count_person(self, domains: Iterable[str]) -> None: ...

    async def seen_by(self, *, at_least: int, limit: int = 50) -> list[tuple[str, int]]: ...


class ScanRepository(Protocol):
    """Scan runs. `start` refuses (None) while another scan of the same account is running."""

    async def start(self, account_id: AccountId, *, mode: str, since: datetime | None) -> int | None: ...

    async def get(self, scan_id: int) -> ScanRecordView | None: ...

    async def checkpoint(self, scan_id: int, cursor: dict[str, Any]) -> None: ...

    async def set_progress_message(self, scan_id: int, message_id: int) -> None: ...

    async def finish(
        self,
        scan_id: int,
        *,
        state: ScanState,
        messages: int,
        brokers: int,
        quota_units: int,
        error: str | None = None,
    ) -> None: ...

    async def last_completed(self, account_id: AccountId) -> ScanRecordView | None: ...

    async def running(self) -> list[ScanRecordView]: ...


class UnitOfWork(Protocol):
    """One transaction: the repositories share it; nothing is written until `commit`."""

    @property
    def users(self) -> UserRepository: ...

    @property
    def audit(self) -> AuditLog: ...

    @property
    def accounts(self) -> AccountRepository: ...

    @property
    def oauth_states(self) -> OAuthStateRepository: ...

    @property
    def requests(self) -> RequestRepository: ...

    @property
    def discoveries(self) -> DiscoveryRepository: ...

    @property
    def scans(self) -> ScanRepository: ...

    @property
    def shared_domains(self) -> SharedDomainRepository: ...

    async def __aenter__(self) -> Self: ...

    async def __aexit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None: ...

    async def commit(self) -> None: ...


class UnitOfWorkFactory(Protocol):
    def __call__(self) -> UnitOfWork: ...
