"""MailboxAccess against fakes of the ports: renewed tokens kept, a dead grant marked and told once."""

from __future__ import annotations

from dataclasses import replace

import pytest

from bot.services.connect_events import ReconnectNeeded
from brokers.accounts import AccountId, AccountState
from brokers.errors import (
    AuthorizationServerUnavailable,
    GrantRevoked,
    MailboxAuthError,
    MailboxUnavailable,
)
from tests.bot.services.world import ALICE, ANN, World, tokens


async def test_open_gives_the_mailbox_of_the_stored_tokens_and_closes_it(world: World) -> None:
    account = await world.account()
    async with world.mailboxes.open(account.id) as mailbox:
        assert (await mailbox.profile()).email.strip().lower() == ALICE
    [opened] = world.gmail.opened
    assert opened.opened_with == tokens()
    assert opened.closed


async def test_a_background_open_says_so_to_the_connector(world: World) -> None:
    """Reply checks open their mailbox as background: short of project quota, their calls go last."""
    account = await world.account()
    async with world.mailboxes.open(account.id, background=True) as mailbox:
        await mailbox.profile()
    async with world.mailboxes.open(account.id) as mailbox:
        await mailbox.profile()
    assert world.gmail.background == [True, False]


async def test_tokens_renewed_during_use_are_saved(world: World) -> None:
    account = await world.account()
    world.gmail.renew_to = tokens("access-2")
    async with world.mailboxes.open(account.id) as mailbox:
        await mailbox.profile()
    assert await world.stored_tokens(account) == tokens("access-2")


async def test_tokens_renewed_before_a_failure_are_still_saved(world: World) -> None:
    account = await world.account()
    world.gmail.renew_to = tokens("access-2")
    world.gmail.error = MailboxUnavailable("getProfile", "HTTP 503")
    with pytest.raises(MailboxUnavailable):
        async with world.mailboxes.open(account.id) as mailbox:
            await mailbox.profile()
    assert await world.stored_tokens(account) == tokens("access-2")


async def test_an_expired_access_token_is_renewed_before_opening(world: World) -> None:
    account = await world.account()
    world.expire()
    async with world.mailboxes.open(account.id) as mailbox:
        await mailbox.profile()
    renewed = replace(tokens(), access_token="renewed-1", expiry=None)
    assert world.oauth.refreshed == [tokens()]
    assert world.gmail.opened[0].opened_with == renewed
    assert await world.stored_tokens(account) == renewed


async def test_a_token_with_time_left_is_not_renewed(world: World) -> None:
    account = await world.account()
    world.clock.advance(minutes=30)
    async with world.mailboxes.open(account.id):
        pass
    assert world.oauth.refreshed == []
    assert await world.stored_tokens(account) == tokens()


async def test_an_unavailable_renewal_leaves_renewing_to_the_mailbox(world: World) -> None:
    account = await world.account()
    world.expire()
    world.oauth.refresh_error = AuthorizationServerUnavailable("refresh", "HTTP 503")
    async with world.mailboxes.open(account.id) as mailbox:
        await mailbox.profile()
    assert world.gmail.opened[0].opened_with == tokens()
    assert [a.state for a in await world.connect.accounts(ANN)] == [AccountState.ACTIVE]


async def test_a_revoked_grant_at_renewal_needs_reconnecting_told_once(world: World) -> None:
    account = await world.account()
    world.expire()
    world.oauth.refresh_error = GrantRevoked("refresh")
    for _ in range(2):
        with pytest.raises(MailboxAuthError):
            async with world.mailboxes.open(account.id):
                pass
    assert world.gmail.opened == []
    assert [a.state for a in await world.connect.accounts(ANN)] == [AccountState.NEEDS_RECONNECT]
    assert len(world.published) == 1
    assert (await world.audit_actions()).count("refresh_failed") == 1


async def test_invalid_grant_during_use_marks_needs_reconnect_once(world: World) -> None:
    account = await world.account()
    world.gmail.error = MailboxAuthError("getProfile")
    first = await world.mailboxes.check(ANN)
    second = await world.mailboxes.check(ANN)
    assert [a.state for a in first] == [a.state for a in second] == [AccountState.NEEDS_RECONNECT]
    assert world.published == [ReconnectNeeded(account)]
    assert len(world.gmail.opened) == 1  # the second check skips an account that needs reconnecting
    assert (await world.audit_actions()).count("refresh_failed") == 1


async def test_a_check_that_cannot_reach_the_mailbox_keeps_the_account_active(world: World) -> None:
    await world.account()
    world.gmail.error = MailboxUnavailable("getProfile", "timeout")
    assert [a.state for a in await world.mailboxes.check(ANN)] == [AccountState.ACTIVE]
    assert world.published == []


async def test_opening_an_unknown_account_is_an_auth_error(world: World) -> None:
    with pytest.raises(MailboxAuthError):
        async with world.mailboxes.open(AccountId(424242)):
            pass
    assert world.gmail.opened == []


async def test_read_address_is_the_profiles_address_normalised(world: World) -> None:
    assert await world.mailboxes.read_address(tokens()) == ALICE
    assert world.gmail.opened[0].closed
