"""run_scan: find the brokers in one mailbox, by search or by sweep, resumable from a cursor."""

from __future__ import annotations

import logging
from datetime import datetime

from bot.scanning.plan import after_epoch
from bot.scanning.results import ScanMode, ScanResult, ScanStatus
from bot.scanning.search import SearchScan
from bot.scanning.state import (
    CancelCheck,
    CheckpointHook,
    Cursor,
    ProgressHook,
    ScanCancelled,
    ScanRun,
    ScanState,
)
from bot.scanning.sweep import SweepScan
from brokers.catalog import Catalog
from brokers.errors import MailboxScopeError
from brokers.mailbox import Mailbox
from brokers.matching import registrable_domain

log = logging.getLogger(__name__)


async def run_scan(
    mailbox: Mailbox,
    catalog: Catalog,
    *,
    mode: ScanMode | str = ScanMode.SEARCH,
    since: datetime | None = None,
    since_history_id: str | None = None,
    cursor: Cursor | None = None,
    on_progress: ProgressHook | None = None,
    on_checkpoint: CheckpointHook | None = None,
    is_cancelled: CancelCheck | None = None,
) -> ScanResult:
    """Scan one mailbox for the catalog's enabled brokers and return what was found.

    `mode` "search" asks Gmail search queries (needs gmail.readonly) and falls back to "sweep" when
    the grant refuses them; "sweep" reads every message's headers and also counts unknown sender
    domains (the deep scan). `since` limits the scan to mail from then on (search: `after:`; sweep:
    it stops paging at older mail); `since_history_id` lets a sweep read only the messages added
    since, falling back to a date-bounded or full sweep when Gmail no longer knows that id.

    After each step `on_checkpoint(cursor)` receives a JSON-serialisable cursor: pass the last one as
    `cursor` to resume (the other arguments are then taken from it). `on_progress(done, total,
    phase)` follows; both may be coroutines. `is_cancelled()` is checked between steps: a cancelled
    scan returns what it found so far with status "cancelled". Mailbox errors propagate; the last
    checkpoint still resumes. Counts cover this scan only: an incremental scan's findings add to the
    previous ones (sum the counts, widen the dates).
    """
    state = (
        ScanState.from_cursor(cursor)
        if cursor is not None
        else ScanState.start(ScanMode(mode), after=after_epoch(since), history_start=since_history_id)
    )
    run = ScanRun(
        mailbox,
        Catalog(tuple(catalog.enabled())),
        state,
        on_progress=on_progress,
        on_checkpoint=on_checkpoint,
        is_cancelled=is_cancelled,
    )
    try:
        run.stop_if_cancelled()
        await _read_profile(run)
        await _scan(run)
    except ScanCancelled:
        log.info("scan cancelled in phase %s", state.phase)
        return run.result(ScanStatus.CANCELLED)
    return run.result(ScanStatus.COMPLETED)


async def _read_profile(run: ScanRun) -> None:
    """Note where the mailbox's history stands before reading it, for the next incremental scan."""
    if run.state.history_id is not None:
        return
    profile = await run.mailbox.profile()
    run.state.history_id = profile.history_id
    run.state.messages_total = profile.messages_total
    run.state.own_domain = registrable_domain(profile.email.rpartition("@")[2])


async def _scan(run: ScanRun) -> None:
    if run.state.mode is ScanMode.SEARCH:
        try:
            await SearchScan(run).run_phases()
            return
        except MailboxScopeError:
            log.info("search refused by the granted scopes: sweeping headers instead")
            run.state.switch_to_sweep()
    await SweepScan(run).run_phases()
