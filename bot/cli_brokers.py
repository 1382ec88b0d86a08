"""`python -m bot brokers ...`: the catalog commands for operators (list, import, classify, match)."""

from __future__ import annotations

import argparse
import asyncio
import json
import sys
import tomllib
from collections import Counter
from datetime import UTC, datetime
from importlib import resources
from pathlib import Path
from typing import Any

from bot.cli_bundle import DISAGREEMENTS_FILE, STATE_KINDS, run_bundle, run_registries
from bot.cli_bundle import KINDS as BUNDLE_KINDS
from bot.config import Settings
from bot.dns_mx import has_mx
from brokers.catalog import Catalog, broker_to_record, load_bundled
from brokers.catalog_check import check_catalog, counts_text
from brokers.classify import classify_reply, load_eml
from brokers.importers import IMPORT_FORMATS, ImportResult, overrides_of, summarize_import
from brokers.importers.registry_links import STATE_REGISTRIES_FILE
from brokers.matching import match_sender


def add_broker_commands(commands: Any) -> None:
    brokers = commands.add_parser("brokers", help="inspect, import and debug the broker catalog")
    sub = brokers.add_subparsers(dest="brokers_command", metavar="ACTION", required=True)
    listing = sub.add_parser("list", help="print the effective catalog (bundled plus admin overrides)")
    listing.add_argument("--format", choices=("json", "table"), default="table")
    importing = sub.add_parser("import", help="load a public broker list into the overrides (dry run first)")
    importing.add_argument("--format", choices=tuple(IMPORT_FORMATS), required=True)
    importing.add_argument("file", type=Path)
    importing.add_argument(
        "--apply", action="store_true", help="write the records (without it: only a summary)"
    )
    bundling = sub.add_parser(
        "bundle", help="rebuild the imported catalog files from local copies of public lists"
    )
    bundling.add_argument(
        "--source",
        action="append",
        required=True,
        metavar="KIND:PATH:DATE",
        help="a list, in priority order (registry first): KIND is one of " + ", ".join(BUNDLE_KINDS),
    )
    bundling.add_argument("--out", type=Path, default=Path(__file__).parent.parent / "brokers" / "data")
    registries = sub.add_parser(
        "registries", help="rebuild state-registries.toml from local copies of the state registries"
    )
    registries.add_argument(
        "--source",
        action="append",
        required=True,
        metavar="KIND:PATH:DATE",
        help="a state registry file, first state first: KIND is one of " + ", ".join(STATE_KINDS),
    )
    registries.add_argument("--out", type=Path, default=Path(__file__).parent.parent / "brokers" / "data")
    checking = sub.add_parser(
        "check", help="records without a channel, duplicate domains, registry disagreements, dead MX"
    )
    checking.add_argument(
        "--mx", action="store_true", help="also look up each address's MX record (needs the network)"
    )
    classify = sub.add_parser("classify", help="classify one e-mail reply (RFC 822 text; - for stdin)")
    classify.add_argument("file")
    match = sub.add_parser("match", help="which catalog entry a raw From header belongs to")
    match.add_argument("header")
    match.add_argument("--reply-to", default=None)


def run_broker_command(args: argparse.Namespace, settings: Settings) -> int:
    command = args.brokers_command
    if command == "classify":
        text = (
            sys.stdin.read()
            if args.file == "-"
            else Path(args.file).read_text(encoding="utf-8", errors="replace")
        )
        result = classify_reply(load_eml(text))
        _print_json({"class": str(result.cls), "phrase": result.phrase, "confidence": result.confidence})
        return 0
    if command in ("bundle", "registries"):
        run = run_bundle if command == "bundle" else run_registries
        try:
            return run(args.source, args.out)
        except (ValueError, OSError) as error:
            print(f"{command}: {error}", file=sys.stderr)
            return 2
    catalog = asyncio.run(_effective_catalog(settings))
    if command == "match":
        broker = match_sender(catalog, args.header, args.reply_to)
        _print_json({"id": broker.id if broker else None, "name": broker.name if broker else None})
    elif command == "list":
        _print_list(catalog, args.format)
    elif command == "check":
        return _check(catalog, mx=args.mx)
    else:
        return _import(catalog, args, settings)
    return 0


def _print_list(catalog: Catalog, output: str) -> None:
    """The records, then the counts (on stderr for JSON, so the JSON on stdout stays one list)."""
    records = [broker_to_record(b) for b in catalog.brokers]
    if output == "json":
        _print_json(records)
        print(counts_text(catalog), file=sys.stderr)
        return
    for record in records:
        covered = f"  (covered by {record['parent']})" if record["parent"] else ""
        print(f"{record['id']:<36} {record['kind']:<8} {record['category']:<16} {record['name']}{covered}")
    print(counts_text(catalog))


def _check(catalog: Catalog, *, mx: bool) -> int:
    """Print each finding; exit 1 when there is any, so the check can gate a release."""
    lookup = None
    if mx:
        # One probe first: offline, every look-up would time out, so the MX check is skipped instead.
        # A resolver that answers every name with "none" (a sandbox) would condemn every address alike.
        if has_mx("gmail.com") is not True:
            print("MX check skipped: no usable DNS answer (offline?)")
        else:
            lookup = has_mx
    findings = check_catalog(catalog, _bundled_disagreements(), lookup)
    for finding in findings:
        print(f"{finding.kind:<16} {finding.broker_id:<36} {finding.detail}")
    kinds = Counter(f.kind for f in findings)
    print(f"{len(findings)} findings" + "".join(f", {k} {n}" for k, n in sorted(kinds.items())))
    return 1 if findings else 0


def _bundled_disagreements() -> list[dict[str, Any]]:
    """The disagreements of the list imports and of the state registries."""
    found: list[dict[str, Any]] = []
    for name in (DISAGREEMENTS_FILE, STATE_REGISTRIES_FILE):
        resource = resources.files("brokers") / "data" / name
        if resource.is_file():
            found += tomllib.loads(resource.read_text(encoding="utf-8")).get("disagreement", [])
    return found


def _import(catalog: Catalog, args: argparse.Namespace, settings: Settings) -> int:
    now = datetime.now(UTC)
    result: ImportResult = IMPORT_FORMATS[args.format](args.file.read_text(encoding="utf-8-sig"), now.date())
    summary = summarize_import(catalog, result.records)
    print(f"{len(result.records)} records read, {len(result.skipped)} rows skipped")
    for skipped in result.skipped:
        print(f"  skipped {skipped.name or '(no name)'}: {skipped.reason}")
    print(
        f"{len(summary.new)} new, {len(summary.changed)} would change a listed broker, "
        f"{len(summary.unchanged)} unchanged"
    )
    for change in summary.changed:
        print(f"  {change.existing_id} (matched by {change.matched_by}): {', '.join(change.fields)}")
    if not args.apply:
        print("dry run: nothing written; run again with --apply to write these records")
        return 0
    overrides = overrides_of(result.records, summary)
    written = asyncio.run(_save(settings, overrides, now))
    print(f"written: {written} override records")
    return 0


async def _effective_catalog(settings: Settings) -> Catalog:
    from storage.catalog import load_overrides
    from storage.engine import create_engine
    from storage.migrate import upgrade

    await upgrade(settings.effective_database_url)
    engine = create_engine(settings.effective_database_url)
    try:
        overrides = await load_overrides(engine)
    finally:
        await engine.dispose()
    return load_bundled().with_overrides(overrides)


async def _save(settings: Settings, overrides: list[dict[str, Any]], now: datetime) -> int:
    from storage.catalog import SqlCatalogOverrides
    from storage.engine import create_engine, create_session_factory

    engine = create_engine(settings.effective_database_url)
    try:
        await SqlCatalogOverrides(create_session_factory(engine)).save_all(overrides, at=now, by=None)
    finally:
        await engine.dispose()
    return len(overrides)


def _print_json(value: object) -> None:
    json.dump(value, sys.stdout, ensure_ascii=False, indent=1)
    sys.stdout.write("\n")
