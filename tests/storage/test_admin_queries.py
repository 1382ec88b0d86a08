"""The operators' aggregates (/stats, /user, /health) count the right rows on every backend."""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import dataclass
from datetime import timedelta

import pytest
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.services.reply_record import ReadReply, record_reply
from brokers.admin_stats import BrokerLeagueRow, ContactProblem
from brokers.classify import ReplyClass, classify_reply
from brokers.lifecycle import RequestStatus
from brokers.profile import TelegramId
from brokers.reply_text import Reply
from brokers.requests import DeletionRequest
from storage import migrate
from storage.admin_queries import SqlAdminQueries
from storage.catalog import SqlCatalogOverrides
from storage.crypto import FernetCipher, generate_key
from storage.engine import create_engine, create_session_factory
from storage.unit_of_work import SqlUnitOfWorkFactory
from tests.clock import FakeClock
from tests.factories import a_draft, given_account, given_draft, given_status, given_user

S = RequestStatus
ANN, BOB, CY = TelegramId(1), TelegramId(2), TelegramId(3)


@dataclass
class Db:
    uow: SqlUnitOfWorkFactory
    queries: SqlAdminQueries
    clock: FakeClock
    sessions: async_sessionmaker[AsyncSession]


@pytest.fixture
async def db(database_url: str) -> AsyncIterator[Db]:
    await migrate.upgrade(database_url)
    engine = create_engine(database_url)
    box, clock = FernetCipher([generate_key()]), FakeClock()
    sessions = create_session_factory(engine)
    yield Db(SqlUnitOfWorkFactory(sessions, box, clock), SqlAdminQueries(sessions, box), clock, sessions)
    await engine.dispose()


async def _sent(db: Db, owner: TelegramId, broker: str) -> DeletionRequest:
    request = await given_draft(db.uow, a_draft(broker, owner))
    return await given_status(db.uow, request, S.SENDING, S.SENT, sent_at=db.clock.now())


async def _seen(db: Db, owner: TelegramId, days_ago: int) -> None:
    async with db.uow() as unit:
        await unit.users.mark_seen(owner, at=db.clock.now() - timedelta(days=days_ago))
        await unit.commit()


async def test_stats_count_people_by_activity_and_blocked(db: Db) -> None:
    for person in (ANN, BOB, CY):
        await given_user(db.uow, person)
    await _seen(db, ANN, 1)
    await _seen(db, BOB, 20)
    async with db.uow() as unit:
        await unit.users.set_active(CY, active=False)
        await unit.commit()

    stats = await db.queries.stats(now=db.clock.now())

    assert (stats.people, stats.active_7d, stats.active_30d, stats.blocked) == (3, 1, 2, 1)


async def test_mark_seen_writes_once_an_hour(db: Db) -> None:
    await given_user(db.uow, ANN)
    async with db.uow() as unit:
        first = await unit.users.mark_seen(ANN, at=db.clock.now())
        again = await unit.users.mark_seen(ANN, at=db.clock.now() + timedelta(minutes=30))
        later = await unit.users.mark_seen(ANN, at=db.clock.now() + timedelta(hours=1))
        await unit.commit()
    assert (first, again, later) == (True, False, True)


async def test_league_table_ranks_brokers_by_completion_then_speed(db: Db) -> None:
    for person in (ANN, BOB, CY):
        await given_user(db.uow, person)
    fast = [await _sent(db, person, "fast") for person in (ANN, BOB)]
    slow = [await _sent(db, person, "slow") for person in (ANN, BOB, CY)]
    await _sent(db, ANN, "silent")
    db.clock.advance(days=3)
    for request in fast:
        await given_status(db.uow, request, S.COMPLETED)
    await given_status(db.uow, slow[0], S.ACKNOWLEDGED)
    db.clock.advance(days=10)
    await given_status(db.uow, slow[1], S.COMPLETED)

    stats = await db.queries.stats(now=db.clock.now())

    assert stats.league == (
        BrokerLeagueRow("fast", sent=2, replies=2, completed=2, median_days=3.0),
        BrokerLeagueRow("slow", sent=3, replies=2, completed=1, median_days=13.0),
        BrokerLeagueRow("silent", sent=1, replies=0, completed=0, median_days=None),
    )
    assert stats.requests_by_state == {"completed": 3, "acknowledged": 1, "sent": 2}
    assert await db.queries.broker_row("slow") == stats.league[1]
    assert await db.queries.broker_row("nobody") is None


async def test_letters_today_and_in_30_days(db: Db) -> None:
    await given_user(db.uow, ANN)
    await _sent(db, ANN, "old")
    db.clock.advance(days=40)
    await _sent(db, ANN, "month")
    db.clock.advance(days=5)
    await _sent(db, ANN, "today")
    await given_draft(db.uow, a_draft("draft", ANN))

    stats = await db.queries.stats(now=db.clock.now())

    assert (stats.letters_today, stats.letters_30d) == (1, 2)


async def test_user_summary_masks_addresses_and_counts_requests(db: Db) -> None:
    await given_user(db.uow, ANN)
    await given_account(db.uow, ANN, "ann.example@gmail.com")
    await _sent(db, ANN, "acxiom")
    await given_draft(db.uow, a_draft("spokeo", ANN))

    summary = await db.queries.user_summary(ANN)

    assert summary is not None
    assert summary.accounts == (("a***@gmail.com", "active"),)
    assert summary.requests_by_state == {"sent": 1, "draft": 1}
    assert "ann.example" not in repr(summary)
    assert await db.queries.user_summary(BOB) is None


async def test_accounts_by_state_and_queue_health(db: Db) -> None:
    await given_user(db.uow, ANN)
    await given_account(db.uow, ANN, "a@gmail.com")
    await given_account(db.uow, ANN, "b@gmail.com")

    stats = await db.queries.stats(now=db.clock.now())
    health = await db.queries.queue_health(now=db.clock.now())

    assert stats.accounts_by_state == {"active": 2}
    assert health.due_waiting == 0 and health.oldest_due_at is None
    assert health.database_bytes is not None and health.database_bytes > 0


async def test_queue_health_shows_the_oldest_due_reply_check_and_todays_gmail_units(db: Db) -> None:
    await given_user(db.uow, ANN)
    a = await given_account(db.uow, ANN, "a@gmail.com")
    b = await given_account(db.uow, ANN, "b@gmail.com")
    now = db.clock.now()
    async with db.uow() as uow:
        await uow.accounts.sync_failed(b.id, at=now - timedelta(days=1), units=1000)  # yesterday's
        for account, units in ((a, 30), (b, 12)):
            await uow.accounts.advance_sync(account.id, expected=None, history_id="5", at=now, units=units)
        late = now - timedelta(minutes=7)
        await uow.jobs.schedule(
            "reply_check", late, user_id=ANN, payload={"account": a.id}, dedupe_key="replies:1"
        )
        await uow.jobs.schedule(
            "reply_check", now + timedelta(minutes=1), user_id=ANN, dedupe_key="replies:2"
        )
        await uow.jobs.schedule("notice", now - timedelta(hours=1), user_id=ANN)
        await uow.commit()

    health = await db.queries.queue_health(now=now)

    assert health.oldest_reply_check_due_at is not None
    assert now - health.oldest_reply_check_due_at == timedelta(minutes=7)
    assert health.gmail_units_today == 42


async def _reply(db: Db, request: DeletionRequest, gmail_id: str, text: str) -> None:
    """A broker's reply, read by the real classifier and recorded as the reply reader records it."""
    async with db.uow() as unit:
        current = await unit.requests.get(request.id)
        assert current is not None
        reply = Reply(subject="Re: Deletion request", from_header="privacy@broker.test", text=text)
        result = classify_reply(reply)
        assert result.cls is ReplyClass.NEEDS_WEB_FORM
        await record_reply(unit, current, ReadReply(current, gmail_id, result))
        await unit.commit()


REFUSES_EMAIL = (
    "We do not accept deletion requests by e-mail. Please use our web form at https://x.test/privacy."
)


async def test_replies_refusing_email_put_the_broker_into_the_fix_queue_with_their_count(db: Db) -> None:
    for person in (ANN, BOB):
        await given_user(db.uow, person)
    first, second = await _sent(db, ANN, "33across"), await _sent(db, BOB, "33across")
    await _reply(db, first, "m1", REFUSES_EMAIL)
    await _reply(db, second, "m2", REFUSES_EMAIL)
    await _reply(db, second, "m3", REFUSES_EMAIL)  # a second such reply on the same request counts too
    bounced = await _sent(db, ANN, "01advertising")
    await given_status(db.uow, bounced, S.BOUNCED)

    queue = await db.queries.contact_problems(limit=10)

    assert queue == [ContactProblem("33across", 0, 3), ContactProblem("01advertising", 1, 0)]
    async with db.uow() as unit:
        history = await unit.requests.history(first.id)
    assert all(set(e.evidence or {}) <= {"gmail_id", "class"} for e in history)  # no content kept


async def test_a_fix_of_the_broker_takes_it_off_the_queue_until_new_replies(db: Db) -> None:
    await given_user(db.uow, ANN)
    request = await _sent(db, ANN, "33across")
    await _reply(db, request, "m1", REFUSES_EMAIL)
    db.clock.advance(minutes=1)
    fix = {"id": "33across", "accepts_email": False}  # the operator's /broker_set
    await SqlCatalogOverrides(db.sessions).save(fix, at=db.clock.now(), by=9000)
    assert await db.queries.contact_problems(limit=10) == []
    db.clock.advance(minutes=1)

    await _reply(db, request, "m2", REFUSES_EMAIL)

    assert await db.queries.contact_problems(limit=10) == [ContactProblem("33across", 0, 1)]
