"""Parse the California Data Broker Registry export (CSV) into broker records."""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Mapping
from datetime import date

from brokers.importers.fields import (
    ImportResult,
    Record,
    SkippedRow,
    claim_id,
    https_url,
    registrable_domain_of,
    slugify,
    valid_email,
)

CA_REGISTRY_SOURCE = "California Data Broker Registry"

# The export's headers change with each year's form (2020-23 by the Attorney General, from 2024 by the
# CPPA); headers are compared after folding case, spaces, NBSPs, curly quotes and a trailing colon.
_COLUMNS: dict[str, tuple[str, ...]] = {
    "name": ("data broker name", "business name"),
    "dba": ("doing business as (dba), if applicable", "doing business as (dba), if applicable [optional]"),
    "website": ("data broker primary website", "business primary website", "website url"),
    "email": (
        "data broker primary contact email address",
        "business primary contact email address",
        "email address",
        "email address (accessible to the public)",
    ),
    "minors": ("data broker collects personal information of minors",),
}
# Long questions whose wording changes by year: found by how they start.
_PREFIXES: dict[str, tuple[str, ...]] = {
    "rights_url": (
        "data broker's primary website that contains details on how consumers",
        "how a consumer may opt out of sale or submit requests under the ccpa",
    ),
}


def parse_california_registry(text: str, checked: date) -> ImportResult:
    """Map each registry row to a broker record; rows without a name or a usable website are skipped."""
    rows = list(csv.reader(io.StringIO(text.removeprefix("\ufeff"))))
    header_at, columns = _find_header(rows)
    records: list[Record] = []
    skipped: list[SkippedRow] = []
    taken: set[str] = set()
    for line, row in enumerate(rows[header_at + 1 :], start=header_at + 2):
        if not any(cell.strip() for cell in row):
            continue
        cells = {key: row[i].strip() if i < len(row) else "" for key, i in columns.items()}
        record = _record_of(cells, checked)
        if isinstance(record, str):
            skipped.append(SkippedRow(line, cells.get("name", ""), record))
            continue
        record["id"] = claim_id(record["id"], taken)
        records.append(record)
    return ImportResult(tuple(records), tuple(skipped))


def _normalize_header(cell: str) -> str:
    text = cell.replace("\ufeff", "").replace("\xa0", " ").replace("\u2019", "'").replace("\u2018", "'")
    return re.sub(r"\s+", " ", text).strip().lower().removesuffix(":").strip()


def _find_header(rows: list[list[str]]) -> tuple[int, dict[str, int]]:
    """The header row (the 2025 export has a spacer row above it) and the column of each known field."""
    for at, row in enumerate(rows):
        headers = [_normalize_header(cell) for cell in row]
        columns = {key: headers.index(n) for key, names in _COLUMNS.items() for n in names if n in headers}
        for key, starts in _PREFIXES.items():
            found = [i for i, header in enumerate(headers) if header.startswith(starts)]
            if found:
                columns[key] = found[0]
        if "name" in columns:
            return at, columns
    raise ValueError("no California registry header row (a 'Data broker name' column) found")


def _record_of(cells: Mapping[str, str], checked: date) -> Record | str:
    """The record for one row, or the reason the row cannot become one."""
    legal_name, dba = cells.get("name", ""), cells.get("dba", "")
    if not legal_name:
        return "no data broker name"
    # Some registrants put several sites in the one cell ("a.com; b.com").
    websites = re.split(r"[\s;,|]+", cells.get("website", ""))
    domains = list(dict.fromkeys(d for d in map(registrable_domain_of, websites) if d))
    if not domains:
        return f"no usable website domain in {cells.get('website', '')!r}"
    name = dba or legal_name
    # The 2020-21 exports wrote addresses as "privacy [at] example.com".
    email = valid_email(re.sub(r"\s*\[at\]\s*", "@", cells.get("email", ""), flags=re.IGNORECASE))
    record: Record = {
        "id": slugify(name),
        "name": name,
        "kind": "broker",
        "category": "data_aggregator",
        "domains": domains,
        "accepts_email": email is not None,
        "regions": ["US"],
        "registries": ["CA"],
        "source": CA_REGISTRY_SOURCE,
        "checked": checked,
    }
    if email:
        record["email"] = email
    if form_url := https_url(cells.get("rights_url", "")):
        record["form_url"] = form_url
    notes = [
        f"Legal name: {legal_name}." if dba else "",
        "Registered as collecting minors' data." if cells.get("minors", "").lower() == "yes" else "",
    ]
    record["notes"] = " ".join(note for note in notes if note)
    return record
