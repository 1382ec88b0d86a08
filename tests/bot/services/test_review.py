"""ReviewService: drafts for the brokers found, one per broker, the exact letter, skipping and web forms."""

from __future__ import annotations

from datetime import timedelta

import pytest

from bot.services.outgoing import OutgoingLetter, Result, prepare
from bot.services.review import ReviewService
from brokers.accounts import Account
from brokers.catalog import load_bundled
from brokers.letters import LetterKind
from brokers.lifecycle import RequestStatus
from brokers.requests import Channel, Discovery
from tests.bot.services.letters import pending_jobs, timers
from tests.clock import FakeClock
from tests.factories import ANN, BOB, given_account, given_status, given_user
from tests.fakes.memory import MemoryUnitOfWorkFactory
from tests.fakes.memory.jobs import MemoryJobScheduler

S = RequestStatus
CATALOG = load_bundled()
FORM_ONLY = "180-by-two"


@pytest.fixture
def review(uow: MemoryUnitOfWorkFactory, clock: FakeClock) -> ReviewService:
    return ReviewService(uow, clock, lambda: CATALOG, timers(uow, clock))


@pytest.fixture
async def account(uow: MemoryUnitOfWorkFactory) -> Account:
    await given_user(uow, jurisdiction="DE")
    await given_user(uow, BOB)
    return await given_account(uow)


async def found(uow: MemoryUnitOfWorkFactory, account: Account, *broker_ids: str) -> None:
    async with uow() as unit:
        for count, broker_id in enumerate(broker_ids, start=1):
            when = FakeClock().now() - timedelta(days=count)
            await unit.discoveries.merge(Discovery(account.id, broker_id, count, when, when), scan_id=None)
        await unit.commit()


async def test_found_brokers_get_drafts_but_companies_do_not(
    review: ReviewService, uow: MemoryUnitOfWorkFactory, account: Account
) -> None:
    await found(uow, account, "acxiom", "1und1", "corelogic")
    cards = await review.draft_found(ANN, account.id)
    assert sorted(card.broker.id for card in cards) == ["acxiom", "corelogic"]


async def test_card_shows_why_the_broker_is_listed(
    review: ReviewService, uow: MemoryUnitOfWorkFactory, account: Account
) -> None:
    await found(uow, account, "acxiom")
    (card,) = await review.draft_found(ANN, account.id)
    assert card.discovery is not None
    assert card.discovery.message_count == 1


async def test_adding_a_broker_twice_drafts_it_once(
    review: ReviewService, uow: MemoryUnitOfWorkFactory, account: Account
) -> None:
    await review.add(ANN, account.id, ["acxiom"])
    cards = await review.add(ANN, account.id, ["acxiom"])
    assert [card.broker.id for card in cards] == ["acxiom"]


async def test_draft_follows_the_persons_law_and_the_brokers_address(
    review: ReviewService, account: Account
) -> None:
    (card,) = await review.add(ANN, account.id, ["acxiom"])
    request = card.request
    assert (request.law, request.channel, request.recipient) == (
        "gdpr",
        Channel.EMAIL,
        "consumeradvo@acxiom.com",
    )


async def test_broker_without_an_address_is_drafted_as_a_web_form(
    review: ReviewService, account: Account
) -> None:
    (card,) = await review.add(ANN, account.id, [FORM_ONLY])
    assert (card.request.channel, card.request.recipient) == (Channel.FORM, None)


async def test_unknown_broker_ids_are_ignored(review: ReviewService, account: Account) -> None:
    assert await review.add(ANN, account.id, ["no-such-broker"]) == []


async def test_drafts_for_another_persons_mailbox_are_refused(
    review: ReviewService, uow: MemoryUnitOfWorkFactory, account: Account
) -> None:
    assert await review.add(BOB, account.id, ["acxiom"]) == []
    async with uow() as unit:
        assert await unit.requests.list_for(BOB) == ([], 0)


async def test_well_known_brokers_are_drafted_on_request(review: ReviewService, account: Account) -> None:
    cards = await review.add_well_known(ANN, account.id)
    assert cards
    assert all(card.broker.well_known for card in cards)


async def test_after_a_drop_request_brokers_drop_reaches_come_last(
    review: ReviewService, uow: MemoryUnitOfWorkFactory, account: Account, clock: FakeClock
) -> None:
    await given_user(uow, jurisdiction="US-CA", drop_submitted_at=clock.now())
    cards = await review.add(ANN, account.id, ["acxiom", "192-com"])
    assert [card.broker.id for card in cards] == ["192-com", "acxiom"]


async def test_preview_is_the_letter_from_the_persons_mailbox_with_their_name(
    review: ReviewService, uow: MemoryUnitOfWorkFactory, account: Account
) -> None:
    (card,) = await review.add(ANN, account.id, ["acxiom"])
    async with uow() as unit:
        draft = await prepare(unit, lambda: CATALOG, ANN, card.request.id, LetterKind.DELETION)
    assert isinstance(draft, OutgoingLetter)
    assert (draft.recipient, draft.sender) == ("consumeradvo@acxiom.com", "ann@gmail.com")
    assert "Ann Example" in draft.letter.body


async def test_preview_of_another_persons_request_is_not_found(
    review: ReviewService, uow: MemoryUnitOfWorkFactory, account: Account
) -> None:
    (card,) = await review.add(ANN, account.id, ["acxiom"])
    async with uow() as unit:
        assert (
            await prepare(unit, lambda: CATALOG, BOB, card.request.id, LetterKind.DELETION)
            is Result.NOT_FOUND
        )
    assert await review.card(BOB, card.request.id) is None


async def test_skip_takes_the_draft_off_the_list_once(review: ReviewService, account: Account) -> None:
    (card,) = await review.add(ANN, account.id, ["acxiom"])
    assert [await review.skip(ANN, card.request.id), await review.skip(ANN, card.request.id)] == [True, False]
    assert await review.drafts(ANN) == []


async def test_skipped_broker_is_not_drafted_again_by_a_rescan_or_well_known(
    review: ReviewService, uow: MemoryUnitOfWorkFactory, account: Account
) -> None:
    await found(uow, account, "acxiom")
    (card,) = await review.draft_found(ANN, account.id)
    await review.skip(ANN, card.request.id)
    assert await review.draft_found(ANN, account.id) == []
    assert await review.add(ANN, account.id, ["acxiom"]) == []


async def test_unskip_brings_the_same_draft_back_once(review: ReviewService, account: Account) -> None:
    (card,) = await review.add(ANN, account.id, ["acxiom"])
    await review.skip(ANN, card.request.id)
    again = await review.unskip(ANN, card.request.id)
    assert again is not None and again.request.id == card.request.id
    assert again.request.status is S.DRAFT
    assert await review.unskip(ANN, card.request.id) is None


async def test_unskip_of_another_persons_request_changes_nothing(
    review: ReviewService, account: Account
) -> None:
    (card,) = await review.add(ANN, account.id, ["acxiom"])
    await review.skip(ANN, card.request.id)
    assert await review.unskip(BOB, card.request.id) is None
    assert await review.drafts(ANN) == []


async def test_skip_of_another_persons_draft_changes_nothing(review: ReviewService, account: Account) -> None:
    (card,) = await review.add(ANN, account.id, ["acxiom"])
    assert await review.skip(BOB, card.request.id) is False
    assert [c.request.id for c in await review.drafts(ANN)] == [card.request.id]


async def test_web_form_submitted_by_hand_counts_as_sent_from_now(
    review: ReviewService, uow: MemoryUnitOfWorkFactory, account: Account, clock: FakeClock
) -> None:
    (card,) = await review.add(ANN, account.id, [FORM_ONLY])
    assert await review.submitted_by_hand(ANN, card.request.id) is True
    async with uow() as unit:
        request = await unit.requests.get(card.request.id)
    assert request is not None
    assert (request.status, request.sent_at) == (S.SENT, clock.now())
    assert request.deadline_at == card.deadline_if_sent_now


async def test_email_request_cannot_be_marked_submitted_by_hand(
    review: ReviewService, account: Account
) -> None:
    (card,) = await review.add(ANN, account.id, ["acxiom"])
    assert await review.submitted_by_hand(ANN, card.request.id) is False


async def test_asking_again_closes_the_old_request_and_drafts_a_new_one(
    review: ReviewService, uow: MemoryUnitOfWorkFactory, account: Account
) -> None:
    (card,) = await review.add(ANN, account.id, ["acxiom"])
    await given_status(uow, card.request, S.SENDING, S.SENT, S.COMPLETED)
    again = await review.ask_again(ANN, card.request.id)
    async with uow() as unit:
        old = await unit.requests.get(card.request.id)
    assert again is not None
    assert again.request.id != card.request.id
    assert again.request.status is S.DRAFT
    assert old is not None
    assert old.status is S.CLOSED


async def test_drafts_of_a_disconnected_mailbox_wait_apart_and_ask_to_reconnect(
    review: ReviewService, uow: MemoryUnitOfWorkFactory, account: Account
) -> None:
    (card,) = await review.add(ANN, account.id, ["acxiom"])
    async with uow() as unit:
        await unit.accounts.delete(account.id)
        await unit.commit()
    assert (await review.drafts(ANN), await review.parked(ANN)) == ([], 1)
    async with uow() as unit:
        assert (
            await prepare(unit, lambda: CATALOG, ANN, card.request.id, LetterKind.DELETION)
            is Result.RECONNECT
        )
    again = await given_account(uow, ANN, account.address)
    assert ([c.request.account_id for c in await review.drafts(ANN)], await review.parked(ANN)) == (
        [again.id],
        0,
    )


async def test_web_form_submitted_by_hand_arms_its_reminders_with_the_state(
    review: ReviewService, uow: MemoryUnitOfWorkFactory, account: Account
) -> None:
    (card,) = await review.add(ANN, account.id, [FORM_ONLY])
    await review.submitted_by_hand(ANN, card.request.id)
    keys = {key for *_, key, _ in pending_jobs(uow)}
    assert {f"deadline_near:{card.request.id}", f"deadline_passed:{card.request.id}"} <= keys


@pytest.mark.parametrize("dies_at", [1, 2, 3])
async def test_web_form_submission_killed_before_its_reminders_leaves_neither(
    review: ReviewService,
    uow: MemoryUnitOfWorkFactory,
    account: Account,
    monkeypatch: pytest.MonkeyPatch,
    dies_at: int,
) -> None:
    (card,) = await review.add(ANN, account.id, [FORM_ONLY])
    calls = []

    async def dying_schedule(self: MemoryJobScheduler, *args: object, **kwargs: object) -> int:
        calls.append(args)
        if len(calls) == dies_at:
            raise RuntimeError("the process died here")
        return await real_schedule(self, *args, **kwargs)

    real_schedule = MemoryJobScheduler.schedule
    monkeypatch.setattr(MemoryJobScheduler, "schedule", dying_schedule)
    with pytest.raises(RuntimeError):
        await review.submitted_by_hand(ANN, card.request.id)
    async with uow() as unit:
        request = await unit.requests.get(card.request.id)
    assert request is not None
    assert (request.status, pending_jobs(uow)) == (S.DRAFT, [])


async def test_brands_found_are_drafted_once_to_their_parent_whose_letter_names_them(
    review: ReviewService, uow: MemoryUnitOfWorkFactory, account: Account
) -> None:
    # The Texas registry lists PeopleLooker and NeighborWho under BeenVerified's registration.
    await found(uow, account, "peoplelooker", "neighborwho")
    (card,) = await review.draft_found(ANN, account.id)
    assert card.broker.id == "beenverified"
    assert {b.id for b in card.found_brands} == {"peoplelooker", "neighborwho"}
    assert card.discovery is not None and card.found_name in {"PeopleLooker", "NeighborWho"}
    assert card.request.recipient == "privacy@beenverified.com"
    async with uow() as unit:
        draft = await prepare(unit, lambda: CATALOG, ANN, card.request.id, LetterKind.DELETION)
    assert isinstance(draft, OutgoingLetter)
    covered = {b.name for b in card.covers}
    assert "This request also covers your brands" in draft.letter.body
    assert all(name in draft.letter.body for name in covered)


async def test_a_broker_without_a_parent_is_drafted_as_itself_with_no_brands(
    review: ReviewService, uow: MemoryUnitOfWorkFactory, account: Account
) -> None:
    await found(uow, account, "acxiom")
    (card,) = await review.draft_found(ANN, account.id)
    assert (card.broker.id, card.covers, card.found_name) == ("acxiom", (), card.broker.name)
    async with uow() as unit:
        draft = await prepare(unit, lambda: CATALOG, ANN, card.request.id, LetterKind.DELETION)
    assert isinstance(draft, OutgoingLetter) and "brands" not in draft.letter.body
