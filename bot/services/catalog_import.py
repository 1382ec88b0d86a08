"""Catalog import by document: a dry run the operator reads, then Apply stores overrides as the CLI does.

The parsers and the dry run are the CLI's (`python -m bot brokers import`); so is what Apply stores
(`overrides_of`, in `data_brokers`), so other instances pick the records up within a minute. The file of
a dry run waits in the database for its Apply, which may reach any instance; after `PENDING_FOR` the
operator sends it again. Nothing of the file's content reaches the log or the audit log; only counts and
the format do.
"""

from __future__ import annotations

import csv
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum

from bot.services.admin_console import AdminConsole
from bot.services.live_catalog import LiveCatalog
from brokers.importers import (
    IMPORT_FORMATS,
    ImportResult,
    ImportSummary,
    Record,
    SkippedRow,
    overrides_of,
    summarize_import,
)
from brokers.ports import Clock

MAX_IMPORT_BYTES = 5_000_000  # the 2025 California registry export is about 1 MB
PENDING_FOR = timedelta(minutes=30)
_FORMAT_BY_SUFFIX = {".csv": "california-registry", ".json": "datarequests"}


class ImportRejected(StrEnum):
    FILE_TYPE = "file_type"
    TOO_BIG = "too_big"
    NOT_TEXT = "not_text"
    BAD_SHAPE = "bad_shape"
    EMPTY = "empty"


@dataclass(frozen=True, slots=True)
class ImportPreview:
    id: str
    format: str
    records: tuple[Record, ...]
    skipped: tuple[SkippedRow, ...]
    summary: ImportSummary
    at: datetime


def import_format_of(file_name: str | None) -> str | None:
    """The importer a file's name asks for: a registry .csv or a datarequests .json, else none."""
    name = (file_name or "").lower()
    return next((fmt for suffix, fmt in _FORMAT_BY_SUFFIX.items() if name.endswith(suffix)), None)


class CatalogImport:
    def __init__(self, console: AdminConsole, clock: Clock, live: LiveCatalog) -> None:
        self._console = console
        self._clock = clock
        self._live = live
        self._overrides = live.overrides  # also holds the operator's file between the dry run and Apply

    async def preview(
        self, actor: int, file_name: str | None, content: bytes
    ) -> ImportPreview | ImportRejected:
        """Parse the file and compare it with the catalog; only the file is kept, for the Apply."""
        fmt = import_format_of(file_name)
        if fmt is None:
            return ImportRejected.FILE_TYPE
        if len(content) > MAX_IMPORT_BYTES:
            return ImportRejected.TOO_BIG
        now = self._clock.now()
        result = _parse(fmt, content, now)
        if isinstance(result, ImportRejected):
            return result
        if not result.records and not result.skipped:
            return ImportRejected.EMPTY
        preview = ImportPreview(
            id=secrets.token_hex(4),
            format=fmt,
            records=result.records,
            skipped=result.skipped,
            summary=summarize_import(self._live.current(), result.records),
            at=now,
        )
        await self._overrides.hold_import(actor, preview.id, fmt, content, at=now)
        await self._console.audit(actor, "catalog_import_preview", detail={"format": fmt, **_counts(preview)})
        return preview

    async def apply(self, actor: int, preview_id: str) -> ImportSummary | None:
        """Store the operator's pending import and use it at once; None if there is none by that id."""
        preview = await self._take(actor, preview_id)
        if preview is None:
            return None
        # Compared again: the catalog may have changed since the dry run (another import, /broker_set).
        summary = summarize_import(self._live.current(), preview.records)
        overrides = overrides_of(preview.records, summary)
        await self._live.store(overrides, at=self._clock.now(), by=actor)
        await self._console.audit(
            actor,
            "catalog_import_apply",
            detail={"format": preview.format, "written": len(overrides), **_counts(preview, summary)},
        )
        return summary

    async def cancel(self, actor: int, preview_id: str) -> bool:
        cancelled = await self._take(actor, preview_id) is not None
        if cancelled:
            await self._console.audit(actor, "catalog_import_cancel")
        return cancelled

    async def _take(self, actor: int, preview_id: str) -> ImportPreview | None:
        """The operator's held dry run, read again from its file (the parsers are pure), taken once."""
        held = await self._overrides.take_import(actor, preview_id)
        if held is None or self._clock.now() - held.at > PENDING_FOR:
            return None
        result = _parse(held.format, held.content, held.at)
        if isinstance(result, ImportRejected):
            return None
        summary = summarize_import(self._live.current(), result.records)
        return ImportPreview(preview_id, held.format, result.records, result.skipped, summary, held.at)


def _parse(fmt: str, content: bytes, at: datetime) -> ImportResult | ImportRejected:
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError:
        return ImportRejected.NOT_TEXT
    try:
        return IMPORT_FORMATS[fmt](text, at.date())
    except (ValueError, csv.Error, RecursionError):  # no registry header, invalid JSON, a broken CSV
        return ImportRejected.BAD_SHAPE


def _counts(preview: ImportPreview, summary: ImportSummary | None = None) -> dict[str, int]:
    summary = summary or preview.summary
    return {
        "new": len(summary.new),
        "changed": len(summary.changed),
        "unchanged": len(summary.unchanged),
        "rejected": len(preview.skipped),
    }
