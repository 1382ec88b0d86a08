"""OAuthStateRepository contract: a state and a confirmation token are each used once, and expire."""

from __future__ import annotations

from datetime import timedelta

from brokers.accounts import (
    CONFIRM_TTL_SECONDS,
    Confirmation,
    PendingAuthorization,
    StateProblem,
    StateRejected,
)
from brokers.scopes import AccessMode
from tests.contracts.conftest import Store
from tests.factories import ANN, given_user, some_tokens


async def given_state(store: Store, state: str = "s1", minutes: int = 10) -> PendingAuthorization:
    await given_user(store.uow)
    now = store.clock.now()
    pending = PendingAuthorization(ANN, "verifier", next(iter(AccessMode)), now + timedelta(minutes=minutes))
    async with store.uow() as unit:
        await unit.oauth_states.create(state, pending, now=now)
        await unit.commit()
    return pending


async def given_confirmation(store: Store, token: str = "c1") -> None:
    await given_state(store)
    async with store.uow() as unit:
        await unit.oauth_states.claim("s1", now=store.clock.now())
        await unit.oauth_states.await_confirmation(
            "s1", token, "ann@gmail.com", some_tokens(), now=store.clock.now()
        )
        await unit.commit()


async def test_state_is_claimed_once(store: Store) -> None:
    pending = await given_state(store)
    async with store.uow() as unit:
        first = await unit.oauth_states.claim("s1", now=store.clock.now())
        second = await unit.oauth_states.claim("s1", now=store.clock.now())
    assert (first, second) == (pending, StateRejected(StateProblem.USED, ANN))


async def test_unknown_state_is_rejected_without_an_owner(store: Store) -> None:
    async with store.uow() as unit:
        assert await unit.oauth_states.claim("nope", now=store.clock.now()) == StateRejected(
            StateProblem.UNKNOWN
        )


async def test_expired_state_is_rejected_with_its_owner(store: Store) -> None:
    pending = await given_state(store)
    async with store.uow() as unit:
        claimed = await unit.oauth_states.claim("s1", now=pending.expires_at)
    assert claimed == StateRejected(StateProblem.EXPIRED, ANN)


async def test_confirmation_can_be_peeked_until_it_is_claimed_once(store: Store) -> None:
    await given_confirmation(store)
    expected = Confirmation(ANN, "ann@gmail.com", some_tokens())
    now = store.clock.now()
    async with store.uow() as unit:
        peeked = await unit.oauth_states.peek_confirmation("c1", now=now)
        first = await unit.oauth_states.claim_confirmation("c1", now=now)
        second = await unit.oauth_states.claim_confirmation("c1", now=now)
        after = await unit.oauth_states.peek_confirmation("c1", now=now)
    assert (peeked, first, second, after) == (expected, expected, None, None)


async def test_confirmation_expires_after_its_own_time_to_live(store: Store) -> None:
    await given_confirmation(store)
    late = store.clock.now() + timedelta(seconds=CONFIRM_TTL_SECONDS)
    async with store.uow() as unit:
        assert await unit.oauth_states.claim_confirmation("c1", now=late) is None


async def test_unknown_confirmation_is_none(store: Store) -> None:
    async with store.uow() as unit:
        assert await unit.oauth_states.peek_confirmation("nope", now=store.clock.now()) is None


async def test_purge_removes_expired_states_and_returns_abandoned_tokens(store: Store) -> None:
    await given_confirmation(store)
    async with store.uow() as unit:
        fresh = PendingAuthorization(
            ANN, "v2", next(iter(AccessMode)), store.clock.now() + timedelta(hours=1)
        )
        await unit.oauth_states.create("s2", fresh, now=store.clock.now())
        await unit.commit()
    late = store.clock.now() + timedelta(seconds=CONFIRM_TTL_SECONDS)
    async with store.uow() as unit:
        abandoned = await unit.oauth_states.purge_expired(now=late)
        await unit.commit()
        again = await unit.oauth_states.purge_expired(now=late)
        still = await unit.oauth_states.claim("s2", now=late)
    assert (abandoned, again) == ([some_tokens()], [])
    assert isinstance(still, PendingAuthorization)


async def test_problem_with_a_state_is_read_without_claiming_it(store: Store) -> None:
    pending = await given_state(store)
    async with store.uow() as unit:
        fresh = await unit.oauth_states.problem_with("s1", now=store.clock.now())
        unknown = await unit.oauth_states.problem_with("nope", now=store.clock.now())
        expired = await unit.oauth_states.problem_with("s1", now=pending.expires_at)
        claimed = await unit.oauth_states.claim("s1", now=store.clock.now())
        used = await unit.oauth_states.problem_with("s1", now=store.clock.now())
    assert fresh is None
    assert unknown == StateRejected(StateProblem.UNKNOWN)
    assert expired == StateRejected(StateProblem.EXPIRED, ANN)
    assert claimed == pending
    assert used == StateRejected(StateProblem.USED, ANN)
