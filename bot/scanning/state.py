"""A running scan: its resumable state (the cursor), its cost so far, and the caller's hooks."""

from __future__ import annotations

import inspect
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from bot.scanning.results import ScanMode, ScanResult, ScanStatus, Tally
from brokers.catalog import BrokerId, Catalog
from brokers.mailbox import Mailbox

CURSOR_VERSION = 1

Cursor = dict[str, Any]
ProgressHook = Callable[[int, int, str], object]  # (done, total, phase); may return an awaitable
CheckpointHook = Callable[[Cursor], object]  # may return an awaitable
CancelCheck = Callable[[], bool]


class Phase(StrEnum):
    CHUNKS = "chunks"  # search: the catalog's query chunks
    PROVIDERS = "providers"  # search: mail sent through ticketing and bulk-mail services
    DATES = "dates"  # search: recounts and the oldest message of each broker
    HISTORY = "history"  # sweep: only the messages added since a history id
    PAGES = "pages"  # sweep: every message, page by page
    DONE = "done"


class ScanCancelled(Exception):
    """Raised between steps when the caller cancels; the last checkpoint resumes the scan."""


@dataclass(slots=True)
class ScanState:
    """Everything needed to resume; `to_cursor` is JSON-serialisable and holds no message content."""

    mode: ScanMode
    phase: Phase
    after: int | None = None
    plan: str = ""
    next_chunk: int = 0
    page_token: str | None = None
    history_start: str | None = None
    history_offset: int = 0
    history_id: str | None = None
    messages_total: int = 0
    own_domain: str | None = None
    examined: int = 0
    quota_units: int = 0
    api_calls: int = 0
    tallies: dict[str, Tally] = field(default_factory=dict)
    unknown: Counter[str] = field(default_factory=Counter)

    @classmethod
    def start(cls, mode: ScanMode, *, after: int | None, history_start: str | None) -> ScanState:
        phase = Phase.CHUNKS if mode is ScanMode.SEARCH else Phase.HISTORY if history_start else Phase.PAGES
        return cls(mode, phase, after=after, history_start=history_start)

    def switch_to_sweep(self) -> None:
        """Drop what the search found so far and sweep instead (a sweep finds all of it again)."""
        self.mode = ScanMode.SWEEP
        self.phase = Phase.HISTORY if self.history_start else Phase.PAGES
        self.next_chunk, self.page_token, self.plan = 0, None, ""
        self.tallies.clear()

    def to_cursor(self) -> Cursor:
        cursor: Cursor = {name: getattr(self, name) for name in _SCALARS}
        cursor |= {"version": CURSOR_VERSION, "mode": str(self.mode), "phase": str(self.phase)}
        cursor["tallies"] = {key: tally.to_json() for key, tally in self.tallies.items()}
        cursor["unknown"] = dict(self.unknown)
        return cursor

    @classmethod
    def from_cursor(cls, cursor: Cursor) -> ScanState:
        if cursor.get("version") != CURSOR_VERSION:
            raise ValueError(f"cannot resume a scan cursor of version {cursor.get('version')!r}")
        state = cls(ScanMode(cursor["mode"]), Phase(cursor["phase"]))
        for name in _SCALARS:
            setattr(state, name, cursor.get(name, getattr(state, name)))
        state.tallies = {key: Tally.from_json(value) for key, value in cursor.get("tallies", {}).items()}
        state.unknown = Counter({str(k): int(v) for k, v in cursor.get("unknown", {}).items()})
        return state


_SCALARS = (
    "after", "plan", "next_chunk", "page_token", "history_start", "history_offset", "history_id",
    "messages_total", "own_domain", "examined", "quota_units", "api_calls",
)  # fmt: skip


class ScanRun:
    """One execution of a scan: the state, the mailbox it spends quota on, and the caller's hooks."""

    def __init__(
        self,
        mailbox: Mailbox,
        catalog: Catalog,
        state: ScanState,
        *,
        on_progress: ProgressHook | None,
        on_checkpoint: CheckpointHook | None,
        is_cancelled: CancelCheck | None,
    ) -> None:
        self.mailbox = mailbox
        self.catalog = catalog
        self.state = state
        self._on_progress = on_progress
        self._on_checkpoint = on_checkpoint
        self._is_cancelled = is_cancelled
        self._base = (state.quota_units, state.api_calls)
        self._start = (mailbox.quota_units_used, mailbox.api_calls)

    def stop_if_cancelled(self) -> None:
        if self._is_cancelled is not None and self._is_cancelled():
            raise ScanCancelled

    def account_costs(self) -> None:
        self.state.quota_units = self._base[0] + self.mailbox.quota_units_used - self._start[0]
        self.state.api_calls = self._base[1] + self.mailbox.api_calls - self._start[1]

    async def step(self, done: int, total: int, phase: str) -> None:
        """A step is finished: save the cursor, then report progress."""
        self.account_costs()
        if self._on_checkpoint is not None:
            await _settle(self._on_checkpoint(self.state.to_cursor()))
        if self._on_progress is not None:
            await _settle(self._on_progress(done, max(total, done), phase))

    def result(self, status: ScanStatus) -> ScanResult:
        self.account_costs()
        state = self.state
        return ScanResult(
            mode=state.mode,
            status=status,
            findings={BrokerId(k): t.finding(BrokerId(k)) for k, t in state.tallies.items() if t.count > 0},
            unknown_domains=Counter(state.unknown),
            messages_examined=state.examined,
            quota_units=state.quota_units,
            api_calls=state.api_calls,
            history_id=state.history_id,
        )


async def _settle(outcome: object) -> None:
    if inspect.isawaitable(outcome):
        await outcome
