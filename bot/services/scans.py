"""Scanning a connected mailbox in the background: start (one at a time per account), run with
checkpoints as a durable job (ScanRun) so a restart or another instance resumes, cancel, and store what
was found as counts and dates only."""

from __future__ import annotations

import logging
from collections import Counter
from collections.abc import Awaitable, Callable
from contextlib import AbstractAsyncContextManager
from dataclasses import dataclass, field, replace
from datetime import datetime
from enum import Enum

from bot.scanning.engine import run_scan
from bot.scanning.results import ScanMode, ScanResult, ScanStatus
from brokers.accounts import Account, AccountId, AccountState
from brokers.catalog import Broker, Catalog, Kind
from brokers.errors import MailboxAuthError, MailboxError
from brokers.job_payloads import ScanRun, encode
from brokers.jurisdictions import OTHER, region_of
from brokers.mailbox import Mailbox
from brokers.ownership import owned_by
from brokers.ports import Clock, UnitOfWork, UnitOfWorkFactory
from brokers.profile import TelegramId, User
from brokers.requests import Discovery
from brokers.scans import CANCEL_ASKED, ScanRecordView, ScanState

log = logging.getLogger(__name__)

Progress = Callable[[int, int, str], Awaitable[None]]
MailboxOpener = Callable[[AccountId], AbstractAsyncContextManager[Mailbox]]
Wake = Callable[[float], None]  # wake the sweep in so many seconds
DEEP = "deep"
SHARE_AT_LEAST = 3  # k-anonymity: the operators see a domain only once this many people saw it


@dataclass(frozen=True, slots=True)
class Found:
    broker: Broker
    count: int
    first_seen: datetime
    last_seen: datetime


@dataclass(frozen=True, slots=True)
class ScanReport:
    """What the person sees at the end: brokers, other companies, and the well-known brokers not found."""

    account: Account
    state: ScanState
    brokers: list[Found]
    companies: list[Found]
    well_known: list[Broker]
    messages_examined: int
    error: str | None = None
    # Filled only when this deep scan added the person's (opted-in) share: the domains outside the
    # catalog that at least SHARE_AT_LEAST people saw, with how many; nothing in it is this person's alone.
    shared_domains: list[tuple[str, int]] = field(default_factory=list)


class Paused(Enum):
    """A run stopped at its checkpoint to let the job re-arm (its slice ended, or the process stops)."""

    PAUSED = "paused"


PAUSED = Paused.PAUSED


class ScanService:
    def __init__(
        self,
        uow: UnitOfWorkFactory,
        catalog: Callable[[], Catalog],
        open_mailbox: MailboxOpener,
        clock: Clock,
        *,
        wake: Wake,
    ) -> None:
        self._uow = uow
        self._catalog = catalog
        self._open = open_mailbox
        self._clock = clock
        self._wake = wake
        self._cancelled: set[int] = set()

    async def start(
        self, telegram_id: TelegramId, account_id: AccountId, *, deep: bool = False
    ) -> int | None:
        """A new scan id, or None when the account is not the person's, not usable, or already scanning."""
        async with self._uow() as uow:
            account = owned_by(await uow.accounts.get(account_id), telegram_id)
            if account is None or account.state is not AccountState.ACTIVE:
                return None
            last = await uow.scans.last_completed(account_id)
            mode = (
                DEEP
                if deep
                else (ScanMode.SEARCH.value if account.grant.can_search else ScanMode.SWEEP.value)
            )
            scan_id = await uow.scans.start(
                account_id, mode=mode, since=last.started_at if last and not deep else None
            )
            await uow.commit()
        return scan_id

    async def begin(self, scan_id: int, message_id: int | None) -> None:
        """Note the chat message that shows the scan's progress and queue the scan as a durable job."""
        async with self._uow() as uow:
            scan = await uow.scans.get(scan_id)
            account = await uow.accounts.get(scan.account_id) if scan else None
            if scan is None or account is None:
                return
            if message_id is not None:
                await uow.scans.set_progress_message(scan_id, message_id)
            await self._arm(uow, scan_id, account.telegram_id)
            await uow.commit()
        self._wake(0)

    async def resume_interrupted(self) -> int:
        """Queue every running scan that has no job (a crash between its start and its first job);
        the others keep theirs. Returns how many scans are running."""
        async with self._uow() as uow:
            scans = await uow.scans.running()
            for scan in scans:
                account = await uow.accounts.get(scan.account_id)
                if account is not None:
                    await self._arm(uow, scan.id, account.telegram_id)
            await uow.commit()
        if scans:
            self._wake(0)
        return len(scans)

    async def progress_message(self, scan_id: int) -> int | None:
        async with self._uow() as uow:
            scan = await uow.scans.get(scan_id)
        return scan.progress_message_id if scan else None

    async def _arm(self, uow: UnitOfWork, scan_id: int, owner: TelegramId) -> None:
        kind, payload = encode(ScanRun(scan_id))
        # Keyed by the scan: arming it again while its job waits or runs changes nothing.
        key = f"scan:{scan_id}"
        await uow.jobs.schedule(kind, self._clock.now(), user_id=owner, payload=payload, dedupe_key=key)

    async def found(self, telegram_id: TelegramId, account_id: AccountId) -> list[Found]:
        """Everything found so far in the person's mailbox (counts and dates), most mail first."""
        async with self._uow() as uow:
            if owned_by(await uow.accounts.get(account_id), telegram_id) is None:
                return []
            discoveries = await uow.discoveries.for_account(account_id)
        catalog = self._catalog()
        return [
            Found(b, d.message_count, d.first_seen, d.last_seen)
            for d in discoveries
            if (b := catalog.get(d.broker_id)) is not None and b.enabled
        ]

    async def cancel(self, telegram_id: TelegramId, scan_id: int) -> bool:
        """Stop a running scan of the person's own; False (nothing changed) for anyone else's or none."""
        async with self._uow() as uow:
            scan = await uow.scans.get(scan_id)
            account = owned_by(await uow.accounts.get(scan.account_id), telegram_id) if scan else None
        if scan is None or account is None or scan.state is not ScanState.RUNNING:
            return False
        # Stored, so a scan running in another process sees it at its next checkpoint; a scan whose job
        # waits finds it when the job runs.
        self._cancelled.add(scan_id)
        async with self._uow() as uow:
            await uow.scans.finish(
                scan_id, state=ScanState.CANCELLED, messages=0, brokers=0, quota_units=0, error=CANCEL_ASKED
            )
            await uow.commit()
        return True

    async def running(self) -> list[tuple[ScanRecordView, TelegramId]]:
        """Scans a restart interrupted, with their owners, to resume."""
        async with self._uow() as uow:
            scans = await uow.scans.running()
            owners = [await uow.accounts.get(s.account_id) for s in scans]
        return [(s, a.telegram_id) for s, a in zip(scans, owners, strict=True) if a is not None]

    async def run(
        self, scan_id: int, on_progress: Progress, *, pause: Callable[[], bool] | None = None
    ) -> ScanReport | Paused | None:
        """Run the scan from its last checkpoint to its end: the report, or None if it had ended already.

        With `pause`, the run stops at the first checkpoint after `pause()` turns true and answers
        PAUSED; running it again goes on from there. A scan cancelled while no run held it ends here
        with its CANCELLED report.
        """
        async with self._uow() as uow:
            scan = await uow.scans.get(scan_id)
            account = await uow.accounts.get(scan.account_id) if scan else None
            user = await uow.users.get(account.telegram_id) if account else None
        if scan is None or account is None:
            return None
        if scan.state is ScanState.CANCELLED and scan.error == CANCEL_ASKED:
            # Cancelled while its job waited: end it, so the chat is told once.
            await self._finish(scan_id, ScanState.CANCELLED, None, None)
            return self._report(account, ScanState.CANCELLED, [], 0, home=user)
        if scan.state is not ScanState.RUNNING:
            return None
        engine_mode = ScanMode.SWEEP if scan.mode == DEEP else ScanMode(scan.mode)
        checkpoints = [0]

        async def checkpoint(cursor: dict[str, object]) -> None:
            await self._checkpoint(scan_id, cursor)
            checkpoints[0] += 1

        def stops() -> bool:
            # A pause only after a checkpoint of this run, so every run moves the scan on.
            paused = pause is not None and checkpoints[0] > 0 and pause()
            return scan_id in self._cancelled or paused

        try:
            async with self._open(account.id) as mailbox:
                result = await run_scan(
                    mailbox,
                    self._catalog(),
                    mode=engine_mode,
                    since=scan.since,
                    cursor=scan.cursor,
                    on_progress=on_progress,
                    on_checkpoint=checkpoint,
                    is_cancelled=stops,
                )
        except MailboxError as exc:
            error = "reconnect" if isinstance(exc, MailboxAuthError) else type(exc).__name__
            log.warning("scan stopped", extra={"scan": scan_id, "error": error})
            await self._finish(scan_id, ScanState.FAILED, None, error)
            return self._report(account, ScanState.FAILED, [], 0, error=error, home=user)
        if result.status is ScanStatus.CANCELLED and scan_id not in self._cancelled:
            return PAUSED
        state = ScanState.CANCELLED if result.status is ScanStatus.CANCELLED else ScanState.COMPLETED
        discoveries = await self._finish(scan_id, state, result, None)
        shared = (
            await self._share(scan, result.unknown_domains)
            if scan.mode == DEEP and state is ScanState.COMPLETED
            else []
        )
        return self._report(account, state, discoveries, result.messages_examined, shared=shared, home=user)

    async def _share(self, scan: ScanRecordView, unknown: Counter[str]) -> list[tuple[str, int]]:
        """Count the person once for each unknown sender domain, if they opted in and never counted;
        then what the operators may see. Without the opt-in nothing is stored and nothing is told."""
        catalog = self._catalog()
        async with self._uow() as uow:
            account = await uow.accounts.get(scan.account_id)
            user = await uow.users.get(account.telegram_id) if account else None
            if user is None or not user.share_domains or user.domains_shared_at is not None:
                return []
            await uow.shared_domains.count_person(d for d in unknown if catalog.by_domain(d) is None)
            await uow.users.save(replace(user, domains_shared_at=scan.started_at))
            await uow.commit()
            seen = await uow.shared_domains.seen_by(at_least=SHARE_AT_LEAST, limit=15)
        return [(domain, people) for domain, people in seen if catalog.by_domain(domain) is None]

    async def _checkpoint(self, scan_id: int, cursor: dict[str, object]) -> None:
        async with self._uow() as uow:
            scan = await uow.scans.get(scan_id)
            if scan is None or scan.state is not ScanState.RUNNING:
                # Cancelled (perhaps from another process): stop at this step.
                self._cancelled.add(scan_id)
                return
            await uow.scans.checkpoint(scan_id, dict(cursor))
            await uow.commit()

    async def _finish(
        self, scan_id: int, state: ScanState, result: ScanResult | None, error: str | None
    ) -> list[Discovery]:
        self._cancelled.discard(scan_id)
        async with self._uow() as uow:
            scan = await uow.scans.get(scan_id)
            assert scan is not None
            if result is not None and state is ScanState.COMPLETED:
                for finding in result.findings.values():
                    if finding.first_seen and finding.last_seen and finding.message_count:
                        await uow.discoveries.merge(
                            Discovery(
                                scan.account_id,
                                finding.broker_id,
                                finding.message_count,
                                finding.first_seen,
                                finding.last_seen,
                            ),
                            scan_id=scan_id,
                            whole_mailbox=scan.since is None,
                        )
                if result.history_id:
                    await uow.accounts.set_history_id(scan.account_id, result.history_id)
            await uow.scans.finish(
                scan_id,
                state=state,
                messages=result.messages_examined if result else 0,
                brokers=len(result.findings) if result else 0,
                quota_units=result.quota_units if result else 0,
                error=error,
            )
            await uow.commit()
            return await uow.discoveries.for_account(scan.account_id)

    def _report(
        self,
        account: Account,
        state: ScanState,
        discoveries: list[Discovery],
        examined: int,
        *,
        error: str | None = None,
        shared: list[tuple[str, int]] | None = None,
        home: User | None = None,
    ) -> ScanReport:
        catalog = self._catalog()
        found = [
            Found(b, d.message_count, d.first_seen, d.last_seen)
            for d in discoveries
            if (b := catalog.get(d.broker_id)) is not None and b.enabled
        ]
        found_ids = {f.broker.id for f in found}
        # Without evidence, only the brokers that hold data on people where the person lives.
        region = region_of((home.jurisdiction if home else None) or OTHER)
        well_known = [b for b in catalog.well_known_for(region) if b.id not in found_ids]
        return ScanReport(
            account=account,
            state=state,
            brokers=[f for f in found if f.broker.kind is Kind.BROKER],
            companies=[f for f in found if f.broker.kind is Kind.COMPANY],
            well_known=well_known,
            messages_examined=examined,
            error=error,
            shared_domains=shared or [],
        )
