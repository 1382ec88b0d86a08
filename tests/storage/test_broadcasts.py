"""Broadcast storage: recipients in id order after the cursor, each claimed once, states moved once."""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import dataclass

import pytest

from brokers.broadcasts import BroadcastState, Outcome
from brokers.profile import TelegramId
from storage import migrate
from storage.broadcasts import SqlBroadcasts
from storage.crypto import FernetCipher, generate_key
from storage.engine import create_engine, create_session_factory
from storage.unit_of_work import SqlUnitOfWorkFactory
from tests.clock import FakeClock
from tests.factories import given_user

PEOPLE = [TelegramId(i) for i in (5, 3, 8, 1)]


@dataclass
class Db:
    uow: SqlUnitOfWorkFactory
    broadcasts: SqlBroadcasts
    clock: FakeClock


@pytest.fixture
async def db(database_url: str) -> AsyncIterator[Db]:
    await migrate.upgrade(database_url)
    engine = create_engine(database_url)
    sessions, clock = create_session_factory(engine), FakeClock()
    uow = SqlUnitOfWorkFactory(sessions, FernetCipher([generate_key()]), clock)
    result = Db(uow, SqlBroadcasts(sessions), clock)
    for person in PEOPLE:
        await given_user(result.uow, person)
    async with result.uow() as unit:
        await unit.users.set_active(TelegramId(8), active=False)
        await unit.commit()
    yield result
    await engine.dispose()


async def test_recipients_are_the_people_who_did_not_block_in_id_order(db: Db) -> None:
    draft = await db.broadcasts.create("hi", by=1, at=db.clock.now())
    assert draft.recipients == 3 and draft.state is BroadcastState.DRAFT
    assert await db.broadcasts.next_recipients(draft.id, limit=2) == [1, 3]
    await db.broadcasts.advance(draft.id, 3)
    assert await db.broadcasts.next_recipients(draft.id, limit=2) == [5]
    await db.broadcasts.advance(draft.id, 1)  # the cursor never goes back
    assert await db.broadcasts.next_recipients(draft.id, limit=2) == [5]


async def test_a_person_is_claimed_once(db: Db) -> None:
    draft = await db.broadcasts.create("hi", by=1, at=db.clock.now())
    first = await db.broadcasts.claim(draft.id, [TelegramId(1), TelegramId(3)], at=db.clock.now())
    again = await db.broadcasts.claim(draft.id, [TelegramId(3), TelegramId(5)], at=db.clock.now())
    assert (first, again) == ([1, 3], [5])
    await db.broadcasts.record(draft.id, TelegramId(1), Outcome.SENT)
    await db.broadcasts.record(draft.id, TelegramId(5), Outcome.HELD)
    assert await db.broadcasts.take(draft.id, TelegramId(5), was=Outcome.HELD)
    assert not await db.broadcasts.take(draft.id, TelegramId(5), was=Outcome.HELD)
    progress = await db.broadcasts.progress(draft.id)
    assert dict(progress.outcomes) == {Outcome.SENT: 1, Outcome.PENDING: 2}


async def test_start_once_and_cancel_stops_it(db: Db) -> None:
    draft = await db.broadcasts.create("hi", by=1, at=db.clock.now())
    assert await db.broadcasts.start(draft.id, progress_message_id=7)
    assert not await db.broadcasts.start(draft.id, progress_message_id=8)
    assert await db.broadcasts.cancel(draft.id)
    assert not await db.broadcasts.finish(draft.id)
    stored = await db.broadcasts.get(draft.id)
    assert stored is not None
    assert (stored.state, stored.progress_message_id) == (BroadcastState.CANCELLED, 7)
