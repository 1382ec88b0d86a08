"""The dry run of an import: which records are new, which would change a broker we list, and how."""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from brokers.catalog import Broker, Catalog, broker_from_record, broker_to_record

# Every import stamps these anew; a difference in them alone is no change of substance.
_BOOKKEEPING = frozenset({"id", "checked"})


@dataclass(frozen=True, slots=True)
class RecordChange:
    """An incoming record that would change a listed broker, found by its id or by a shared domain."""

    existing_id: str
    incoming_id: str
    matched_by: str
    fields: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class ImportSummary:
    new: tuple[str, ...]
    changed: tuple[RecordChange, ...]
    unchanged: tuple[str, ...]


def summarize_import(current: Catalog, records: Iterable[Mapping[str, Any]]) -> ImportSummary:
    """Compare incoming records with the catalog field by field, as `Catalog.with_overrides` applies them."""
    new: list[str] = []
    changed: list[RecordChange] = []
    unchanged: list[str] = []
    for record in records:
        incoming_id = str(record["id"])
        existing, matched_by = _existing_for(current, record)
        if existing is None:
            new.append(incoming_id)
            continue
        fields = _changed_fields(existing, record)
        if fields:
            changed.append(RecordChange(existing.id, incoming_id, matched_by, fields))
        else:
            unchanged.append(incoming_id)
    return ImportSummary(tuple(new), tuple(changed), tuple(unchanged))


def _existing_for(current: Catalog, record: Mapping[str, Any]) -> tuple[Broker | None, str]:
    by_id = current.get(str(record["id"]))
    if by_id is not None:
        return by_id, "id"
    for domain in record.get("domains", ()):
        by_domain = current.by_domain(str(domain))
        if by_domain is not None:
            return by_domain, "domain"
    return None, ""


def _changed_fields(existing: Broker, record: Mapping[str, Any]) -> tuple[str, ...]:
    before = broker_to_record(existing)
    after = broker_to_record(broker_from_record({**before, **record, "id": existing.id}))
    return tuple(name for name in record if name not in _BOOKKEEPING and after[name] != before[name])


def overrides_of(records: Sequence[Mapping[str, Any]], summary: ImportSummary) -> list[dict[str, Any]]:
    """What applying an import stores: each new record whole, and for a listed broker only the fields
    that change it (under that broker's id), each as plain JSON values."""
    overrides = [dict(r) for r in records if str(r["id"]) in summary.new]
    incoming = {str(r["id"]): r for r in records}
    for change in summary.changed:
        patch = {
            k: v for k, v in incoming[change.incoming_id].items() if k in change.fields or k == "checked"
        }
        overrides.append({**patch, "id": change.existing_id})
    return [_jsonable(record) for record in overrides]


def _jsonable(record: Mapping[str, Any]) -> dict[str, Any]:
    return json.loads(json.dumps(record, default=str))  # type: ignore[no-any-return]
