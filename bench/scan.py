"""Benchmark the inbox scan against the fake Gmail on simulated time, next to the naive header sweep.

    python bench/scan.py --messages 100000 [--quota-model 2026] [--faults 0.2] [--seed N]

Both runs go through GmailMailbox over real HTTP to FakeGoogle; the quota window, the limiter's waits
and the retry backoff run on one simulated clock, so the figures count every unit without waiting.
The last line printed is one JSON object.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import sys
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bot.google.gmail import GmailMailbox
from bot.google.quota import quota_table
from bot.sandbox.google import FakeGoogle
from bot.sandbox.google.scopes import READONLY, SEND
from bot.scanning import ScanMode, ScanResult, run_scan
from brokers.catalog import Catalog, load_bundled
from tests.bot.scan_support import BrokerMailbox, SimClock, broker_mailbox, credentials_for

OWNER = "bench.user@gmail.com"
# At a 20% fault rate, 100,000 header fetches would exhaust 8 attempts a few times per run
# (100,000 x 0.2^8 = 0.26); 12 keeps that improbable. The scan itself uses the default.
NAIVE_ATTEMPTS = 12


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--messages", type=int, default=100_000)
    parser.add_argument("--brokers", type=int, default=40)
    parser.add_argument("--sender-domains", type=int, default=2000)
    parser.add_argument("--quota-model", choices=("2025", "2026"), default="2025")
    parser.add_argument("--faults", type=float, default=0.0)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument(
        "--skip-naive", action="store_true", help="count the naive cost instead of running it"
    )
    return parser.parse_args()


async def scan(
    fake: FakeGoogle,
    clock: SimClock,
    args: argparse.Namespace,
    catalog: Catalog,
    mode: ScanMode,
    attempts: int,
) -> tuple[ScanResult, float]:
    credentials = credentials_for(fake, OWNER, [READONLY, SEND])
    started = clock()
    async with GmailMailbox(
        credentials,
        api_url=fake.gmail_api_url,
        quota_model=args.quota_model,
        clock=clock,
        sleep=clock.sleep,
        max_attempts=attempts,
    ) as mailbox:
        result = await run_scan(mailbox, catalog, mode=mode)
    return result, clock() - started


def counted_naive_units(args: argparse.Namespace) -> int:
    table = quota_table(args.quota_model)
    messages = int(args.messages)
    pages = -(-messages // 500)
    return pages * table.cost("messages.list") + messages * table.cost("messages.get") + 1


def summary(result: ScanResult) -> dict[str, tuple[object, ...]]:
    return {str(k): (v.message_count, v.first_seen, v.last_seen) for k, v in result.findings.items()}


def compare(result: ScanResult, truth: BrokerMailbox) -> dict[str, Any]:
    found = {str(k): v for k, v in result.findings.items()}
    wrong_counts = [k for k, v in found.items() if v.message_count != truth.counts.get(k)]
    wrong_dates = [
        k for k, v in found.items() if (v.first_seen, v.last_seen) != (truth.first.get(k), truth.last.get(k))
    ]
    return {
        "brokers_found": len(set(found) & truth.seeded),
        "false_positives": len(set(found) - truth.seeded),
        "missed": sorted(truth.seeded - set(found)),
        "wrong_counts": len(wrong_counts),
        "wrong_dates": len(wrong_dates),
    }


async def search_figures(
    fake: FakeGoogle, clock: SimClock, args: argparse.Namespace, catalog: Catalog, truth: BrokerMailbox
) -> tuple[dict[str, Any], ScanResult]:
    wall = time.monotonic()
    result, simulated = await scan(fake, clock, args, catalog, ScanMode.SEARCH, attempts=8)
    wall = time.monotonic() - wall
    stats, check = fake.stats(OWNER), compare(result, truth)
    print(
        f"search scan: {result.quota_units} units, {result.api_calls} calls, {stats.rate_limited} quota "
        f"refusals, {stats.faults} injected faults, {simulated:.0f} simulated s, {wall:.1f} wall s"
    )
    print(
        f"  found {check['brokers_found']}/{args.brokers}, false positives {check['false_positives']}, "
        f"counts wrong {check['wrong_counts']}, dates wrong {check['wrong_dates']}"
    )
    figures = check | {
        "quota_units": result.quota_units,
        "api_calls": result.api_calls,
        "fake_charged_units": stats.units,
        "quota_refusals": stats.rate_limited,
        "injected_faults": stats.faults,
        "simulated_seconds": round(simulated, 1),
    }
    return figures, result


async def naive_figures(
    fake: FakeGoogle, clock: SimClock, args: argparse.Namespace, catalog: Catalog, searched: ScanResult
) -> dict[str, Any]:
    if args.skip_naive:
        print(f"naive sweep (counted, not run): {counted_naive_units(args)} units")
        return {"naive_counted": True, "naive_quota_units": counted_naive_units(args)}
    wall = time.monotonic()
    swept, simulated = await scan(fake, clock, args, catalog, ScanMode.SWEEP, NAIVE_ATTEMPTS)
    figures = {
        "naive_counted": False,
        "naive_quota_units": swept.quota_units,
        "naive_api_calls": swept.api_calls,
        "naive_simulated_seconds": round(simulated),
        "naive_wall_seconds": round(time.monotonic() - wall, 1),
        "naive_same_findings": summary(swept) == summary(searched),
    }
    print(
        f"naive sweep: {swept.quota_units} units, {swept.api_calls} calls, {simulated:.0f} simulated s, "
        f"{figures['naive_wall_seconds']} wall s, same findings: {figures['naive_same_findings']}"
    )
    return figures


async def main() -> dict[str, Any]:
    args = parse_args()
    wall = time.monotonic()
    catalog = load_bundled()
    truth = broker_mailbox(catalog, seed=args.seed, messages=args.messages, brokers=args.brokers, owner=OWNER,
                           sender_domains=args.sender_domains)  # fmt: skip
    print(
        f"mailbox: {args.messages} messages, {args.brokers} brokers among {args.sender_domains} sender "
        "domains"
    )
    clock = SimClock()
    per_second = quota_table(args.quota_model).units_per_second
    with FakeGoogle(
        quota_model=args.quota_model, fault_rate=args.faults, seed=args.seed, clock=clock
    ) as fake:
        fake.add_account(OWNER, mailbox=truth.mailbox)
        searched, result = await search_figures(fake, clock, args, catalog, truth)
        naive = await naive_figures(fake, clock, args, catalog, result)
        assert fake.server_errors == [], fake.server_errors[0]
    return {
        "messages": args.messages,
        "broker_domains_present": args.brokers,
        "quota_model": args.quota_model,
        "faults": args.faults,
        "seed": args.seed,
        **searched,
        "simulated_seconds_at_quota": round(result.quota_units / per_second, 1),
        **naive,
        "naive_simulated_seconds_at_quota": round(naive["naive_quota_units"] / per_second, 1),
        "wall_seconds": round(time.monotonic() - wall, 1),
    }


if __name__ == "__main__":
    print(json.dumps(asyncio.run(main())))
