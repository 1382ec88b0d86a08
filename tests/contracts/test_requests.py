"""RequestRepository contract (all but `move`): one open request per broker, pages, history, counts."""

from __future__ import annotations

from datetime import timedelta

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
