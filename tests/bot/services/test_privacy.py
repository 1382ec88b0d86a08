"""PrivacyService: export everything stored about a person, or erase it after revoking their tokens."""

from __future__ import annotations

import json

import pytest

from bot.services.privacy import PrivacyService
from brokers.profile import TelegramId
from tests.clock import FakeClock
from tests.factories import ANN, BOB, a_draft, given_account, given_draft, given_user
from tests.fakes.memory import MemoryUnitOfWorkFactory


class RecordingRevoker:
    """Revokes nothing; notes whose tokens were asked for and whether the person still existed then."""

    def __init__(self, uow: MemoryUnitOfWorkFactory) -> None:
        self._uow = uow
        self.calls: list[tuple[TelegramId, bool]] = []

    async def __call__(self, telegram_id: TelegramId) -> int:
        async with self._uow() as unit:
            self.calls.append((telegram_id, await unit.users.get(telegram_id) is not None))
        return 2


@pytest.fixture
def revoker(uow: MemoryUnitOfWorkFactory) -> RecordingRevoker:
    return RecordingRevoker(uow)


@pytest.fixture
def privacy(uow: MemoryUnitOfWorkFactory, clock: FakeClock, revoker: RecordingRevoker) -> PrivacyService:
    return PrivacyService(uow, clock, revoker)


async def test_export_of_someone_never_stored_is_none(privacy: PrivacyService) -> None:
    assert await privacy.export(ANN) is None


async def test_export_is_a_dated_json_document_of_the_persons_requests(
    privacy: PrivacyService, uow: MemoryUnitOfWorkFactory, clock: FakeClock
) -> None:
    await given_user(uow)
    await given_user(uow, BOB)
    await given_draft(uow, a_draft("acxiom"))
    await given_draft(uow, a_draft("corelogic", owner=BOB))
    exported = await privacy.export(ANN)
    assert exported is not None
    document = json.loads(exported)
    assert document["exported_at"] == clock.now().isoformat()
    assert [r["broker_id"] for r in document["deletion_requests"]] == ["acxiom"]


async def test_export_is_audited(privacy: PrivacyService, uow: MemoryUnitOfWorkFactory) -> None:
    await given_user(uow)
    await privacy.export(ANN)
    async with uow() as unit:
        assert [(e["action"], e["user_id"]) for e in await unit.audit.recent()] == [("export", ANN)]


async def test_forget_revokes_the_tokens_before_erasing_the_person(
    privacy: PrivacyService, uow: MemoryUnitOfWorkFactory, revoker: RecordingRevoker
) -> None:
    await given_user(uow)
    await given_account(uow)
    assert await privacy.forget(ANN) is True
    async with uow() as unit:
        assert await unit.users.get(ANN) is None
        assert await unit.accounts.list_for(ANN) == []
    assert revoker.calls == [(ANN, True)]


async def test_forget_records_the_erasure_without_naming_the_person(
    privacy: PrivacyService, uow: MemoryUnitOfWorkFactory
) -> None:
    await given_user(uow)
    await privacy.forget(ANN)
    async with uow() as unit:
        (entry,) = await unit.audit.recent()
    assert (entry["action"], entry["actor"], entry["user_id"], entry["detail"]) == (
        "erasure", None, None, {"tokens_revoked": 2},
    )  # fmt: skip


async def test_forget_of_someone_never_stored_revokes_nothing(
    privacy: PrivacyService, revoker: RecordingRevoker
) -> None:
    assert await privacy.forget(ANN) is False
    assert revoker.calls == []


async def test_forget_leaves_other_people_alone(
    privacy: PrivacyService, uow: MemoryUnitOfWorkFactory
) -> None:
    await given_user(uow)
    bob = await given_user(uow, BOB)
    await privacy.forget(ANN)
    async with uow() as unit:
        assert await unit.users.get(BOB) == bob
