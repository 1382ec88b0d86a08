"""AccountRepository contract: one row per mailbox and person, tokens replaced, conditional state changes."""

from __future__ import annotations

from datetime import UTC, datetime

from brokers.accounts import AccountId, AccountState, Tokens
from tests.contracts.conftest import Store
from tests.factories import (
    ANN,
    BOB,
    PRIVATE_SCOPES,
    a_draft,
    given_account,
    given_draft,
    given_user,
    some_tokens,
)


async def test_upsert_of_a_new_mailbox_is_new_and_active(store: Store) -> None:
    await given_user(store.uow)
    async with store.uow() as unit:
        account, created = await unit.accounts.upsert(ANN, " Ann@Gmail.com ", some_tokens())
        await unit.commit()
    assert created is True
    assert (account.telegram_id, account.address, account.state) == (
        ANN,
        "ann@gmail.com",
        AccountState.ACTIVE,
    )
    assert account.scopes == some_tokens().scopes


async def test_upsert_of_the_same_mailbox_replaces_its_tokens(store: Store) -> None:
    await given_user(store.uow)
    first = await given_account(store.uow)
    newer = some_tokens("access-2", scopes=PRIVATE_SCOPES)
    async with store.uow() as unit:
        again, created = await unit.accounts.upsert(ANN, "ANN@gmail.com", newer)
        await unit.commit()
    async with store.uow() as unit:
        assert (again.id, created, again.scopes) == (first.id, False, PRIVATE_SCOPES)
        assert await unit.accounts.tokens(first.id) == newer
        assert await unit.accounts.list_for(ANN) == [again]


async def test_upsert_reactivates_an_account_that_needed_reconnecting(store: Store) -> None:
    await given_user(store.uow)
    account = await given_account(store.uow)
    async with store.uow() as unit:
        await unit.accounts.mark(account.id, state=AccountState.NEEDS_RECONNECT, was=AccountState.ACTIVE)
        again, _ = await unit.accounts.upsert(ANN, account.address, some_tokens())
    assert again.state is AccountState.ACTIVE


async def test_list_holds_the_persons_accounts_oldest_first(store: Store) -> None:
    await given_user(store.uow)
    await given_user(store.uow, BOB)
    first = await given_account(store.uow, address="a@gmail.com")
    await given_account(store.uow, BOB, address="bob@gmail.com")
    second = await given_account(store.uow, address="b@gmail.com")
    async with store.uow() as unit:
        assert await unit.accounts.list_for(ANN) == [first, second]


async def test_saved_tokens_read_back_equal(store: Store) -> None:
    await given_user(store.uow)
    account = await given_account(store.uow)
    tokens = Tokens("fresh", None, datetime(2026, 11, 2, 10, tzinfo=UTC), frozenset({"a", "b"}))
    async with store.uow() as unit:
        await unit.accounts.save_tokens(account.id, tokens)
        await unit.commit()
    async with store.uow() as unit:
        assert await unit.accounts.tokens(account.id) == tokens


async def test_unknown_account_has_no_tokens(store: Store) -> None:
    async with store.uow() as unit:
        assert await unit.accounts.get(AccountId(99)) is None
        assert await unit.accounts.tokens(AccountId(99)) is None


async def test_mark_applies_only_from_the_expected_state(store: Store) -> None:
    await given_user(store.uow)
    account = await given_account(store.uow)
    async with store.uow() as unit:
        results = [
            await unit.accounts.mark(account.id, state=AccountState.NEEDS_RECONNECT, was=AccountState.ACTIVE),
            await unit.accounts.mark(account.id, state=AccountState.NEEDS_RECONNECT, was=AccountState.ACTIVE),
        ]
        await unit.commit()
        marked = await unit.accounts.get(account.id)
    assert results == [True, False]
    assert marked is not None
    assert marked.state is AccountState.NEEDS_RECONNECT


async def test_history_id_is_stored_and_cleared(store: Store) -> None:
    await given_user(store.uow)
    account = await given_account(store.uow)
    async with store.uow() as unit:
        await unit.accounts.set_history_id(account.id, "12345")
        await unit.commit()
        stored = await unit.accounts.get(account.id)
        await unit.accounts.set_history_id(account.id, None)
        cleared = await unit.accounts.get(account.id)
    assert (stored and stored.history_id, cleared and cleared.history_id) == ("12345", None)


async def test_delete_removes_the_account_and_keeps_its_requests_unlinked(store: Store) -> None:
    await given_user(store.uow)
    account = await given_account(store.uow)
    request = await given_draft(store.uow, a_draft(account=account))
    async with store.uow() as unit:
        assert await unit.accounts.delete(account.id) is True
        assert await unit.accounts.delete(account.id) is False
        await unit.commit()
    async with store.uow() as unit:
        kept = await unit.requests.get(request.id)
        assert await unit.accounts.get(account.id) is None
    assert kept is not None
    assert kept.account_id is None


async def test_drafts_of_a_deleted_account_return_when_the_same_address_connects_again(store: Store) -> None:
    await given_user(store.uow)
    account = await given_account(store.uow, address="ann@gmail.com")
    draft = await given_draft(store.uow, a_draft(account=account))
    async with store.uow() as unit:
        await unit.accounts.delete(account.id)
        await unit.commit()
    again = await given_account(store.uow, address="Ann@Gmail.com")
    async with store.uow() as unit:
        back = await unit.requests.get(draft.id)
    assert back is not None
    assert back.account_id == again.id


async def test_drafts_of_a_deleted_account_stay_away_from_another_address(store: Store) -> None:
    await given_user(store.uow)
    account = await given_account(store.uow, address="ann@gmail.com")
    draft = await given_draft(store.uow, a_draft(account=account))
    async with store.uow() as unit:
        await unit.accounts.delete(account.id)
        await unit.commit()
    await given_account(store.uow, address="other@gmail.com")
    await given_user(store.uow, BOB)
    await given_account(store.uow, BOB, address="ann@gmail.com")
    async with store.uow() as unit:
        kept = await unit.requests.get(draft.id)
    assert kept is not None
    assert kept.account_id is None


async def test_advance_sync_moves_only_from_the_expected_position(store: Store) -> None:
    await given_user(store.uow)
    account = await given_account(store.uow)
    at = datetime(2026, 5, 1, 12, tzinfo=UTC)
    async with store.uow() as unit:
        first = await unit.accounts.advance_sync(account.id, expected=None, history_id="100", at=at, units=3)
        stale = await unit.accounts.advance_sync(account.id, expected=None, history_id="90", at=at, units=5)
        await unit.commit()
    async with store.uow() as unit:
        stored = await unit.accounts.get(account.id)
    assert stored is not None
    assert (first, stale, stored.sync.history_id, stored.sync.synced_at, stored.sync.units) == (
        True,
        False,
        "100",
        at,
        3,
    )


async def test_confirm_sync_marks_only_the_accounts_still_at_their_position(store: Store) -> None:
    await given_user(store.uow)
    still, moved, never = [await given_account(store.uow, address=f"a{n}@gmail.com") for n in range(3)]
    before, at = datetime(2026, 5, 1, 12, tzinfo=UTC), datetime(2026, 5, 1, 12, 2, tzinfo=UTC)
    async with store.uow() as unit:
        for account in (still, moved):
            await unit.accounts.advance_sync(account.id, expected=None, history_id="100", at=before, units=3)
        # Another check moved this one on after the batch read it at 100.
        await unit.accounts.advance_sync(moved.id, expected="100", history_id="105", at=before, units=2)
        await unit.commit()
    positions = {still.id: "100", moved.id: "100", never.id: "100"}
    async with store.uow() as unit:
        await unit.accounts.confirm_sync(positions, at=at, units=1)
        await unit.accounts.confirm_sync({}, at=at, units=1)
        await unit.commit()
    async with store.uow() as unit:
        read = {a.id: a.sync for a in await unit.accounts.get_many([still.id, moved.id, never.id])}
    assert (read[still.id].history_id, read[still.id].synced_at, read[still.id].units) == ("100", at, 4)
    assert (read[moved.id].history_id, read[moved.id].synced_at, read[moved.id].units) == ("105", before, 5)
    assert (read[never.id].history_id, read[never.id].units) == (None, 0)


async def test_get_many_and_tokens_of_read_several_accounts_and_skip_unknown_ones(store: Store) -> None:
    await given_user(store.uow)
    await given_user(store.uow, BOB)
    ann = await given_account(store.uow, ANN, "ann@gmail.com")
    bob = await given_account(store.uow, BOB, "bob@gmail.com")
    async with store.uow() as unit:
        await unit.accounts.save_tokens(bob.id, some_tokens("bob"))
        await unit.commit()
    async with store.uow() as unit:
        accounts = await unit.accounts.get_many([bob.id, ann.id, AccountId(999)])
        tokens = await unit.accounts.tokens_of([ann.id, bob.id, AccountId(999)])
    assert sorted(accounts, key=lambda a: a.id) == [ann, bob]
    assert tokens == {ann.id: some_tokens(), bob.id: some_tokens("bob")}


async def test_sync_failures_count_in_a_row_and_units_start_afresh_each_day(store: Store) -> None:
    await given_user(store.uow)
    account = await given_account(store.uow)
    day_one, day_two = datetime(2026, 5, 1, 23, tzinfo=UTC), datetime(2026, 5, 2, 1, tzinfo=UTC)
    async with store.uow() as unit:
        failures = [await unit.accounts.sync_failed(account.id, at=day_one, units=2) for _ in range(2)]
        await unit.accounts.advance_sync(account.id, expected=None, history_id="7", at=day_two, units=4)
        await unit.commit()
    async with store.uow() as unit:
        stored = await unit.accounts.get(account.id)
    assert stored is not None
    assert (failures, stored.sync.failures, stored.sync.units_day, stored.sync.units) == (
        [1, 2],
        0,
        day_two.date(),
        4,
    )


async def test_by_mailbox_finds_every_active_account_of_an_address(store: Store) -> None:
    # A Gmail push names only the address: every person who connected it is found, nobody else.
    await given_user(store.uow, ANN)
    await given_user(store.uow, BOB)
    ann = await given_account(store.uow, ANN, "shared@gmail.com")
    bob = await given_account(store.uow, BOB, "Shared@Gmail.com")
    await given_account(store.uow, BOB, "bob@gmail.com")
    async with store.uow() as unit:
        await unit.accounts.mark(bob.id, state=AccountState.NEEDS_RECONNECT, was=AccountState.ACTIVE)
        await unit.accounts.index_mailbox(ann)  # already indexed: changes nothing
        await unit.commit()
    async with store.uow() as unit:
        assert await unit.accounts.by_mailbox(" SHARED@gmail.com") == [ann.id]
        assert await unit.accounts.by_mailbox("nobody@gmail.com") == []


async def test_count_units_adds_to_the_days_count_and_starts_afresh_the_next_day(store: Store) -> None:
    await given_user(store.uow)
    account = await given_account(store.uow)
    day_one, day_two = datetime(2026, 5, 1, 23, tzinfo=UTC), datetime(2026, 5, 2, 1, tzinfo=UTC)
    async with store.uow() as unit:
        await unit.accounts.advance_sync(account.id, expected=None, history_id="7", at=day_one, units=3)
        await unit.accounts.count_units(account.id, at=day_one, units=100)
        await unit.commit()
    async with store.uow() as unit:
        first = await unit.accounts.get(account.id)
        await unit.accounts.count_units(account.id, at=day_two, units=50)
        await unit.commit()
    async with store.uow() as unit:
        second = await unit.accounts.get(account.id)
    assert first is not None and second is not None
    assert (first.sync.units_on(day_one.date()), second.sync.units_day, second.sync.units) == (
        103,
        day_two.date(),
        50,
    )
