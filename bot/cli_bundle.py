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
from brokers.importers.registry_links import STATE_REGISTRIES_FILE, link_registries, registries_toml
from brokers.importers.state_registries import STATE_PARSERS

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
_STATE_LABELS = {
    "vermont": "the Vermont registry",
    "oregon": "the Oregon registry",
    "texas": "the Texas registry",
}
DISAGREEMENTS_FILE = "disagreements.toml"


def parse_source_spec(spec: str, kinds: tuple[str, ...] = KINDS) -> tuple[str, Path, date]:
    """KIND:PATH:DATE, e.g. markup:/tmp/pages.csv:2025-07-31; a clear error for anything else."""
    kind, _, rest = spec.partition(":")
    path, _, seen = rest.rpartition(":")
    if kind not in kinds:
        raise ValueError(f"unknown source kind {kind!r}; one of {', '.join(kinds)}")
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


STATE_KINDS = tuple(STATE_PARSERS)


def run_registries(specs: list[str], out: Path) -> int:
    """Write state-registries.toml into `out` from the state registry files, laid over the catalog
    files already there (curated and imported; never the state file itself, so a rerun is the same)."""
    catalog = _curated(out, CATALOG_FILES[:4])
    sources = []
    for spec in specs:
        kind, path, seen = parse_source_spec(spec, STATE_KINDS)
        parsed = STATE_PARSERS[kind](path.read_text(encoding="utf-8-sig"), seen)
        sources.append(Source(_STATE_LABELS[kind], seen, parsed.records))
        print(
            f"{_STATE_LABELS[kind]}: {len(parsed.records)} records read, {len(parsed.skipped)} rows skipped"
        )
    curated = frozenset(str(b.id) for b in _curated(out).brokers)
    result = link_registries(catalog, sources, curated)
    for record in result.records.values():
        broker_from_record(record)
    (out / STATE_REGISTRIES_FILE).write_text(registries_toml(result), encoding="utf-8")
    print(
        f"{len(result.records)} new brokers, {len(result.registrations)} registrations of listed records, "
        f"{len(result.parents)} parent links, "
        f"{len(result.addresses)} personal addresses replaced or dropped, "
        f"{len(result.disagreements)} disagreements with listed addresses"
    )
    return 0


def _curated(folder: Path, names: tuple[str, ...] = CATALOG_FILES[:2]) -> Catalog:
    import tomllib

    records: list[Broker] = []
    for name in names:
        if not (folder / name).is_file():
            continue
        parsed = tomllib.loads((folder / name).read_text(encoding="utf-8"))
        records.extend(broker_from_record(r) for r in parsed.get("broker", []))
    return Catalog(tuple(records))
