"""Parse The Markup's data-broker opt-out pages table (Apache-2.0) into broker records.

The table (data/data-broker-opt-out-pages.csv of the-markup/investigation-data-broker-opt-out-pages)
lists each broker of California's 2025 registry with the opt-out page the registry names and where that
page led when checked. It carries no e-mail addresses: its records reach a broker through that page.
"""

from __future__ import annotations

import csv
import io
from datetime import date

from brokers.importers.fields import (
    ImportResult,
    Record,
    SkippedRow,
    claim_id,
    https_url,
    registrable_domain_of,
    slugify,
)

MARKUP_SOURCE = (
    "California Data Broker Registry 2025, "
    "via the-markup/investigation-data-broker-opt-out-pages (Apache-2.0)"
)
_REQUIRED = ("company_name", "hostname_original", "url_original")


def parse_markup_opt_out_pages(text: str, checked: date) -> ImportResult:
    """One record per row with a name, a website domain and an https opt-out page."""
    reader = csv.DictReader(io.StringIO(text.removeprefix("\ufeff")))
    missing = [c for c in _REQUIRED if c not in (reader.fieldnames or ())]
    if missing:
        raise ValueError(f"not The Markup's opt-out pages table: no column {', '.join(missing)}")
    records: list[Record] = []
    skipped: list[SkippedRow] = []
    taken: set[str] = set()
    for line, row in enumerate(reader, start=2):
        name = (row.get("company_name") or "").strip()
        domain = registrable_domain_of(row.get("hostname_original") or "")
        # The page the registry names, or where it led when it redirected.
        page = https_url(row.get("url_original") or "") or https_url(row.get("url_final") or "")
        if not name or domain is None:
            skipped.append(SkippedRow(line, name, "no name or no usable website"))
            continue
        if page is None:
            skipped.append(SkippedRow(line, name, "no https opt-out page"))
            continue
        notes = ["Opt-out page named in the registry."]
        if (row.get("status") or "") == "error":
            notes.append("The page failed to load when The Markup checked it (2025).")
        if (row.get("collects_minors_data") or "").upper() == "TRUE":
            notes.append("Registered as collecting minors' data.")
        records.append(
            {
                "id": claim_id(slugify(name), taken),
                "name": name,
                "kind": "broker",
                "category": "data_aggregator",
                "domains": [domain],
                "form_url": page,
                "accepts_email": False,
                "regions": ["US"],
                "registries": ["CA"],
                "source": MARKUP_SOURCE,
                "checked": checked,
                "notes": " ".join(notes),
            }
        )
    return ImportResult(tuple(records), tuple(skipped))
