"""Benchmark the reminder fan-out: the real sweep pushing through the rate limiter to the fake Telegram.

    python bench/fanout.py --users 10000 [--database-url postgresql+asyncpg://...] [--rate 29]

N users (profiles encrypted by the real unit of work), each with a request sent 27 days ago whose
"deadline near" reminder RequestTimers armed with the send, go into a fresh database (SQLite in a
temporary folder unless --database-url names an empty one). Each person's time zone puts their
digest hour at the last whole hour, so every reminder is due now. The real Sweeper claims them and
NoticeJobs and PushDelivery deliver them (rendering, quiet hours, blocked users) through
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
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
# PTB 22 warns on every RetryAfter unless told to use timedelta values.
os.environ.setdefault("PTB_TIMEDELTA", "1")

from cryptography.fernet import Fernet
from sqlalchemy import delete
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker
from telegram.ext import ExtBot
from telegram.request import HTTPXRequest

from bot.clock import SystemClock
from bot.jobs import Sweeper, SweepReport
from bot.notify import TelegramNotifier
from bot.rate_limit import ChatRateLimiter, FloodLimits
from bot.sandbox.telegram import FakeTelegram, RateLimits
from bot.services.notice_jobs import NoticeJobs
from bot.services.pushes import PushDelivery
from bot.services.timers import RequestTimers
from brokers.catalog import Broker, load_bundled
from brokers.digest import DIGEST_HOUR
from brokers.job_payloads import NoticeDue
from brokers.lifecycle import RequestStatus
from brokers.notices import NEAR_DEADLINE_DAYS
from brokers.profile import NoticePace, Profile, Step, TelegramId, User
from brokers.requests import Channel, NewRequest
from handlers.pushes import render_notices
from storage import migrate
from storage.crypto import FernetCipher
from storage.engine import create_engine, create_session_factory
from storage.jobs import SqlJobQueue
from storage.records import ScheduledJobRecord, UserRecord
from storage.unit_of_work import SqlUnitOfWorkFactory

FIRST_USER_ID = 10_000_000
S = RequestStatus


class AtClock:
    """The seeding clock: a fixed moment, so the requests' reminders are armed for later."""

    def __init__(self, at: datetime) -> None:
        self._at = at

    def now(self) -> datetime:
        return self._at


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--users", type=int, default=10_000)
    parser.add_argument("--database-url", help="an empty database (default: a fresh SQLite file)")
    parser.add_argument("--rate", type=float, default=FloodLimits().overall_per_second)
    parser.add_argument("--concurrency", type=int, default=32)
    return parser.parse_args()


def digest_now() -> tuple[datetime, str]:
    """The last whole hour, and the time zone whose digest hour it is (Etc/GMT-5 is UTC+5)."""
    hour = SystemClock().now().replace(minute=0, second=0, microsecond=0)
    offset = (DIGEST_HOUR - hour.hour + 12) % 24 - 12
    return hour, f"Etc/GMT{-offset:+d}" if offset else "UTC"


async def seed(
    uow: SqlUnitOfWorkFactory,
    sessions: async_sessionmaker[AsyncSession],
    user_ids: range,
    brokers: list[Broker],
) -> None:
    """Each person and their sent request, and the reminders armed with the send (as SendingService does)."""
    due, zone = digest_now()
    deadline = due + timedelta(days=NEAR_DEADLINE_DAYS)
    sent_at = deadline - timedelta(days=30)
    clock = AtClock(due - timedelta(hours=1))
    timers = RequestTimers(SqlJobQueue(sessions, clock), clock)
    for n, user_id in enumerate(user_ids):
        owner, broker = TelegramId(user_id), brokers[n % len(brokers)]
        user = User(
            telegram_id=owner, language="en", consent_at=sent_at, epoch="bench", step=Step.DONE,
            profile=Profile(full_name=f"Person {n}", other_emails=(f"p{n}@example.org",)),
            timezone=zone, quiet_start=None, quiet_end=None, notice_pace=NoticePace.IMMEDIATE,
        )  # fmt: skip
        async with uow() as unit:
            await unit.users.save(user)
            draft = await unit.requests.add_draft(
                NewRequest(owner, None, broker.id, "gdpr", Channel.EMAIL, broker.email)
            )
            assert draft is not None
            await unit.requests.move(draft.id, expected=S.DRAFT, to=S.SENDING, reason="bench",
                                     message_id_header=f"<ddr.{draft.id}@bench.example>")  # fmt: skip
            await unit.requests.move(draft.id, expected=S.SENDING, to=S.SENT, reason="bench",
                                     sent_at=sent_at, deadline_at=deadline)  # fmt: skip
            sent = await unit.requests.get(draft.id)
            assert sent is not None
            await timers.within(unit.jobs).on_sent(sent)
            await unit.commit()


async def progress(fake: FakeTelegram, total: int, started: float) -> None:
    while True:
        await asyncio.sleep(30)
        done = len(fake.delivered)
        print(f"{time.monotonic() - started:6.0f} s: {done}/{total} delivered", file=sys.stderr, flush=True)


async def sweep(args: argparse.Namespace, url: str, fake: FakeTelegram) -> tuple[SweepReport, float, int]:
    await migrate.upgrade(url)
    engine = create_engine(url)
    sessions = create_session_factory(engine)
    clock = SystemClock()
    uow = SqlUnitOfWorkFactory(sessions, FernetCipher([Fernet.generate_key().decode()]), clock)
    user_ids = range(FIRST_USER_ID, FIRST_USER_ID + args.users)
    catalog = load_bundled()
    try:
        await seed(uow, sessions, user_ids, [b for b in catalog.enabled() if b.can_email and b.email][:200])
        limiter = ChatRateLimiter(FloodLimits(overall_per_second=args.rate))
        request = HTTPXRequest(connection_pool_size=64)
        bot: ExtBot[Any] = ExtBot(
            fake.token, base_url=f"{fake.url}/bot", rate_limiter=limiter, request=request
        )
        async with bot:
            queue = SqlJobQueue(sessions, clock)
            timers = RequestTimers(queue, clock)
            pushes = PushDelivery(uow, TelegramNotifier(bot), clock, render_notices, timers.hold_notice)
            # Requests without a mailbox: no replies to read first, no sends to resume, no alerts.
            jobs = NoticeJobs(uow, clock, lambda: catalog, pushes, timers, None, None, None)  # type: ignore[arg-type]
            sweeper = Sweeper(
                queue, {}, clock, worker_id="bench", concurrency=args.concurrency,
                group_handlers={NoticeDue.KIND: jobs.notices},
            )  # fmt: skip
            started = time.monotonic()
            reporter = asyncio.create_task(progress(fake, args.users, started))
            report = await sweeper.run_once()
            seconds = time.monotonic() - started
            reporter.cancel()
            left = (await queue.stats(clock.now())).due
        if args.database_url:
            async with sessions.begin() as session:
                owned = list(user_ids)
                await session.execute(delete(ScheduledJobRecord).where(ScheduledJobRecord.user_id.in_(owned)))
                await session.execute(delete(UserRecord).where(UserRecord.id.in_(owned)))
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
