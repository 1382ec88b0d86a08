"""Corrections by the person: the lifecycle decides, and a contradictory tap is answered, not ignored."""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import dataclass
from datetime import UTC, datetime

import pytest

from bot.services.tracking import Corrected, Correction, TrackingService
from brokers.catalog import Catalog, load_bundled
from brokers.lifecycle import RequestStatus
from brokers.profile import Profile, Step, TelegramId, User
from brokers.requests import Channel, NewRequest, RequestId
from storage import migrate
from storage.crypto import FernetCipher, generate_key
from storage.engine import create_engine, create_session_factory
from storage.unit_of_work import SqlUnitOfWorkFactory
from tests.clock import FakeClock

S = RequestStatus
ANN = TelegramId(1001)
BOB = TelegramId(1002)
CATALOG = load_bundled()


def _catalog() -> Catalog:
    return CATALOG


@dataclass
class World:
    uow: SqlUnitOfWorkFactory
    tracking: TrackingService

    async def request_in(self, *path: RequestStatus) -> RequestId:
        """Ann's request to 33Across, walked from draft through `path`."""
        async with self.uow() as unit:
            request = await unit.requests.add_draft(
                NewRequest(ANN, None, "33across", "gdpr", Channel.EMAIL, "privacy@33across.com")
            )
            assert request is not None
            status = S.DRAFT
            for step in path:
                assert await unit.requests.move(request.id, expected=status, to=step, reason="test")
                status = step
            await unit.commit()
        return request.id

    async def status_and_history(self, request_id: RequestId) -> tuple[RequestStatus, int]:
        async with self.uow() as unit:
            request = await unit.requests.get(request_id)
            assert request is not None
            return request.status, len(await unit.requests.history(request_id))


@pytest.fixture
async def world(database_url: str) -> AsyncIterator[World]:
    await migrate.upgrade(database_url)
    engine = create_engine(database_url)
    uow = SqlUnitOfWorkFactory(create_session_factory(engine), FernetCipher([generate_key()]), FakeClock())
    async with uow() as unit:
        for telegram_id in (ANN, BOB):
            await unit.users.save(
                User(
                    telegram_id=telegram_id,
                    language="en",
                    consent_at=datetime(2026, 11, 1, tzinfo=UTC),
                    epoch="abc123",
                    profile=Profile(),
                    step=Step.DONE,
                )
            )
        await unit.commit()
    yield World(uow, TrackingService(uow, _catalog))
    await engine.dispose()


async def test_correction_of_a_reply_outcome_changes_the_status(world: World) -> None:
    request_id = await world.request_in(S.SENDING, S.SENT, S.ACKNOWLEDGED)
    corrected = await world.tracking.correct(ANN, request_id, S.COMPLETED)
    assert corrected == Corrected(Correction.CHANGED, S.COMPLETED, previous=S.ACKNOWLEDGED)
    assert await world.status_and_history(request_id) == (S.COMPLETED, 5)


async def test_correction_to_the_status_it_has_is_already_done(world: World) -> None:
    request_id = await world.request_in(S.SENDING, S.SENT, S.COMPLETED)
    corrected = await world.tracking.correct(ANN, request_id, S.COMPLETED)
    assert corrected == Corrected(Correction.ALREADY, S.COMPLETED)
    assert await world.status_and_history(request_id) == (S.COMPLETED, 4)


async def test_contradictory_correction_is_refused_with_the_current_status(world: World) -> None:
    # "I filed a complaint" about a request the broker already confirmed as deleted.
    request_id = await world.request_in(S.SENDING, S.SENT, S.COMPLETED)
    corrected = await world.tracking.correct(ANN, request_id, S.ESCALATED)
    assert corrected == Corrected(Correction.NOT_ALLOWED, S.COMPLETED)
    assert await world.status_and_history(request_id) == (S.COMPLETED, 4)


async def test_correction_of_a_closed_request_is_refused(world: World) -> None:
    request_id = await world.request_in(S.CLOSED)
    corrected = await world.tracking.correct(ANN, request_id, S.ACKNOWLEDGED)
    assert corrected == Corrected(Correction.NOT_ALLOWED, S.CLOSED)
    assert await world.status_and_history(request_id) == (S.CLOSED, 2)


async def test_correction_of_another_persons_request_changes_nothing(world: World) -> None:
    request_id = await world.request_in(S.SENDING, S.SENT, S.ACKNOWLEDGED)
    corrected = await world.tracking.correct(BOB, request_id, S.COMPLETED)
    assert corrected == Corrected(Correction.NOT_FOUND)
    assert await world.status_and_history(request_id) == (S.ACKNOWLEDGED, 4)


async def test_detail_of_another_persons_request_is_none(world: World) -> None:
    request_id = await world.request_in()
    assert await world.tracking.detail(BOB, request_id) is None
    detail = await world.tracking.detail(ANN, request_id)
    assert detail is not None
    assert detail.request.id == request_id
