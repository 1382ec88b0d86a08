"""Reply checks in batches, on the real storage and the fake Google over HTTP: one Gmail batch asks every
due account whether its mailbox changed, and each account ends as its check alone would have ended it."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from functools import partial
from pathlib import Path

import pytest
from sqlalchemy import select

from bot.google.connector import GmailConnector
from bot.google.oauth import GoogleOAuth
from bot.google.quota import Lane
from bot.jobs import Sweeper
from bot.sandbox.google import FakeGoogle
from bot.sandbox.google.scopes import READONLY, SEND
from bot.services.connect_events import ReconnectNeeded
from bot.services.mailboxes import MailboxAccess
from bot.services.notice_jobs import NoticeJobs
from bot.services.pushes import PushDelivery
from bot.services.replies import ReplyChecker
from bot.services.timers import RequestTimers, reply_check_key
from brokers.accounts import AccountId, AccountState, Tokens
from brokers.catalog import load_bundled
from brokers.job_payloads import ReplyCheck
from brokers.lifecycle import RequestStatus
from brokers.notices import BrokerReplied, Notice
from brokers.notify import Button
from brokers.profile import TelegramId, User
from brokers.requests import Channel, NewRequest
from storage import migrate
from storage.crypto import FernetCipher, generate_key
from storage.engine import create_engine, create_session_factory
from storage.jobs import SqlJobQueue
from storage.records import AuthorizationRecord, ScheduledJobRecord
from storage.unit_of_work import SqlUnitOfWorkFactory
from tests.bot.services.fake_ports import FakeNotifier
from tests.bot.test_profile_batch import SpyQuota
from tests.clock import FakeClock
from tests.factories import a_user, given_status

CATALOG = load_bundled()
BROKER = "01advertising"
POLL = timedelta(seconds=120)
S = RequestStatus
# The batch's accounts: revoked, rate-limited, failing, answered, and three whose mailbox stays as it was.
REVOKED, LIMITED, FAILING, ANSWERED, *QUIET = [f"p{n}@gmail.com" for n in range(7)]
EVERYONE = [REVOKED, LIMITED, FAILING, ANSWERED, *QUIET]


@dataclass
class Person:
    owner: TelegramId
    account: AccountId
    tokens: Tokens
    thread: str
    request: int


@dataclass
class World:
    google: FakeGoogle
    oauth: GoogleOAuth
    clock: FakeClock
    sessions: object
    quota: SpyQuota
    sweeper: Sweeper
    people: dict[str, Person] = field(default_factory=dict)
    told: list[tuple[int, str]] = field(default_factory=list)
    reconnects: list[AccountId] = field(default_factory=list)


@pytest.fixture
def google() -> Iterator[FakeGoogle]:
    with FakeGoogle(seed=1) as server:
        yield server
        assert server.server_errors == []


@pytest.fixture
async def world(database_url: str, google: FakeGoogle, tmp_path: Path) -> AsyncIterator[World]:
    await migrate.upgrade(database_url)
    engine = create_engine(database_url)
    sessions = create_session_factory(engine)
    clock = FakeClock(datetime(2026, 11, 2, 9, tzinfo=UTC))
    uow = SqlUnitOfWorkFactory(sessions, FernetCipher([generate_key()]), clock)
    queue = SqlJobQueue(sessions, clock)
    client = google.consent.client
    oauth = GoogleOAuth(client_id=client.client_id, client_secret=client.client_secret,
                        auth_uri=google.auth_uri, token_uri=google.token_uri, revoke_uri=google.revoke_uri,
                        redirect_uri="http://localhost/oauth/callback", timeout=5)  # fmt: skip
    quota = SpyQuota()
    connector = GmailConnector(oauth, api_url=google.gmail_api_url, project=quota, wall_clock=clock.now)
    told: list[tuple[int, str]] = []
    reconnects: list[AccountId] = []

    async def publish(event: ReconnectNeeded) -> None:
        reconnects.append(event.account.id)

    def render(_user: User, notices: Sequence[Notice]) -> tuple[str, list[list[Button]]]:
        told.extend((int(n.request_id), n.gmail_id or "") for n in notices if isinstance(n, BrokerReplied))
        return "notice", []

    access = MailboxAccess(uow, clock, oauth, connector, publish=publish)
    timers = RequestTimers(queue, clock, reply_poll=POLL)
    checker = ReplyChecker(uow, lambda: CATALOG, partial(access.open, background=True), clock,
                           poll=POLL, history_ids=access.history_ids)  # fmt: skip
    pushes = PushDelivery(uow, FakeNotifier(), clock, render)
    jobs = NoticeJobs(uow, clock, lambda: CATALOG, pushes, timers, checker, None, None)  # type: ignore[arg-type]
    sweeper = Sweeper(queue, {}, clock, worker_id="w1", batch_handlers={ReplyCheck.KIND: jobs.reply_checks})
    built = World(google, oauth, clock, sessions, quota, sweeper, told=told, reconnects=reconnects)
    broker = CATALOG.get(BROKER)
    assert broker is not None and broker.email
    for n, email in enumerate(EVERYONE):
        owner = TelegramId(100 + n)
        google.add_account(email)
        issued = google.issue_token(email, [READONLY, SEND])
        tokens = Tokens(issued.access_token, issued.refresh_token, None, frozenset({READONLY, SEND}))
        async with uow() as unit:
            await unit.users.save(a_user(owner, quiet_start=None, quiet_end=None))
            account, _ = await unit.accounts.upsert(owner, email, tokens)
            draft = await unit.requests.add_draft(
                NewRequest(owner, account.id, BROKER, "gdpr", Channel.EMAIL, broker.email)
            )
            await unit.commit()
        assert draft is not None
        raw = f"From: {email}\r\nTo: {broker.email}\r\nSubject: Erasure request\r\n\r\nErase my data.\r\n"
        async with access.open(account.id) as mailbox:
            ref = await mailbox.send(raw.encode())
        sent = {"gmail_message_id": ref.id, "gmail_thread_id": ref.thread_id, "sent_at": clock.now()}
        await given_status(
            uow, draft, S.SENDING, S.SENT, **sent, deadline_at=clock.now() + timedelta(days=30)
        )
        await timers.arm_reply_checks(owner, account.id)
        built.people[email] = Person(owner, account.id, tokens, ref.thread_id, int(draft.id))
    try:
        yield built
    finally:
        connector.close()
        await engine.dispose()


async def sweep_after(world: World, wait: timedelta) -> None:
    world.clock.advance(seconds=wait.total_seconds())
    await world.sweeper.run_once()


async def rows(world: World) -> dict[str, tuple[AuthorizationRecord, datetime | None, datetime | None]]:
    """Per address: the account's row, and its reply check's next due time (None when done) and end."""
    async with world.sessions() as session:  # type: ignore[operator]
        accounts = {r.id: r for r in await session.scalars(select(AuthorizationRecord))}
        jobs = {j.dedupe_key: j for j in await session.scalars(select(ScheduledJobRecord))}
    found = {}
    for email, person in world.people.items():
        job = jobs[reply_check_key(person.account)]
        due = None if job.done_at is not None else job.due_at.replace(tzinfo=UTC)
        found[email] = (accounts[person.account], due, job.done_at)
    return found


async def test_each_account_of_a_batch_ends_as_its_own_check_would(world: World) -> None:
    google, clock = world.google, world.clock
    await sweep_after(world, POLL)  # the first checks start each account's history (each alone)
    started = {email: row.reply_history_id for email, (row, _, _) in (await rows(world)).items()}
    assert all(started.values())
    units = {email: google.stats(email).units for email in EVERYONE}
    # Ann revokes the bot's grant; Gmail limits one account and fails another; a broker answers one.
    assert await world.oauth.revoke(world.people[REVOKED].tokens.refresh_token or "")
    google.fail_calls(LIMITED, 429)
    google.fail_calls(FAILING, 503)
    thread = world.people[ANSWERED].thread
    acknowledged = "We have received your request and will respond within 30 days."
    reply = google.deliver(
        ANSWERED, f"Privacy <privacy@{BROKER}.com>", "Re: Erasure", acknowledged, thread_id=thread
    )
    world.quota.asked.clear()

    await sweep_after(world, POLL)

    now, after = clock.now(), await rows(world)
    # One batch asked all seven, one unit each in the project's background lane, before anything else.
    assert world.quota.asked[0] == (len(EVERYONE), Lane.BACKGROUND)
    # The revoked grant: "needs reconnect" once, its checks stop.
    revoked, revoked_due, _ = after[REVOKED]
    assert (revoked.state, revoked_due, world.reconnects) == (
        AccountState.NEEDS_RECONNECT.value,
        None,
        [world.people[REVOKED].account],
    )
    # Limited and failing: the position kept, one failure counted, back after two intervals, no units.
    for email in (LIMITED, FAILING):
        row, due, _ = after[email]
        assert (row.reply_history_id, row.reply_failures, due) == (started[email], 1, now + 2 * POLL)
        assert google.stats(email).units == units[email]
    # The answered one went on alone: its reply told once, its position moved on.
    answered, due, _ = after[ANSWERED]
    assert world.told == [(world.people[ANSWERED].request, reply)]
    assert (answered.reply_history_id != started[ANSWERED], due) == (True, now + POLL)
    # The quiet ones: synced now, one unit each (their batch part), nothing else asked.
    for email in QUIET:
        row, due, _ = after[email]
        assert (row.reply_history_id, row.replies_synced_at, row.reply_failures, due) == (
            started[email],
            _as_stored(row.replies_synced_at, now),
            0,
            now + POLL,
        )
        assert google.stats(email).units == units[email] + 1
        assert google.stats(email).calls.get("history.list", 0) == 0

    # Two intervals on, everything is read again: the failed ones recover, nothing is told twice.
    await sweep_after(world, POLL)
    await sweep_after(world, POLL)
    again = await rows(world)
    assert world.told == [(world.people[ANSWERED].request, reply)]
    for email in (LIMITED, FAILING, *QUIET):
        row, due, _ = again[email]
        assert (row.reply_history_id, row.reply_failures) == (started[email], 0)
        assert due is not None and due > clock.now()
    assert again[REVOKED][0].state == AccountState.NEEDS_RECONNECT.value
    assert world.reconnects == [world.people[REVOKED].account]


def _as_stored(stored: datetime | None, now: datetime) -> datetime | None:
    """SQLite hands datetimes back without their zone."""
    return now.replace(tzinfo=None) if stored is not None and stored.tzinfo is None else now
