"""RequestRepository contract: one open request per broker, pages, history, counts, compare-and-set moves."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta

import pytest

from brokers.errors import IllegalTransition
from brokers.lifecycle import RequestStatus
from brokers.requests import Channel, DeletionRequest, RequestEvent, RequestId
from tests.contracts.conftest import Store
from tests.factories import ANN, BOB, a_draft, given_account, given_draft, given_status, given_user

S = RequestStatus


async def test_new_draft_reads_back_as_created(store: Store) -> None:
    await given_user(store.uow)
    account = await given_account(store.uow)
    draft = await given_draft(store.uow, a_draft(account=account))
    expected = DeletionRequest(
        draft.id, ANN, account.id, "acxiom", "gdpr", Channel.EMAIL, "privacy@acxiom.example", S.DRAFT,
        None, None, None, None, None, 0, None, store.clock.now(),
    )  # fmt: skip
    async with store.uow() as unit:
        assert await unit.requests.get(draft.id) == expected == draft


async def test_second_draft_to_the_same_broker_is_refused_while_the_first_is_open(store: Store) -> None:
    await given_user(store.uow)
    first = await given_draft(store.uow, a_draft())
    await given_status(store.uow, first, S.SENDING, S.SENT)
    async with store.uow() as unit:
        assert await unit.requests.add_draft(a_draft()) is None


async def test_draft_to_the_same_broker_is_allowed_once_the_first_is_closed(store: Store) -> None:
    await given_user(store.uow)
    first = await given_draft(store.uow, a_draft())
    await given_status(store.uow, first, S.CLOSED)
    async with store.uow() as unit:
        again = await unit.requests.add_draft(a_draft())
    assert again is not None
    assert again.id != first.id


async def test_skipped_company_gets_no_new_draft_until_un_skipped(store: Store) -> None:
    await given_user(store.uow)
    first = await given_draft(store.uow, a_draft())
    await given_status(store.uow, first, S.SKIPPED)
    async with store.uow() as unit:
        assert await unit.requests.add_draft(a_draft()) is None
    await given_status(store.uow, replace(first, status=S.SKIPPED), S.DRAFT)
    async with store.uow() as unit:
        assert await unit.requests.get(first.id) == first
        assert await unit.requests.add_draft(a_draft()) is None


async def test_latest_only_lists_each_company_once_per_account(store: Store) -> None:
    await given_user(store.uow)
    account = await given_account(store.uow)
    other = await given_account(store.uow, address="ann.work@gmail.com")
    old = await given_draft(store.uow, a_draft(account=account))
    await given_status(store.uow, old, S.CLOSED)
    again = await given_draft(store.uow, a_draft(account=account))
    await given_status(store.uow, again, S.CLOSED)
    newest = await given_draft(store.uow, a_draft(account=account))
    elsewhere = await given_draft(store.uow, a_draft("b1", account=other))
    async with store.uow() as unit:
        latest, total = await unit.requests.list_for(ANN, latest_only=True)
        closed, closed_total = await unit.requests.list_for(ANN, statuses=[S.CLOSED], latest_only=True)
        everything, all_total = await unit.requests.list_for(ANN)
    assert ([r.id for r in latest], total) == ([elsewhere.id, newest.id], 2)
    assert (closed, closed_total) == ([], 0)
    assert all_total == 4 == len(everything)


async def test_drafts_of_two_people_to_one_broker_are_both_allowed(store: Store) -> None:
    await given_user(store.uow)
    await given_user(store.uow, BOB)
    await given_draft(store.uow, a_draft())
    async with store.uow() as unit:
        assert await unit.requests.add_draft(a_draft(owner=BOB)) is not None


async def test_unknown_request_reads_as_none(store: Store) -> None:
    async with store.uow() as unit:
        assert await unit.requests.get(RequestId(404)) is None


async def test_list_pages_the_persons_requests_newest_first_with_the_total(store: Store) -> None:
    await given_user(store.uow)
    await given_user(store.uow, BOB)
    drafts = [await given_draft(store.uow, a_draft(f"b{i}")) for i in range(5)]
    await given_draft(store.uow, a_draft("b0", owner=BOB))
    async with store.uow() as unit:
        page, total = await unit.requests.list_for(ANN, offset=1, limit=2)
    assert ([r.broker_id for r in page], total) == (["b3", "b2"], 5)
    assert page == [drafts[3], drafts[2]]


async def test_list_filters_by_status(store: Store) -> None:
    await given_user(store.uow)
    sent = await given_draft(store.uow, a_draft("b0"))
    await given_draft(store.uow, a_draft("b1"))
    await given_status(store.uow, sent, S.SENDING, S.SENT)
    async with store.uow() as unit:
        drafts, drafts_total = await unit.requests.list_for(ANN, statuses=[S.DRAFT])
        none, none_total = await unit.requests.list_for(ANN, statuses=[])
    assert ([r.broker_id for r in drafts], drafts_total) == (["b1"], 1)
    assert (none, none_total) == ([], 0)


async def test_of_account_lists_only_that_accounts_requests_in_the_statuses_newest_first(
    store: Store,
) -> None:
    await given_user(store.uow)
    await given_user(store.uow, BOB)
    ann = await given_account(store.uow)
    other = await given_account(store.uow, address="ann.other@gmail.com")
    bob = await given_account(store.uow, BOB, address="bob@gmail.com")
    first = await given_status(
        store.uow, await given_draft(store.uow, a_draft("b0", account=ann)), S.SENDING, S.SENT
    )
    await given_draft(store.uow, a_draft("b1", account=ann))  # a draft: not asked for
    second = await given_status(
        store.uow, await given_draft(store.uow, a_draft("b2", account=ann)), S.SENDING, S.SENT
    )
    others = await given_status(
        store.uow, await given_draft(store.uow, a_draft("b3", account=other)), S.SENDING, S.SENT
    )
    bobs = await given_status(
        store.uow, await given_draft(store.uow, a_draft("b4", BOB, bob)), S.SENDING, S.SENT
    )
    async with store.uow() as unit:
        sent = await unit.requests.of_account(ann, [S.SENT, S.COMPLETED])
        none = await unit.requests.of_account(ann, [])
        together = await unit.requests.of_accounts([ann, other, bob], [S.SENT, S.COMPLETED])
        nobody = await unit.requests.of_accounts([], [S.SENT])
    assert [r.id for r in sent] == [second.id, first.id]
    assert none == []
    # The same for several accounts in one read, each with its own.
    assert {i: [r.id for r in rs] for i, rs in together.items()} == {
        ann.id: [second.id, first.id],
        other.id: [others.id],
        bob.id: [bobs.id],
    }
    assert nobody == {}


async def test_page_past_the_end_is_empty_but_keeps_the_total(store: Store) -> None:
    await given_user(store.uow)
    await given_draft(store.uow, a_draft())
    async with store.uow() as unit:
        assert await unit.requests.list_for(ANN, offset=5) == ([], 1)


async def test_in_status_lists_everyones_requests_in_that_status_oldest_first(store: Store) -> None:
    await given_user(store.uow)
    await given_user(store.uow, BOB)
    first = await given_draft(store.uow, a_draft("b0"))
    second = await given_draft(store.uow, a_draft("b0", owner=BOB))
    third = await given_draft(store.uow, a_draft("b1"))
    await given_status(store.uow, first, S.SENDING)
    await given_status(store.uow, third, S.SENDING)
    async with store.uow() as unit:
        sending = await unit.requests.in_status(S.SENDING)
        drafts = await unit.requests.in_status(S.DRAFT)
        limited = await unit.requests.in_status(S.SENDING, limit=1)
    assert [r.id for r in sending] == [first.id, third.id]
    assert [r.id for r in drafts] == [second.id]
    assert [r.id for r in limited] == [first.id]


async def test_history_lists_the_changes_in_order_with_notes(store: Store) -> None:
    await given_user(store.uow)
    draft = await given_draft(store.uow, a_draft())
    await given_status(store.uow, draft, S.SENDING, S.SENT)
    async with store.uow() as unit:
        await unit.requests.note(draft.id, reason="reply:auto_reply", evidence={"rule": "ooo"})
        await unit.commit()
        history = await unit.requests.history(draft.id)
    now = store.clock.now()
    assert history == [
        RequestEvent(draft.id, None, S.DRAFT, now, "created"),
        RequestEvent(draft.id, S.DRAFT, S.SENDING, now, "test setup"),
        RequestEvent(draft.id, S.SENDING, S.SENT, now, "test setup"),
        RequestEvent(draft.id, S.SENT, S.SENT, now, "reply:auto_reply", {"rule": "ooo"}),
    ]


async def test_note_on_an_unknown_request_records_nothing(store: Store) -> None:
    async with store.uow() as unit:
        await unit.requests.note(RequestId(404), reason="nothing")
        assert await unit.requests.history(RequestId(404)) == []


async def test_sent_since_counts_the_accounts_mails_sent_from_that_time(store: Store) -> None:
    await given_user(store.uow)
    account = await given_account(store.uow)
    other = await given_account(store.uow, address="other@gmail.com")
    now = store.clock.now()
    for broker, when, source in (("b0", now - timedelta(hours=25), account), ("b1", now, account),
                                 ("b2", now - timedelta(hours=23), account), ("b3", now, other)):  # fmt: skip
        draft = await given_draft(store.uow, a_draft(broker, account=source))
        await given_status(store.uow, draft, S.SENDING, S.SENT, sent_at=when)
    await given_draft(store.uow, a_draft("b4", account=account))
    async with store.uow() as unit:
        assert await unit.requests.sent_since(account.id, now - timedelta(days=1)) == 2


async def _status_and_history(store: Store, request_id: RequestId) -> tuple[S | None, int]:
    async with store.uow() as unit:
        request = await unit.requests.get(request_id)
        return (request.status if request else None), len(await unit.requests.history(request_id))


async def test_move_from_the_expected_status_changes_it_and_records_why(store: Store) -> None:
    await given_user(store.uow)
    draft = await given_draft(store.uow, a_draft())
    async with store.uow() as unit:
        assert await unit.requests.move(
            draft.id, expected=S.DRAFT, to=S.SENDING, reason="confirmed", attempts=1
        )
        await unit.commit()
        moved = await unit.requests.get(draft.id)
        history = await unit.requests.history(draft.id)
    assert moved is not None
    assert (moved.status, moved.attempts) == (S.SENDING, 1)
    assert history[-1] == RequestEvent(draft.id, S.DRAFT, S.SENDING, store.clock.now(), "confirmed")


async def test_move_from_a_stale_status_changes_nothing(store: Store) -> None:
    await given_user(store.uow)
    draft = await given_draft(store.uow, a_draft())
    async with store.uow() as unit:
        assert not await unit.requests.move(draft.id, expected=S.FAILED, to=S.SENDING, reason="retry")
        await unit.commit()
    assert await _status_and_history(store, draft.id) == (S.DRAFT, 1)


async def test_illegal_move_raises_and_changes_nothing(store: Store) -> None:
    await given_user(store.uow)
    draft = await given_draft(store.uow, a_draft())
    async with store.uow() as unit:
        with pytest.raises(IllegalTransition):
            await unit.requests.move(draft.id, expected=S.DRAFT, to=S.COMPLETED, reason="forged")
        await unit.commit()
    assert await _status_and_history(store, draft.id) == (S.DRAFT, 1)


async def test_move_of_an_unknown_request_is_false(store: Store) -> None:
    async with store.uow() as unit:
        assert not await unit.requests.move(RequestId(404), expected=S.DRAFT, to=S.SENDING, reason="x")


async def test_set_law_changes_a_draft_once_and_never_a_sent_request(store: Store) -> None:
    await given_user(store.uow)
    draft = await given_draft(store.uow, a_draft())
    other = await given_draft(store.uow, a_draft("epsilon"))
    await given_status(store.uow, other, S.SENDING, S.SENT)
    async with store.uow() as unit:
        assert await unit.requests.set_law(draft.id, "ccpa")
        assert not await unit.requests.set_law(draft.id, "ccpa")
        assert not await unit.requests.set_law(other.id, "ccpa")
        await unit.commit()
        redrafted = await unit.requests.get(draft.id)
        history = await unit.requests.history(draft.id)
    assert redrafted is not None
    assert redrafted.law == "ccpa"
    assert history[-1].reason == "redrafted under ccpa"
