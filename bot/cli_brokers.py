"""`python -m bot brokers ...`: the catalog commands for operators."""

from __future__ import annotations

import argparse
import asyncio
import json
import sys
from typing import Any

from bot.config import Settings
from brokers.catalog import broker_to_record, load_bundled


def add_broker_commands(commands: Any) -> None:
    brokers = commands.add_parser("brokers", help="inspect and import the broker catalog")
    sub = brokers.add_subparsers(dest="brokers_command", metavar="ACTION", required=True)
    listing = sub.add_parser("list", help="print the effective catalog (bundled plus admin overrides)")
    listing.add_argument("--format", choices=("json", "table"), default="table")


def run_broker_command(args: argparse.Namespace, settings: Settings) -> int:
    if args.brokers_command == "list":
        catalog = asyncio.run(_effective_catalog(settings))
        records = [broker_to_record(b) for b in catalog.brokers]
        if args.format == "json":
            json.dump(records, sys.stdout, ensure_ascii=False, indent=1)
            sys.stdout.write("\n")
        else:
            for record in records:
                print(f"{record['id']:<32} {record['kind']:<8} {record['category']:<16} {record['name']}")
        return 0
    return 2


async def _effective_catalog(settings: Settings) -> Any:
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
