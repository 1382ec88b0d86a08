"""`python -m bot brokers bundle`: rebuild the imported catalog files from local copies of public lists.

Reads only local files (never the network): each `--source KIND:PATH:DATE` names a list, where its copy
lies and the date its facts were seen; sources are given in priority order (a registry first).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path

from brokers.catalog import CATALOG_FILES, Broker, Catalog, broker_from_record
from brokers.importers import ImportResult, parse_california_registry, parse_datarequests
from brokers.importers.bundle import Source, bundle, catalog_toml, datarequests_record, disagreements_toml
from brokers.importers.fields import Record
from brokers.importers.markup import parse_markup_opt_out_pages
from brokers.importers.opt_out_lists import (
    parse_badbool,
    parse_cvs0_opt_outs,
    parse_eraser_brokers,
    parse_ydr_table,
)

_TEXT_PARSERS: dict[str, Callable[[str, date], ImportResult]] = {
    "california-registry": parse_california_registry,
    "markup": parse_markup_opt_out_pages,
    "badbool": parse_badbool,
    "ydr": parse_ydr_table,
    "eraser": parse_eraser_brokers,
    "cvs0": parse_cvs0_opt_outs,
}
_LABELS = {
    "california-registry": "the California registry",
    "markup": "the California registry (2025, via The Markup)",
    "badbool": "BADBOOL",
    "ydr": "privacyrights.org (via your-digital-rights)",
    "datarequests": "datarequests.org",
    "eraser": "Eraser",
    "cvs0": "cvs0/data-brokers-list",
}
KINDS = (*_TEXT_PARSERS, "datarequests")
DISAGREEMENTS_FILE = "disagreements.toml"


def parse_source_spec(spec: str) -> tuple[str, Path, date]:
    """KIND:PATH:DATE, e.g. markup:/tmp/pages.csv:2025-07-31; a clear error for anything else."""
    kind, _, rest = spec.partition(":")
    path, _, seen = rest.rpartition(":")
    if kind not in KINDS:
        raise ValueError(f"unknown source kind {kind!r}; one of {', '.join(KINDS)}")
    try:
        return kind, Path(path), date.fromisoformat(seen)
    except ValueError:
        raise ValueError(f"{spec!r}: expected KIND:PATH:YYYY-MM-DD") from None


def read_source(kind: str, path: Path, seen: date) -> Source:
    if kind == "datarequests":
        files = sorted(path.glob("*.json")) if path.is_dir() else [path]
        records: list[Record] = []
        for file in files:
            for record in parse_datarequests(file.read_text(encoding="utf-8"), seen).records:
                if (mapped := datarequests_record(record)) is not None:
                    records.append(mapped)
        return Source(_LABELS[kind], seen, records)
    result = _TEXT_PARSERS[kind](path.read_text(encoding="utf-8-sig"), seen)
    return Source(_LABELS[kind], seen, result.records)


def run_bundle(specs: list[str], out: Path) -> int:
    """Write imported-brokers.toml, imported-companies.toml and disagreements.toml into `out`."""
    curated = _curated(out)
    sources = [read_source(*parse_source_spec(spec)) for spec in specs]
    result = bundle(curated, sources)
    records = list(result.records.values())
    for record in records:
        broker_from_record(record)  # a record the catalog cannot load is an error here, not at start-up
    (out / "imported-brokers.toml").write_text(
        catalog_toml(r for r in records if r["kind"] == "broker"), encoding="utf-8"
    )
    (out / "imported-companies.toml").write_text(
        catalog_toml(r for r in records if r["kind"] == "company"), encoding="utf-8"
    )
    (out / DISAGREEMENTS_FILE).write_text(disagreements_toml(result.disagreements), encoding="utf-8")
    for source in sources:
        print(f"{source.label}: {len(source.records)} records read")
    print(
        f"{len(records)} imported records, {result.merged} merged into an earlier source's record, "
        f"{result.unusable} without a usable domain or channel, "
        f"{len(result.disagreements)} disagreements with the curated catalog"
    )
    return 0


def _curated(folder: Path) -> Catalog:
    import tomllib

    records: list[Broker] = []
    for name in CATALOG_FILES[:2]:
        parsed = tomllib.loads((folder / name).read_text(encoding="utf-8"))
        records.extend(broker_from_record(r) for r in parsed.get("broker", []))
    return Catalog(tuple(records))
