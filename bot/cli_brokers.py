"""`python -m bot brokers ...`: the catalog commands for operators (list, import, classify, match)."""

from __future__ import annotations

import argparse
import asyncio
import json
import sys
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from bot.config import Settings
from brokers.catalog import Catalog, broker_to_record, load_bundled
from brokers.classify import classify_reply, load_eml
from brokers.importers import ImportResult, parse_california_registry, parse_datarequests, summarize_import
from brokers.matching import match_sender

_PARSERS = {"california-registry": parse_california_registry, "datarequests": parse_datarequests}


def add_broker_commands(commands: Any) -> None:
    brokers = commands.add_parser("brokers", help="inspect, import and debug the broker catalog")
    sub = brokers.add_subparsers(dest="brokers_command", metavar="ACTION", required=True)
    listing = sub.add_parser("list", help="print the effective catalog (bundled plus admin overrides)")
    listing.add_argument("--format", choices=("json", "table"), default="table")
    importing = sub.add_parser("import", help="load a public broker list into the overrides (dry run first)")
    importing.add_argument("--format", choices=tuple(_PARSERS), required=True)
    importing.add_argument("file", type=Path)
    importing.add_argument(
        "--apply", action="store_true", help="write the records (without it: only a summary)"
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
    catalog = asyncio.run(_effective_catalog(settings))
    if command == "match":
        broker = match_sender(catalog, args.header, args.reply_to)
        _print_json({"id": broker.id if broker else None, "name": broker.name if broker else None})
    elif command == "list":
        _print_list(catalog, args.format)
    else:
        return _import(catalog, args, settings)
    return 0


def _print_list(catalog: Catalog, output: str) -> None:
    records = [broker_to_record(b) for b in catalog.brokers]
    if output == "json":
        _print_json(records)
        return
    for record in records:
        print(f"{record['id']:<36} {record['kind']:<8} {record['category']:<16} {record['name']}")


def _import(catalog: Catalog, args: argparse.Namespace, settings: Settings) -> int:
    now = datetime.now(UTC)
    result: ImportResult = _PARSERS[args.format](args.file.read_text(encoding="utf-8-sig"), now.date())
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
    overrides = [dict(r) for r in result.records if str(r["id"]) in summary.new]
    incoming = {str(r["id"]): r for r in result.records}
    for change in summary.changed:
        patch = {
            k: v for k, v in incoming[change.incoming_id].items() if k in change.fields or k == "checked"
        }
        overrides.append({**patch, "id": change.existing_id})
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
    from storage.catalog import save_override
    from storage.engine import create_engine, create_session_factory

    engine = create_engine(settings.effective_database_url)
    try:
        async with create_session_factory(engine)() as session, session.begin():
            for record in overrides:
                await save_override(session, _jsonable(record), at=now, by=None)
    finally:
        await engine.dispose()
    return len(overrides)


def _jsonable(record: dict[str, Any]) -> dict[str, Any]:
    return json.loads(json.dumps(record, default=str))  # type: ignore[no-any-return]


def _print_json(value: object) -> None:
    json.dump(value, sys.stdout, ensure_ascii=False, indent=1)
    sys.stdout.write("\n")
