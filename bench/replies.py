"""Benchmark reply checking: the real sweep, checker and notice path against the fake Gmail on simulated time.

    python bench/replies.py --accounts 50 --hours 24 [--poll 120] [--background 20] [--quota-model 2026]
                            [--pubsub] [--sweep-every 10]

Each account sends one deletion request through GmailMailbox (real HTTP to FakeGoogle, real unit costs,
quotas enforced); brokers then answer at random moments (acknowledgements, identity demands, automatic
replies and bounces in the thread, completions in a new thread from the broker's domain or its ticket
host), between unrelated mail. The durable reply-check jobs run through the real Sweeper, ReplyChecker
and NoticeJobs on a fresh SQLite database; time is simulated, so a day takes what the calls take.
The sweep wakes every --sweep-every simulated seconds (SWEEP_INTERVAL_SECONDS, 10 by default), so the
checks due meanwhile run as one batch (one Gmail batch of getProfile, ProfileBatch), as in the bot;
--sweep-every 0 sweeps at every event instead (each check then mostly runs alone, as before batching).
With --pubsub the accounts are watched (users.watch, renewed daily) and the fake's Pub/Sub pushes each
new mail, signed with its own key; each push is verified with google-auth (GooglePushVerifier, against
the fake's certificate URL) and parsed as the web route does, then brings the account's check forward
(GmailPush.pushed); polling runs at the safety net's pace (PUSH_SAFETY_POLL_SECONDS).
All mailboxes share one ProjectQuota (GMAIL_PROJECT_QUOTA_UNITS, --project-units), the checks in its
background lane. Besides the issue's figures the JSON has `checks` (reply checks run, counted by their
getProfile at the fake), `cpu_ms_per_check` (the process's CPU over the run per check: the bot's side
and the fake Google's threads together, they share the interpreter) and `project_waits` (calls that
queued for the project's quota).
The last line printed is one JSON object.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import random
import resource
import statistics
import sys
import tempfile
import time
from collections.abc import AsyncIterator, Collection, Sequence
from contextlib import asynccontextmanager
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from cryptography.fernet import Fernet
from sqlalchemy import func, select

from bot.config import PUSH_SAFETY_POLL_SECONDS
from bot.google.connections import GoogleConnections
from bot.google.gmail import GmailMailbox
from bot.google.profiles import ProfileBatch
from bot.google.push_tokens import GooglePushVerifier
from bot.google.quota import PROJECT_UNITS_PER_MINUTE, Lane, ProjectQuota
from bot.jobs import Sweeper
from bot.sandbox.google import FakeGoogle
from bot.sandbox.google.scopes import READONLY, SEND
from bot.services.gmail_push import GmailPush
from bot.services.notice_jobs import NoticeJobs
from bot.services.pushes import PushDelivery
from bot.services.replies import ReplyChecker
from bot.services.timers import RequestTimers
from bot.web.gmail_push import parse_push
from brokers.accounts import AccountId, Tokens
from brokers.catalog import Broker, load_bundled
from brokers.errors import MailboxError
from brokers.job_payloads import GmailWatch, ReplyCheck
from brokers.lifecycle import RequestStatus
from brokers.mailbox import Mailbox
from brokers.notices import BrokerReplied, Notice
from brokers.notify import Button, Delivery, DeliveryStatus
from brokers.profile import TelegramId, User
from brokers.requests import Channel, NewRequest
from storage import migrate
from storage.crypto import FernetCipher
from storage.engine import create_engine, create_session_factory
from storage.jobs import SqlJobQueue
from storage.records import ScheduledJobRecord
from storage.unit_of_work import SqlUnitOfWorkFactory
from tests.bot.scan_support import SimClock, credentials_for
from tests.factories import a_user, given_status

START = datetime(2026, 11, 2, tzinfo=UTC)
S = RequestStatus
IN_THREAD = {
    "acknowledged": "We have received your request and will respond within 30 days.",
    "identity": "Before we can process your request, we need to verify your identity.",
    "auto_reply": "I am out of the office until Monday with limited access to e-mail.",
    "bounce": "Your message wasn't delivered. The address couldn't be found.",
}
COMPLETED = "We have deleted your personal data from our systems."
TOPIC = "projects/bench-project/topics/gmail"
AUDIENCE = "https://bot.example/gmail/push"


# address, broker, Gmail thread, account, owner
Sent = tuple[str, Broker, str, AccountId, TelegramId]
MailId = tuple[str, str]  # a mailbox's address and a Gmail id in it


class BenchClock:
    """The services' Clock over the simulated seconds the fake and the Gmail client share."""

    def __init__(self, sim: SimClock) -> None:
        self.sim = sim

    def now(self) -> datetime:
        return START + timedelta(seconds=self.sim())


@dataclass
class Told:
    """What reached the chat: (request, Gmail id, simulated second) per reply notice."""

    notices: list[tuple[int, str, float]] = field(default_factory=list)
    other: int = 0


@dataclass(frozen=True, slots=True)
class Reply:
    at: float
    email: str
    request_id: int
    sender: str
    body: str
    thread_id: str | None
    headers: dict[str, str] | None


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--accounts", type=int, default=50)
    parser.add_argument("--hours", type=float, default=24)
    parser.add_argument("--poll", type=int, default=120, help="REPLY_POLL_SECONDS")
    parser.add_argument("--replies", type=int, default=2, help="broker replies per account")
    parser.add_argument("--background", type=int, default=20, help="unrelated mails per account a day")
    parser.add_argument("--quota-model", choices=("2025", "2026"), default="2025")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--data-dir", help="parent of the run's SQLite folder (removed after)")
    parser.add_argument("--pubsub", action="store_true", help="Gmail push (users.watch + Pub/Sub)")
    parser.add_argument("--sweep-every", type=float, default=10.0,
                        help="SWEEP_INTERVAL_SECONDS (0: sweep at every event)")  # fmt: skip
    parser.add_argument("--project-units", type=int, default=PROJECT_UNITS_PER_MINUTE,
                        help="GMAIL_PROJECT_QUOTA_UNITS (the fake enforces Google's default)")  # fmt: skip
    return parser.parse_args()


def brokers_with_mail() -> list[Broker]:
    return [b for b in load_bundled().enabled() if b.can_email and b.email and b.domains][:200]


async def seed(uow: SqlUnitOfWorkFactory, fake: FakeGoogle, opener: Any, args: argparse.Namespace,
               rng: random.Random, sim: SimClock) -> dict[int, Sent]:  # fmt: skip
    """Users, accounts and one sent request each, by request id."""
    brokers, sent = brokers_with_mail(), {}
    for n in range(args.accounts):
        email, owner = f"bench{n}@gmail.com", TelegramId(10_000 + n)
        fake.add_account(email)
        issued = fake.issue_token(email, [READONLY, SEND])
        tokens = Tokens(issued.access_token, issued.refresh_token, None, frozenset((READONLY, SEND)))
        broker = rng.choice(brokers)
        async with uow() as unit:
            await unit.users.save(a_user(owner, timezone="UTC", quiet_start=None, quiet_end=None))
            account, _ = await unit.accounts.upsert(owner, email, tokens)
            new = NewRequest(owner, account.id, broker.id, "gdpr", Channel.EMAIL, broker.email)
            draft = await unit.requests.add_draft(new)
            await unit.commit()
        assert draft is not None
        message_id = f"<ddr.{draft.id}@bench.example>"
        raw = (f"From: {email}\r\nTo: {broker.email}\r\nSubject: Erasure request\r\nMessage-ID: {message_id}"
               "\r\n\r\nPlease erase my personal data.\r\n").encode()  # fmt: skip
        async with opener(account.id, email, Lane.INTERACTIVE) as mailbox:
            ref = await mailbox.send(raw)
        now = START + timedelta(seconds=sim())
        await given_status(uow, draft, S.SENDING, S.SENT, message_id_header=message_id,
                           gmail_message_id=ref.id, gmail_thread_id=ref.thread_id, sent_at=now,
                           deadline_at=now + timedelta(days=30))  # fmt: skip
        sent[int(draft.id)] = (email, broker, ref.thread_id, account.id, owner)
    return sent


def opener_for(fake: FakeGoogle, sim: SimClock, args: argparse.Namespace, project: ProjectQuota,
               connections: GoogleConnections) -> Any:  # fmt: skip
    """Mailboxes as the bot opens them (GmailConnector): every one under the process's ProjectQuota, reply
    checks and watches in its background lane on its shared connections (a letter on a fresh one)."""

    @asynccontextmanager
    async def open_mailbox(
        _account: AccountId, email: str, lane: Lane = Lane.BACKGROUND
    ) -> AsyncIterator[Mailbox]:
        credentials = credentials_for(fake, email, [READONLY, SEND])
        async with GmailMailbox(credentials, api_url=fake.gmail_api_url, quota_model=args.quota_model,
                                clock=sim, sleep=sim.sleep, project=project,
                                lane=lane, connections=connections if lane is Lane.BACKGROUND else None,
                                ) as mailbox:  # fmt: skip
            yield mailbox

    return open_mailbox


def plan_replies(sent: dict[int, Sent], args: argparse.Namespace,
                 rng: random.Random) -> list[Reply]:  # fmt: skip
    """Each request's replies at random moments; a completion, if any, comes last (it settles it)."""
    horizon = args.hours * 3600
    plan: list[Reply] = []
    for request_id, (email, broker, thread, _account, _owner) in sent.items():
        moments = sorted(rng.uniform(60, horizon - args.poll) for _ in range(args.replies))
        for i, at in enumerate(moments):
            last = i == len(moments) - 1
            if last and rng.random() < 0.4:
                host = rng.choice([*broker.provider_hosts, broker.domains[0]])
                plan.append(
                    Reply(at, email, request_id, f"Privacy Team <support@{host}>", COMPLETED, None, None)
                )
                continue
            kind = rng.choice(list(IN_THREAD))
            sender = ("Mail Delivery Subsystem <mailer-daemon@googlemail.com>" if kind == "bounce"
                      else f"Privacy <privacy@{broker.domains[0]}>")  # fmt: skip
            headers = {"Auto-Submitted": "auto-replied"} if kind == "auto_reply" else None
            plan.append(Reply(at, email, request_id, sender, IN_THREAD[kind], thread, headers))
    return sorted(plan, key=lambda r: r.at)


class Notifier:
    """Telegram as the bench sees it: every push arrives (what was told is taken from the render)."""

    async def send(self, telegram_id: int, text: str, *, buttons: object = None) -> Delivery:
        return Delivery(DeliveryStatus.DELIVERED, message_id=1)


def recorder(told: Told, sim: SimClock) -> Any:
    """The render port: notes each reply notice with the simulated moment it is pushed."""

    def render(_user: User, notices: Sequence[Notice]) -> tuple[str, list[list[Button]]]:
        for notice in notices:
            if isinstance(notice, BrokerReplied):
                told.notices.append((int(notice.request_id), notice.gmail_id or "", sim()))
            else:
                told.other += 1
        return "notice", []

    return render


class BenchHistoryIds:
    """MailboxAccess.history_ids for the bench's mailboxes: each account's access token issued once by
    the fake (issued afresh after the fake refused it), asked through the real ProfileBatch."""

    def __init__(self, fake: FakeGoogle, addresses: dict[AccountId, str], batch: ProfileBatch) -> None:
        self._fake = fake
        self._addresses = addresses
        self._batch = batch
        self._tokens: dict[AccountId, str] = {}

    async def __call__(self, account_ids: Collection[AccountId]) -> dict[AccountId, str | MailboxError]:
        tokens = {i: self._token(i) for i in account_ids}
        answers = await self._batch.history_ids(tokens)
        for account_id in account_ids:
            if account_id not in answers:  # refused: its own check opens it with a fresh grant
                self._tokens.pop(account_id, None)
        return answers

    def _token(self, account_id: AccountId) -> str:
        if account_id not in self._tokens:
            issued = self._fake.issue_token(self._addresses[account_id], [READONLY, SEND])
            self._tokens[account_id] = issued.access_token
        return self._tokens[account_id]


Built = tuple[Sweeper, RequestTimers, GmailPush | None]


def build_sweeper(uow: SqlUnitOfWorkFactory, queue: SqlJobQueue, clock: BenchClock, open_account: Any,
                  history_ids: BenchHistoryIds, render: Any, args: argparse.Namespace) -> Built:  # fmt: skip
    """The production reply-check path: durable jobs, ReplyChecker, NoticeJobs, PushDelivery; with
    --pubsub also the watch jobs and the push path (GmailPush), polling at the safety net's pace."""
    catalog = load_bundled()
    poll = timedelta(seconds=max(args.poll, PUSH_SAFETY_POLL_SECONDS) if args.pubsub else args.poll)
    timers = RequestTimers(queue, clock, reply_poll=poll, push=args.pubsub)
    checker = ReplyChecker(uow, lambda: catalog, open_account, clock, poll=poll, history_ids=history_ids)
    pushes = PushDelivery(uow, Notifier(), clock, render)
    push = (
        GmailPush(uow, open_account, clock, queue, topic=TOPIC, wake=lambda _s: None) if args.pubsub else None
    )
    # Reply checks use neither the bulk sender nor the admin alerts.
    jobs = NoticeJobs(uow, clock, lambda: catalog, pushes, timers, checker, None, None,  # type: ignore[arg-type]
                      on_watching=timers.arm_watch if push is not None else None)  # fmt: skip
    handlers: dict[str, Any] = {}
    if push is not None:
        handlers[GmailWatch.KIND] = push.renew_job
    batches = {ReplyCheck.KIND: jobs.reply_checks}
    return Sweeper(queue, handlers, clock, worker_id="bench", batch_handlers=batches), timers, push


async def run(args: argparse.Namespace, folder: str) -> dict[str, Any]:
    rng, sim = random.Random(args.seed), SimClock(start=0.0)
    clock, told = BenchClock(sim), Told()
    url = f"sqlite+aiosqlite:///{folder}/bench.db"
    await migrate.upgrade(url)
    engine = create_engine(url)
    sessions = create_session_factory(engine)
    uow = SqlUnitOfWorkFactory(sessions, FernetCipher([Fernet.generate_key().decode()]), clock)
    queue = SqlJobQueue(sessions, clock)
    with FakeGoogle(seed=args.seed, clock=sim, quota_model=args.quota_model) as fake:
        project = ProjectQuota(args.project_units, clock=sim, sleep=sim.sleep)
        connections = GoogleConnections()
        opener = opener_for(fake, sim, args, project, connections)
        sent = await seed(uow, fake, opener, args, rng, sim)
        addresses = {account: email for email, _, _, account, _ in sent.values()}
        profiles = ProfileBatch(api_url=fake.gmail_api_url, quota_model=args.quota_model, project=project,
                                wall_clock=clock.now, connections=connections)  # fmt: skip
        history_ids = BenchHistoryIds(fake, addresses, profiles)
        sweeper, timers, push = build_sweeper(
            uow, queue, clock, lambda a: opener(a, addresses[a]), history_ids, recorder(told, sim), args
        )
        receiver = None
        if push is not None:
            fake.subscribe_push(TOPIC, None, AUDIENCE)
            receiver = PushReceiver(
                GooglePushVerifier(audience=AUDIENCE, certs_url=fake.certs_url), push, fake
            )
        for _, _, _, account_id, owner in sent.values():
            await timers.arm_reply_checks(owner, account_id)
        before = {email: fake.stats(email).units for email in addresses.values()}
        profiles = sum(fake.stats(email).calls.get("getProfile", 0) for email in addresses.values())
        wall, cpu = time.monotonic(), time.process_time()
        truth = await drive(fake, sweeper, sessions, sim, list(addresses.values()), sent, args, rng, receiver)
        wall, cpu = time.monotonic() - wall, time.process_time() - cpu
        units = sum(fake.stats(email).units - before[email] for email in addresses.values())
        # Every reply check starts with getProfile (and a watch renewal makes none).
        checks = sum(fake.stats(email).calls.get("getProfile", 0) for email in addresses.values()) - profiles
        connections.close()
    await engine.dispose()
    return figures(args, sent, truth, told, units, wall) | {
        "checks": checks,
        # The whole process: the bot's side and the fake Google's threads (they share the interpreter).
        "cpu_ms_per_check": round(1000 * cpu / max(checks, 1), 2),
        "project_waits": project.waited,
    }


async def drive(
    fake: FakeGoogle,
    sweeper: Sweeper,
    sessions: Any,
    sim: SimClock,
    emails: list[str],
    sent: dict[int, Sent],
    args: argparse.Namespace,
    rng: random.Random,
    receiver: PushReceiver | None = None,
) -> dict[MailId, tuple[int, float]]:
    """Move simulated time from event to event (a job due, a reply, other mail), sweeping at each;
    returns each broker reply (its mailbox and Gmail id) with its request and arrival."""
    begin = sim()
    plan = [replace(r, at=r.at + begin) for r in plan_replies(sent, args, rng)]
    count = int(args.background * args.accounts * args.hours / 24)
    background = sorted(begin + rng.uniform(0, args.hours * 3600) for _ in range(count))
    truth: dict[MailId, tuple[int, float]] = {}
    end = begin + args.hours * 3600
    next_sweep = begin
    while sim() < end:
        if args.sweep_every:
            wake: float | None = next_sweep
        else:
            wake = await next_due(sessions)
        upcoming = [end, *([wake] if wake is not None else []), *[r.at for r in plan[:1]], *background[:1]]
        step_to = min(upcoming)
        if step_to > sim():
            await sim.sleep(step_to - sim())
        while plan and plan[0].at <= sim():
            reply = plan.pop(0)
            at = START + timedelta(seconds=sim())
            gmail_id = fake.deliver(reply.email, reply.sender, "Re: Erasure request", reply.body, date=at,
                                    thread_id=reply.thread_id, headers=reply.headers)  # fmt: skip
            truth[(reply.email, gmail_id)] = (reply.request_id, sim())
        while background and background[0] <= sim():
            background.pop(0)
            fake.deliver(rng.choice(emails), f"News <news@shop{rng.randrange(500)}.example>", "Offers",
                         "This week's offers.", date=START + timedelta(seconds=sim()))  # fmt: skip
        pushed = await receiver.receive() if receiver is not None else 0
        # The bot's sweep wakes on its interval, and at once after a push (GmailPush's alarm).
        if not args.sweep_every or pushed or sim() >= next_sweep:
            await sweeper.run_once()
        while args.sweep_every and next_sweep <= sim():
            next_sweep += args.sweep_every
    return truth


@dataclass
class PushReceiver:
    """POST /gmail/push without the HTTP: each signed push verified, parsed, and handed to GmailPush."""

    verifier: GooglePushVerifier
    push: GmailPush
    fake: FakeGoogle
    received: int = 0

    async def receive(self) -> int:
        """Take the pushes sent since the last call; returns how many."""
        before = self.received
        for body, token in self.fake.pubsub.take():
            await asyncio.to_thread(self.verifier.verify, f"Bearer {token}")
            address, history_id = parse_push(body)
            await self.push.pushed(address, history_id)
            self.received += 1
        return self.received - before


async def next_due(sessions: Any) -> float | None:
    async with sessions() as session:
        due = await session.scalar(
            select(func.min(ScheduledJobRecord.due_at)).where(ScheduledJobRecord.done_at.is_(None))
        )
    return None if due is None else (due.replace(tzinfo=UTC) - START).total_seconds()


def figures(args: argparse.Namespace, sent: dict[int, Sent], truth: dict[MailId, tuple[int, float]],
            told: Told, units: int, wall: float) -> dict[str, Any]:  # fmt: skip
    """Replies are told apart by mailbox and Gmail id: Gmail ids are unique within a mailbox only (the
    fake's, like Gmail's, can repeat across mailboxes)."""
    first: dict[MailId, tuple[int, float]] = {}
    duplicates = wrong = 0
    for request_id, gmail_id, at in told.notices:
        key = (sent[request_id][0], gmail_id)
        if key in first:
            duplicates += 1
            continue
        first[key] = (request_id, at)
        if key not in truth or truth[key][0] != request_id:
            wrong += 1
    latencies = sorted(first[g][1] - t for g, (_, t) in truth.items() if g in first)
    days = args.hours / 24
    return {
        "accounts": args.accounts,
        "simulated_hours": args.hours,
        "pubsub": args.pubsub,
        "replies": len(truth),
        "noticed": sum(1 for g in truth if g in first),
        "missed": sum(1 for g in truth if g not in first),
        "duplicate_notices": duplicates,
        "wrong_request": wrong,
        "latency_p50_s": round(statistics.median(latencies), 1) if latencies else None,
        "latency_p95_s": round(latencies[int(0.95 * (len(latencies) - 1))], 1) if latencies else None,
        "units_per_account_day": round(units / args.accounts / days, 1),
        "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
        "wall_seconds": round(wall, 1),
    }


def main() -> None:
    args = parse_args()
    with tempfile.TemporaryDirectory(prefix="bench-replies-", dir=args.data_dir) as folder:
        result = asyncio.run(run(args, folder))
    print(json.dumps(result))


if __name__ == "__main__":
    main()
