"""The interfaces the application needs from the outside world; adapters in storage/ and bot/ implement them.

Services depend on these Protocols only, so tests can hand them fakes and a clock they move by hand.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass
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
from brokers.admin_stats import BrokerLeagueRow, ContactProblem, QueueHealth, ServiceStats, UserSummary
from brokers.broadcasts import Broadcast, BroadcastId, BroadcastProgress, Outcome
from brokers.dashboard import ShownStatus
from brokers.jobs import JobScheduler
from brokers.lifecycle import RequestStatus
from brokers.profile import QuietHours, TelegramId, User
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
    did not go out. Alerts of one `kind` (an error's handler and type) are limited on their own, so
    one recurring error neither floods the chat nor hides a different one.
    """

    async def alert(self, text: str, *, kind: str | None = None) -> None: ...


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

    async def quiet_hours_of(self, telegram_ids: Collection[TelegramId]) -> list[QuietHours]:
        """The quiet hours of those of `telegram_ids` who are users, without decrypting anything."""
        ...

    async def claim_consent(self, user: User) -> bool: ...

    async def save(self, user: User) -> None: ...

    async def delete(self, telegram_id: TelegramId) -> bool: ...

    async def set_active(self, telegram_id: TelegramId, *, active: bool) -> bool: ...

    async def mark_seen(self, telegram_id: TelegramId, *, at: datetime) -> bool:
        """Note the person was here in the hour of `at`; True only if that changed something (once an
        hour at most, so the operators' activity figures cost no write per message)."""
        ...

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

    `advance_sync` moves the reply check's history position from `expected` to `history_id` (False,
    changing nothing, when another checker moved it meanwhile), notes the success at `at` and adds
    `units` to the Gmail units of `at`'s day; `sync_failed` counts a failed check (its units too) and
    returns the failures in a row; `count_units` adds the units of other calls for the account (its
    push watch) to the same day's count.
    `delete` keeps the account's drafts (unlinked, parked under the mailbox); when the same person
    connects the same address again, the new account's `upsert` takes them back.
    `by_mailbox` finds the active accounts of an address (several people may connect one mailbox),
    among those `upsert` stored or `index_mailbox` indexed (accounts connected before the index).
    """

    async def upsert(self, telegram_id: TelegramId, address: str, tokens: Tokens) -> tuple[Account, bool]: ...

    async def get(self, account_id: AccountId) -> Account | None: ...

    async def get_many(self, account_ids: Collection[AccountId]) -> list[Account]: ...

    async def list_for(self, telegram_id: TelegramId) -> list[Account]: ...

    async def by_mailbox(self, address: str) -> list[AccountId]: ...

    async def index_mailbox(self, account: Account) -> None: ...

    async def tokens(self, account_id: AccountId) -> Tokens | None: ...

    async def tokens_of(self, account_ids: Collection[AccountId]) -> dict[AccountId, Tokens]: ...

    async def save_tokens(self, account_id: AccountId, tokens: Tokens) -> None: ...

    async def mark(self, account_id: AccountId, *, state: AccountState, was: AccountState) -> bool: ...

    async def set_history_id(self, account_id: AccountId, history_id: str | None) -> None: ...

    async def advance_sync(
        self,
        account_id: AccountId,
        *,
        expected: str | None,
        history_id: str | None,
        at: datetime,
        units: int,
    ) -> bool: ...

    async def confirm_sync(self, positions: Mapping[AccountId, str], *, at: datetime, units: int) -> None:
        """`advance_sync` to the same position for many accounts at once (their mailboxes had not
        changed); an account whose position moved meanwhile (another check) is left as it is."""
        ...

    async def sync_failed(self, account_id: AccountId, *, at: datetime, units: int) -> int: ...

    async def count_units(self, account_id: AccountId, *, at: datetime, units: int) -> None: ...

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

    async def of_account(self, account: Account, statuses: Iterable[RequestStatus]) -> list[DeletionRequest]:
        """The account's requests in `statuses`, newest first (what its reply check reads each time)."""
        ...

    async def of_accounts(
        self, accounts: Collection[Account], statuses: Iterable[RequestStatus]
    ) -> dict[AccountId, list[DeletionRequest]]:
        """`of_account` for many accounts in one query: each given account, with [] when it has none."""
        ...

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

    @property
    def jobs(self) -> JobScheduler: ...

    async def __aenter__(self) -> Self: ...

    async def __aexit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None: ...

    async def commit(self) -> None: ...


class UnitOfWorkFactory(Protocol):
    def __call__(self) -> UnitOfWork: ...


class AdminQueries(Protocol):
    """The read-only aggregates the operators' console shows, each one query over the whole service.

    Counts and states only: nothing returned names a person beyond the Telegram id asked about, and
    addresses come back masked. `now` bounds the time windows (7 and 30 days, today in UTC).
    """

    async def stats(self, *, now: datetime) -> ServiceStats: ...

    async def user_summary(self, telegram_id: TelegramId) -> UserSummary | None: ...

    async def queue_health(self, *, now: datetime) -> QueueHealth: ...

    async def broker_row(self, broker_id: str) -> BrokerLeagueRow | None: ...

    async def contact_problems(self, *, limit: int) -> list[ContactProblem]:
        """Brokers with bounced requests or requests waiting on their web form, most affected first."""
        ...


@dataclass(frozen=True, slots=True)
class HeldImport:
    """A catalog file an operator sent, waiting for their Apply: its importer and its bytes."""

    format: str
    content: bytes
    at: datetime


class CatalogOverrides(Protocol):
    """The operators' changes to the bundled catalog (`data_brokers`), each a partial broker record."""

    async def load(self) -> list[dict[str, Any]]: ...

    async def save(self, record: Mapping[str, Any], *, at: datetime, by: int | None) -> None:
        """Merge `record` (its `id` names the broker) into that broker's override, or start one."""
        ...

    async def save_all(self, records: Sequence[Mapping[str, Any]], *, at: datetime, by: int | None) -> None:
        """Save each record as `save` does, all or none (one transaction): an import."""
        ...

    async def hold_import(
        self, actor: int, preview_id: str, fmt: str, content: bytes, *, at: datetime
    ) -> None:
        """Keep an operator's file from its dry run until Apply, in the database, so the tap may reach
        any instance; one per operator (a new file replaces the last)."""
        ...

    async def take_import(self, actor: int, preview_id: str) -> HeldImport | None:
        """Remove and return the operator's held file if it has that id; only one caller gets it."""
        ...


class BroadcastRepository(Protocol):
    """The operators' broadcasts and one delivery row per recipient, each call its own transaction.

    Recipients are the people who have not blocked the bot, walked in id order after the stored
    `cursor`. `claim` inserts PENDING rows and returns only the people it inserted, so a person
    already claimed (by a run before a restart, or by another worker) is never sent to again.
    `start`, `cancel` and `finish` are compare-and-set on the state (False when it was not one that
    allows the change: a second tap on Send starts nothing).
    """

    async def create(self, text: str, *, by: int, at: datetime) -> Broadcast: ...

    async def get(self, broadcast_id: BroadcastId) -> Broadcast | None: ...

    async def start(self, broadcast_id: BroadcastId, *, progress_message_id: int | None) -> bool: ...

    async def cancel(self, broadcast_id: BroadcastId) -> bool: ...

    async def finish(self, broadcast_id: BroadcastId) -> bool: ...

    async def next_recipients(self, broadcast_id: BroadcastId, *, limit: int) -> list[TelegramId]: ...

    async def advance(self, broadcast_id: BroadcastId, cursor: int) -> None: ...

    async def claim(
        self, broadcast_id: BroadcastId, people: Sequence[TelegramId], *, at: datetime
    ) -> list[TelegramId]: ...

    async def record(self, broadcast_id: BroadcastId, person: TelegramId, outcome: Outcome) -> None: ...

    async def take(self, broadcast_id: BroadcastId, person: TelegramId, *, was: Outcome) -> bool:
        """Turn a delivery waiting as `was` (HELD, RETRYING) into PENDING; True only for the one caller
        that did (it then sends)."""
        ...

    async def progress(self, broadcast_id: BroadcastId) -> BroadcastProgress: ...


class PushVerifier(Protocol):
    """Judges a mail provider's push by its `Authorization` header: returns when the push is from the
    configured subscription, raises PushRefused when it is not and PushUnverifiable when it cannot
    be judged now (the signing keys are out of reach). Blocking: callers run it off the event loop."""

    def verify(self, authorization: str | None) -> None: ...
