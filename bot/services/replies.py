"""Reply detection: an account's new mail matched to its requests, classified, and each request moved
accordingly, with a durable notice job armed in the same transaction. Only the class, the Gmail id and
the reason are stored; the phrase that decided it is kept in this process's memory until the person was
told, never stored."""

from __future__ import annotations

import asyncio
import logging
from collections import OrderedDict
from collections.abc import Awaitable, Callable, Collection, Iterable, Mapping, Sequence
from contextlib import AbstractAsyncContextManager
from dataclasses import dataclass
from datetime import timedelta

from bot.reply_meter import ReplyCheckMeter
from bot.services.reply_record import ReadReply, ReplyFinding, record_reply, seen_ids
from bot.services.reply_sync import Candidate, find_new_mail
from brokers.accounts import Account, AccountId, AccountState
from brokers.catalog import Catalog
from brokers.classify import Reply, ReplyClass, classify_reply, load_eml
from brokers.errors import (
    MailboxAuthError,
    MailboxError,
    MailboxQuotaExceeded,
    MailboxUnavailable,
    ReplyCheckDeferred,
)
from brokers.job_payloads import ReplyNotice, encode
from brokers.lifecycle import RequestStatus
from brokers.mailbox import FullMessage, Mailbox
from brokers.ports import Clock, UnitOfWork, UnitOfWorkFactory
from brokers.requests import DeletionRequest, RequestId

log = logging.getLogger(__name__)

S = RequestStatus
WATCHED = frozenset(
    {
        S.SENT,
        S.ACKNOWLEDGED,
        S.NEEDS_VERIFICATION,
        S.NEEDS_WEB_FORM,
        S.OVERDUE,
        S.FOLLOW_UP_SENT,
        S.ESCALATED,
        S.REFUSED,
        S.NO_DATA,
        S.COMPLETED,
        S.BOUNCED,
    }
)
# Requests whose broker still owes something are read every poll interval; settled ones daily, for
# mail after a confirmed deletion (reappearance).
SETTLED = frozenset({S.COMPLETED, S.NO_DATA})
OPEN = WATCHED - SETTLED
# Waits after a failed check: doubling from one poll interval, never longer than this.
MAX_BACKOFF = timedelta(hours=1)
# The reply's notice job is due this much later: the check tells the person at once and takes the job
# back; only a notice that could not be pushed then (or a crash) is left to the job.
NOTICE_GRACE = timedelta(minutes=1)
PHRASES_KEPT = 1000  # phrases of untold replies held in memory; the oldest go first (told without it)

MailboxOpener = Callable[[AccountId], AbstractAsyncContextManager[Mailbox]]
# Many mailboxes' history ids asked at once (MailboxAccess.history_ids): an account left out is asked
# alone; an error is a passing one (MailboxQuotaExceeded, MailboxUnavailable), the position kept.
HistoryIdReader = Callable[[Collection[AccountId]], Awaitable[Mapping[AccountId, str | MailboxError]]]
# users.getProfile's units in both quota tables: what a check of an unchanged mailbox costs.
PROFILE_UNITS = 1
# Single checks of a batch (changed mailboxes, first checks) run side by side, this many at once.
ALONE_AT_ONCE = 8
# An account and its watched requests, as a check reads them before asking Gmail.
Read = tuple[Account, list[DeletionRequest]]


def watch_state_of(statuses: Iterable[RequestStatus]) -> bool | None:
    """An account's requests' statuses: True with open ones, False with only settled ones, None with
    nothing to watch."""
    present = set(statuses)
    if present & OPEN:
        return True
    return False if present & SETTLED else None


@dataclass(frozen=True, slots=True)
class CheckOutcome:
    """The replies a check recorded, and `watching` for the account's requests as the check left them."""

    findings: list[ReplyFinding]
    watching: bool | None


class ReplyChecker:
    """Reads an account's new mail since its last check and records each reply once.

    The history position advances in the same transaction that records the replies, and only from
    the position the check started at: two checkers of one account (two instances, or a deadline
    notice reading replies first) can never record, and so tell, one reply twice.
    """

    def __init__(
        self,
        uow: UnitOfWorkFactory,
        catalog: Callable[[], Catalog],
        open_mailbox: MailboxOpener,
        clock: Clock,
        *,
        poll: timedelta = timedelta(seconds=120),
        meter: ReplyCheckMeter | None = None,
        history_ids: HistoryIdReader | None = None,
    ) -> None:
        self._uow = uow
        self._history_ids = history_ids
        self._catalog = catalog
        self._open = open_mailbox
        self._clock = clock
        self._poll = poll
        self._meter = meter or ReplyCheckMeter()
        # One check per account at a time in this process: the recurring check and the one a deadline
        # notice runs first may overlap; the position's compare-and-set covers other processes.
        self._locks: dict[AccountId, asyncio.Lock] = {}
        self._phrases: OrderedDict[tuple[RequestId, str], str] = OrderedDict()

    async def check(self, account_id: AccountId) -> list[ReplyFinding]:
        """Every new reply of the account's requests, classified and recorded, each returned once.

        Raises MailboxAuthError when the grant is gone, ReplyCheckDeferred after a passing failure
        (nothing recorded, the position kept), and other MailboxErrors as they come.
        """
        return (await self.check_watching(account_id)).findings

    async def check_watching(self, account_id: AccountId, *, changed: bool = False) -> CheckOutcome:
        """`check`, and whether the account has requests left to watch: the recurring check needs to
        know, and reading the requests again after every check would double its database work.
        `changed`: the mailbox is known to have changed since the last check (no getProfile first)."""
        async with self._lock(account_id):
            return await self._check(account_id, changed=changed)

    async def check_many(self, account_ids: Sequence[AccountId]) -> dict[AccountId, CheckOutcome | Exception]:
        """`check_watching` of many accounts, each ending as it would alone (its outcome, or the error
        it would raise), at a fraction of the cost: the accounts and their requests are read together,
        Gmail is asked whether each mailbox changed in one batch, and the unchanged ones are marked
        synced in one statement. Only the changed ones (and those the batch could not answer for:
        a refused token, no position yet) go on to the single check, compare-and-set and all."""
        async with self._uow() as uow:
            accounts = {a.id: a for a in await uow.accounts.get_many(account_ids)}
            watched = await uow.requests.of_accounts(list(accounts.values()), WATCHED)
        # Read while another check of theirs ran: read again once it ended.
        busy = {i for i in account_ids if self._lock(i).locked()}
        outcomes: dict[AccountId, CheckOutcome | Exception] = {}
        asking: dict[AccountId, Account] = {}
        for account_id in account_ids:
            account, requests = accounts.get(account_id), watched.get(account_id, [])
            if account is None:
                outcomes[account_id] = CheckOutcome([], None)
            elif account.state is not AccountState.ACTIVE or not any(r.sent_at for r in requests):
                outcomes[account_id] = CheckOutcome([], watch_state_of(r.status for r in requests))
            elif account.sync.history_id is not None and account_id not in busy:
                asking[account_id] = account
        answers = await self._history_ids(list(asking)) if asking and self._history_ids is not None else {}
        unchanged = {i: p for i, a in asking.items() if (p := a.sync.history_id) and answers.get(i) == p}
        await self._confirm(unchanged)
        for account_id in unchanged:
            # Marked synced, or moved meanwhile by another check (which recorded what it found).
            outcomes[account_id] = CheckOutcome([], watch_state_of(r.status for r in watched[account_id]))
        for account_id, answer in answers.items():
            if isinstance(answer, MailboxError):
                outcomes[account_id] = await self._deferred(asking[account_id], answer, 0)
        alone = {i: isinstance(answers.get(i), str) for i in account_ids if i not in outcomes}
        read = {i: (accounts[i], watched.get(i, [])) for i in alone if i not in busy}
        return outcomes | await self._each_alone(alone, read)

    async def _each_alone(
        self, changed: Mapping[AccountId, bool], read: Mapping[AccountId, Read]
    ) -> dict[AccountId, CheckOutcome | Exception]:
        """`check_watching` of each account, ALONE_AT_ONCE at a time; an account's error is its outcome.
        `read`: the accounts and requests the batch read, used unless another check of the account
        started since (then they are read again after it)."""
        slots = asyncio.Semaphore(ALONE_AT_ONCE)

        async def alone(account_id: AccountId) -> CheckOutcome:
            async with slots:
                lock = self._lock(account_id)
                known = None if lock.locked() else read.get(account_id)
                async with lock:
                    return await self._check(account_id, changed=changed[account_id], known=known)

        checked = await asyncio.gather(*(alone(i) for i in changed), return_exceptions=True)
        outcomes: dict[AccountId, CheckOutcome | Exception] = {}
        for account_id, outcome in zip(changed, checked, strict=True):
            if not isinstance(outcome, CheckOutcome | Exception):
                raise outcome  # cancelled, or the process is ending
            outcomes[account_id] = outcome
        return outcomes

    async def _confirm(self, positions: Mapping[AccountId, str]) -> None:
        """The unchanged mailboxes: synced now, their units counted, in one statement."""
        if not positions:
            return
        now = self._clock.now()
        self._meter.spent(now, PROFILE_UNITS * len(positions))
        async with self._uow() as uow:
            await uow.accounts.confirm_sync(positions, at=now, units=PROFILE_UNITS)
            await uow.commit()

    def _lock(self, account_id: AccountId) -> asyncio.Lock:
        return self._locks.setdefault(account_id, asyncio.Lock())

    def phrase(self, request_id: RequestId, gmail_id: str) -> str:
        """The phrase a reply's classification rests on, while this process still holds it; else ""."""
        return self._phrases.get((request_id, gmail_id), "")

    def forget(self, request_id: RequestId, gmail_id: str) -> None:
        """The person was told: the phrase is not needed any more."""
        self._phrases.pop((request_id, gmail_id), None)

    async def was_answered(self, request_id: RequestId) -> bool:
        """The broker wrote something other than an automatic reply about this request."""
        async with self._uow() as uow:
            history = await uow.requests.history(request_id)
        return any(
            e.evidence is not None and e.evidence.get("class") not in (None, ReplyClass.AUTO_REPLY.value)
            for e in history
            if e.reason.startswith("reply: ")
        )

    async def _check(
        self, account_id: AccountId, *, changed: bool, known: Read | None = None
    ) -> CheckOutcome:
        """`known`: the account and its watched requests as just read (a batch's), not read again."""
        if known is None:
            async with self._uow() as uow:
                account = await uow.accounts.get(account_id)
                if account is None:
                    return CheckOutcome([], None)
                watched = await uow.requests.of_account(account, WATCHED)
        else:
            account, watched = known
        requests = [r for r in watched if r.sent_at is not None]
        if account.state is not AccountState.ACTIVE or not requests:
            return CheckOutcome([], watch_state_of(r.status for r in watched))

        async def seen() -> set[str]:
            async with self._uow() as uow:
                return set().union(*[await seen_ids(uow, r) for r in requests])

        async with self._open(account_id) as mailbox:
            try:
                new = await find_new_mail(mailbox, account, requests, self._catalog(), seen, changed=changed)
                read, unread = await self._read_all(mailbox, account, new.candidates)
            except (MailboxQuotaExceeded, MailboxUnavailable) as exc:
                raise await self._deferred(account, exc, mailbox.quota_units_used) from exc
            units = mailbox.quota_units_used
        # A reply that could not be read now keeps the position where it was: the next check reads the
        # same stretch again and finds only that one new (the others are recorded, so seen).
        position = account.sync.history_id if unread else new.history_id
        findings = await self._record(account, position, read, units)
        moved = {f.request.id: f.request.status for f in findings}
        return CheckOutcome(findings, watch_state_of(moved.get(r.id, r.status) for r in watched))

    async def _read_all(
        self, mailbox: Mailbox, account: Account, candidates: list[Candidate]
    ) -> tuple[list[ReadReply], int]:
        """The replies classified, and how many failed for a passing reason (one bad message blocks
        no other). Quota stops the whole check: the next messages would fail the same way."""
        read: list[ReadReply] = []
        unread = 0
        for candidate in candidates:
            try:
                message = await mailbox.read(candidate.message_id, raw=account.grant.can_search)
            except MailboxUnavailable:
                unread += 1
                continue
            except (MailboxAuthError, MailboxQuotaExceeded):
                raise
            except MailboxError as exc:  # deleted meanwhile, or not readable under this grant
                log.info("reply of request %s unreadable: %s", candidate.request.id, type(exc).__name__)
                continue
            result = classify_reply(_reply_of(message))
            read.append(ReadReply(candidate.request, candidate.message_id, result))
        return read, unread

    async def _record(
        self, account: Account, history_id: str | None, read: list[ReadReply], units: int
    ) -> list[ReplyFinding]:
        findings: list[ReplyFinding] = []
        self._meter.spent(self._clock.now(), units)
        async with self._uow() as uow:
            # The compare-and-set also locks the account's row until commit, so the seen-check below
            # sees what a concurrent checker of the same stretch recorded.
            advanced = await uow.accounts.advance_sync(
                account.id,
                expected=account.sync.history_id,
                history_id=history_id,
                at=self._clock.now(),
                units=units,
            )
            if not advanced:
                log.info("account %s was checked meanwhile by another worker", account.id)
                return []
            for item in read:
                request = await uow.requests.get(item.request.id)
                if request is not None and item.message_id not in await seen_ids(uow, request):
                    finding = await record_reply(uow, request, item)
                    await self._arm_notice(uow, finding)
                    findings.append(finding)
            await uow.commit()
        for finding in findings:
            self._phrases[(finding.request.id, finding.gmail_id)] = finding.phrase
            while len(self._phrases) > PHRASES_KEPT:
                self._phrases.popitem(last=False)
        return findings

    async def _arm_notice(self, uow: UnitOfWork, finding: ReplyFinding) -> None:
        request = finding.request
        notice = ReplyNotice(finding.gmail_id, finding.cls, request.status, finding.reappeared)
        kind, payload = encode(notice)
        await uow.jobs.schedule(
            kind,
            self._clock.now() + NOTICE_GRACE,
            user_id=request.telegram_id,
            request_id=request.id,
            payload=payload,
            dedupe_key=reply_notice_key(request.id, finding.gmail_id),
        )

    async def _deferred(self, account: Account, exc: MailboxError, units: int) -> ReplyCheckDeferred:
        """Count the failure and say when to try again: doubling waits, never before Gmail allows."""
        now = self._clock.now()
        self._meter.spent(now, units)
        async with self._uow() as uow:
            failures = await uow.accounts.sync_failed(account.id, at=now, units=units)
            await uow.commit()
        wait = min(MAX_BACKOFF, self._poll * 2 ** min(failures, 10))
        retry_at = now + wait
        if isinstance(exc, MailboxQuotaExceeded):
            retry_at = max(retry_at, exc.retry_at)
        log.warning(
            "reply check of account %s failed (%s), %s in a row", account.id, type(exc).__name__, failures
        )
        return ReplyCheckDeferred(retry_at, type(exc).__name__)


def reply_notice_key(request_id: RequestId, gmail_id: str) -> str:
    return f"reply:{request_id}:{gmail_id}"


def _reply_of(message: FullMessage) -> Reply:
    if message.raw is not None:
        return load_eml(message.raw.decode("utf-8", "replace"))
    headers = {name.lower(): value for name, value in message.headers.headers}
    return Reply(
        subject=headers.get("subject", ""),
        from_header=message.headers.from_header or "",
        text=message.snippet,
        headers=headers,
    )
