"""DecisionService: Ask or Skip per company found, and what the person decided before."""

from __future__ import annotations

from datetime import timedelta

import pytest

from bot.services.decisions import Choice, Decision, DecisionService
from bot.services.review import ReviewService
from bot.services.scans import ScanService
from brokers.accounts import Account
from brokers.catalog import load_bundled
from brokers.lifecycle import RequestStatus
from brokers.requests import Discovery
from tests.bot.services.letters import timers
from tests.clock import FakeClock
from tests.factories import ANN, BOB, given_account, given_status, given_user
from tests.fakes.memory import MemoryUnitOfWorkFactory

CATALOG = load_bundled()


@pytest.fixture
def review(uow: MemoryUnitOfWorkFactory, clock: FakeClock) -> ReviewService:
    return ReviewService(uow, clock, lambda: CATALOG, timers(uow, clock))


@pytest.fixture
def decisions(uow: MemoryUnitOfWorkFactory, review: ReviewService) -> DecisionService:
    def no_mailbox(_: object) -> object:
        raise AssertionError("choices never open the mailbox")

    return DecisionService(
        uow, review, ScanService(uow, lambda: CATALOG, no_mailbox, uow.database.clock, wake=lambda _s: None)
    )  # type: ignore[arg-type]


@pytest.fixture
async def account(uow: MemoryUnitOfWorkFactory, clock: FakeClock) -> Account:
    await given_user(uow, jurisdiction="DE")
    await given_user(uow, BOB)
    account = await given_account(uow)
    async with uow() as unit:
        for count, broker_id in ((2, "acxiom"), (5, "1und1"), (9, "corelogic")):
            when = clock.now() - timedelta(days=count)
            await unit.discoveries.merge(Discovery(account.id, broker_id, count, when, when), scan_id=None)
        await unit.commit()
    return account


def decided(choices: list[Choice]) -> list[tuple[str, Decision]]:
    return [(c.found.broker.id, c.decision) for c in choices]


async def test_choices_list_brokers_first_most_mail_first_undecided(
    decisions: DecisionService, account: Account
) -> None:
    assert decided(await decisions.choices(ANN, account.id)) == [
        ("corelogic", Decision.UNDECIDED),
        ("acxiom", Decision.UNDECIDED),
        ("1und1", Decision.UNDECIDED),
    ]


async def test_ask_and_skip_are_remembered_and_a_repeat_changes_nothing(
    decisions: DecisionService, review: ReviewService, account: Account
) -> None:
    assert await decisions.ask(ANN, account.id, "1und1") is True
    assert await decisions.ask(ANN, account.id, "1und1") is False
    assert await decisions.skip(ANN, account.id, "acxiom") is True
    assert await decisions.skip(ANN, account.id, "acxiom") is False
    assert decided(await decisions.choices(ANN, account.id)) == [
        ("corelogic", Decision.UNDECIDED),
        ("acxiom", Decision.SKIP),
        ("1und1", Decision.ASK),
    ]
    assert [c.broker.id for c in await review.draft_found(ANN, account.id)] == ["1und1", "corelogic"]


async def test_ask_after_skip_un_skips_the_same_request(
    decisions: DecisionService, review: ReviewService, account: Account
) -> None:
    await decisions.skip(ANN, account.id, "acxiom")
    assert await decisions.ask(ANN, account.id, "acxiom") is True
    (card,) = await review.drafts(ANN)
    assert card.broker.id == "acxiom"


async def test_a_request_on_its_way_cannot_be_skipped(
    decisions: DecisionService, review: ReviewService, uow: MemoryUnitOfWorkFactory, account: Account
) -> None:
    (card,) = await review.add(ANN, account.id, ["acxiom"])
    await given_status(uow, card.request, RequestStatus.SENDING, RequestStatus.SENT)
    assert await decisions.skip(ANN, account.id, "acxiom") is False
    assert decided(await decisions.choices(ANN, account.id))[1] == ("acxiom", Decision.ASK)


async def test_choices_in_another_persons_mailbox_are_empty(
    decisions: DecisionService, account: Account
) -> None:
    assert await decisions.choices(BOB, account.id) == []
