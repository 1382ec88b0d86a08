"""Benchmark the reminder fan-out: the real sweep pushing through the rate limiter to the fake Telegram.

    python bench/fanout.py --users 10000 [--database-url postgresql+asyncpg://...] [--rate 29]

N users, each with a reminder due now, go into a fresh database (SQLite in a temporary folder unless
--database-url names an empty one). The real Sweeper claims them and pushes each through
TelegramNotifier and a PTB ExtBot with ChatRateLimiter to FakeTelegram enforcing Telegram's limits.
The last line printed is one JSON object.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import resource
import sys
import tempfile
import time
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
# PTB 22 warns on every RetryAfter unless told to use timedelta values.
os.environ.setdefault("PTB_TIMEDELTA", "1")

from sqlalchemy import delete, insert, update
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker
from telegram.ext import ExtBot
from telegram.request import HTTPXRequest

from bot.clock import SystemClock
from bot.jobs import JobError, Sweeper, SweepReport
from bot.notify import TelegramNotifier
from bot.rate_limit import ChatRateLimiter, FloodLimits
from bot.sandbox.telegram import FakeTelegram, RateLimits
from brokers.jobs import Job, Postpone
from brokers.notify import Button, DeliveryStatus
from brokers.quiet_hours import next_allowed_time
from storage import migrate
from storage.engine import create_engine, create_session_factory
from storage.jobs import SqlJobQueue, schedule_job
from storage.records import UserRecord

FIRST_USER_ID = 10_000_000
REMINDER = "reminder"
TEXT = "<b>Reminder:</b> Acme's deadline to answer your deletion request is in 3 days."
BUTTONS = [[Button("Send a follow-up", "fu:1"), Button("It's done", "dn:1")]]


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--users", type=int, default=10_000)
    parser.add_argument("--database-url", help="an empty database (default: a fresh SQLite file)")
    parser.add_argument("--rate", type=float, default=FloodLimits().overall_per_second)
    parser.add_argument("--concurrency", type=int, default=32)
    return parser.parse_args()


async def seed(sessions: async_sessionmaker[AsyncSession], user_ids: range) -> None:
    """Insert the users and schedule each one's reminder through the queue's own scheduling code."""
    now = SystemClock().now()
    rows = [
        {"id": user_id, "language": "en", "jurisdiction": "DE", "timezone": "UTC", "quiet_start": None,
         "quiet_end": None, "consent_at": now, "profile_enc": "-", "step": "done", "editing": None,
         "epoch": "bench", "active": True, "created_at": now, "updated_at": now}
        for user_id in user_ids
    ]  # fmt: skip
    async with sessions.begin() as session:
        await session.execute(insert(UserRecord), rows)
        for user_id in user_ids:
            await schedule_job(session, REMINDER, now, user_id=user_id, dedupe_key=f"{REMINDER}:{user_id}")


def reminder_handler(
    sessions: async_sessionmaker[AsyncSession], notifier: TelegramNotifier
) -> Callable[[Job], Awaitable[Postpone | None]]:
    clock = SystemClock()

    async def remind(job: Job) -> Postpone | None:
        async with sessions() as session:
            user = await session.get(UserRecord, job.user_id)
        if user is None or not user.active:
            return None
        allowed = next_allowed_time(
            clock.now(), timezone=user.timezone, quiet_start=user.quiet_start, quiet_end=user.quiet_end
        )
        if allowed > clock.now():
            return Postpone(allowed)
        delivery = await notifier.send(user.id, TEXT, buttons=BUTTONS)
        if delivery.status is DeliveryStatus.FAILED:
            raise JobError(delivery.error or "not delivered", permanent=not delivery.retryable)
        return None

    return remind


def blocked_hook(sessions: async_sessionmaker[AsyncSession]) -> Callable[[int], Awaitable[None]]:
    async def mark_inactive(telegram_id: int) -> None:
        async with sessions.begin() as session:
            await session.execute(update(UserRecord).where(UserRecord.id == telegram_id).values(active=False))

    return mark_inactive


async def progress(fake: FakeTelegram, total: int, started: float) -> None:
    while True:
        await asyncio.sleep(30)
        done = len(fake.delivered)
        print(f"{time.monotonic() - started:6.0f} s: {done}/{total} delivered", file=sys.stderr, flush=True)


async def sweep(args: argparse.Namespace, url: str, fake: FakeTelegram) -> tuple[SweepReport, float, int]:
    await migrate.upgrade(url)
    engine = create_engine(url)
    sessions = create_session_factory(engine)
    user_ids = range(FIRST_USER_ID, FIRST_USER_ID + args.users)
    try:
        await seed(sessions, user_ids)
        limiter = ChatRateLimiter(FloodLimits(overall_per_second=args.rate))
        request = HTTPXRequest(connection_pool_size=64)
        bot: ExtBot[Any] = ExtBot(
            fake.token, base_url=f"{fake.url}/bot", rate_limiter=limiter, request=request
        )
        async with bot:
            notifier = TelegramNotifier(bot, on_blocked=blocked_hook(sessions))
            queue = SqlJobQueue(sessions, SystemClock())
            sweeper = Sweeper(
                queue, {REMINDER: reminder_handler(sessions, notifier)}, SystemClock(),
                worker_id="bench", concurrency=args.concurrency,
            )  # fmt: skip
            started = time.monotonic()
            reporter = asyncio.create_task(progress(fake, args.users, started))
            report = await sweeper.run_once()
            seconds = time.monotonic() - started
            reporter.cancel()
            left = (await queue.stats(SystemClock().now())).due
        if args.database_url:
            async with sessions.begin() as session:
                await session.execute(delete(UserRecord).where(UserRecord.id.in_(list(user_ids))))
    finally:
        await engine.dispose()
    return report, seconds, left


def main() -> None:
    args = parse_args()
    limits = RateLimits()
    with (
        tempfile.TemporaryDirectory() as folder,
        FakeTelegram(enforce_limits=True, rate_limits=limits) as fake,
    ):
        for user_id in range(FIRST_USER_ID, FIRST_USER_ID + args.users):
            fake.user(user_id)
        url = args.database_url or f"sqlite+aiosqlite:///{Path(folder) / 'bench.db'}"
        report, seconds, left = asyncio.run(sweep(args, url, fake))
        counts = fake.delivered_counts()
        violations = fake.rate_limit_violations
    delivered = sum(counts.values())
    result = {
        "users": args.users,
        "delivered": delivered,
        "distinct_chats": len(counts),
        "duplicates": sum(count - 1 for count in counts.values() if count > 1),
        "seconds": round(seconds, 2),
        "rate_per_second": round(delivered / seconds, 2) if seconds else 0.0,
        "limit_per_second": limits.overall_per_second,
        "configured_per_second": args.rate,
        "rate_limit_violations": violations,
        "jobs_completed": report.completed,
        "jobs_failed": report.gave_up + report.retried + report.lost,
        "jobs_left_due": left,
        "database": "postgresql" if args.database_url else "sqlite",
        "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
    }
    print(json.dumps(result))


if __name__ == "__main__":
    main()
