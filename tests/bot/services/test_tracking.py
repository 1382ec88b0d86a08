"""TrackingService: a person's requests page by page and filtered, one request's history, and corrections."""

from __future__ import annotations

import pytest

from bot.services.tracking import Corrected, Correction, TrackingService
from brokers.catalog import load_bundled
from brokers.lifecycle import RequestStatus
from brokers.requests import RequestId
from tests.factories import ANN, BOB, a_draft, given_draft, given_status, given_user
from tests.fakes.memory import MemoryUnitOfWorkFactory

S = RequestStatus
CATALOG = load_bundled()


@pytest.fixture
def tracking(uow: MemoryUnitOfWorkFactory) -> TrackingService:
    return TrackingService(uow, lambda: CATALOG)


@pytest.fixture
async def people(uow: MemoryUnitOfWorkFactory) -> None:
    await given_user(uow)
    await given_user(uow, BOB)


@pytest.mark.usefixtures("people")
async def test_attention_lists_drafts_but_not_sent_requests_newest_first(
    tracking: TrackingService, uow: MemoryUnitOfWorkFactory
) -> None:
    sent = await given_draft(uow, a_draft("acxiom"))
    await given_status(uow, sent, S.SENDING, S.SENT)
    await given_draft(uow, a_draft("corelogic"))
    await given_draft(uow, a_draft("192-com"))
    page = await tracking.page(ANN, "attention", 0, 10)
    assert [(item.broker_name, item.request.status) for item in page.items] == [
        ("192.com", S.DRAFT), ("CoreLogic", S.DRAFT),
    ]  # fmt: skip
    assert page.total == 2


@pytest.mark.usefixtures("people")
async def test_open_lists_requests_waiting_on_the_broker(
    tracking: TrackingService, uow: MemoryUnitOfWorkFactory
) -> None:
    sent = await given_draft(uow, a_draft("acxiom"))
    await given_status(uow, sent, S.SENDING, S.SENT)
    await given_draft(uow, a_draft("corelogic"))
    page = await tracking.page(ANN, "open", 0, 10)
    assert [item.request.id for item in page.items] == [sent.id]


@pytest.mark.usefixtures("people")
async def test_page_shows_only_the_persons_own_requests(
    tracking: TrackingService, uow: MemoryUnitOfWorkFactory
) -> None:
    await given_draft(uow, a_draft("acxiom", owner=BOB))
    page = await tracking.page(ANN, "all", 0, 10)
    assert (page.items, page.total) == ([], 0)


@pytest.mark.usefixtures("people")
async def test_page_keeps_its_offset_and_the_total(
    tracking: TrackingService, uow: MemoryUnitOfWorkFactory
) -> None:
    for broker in ("acxiom", "corelogic", "192-com"):
        await given_draft(uow, a_draft(broker))
    page = await tracking.page(ANN, "all", 2, 2)
    assert ([item.request.broker_id for item in page.items], page.offset, page.total) == (["acxiom"], 2, 3)


@pytest.mark.usefixtures("people")
async def test_broker_missing_from_the_catalog_is_named_by_its_id(
    tracking: TrackingService, uow: MemoryUnitOfWorkFactory
) -> None:
    await given_draft(uow, a_draft("gone-broker"))
    page = await tracking.page(ANN, "all", 0, 10)
    assert [item.broker_name for item in page.items] == ["gone-broker"]


@pytest.mark.usefixtures("people")
async def test_correction_changes_what_a_reply_was_taken_to_mean(
    tracking: TrackingService, uow: MemoryUnitOfWorkFactory
) -> None:
    request = await given_draft(uow, a_draft())
    await given_status(uow, request, S.SENDING, S.SENT, S.ACKNOWLEDGED)
    assert await tracking.correct(ANN, request.id, S.COMPLETED) == Corrected(
        Correction.CHANGED, S.COMPLETED, previous=S.ACKNOWLEDGED
    )
    detail = await tracking.detail(ANN, request.id)
    assert detail is not None
    assert detail.request.status is S.COMPLETED
    assert (detail.history[-1].from_status, detail.history[-1].reason) == (
        S.ACKNOWLEDGED,
        "corrected by the person",
    )


@pytest.mark.usefixtures("people")
async def test_correction_of_another_persons_request_changes_nothing(
    tracking: TrackingService, uow: MemoryUnitOfWorkFactory
) -> None:
    request = await given_draft(uow, a_draft(owner=BOB))
    await given_status(uow, request, S.SENDING, S.SENT, S.ACKNOWLEDGED)
    assert await tracking.correct(ANN, request.id, S.COMPLETED) == Corrected(Correction.NOT_FOUND)
    async with uow() as unit:
        stored = await unit.requests.get(request.id)
    assert stored is not None
    assert stored.status is S.ACKNOWLEDGED


@pytest.mark.usefixtures("people")
async def test_detail_holds_the_broker_name_and_the_whole_history(
    tracking: TrackingService, uow: MemoryUnitOfWorkFactory
) -> None:
    request = await given_draft(uow, a_draft())
    await given_status(uow, request, S.SENDING, S.SENT)
    detail = await tracking.detail(ANN, request.id)
    assert detail is not None
    assert detail.broker_name == "Acxiom"
    assert [(e.from_status, e.to_status) for e in detail.history] == [
        (None, S.DRAFT), (S.DRAFT, S.SENDING), (S.SENDING, S.SENT),
    ]  # fmt: skip


@pytest.mark.usefixtures("people")
async def test_detail_of_another_persons_or_an_unknown_request_is_none(
    tracking: TrackingService, uow: MemoryUnitOfWorkFactory
) -> None:
    theirs = await given_draft(uow, a_draft(owner=BOB))
    assert await tracking.detail(ANN, theirs.id) is None
    assert await tracking.detail(ANN, RequestId(404)) is None
