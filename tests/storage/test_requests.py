"""The SQL request repository: `move` is a compare-and-set that the lifecycle guards, on every backend."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import UTC, datetime

import pytest

from brokers.errors import IllegalTransition
from brokers.lifecycle import RequestStatus
from brokers.profile import Profile, Step, TelegramId, User
from brokers.requests import Channel, DeletionRequest, NewRequest, RequestEvent, RequestId
from storage import migrate
from storage.crypto import FernetCipher, generate_key
from storage.engine import create_engine, create_session_factory
from storage.unit_of_work import SqlUnitOfWorkFactory
from tests.clock import FakeClock

S = RequestStatus
ANN = TelegramId(1001)


@pytest.fixture
async def uow(database_url: str) -> AsyncIterator[SqlUnitOfWorkFactory]:
    await migrate.upgrade(database_url)
    engine = create_engine(database_url)
    factory = SqlUnitOfWorkFactory(
        create_session_factory(engine), FernetCipher([generate_key()]), FakeClock()
    )
    async with factory() as unit:
        await unit.users.save(
            User(
                telegram_id=ANN,
                language="en",
                consent_at=datetime(2026, 11, 1, tzinfo=UTC),
                epoch="abc123",
                profile=Profile(),
                step=Step.DONE,
            )
        )
        await unit.commit()
    yield factory
    await engine.dispose()


async def _draft(uow: SqlUnitOfWorkFactory) -> RequestId:
    async with uow() as unit:
        request = await unit.requests.add_draft(
            NewRequest(ANN, None, "33across", "gdpr", Channel.EMAIL, "privacy@33across.com")
        )
        await unit.commit()
    assert request is not None
    return request.id


async def _state(
    uow: SqlUnitOfWorkFactory, request_id: RequestId
) -> tuple[DeletionRequest, list[RequestEvent]]:
    async with uow() as unit:
        request = await unit.requests.get(request_id)
        assert request is not None
        return request, await unit.requests.history(request_id)


async def test_move_from_the_expected_status_changes_it_and_records_the_event(
    uow: SqlUnitOfWorkFactory,
) -> None:
    request_id = await _draft(uow)
    async with uow() as unit:
        moved = await unit.requests.move(
            request_id,
            expected=S.DRAFT,
            to=S.SENDING,
            reason="confirmed by the person",
            evidence={"message_id": "<ddr.1>"},
            attempts=1,
        )
        await unit.commit()
    request, history = await _state(uow, request_id)
    assert moved
    assert (request.status, request.attempts) == (S.SENDING, 1)
    assert [(e.from_status, e.to_status, e.reason, e.evidence) for e in history] == [
        (None, S.DRAFT, "created", None),
        (S.DRAFT, S.SENDING, "confirmed by the person", {"message_id": "<ddr.1>"}),
    ]


async def test_move_from_a_stale_expected_status_returns_false_and_changes_nothing(
    uow: SqlUnitOfWorkFactory,
) -> None:
    request_id = await _draft(uow)
    before = await _state(uow, request_id)
    async with uow() as unit:
        # DRAFT -> CLOSED is legal, but the request is not in FAILED: someone else's change won.
        moved = await unit.requests.move(request_id, expected=S.FAILED, to=S.CLOSED, reason="skipped")
        await unit.commit()
    assert not moved
    assert await _state(uow, request_id) == before


async def test_second_of_two_moves_from_the_same_status_returns_false(uow: SqlUnitOfWorkFactory) -> None:
    request_id = await _draft(uow)
    async with uow() as unit:
        first = await unit.requests.move(request_id, expected=S.DRAFT, to=S.SENDING, reason="tap")
        second = await unit.requests.move(request_id, expected=S.DRAFT, to=S.SENDING, reason="tap")
        await unit.commit()
    request, history = await _state(uow, request_id)
    assert (first, second) == (True, False)
    assert request.status is S.SENDING
    assert len(history) == 2


@pytest.mark.parametrize(
    ("expected", "to"), [(S.DRAFT, S.SENT), (S.DRAFT, S.DRAFT), (S.CLOSED, S.DRAFT), (S.SENT, S.FAILED)]
)
async def test_illegal_move_raises_and_changes_nothing(
    uow: SqlUnitOfWorkFactory, expected: RequestStatus, to: RequestStatus
) -> None:
    request_id = await _draft(uow)
    before = await _state(uow, request_id)
    async with uow() as unit:
        with pytest.raises(IllegalTransition) as raised:
            await unit.requests.move(request_id, expected=expected, to=to, reason="bad", attempts=9)
        await unit.commit()
    assert (raised.value.current, raised.value.target) == (expected, to)
    assert await _state(uow, request_id) == before


async def test_move_of_a_missing_request_returns_false(uow: SqlUnitOfWorkFactory) -> None:
    async with uow() as unit:
        assert not await unit.requests.move(RequestId(999), expected=S.DRAFT, to=S.CLOSED, reason="skip")
