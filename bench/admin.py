"""Benchmark the operators' /stats: its aggregate queries over a service with many people and requests.

    python bench/admin.py --people 100000 [--database-url postgresql+asyncpg://...] [--runs 5]

N people (a third seen in the last week, one in twenty blocked), one Gmail account each, three
requests each across 200 brokers in every state, with their status events, go into a fresh database
(SQLite in a temporary folder unless --database-url names an empty one), migrated with Alembic so
the real indexes are there. Then SqlAdminQueries.stats runs `--runs` times; the last line printed is
one JSON object with the median and the other timings.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import random
import statistics
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from sqlalchemy import insert
from sqlalchemy.ext.asyncio import AsyncEngine

from brokers.admin_stats import DONE, REPLIED
from brokers.lifecycle import RequestStatus
from storage import migrate
from storage.admin_queries import SqlAdminQueries
from storage.crypto import FernetCipher, generate_key
from storage.engine import create_engine, create_session_factory
from storage.records import AuthorizationRecord, DeletionRequestEventRecord, DeletionRequestRecord, UserRecord

NOW = datetime(2026, 12, 1, 12, tzinfo=UTC)
CHUNK = 5_000
BROKERS = [f"broker-{i:03d}" for i in range(200)]
# A request's path through the lifecycle; the last state is where it stays.
PATHS = [
    ("draft",),
    ("sending", "sent"),
    ("sending", "sent", "acknowledged"),
    ("sending", "sent", "acknowledged", "completed"),
    ("sending", "sent", "no_data"),
    ("sending", "sent", "refused"),
    ("sending", "sent", "overdue"),
    ("skipped",),
]


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--people", type=int, default=100_000)
    parser.add_argument("--requests-each", type=int, default=3)
    parser.add_argument("--database-url", help="an empty database (default: a fresh SQLite file)")
    parser.add_argument("--runs", type=int, default=5)
    return parser.parse_args()


def _people(n: int, rng: random.Random) -> list[dict[str, Any]]:
    rows = []
    for i in range(1, n + 1):
        seen = NOW - timedelta(days=rng.choice((1, 3, 10, 20, 60, 90)))
        rows.append(
            {
                "id": i,
                "language": "en",
                "timezone": "UTC",
                "consent_at": NOW - timedelta(days=120),
                "profile_enc": "x",
                "step": "done",
                "epoch": "e",
                "active": rng.random() > 0.05,
                "notice_pace": "weekly",
                "share_domains": False,
                "last_seen_at": seen,
                "created_at": NOW - timedelta(days=120),
                "updated_at": seen,
            }
        )
    return rows


def _requests(n: int, each: int, rng: random.Random) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    requests, events, request_id = [], [], 0
    for person in range(1, n + 1):
        for broker in rng.sample(BROKERS, each):
            request_id += 1
            path = rng.choice(PATHS)
            sent_at = NOW - timedelta(days=rng.randint(0, 100), hours=rng.randint(0, 23))
            is_sent = "sent" in path
            requests.append(
                {
                    "id": request_id,
                    "user_id": person,
                    "authorization_id": person,
                    "broker_id": broker,
                    "law": "gdpr",
                    "channel": "email",
                    "status": path[-1],
                    "sent_at": sent_at if is_sent else None,
                    "replied_at": None,
                    "completed_at": None,
                    "attempts": 0,
                    "created_at": sent_at,
                    "updated_at": sent_at,
                }
            )
            before, at = "draft", sent_at
            for state in path:
                at += timedelta(days=rng.randint(0, 30)) if state not in ("sending", "sent") else timedelta()
                event = {"request_id": request_id, "from_status": before, "to_status": state, "at": at}
                events.append({**event, "reason": "bench"})
                before = state
                # What the request repository keeps on the row when it moves (storage.requests).
                if RequestStatus(state) in REPLIED:
                    requests[-1]["replied_at"] = requests[-1].get("replied_at") or at
                if RequestStatus(state) in DONE:
                    requests[-1]["completed_at"] = at
    return requests, events


async def _insert(engine: AsyncEngine, table: Any, rows: list[dict[str, Any]]) -> None:
    for start in range(0, len(rows), CHUNK):
        async with engine.begin() as connection:
            await connection.execute(insert(table), rows[start : start + CHUNK])


async def _fill(engine: AsyncEngine, people: int, each: int) -> dict[str, int]:
    rng = random.Random(7)
    await _insert(engine, UserRecord.__table__, _people(people, rng))
    accounts = [
        {
            "id": i,
            "user_id": i,
            "address_enc": "x",
            "address_hash": f"h{i}",
            "tokens_enc": "x",
            "scopes": "s",
            "state": "active" if i % 10 else "needs_reconnect",
            "created_at": NOW,
            "updated_at": NOW,
        }
        for i in range(1, people + 1)
    ]
    await _insert(engine, AuthorizationRecord.__table__, accounts)
    requests, events = _requests(people, each, rng)
    await _insert(engine, DeletionRequestRecord.__table__, requests)
    await _insert(engine, DeletionRequestEventRecord.__table__, events)
    return {"people": people, "requests": len(requests), "events": len(events)}


async def run(args: argparse.Namespace) -> dict[str, Any]:
    with tempfile.TemporaryDirectory() as folder:
        url = args.database_url or f"sqlite+aiosqlite:///{folder}/bench.db"
        await migrate.upgrade(url)
        engine = create_engine(url)
        try:
            started = time.perf_counter()
            sizes = await _fill(engine, args.people, args.requests_each)
            fill_seconds = time.perf_counter() - started
            if engine.dialect.name == "postgresql":
                async with engine.begin() as connection:
                    await connection.exec_driver_sql("ANALYZE")
            queries = SqlAdminQueries(create_session_factory(engine), FernetCipher([generate_key()]))
            timings = []
            for _ in range(args.runs):
                started = time.perf_counter()
                stats = await queries.stats(now=NOW)
                timings.append(time.perf_counter() - started)
        finally:
            await engine.dispose()
    return {
        "benchmark": "admin_stats",
        "database": engine.dialect.name,
        **sizes,
        "brokers_in_league": len(stats.league),
        "runs": args.runs,
        "stats_median_seconds": round(statistics.median(timings), 4),
        "stats_min_seconds": round(min(timings), 4),
        "stats_max_seconds": round(max(timings), 4),
        "fill_seconds": round(fill_seconds, 1),
    }


def main() -> None:
    print(json.dumps(asyncio.run(run(parse_args()))))


if __name__ == "__main__":
    main()
