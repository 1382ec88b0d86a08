"""ConnectService against fakes of the OAuth and connector ports: link, callback, confirm, disconnect."""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

from bot.services.connect import ConnectService
from bot.services.connect_events import (
    AwaitingLink,
    Connected,
    Denied,
    ExchangeFailed,
    LinkGone,
    LinkRefused,
    NoReadAccess,
)
from brokers.accounts import AccountState, StateProblem, StateRejected
from brokers.errors import AuthorizationServerUnavailable, MailboxUnavailable, TokenExchangeFailed
from brokers.profile import TelegramId
from brokers.scopes import METADATA, READONLY, SEND, AccessMode, Grant
from tests.bot.services.world import ALICE, ANN, BOB, World, tokens


async def consent_state(world: World, mode: AccessMode = AccessMode.SEARCH) -> str:
    link = await world.connect.begin(ANN, mode)
    assert link is not None
    return parse_qs(urlsplit(link).query)["state"][0]


async def awaiting(world: World) -> AwaitingLink:
    outcome = await world.connect.handle_callback(state=await consent_state(world), code="code", error=None)
    assert isinstance(outcome, AwaitingLink)
    return outcome


async def test_begin_links_to_consent_for_the_modes_scopes(world: World) -> None:
    link = await world.connect.begin(ANN, AccessMode.PRIVACY)
    assert link is not None
    query = parse_qs(urlsplit(link).query)
    assert set(query["scope"][0].split()) == {METADATA, SEND}
    assert len(query["state"][0]) >= 32
    assert len(query["verifier"][0]) >= 43  # RFC 7636: a verifier has 43 to 128 characters


async def test_begin_gives_no_link_to_someone_who_never_consented(world: World) -> None:
    assert await world.connect.begin(TelegramId(9999), AccessMode.SEARCH) is None


async def test_callback_exchanges_the_code_with_the_links_verifier(world: World) -> None:
    link = await world.connect.begin(ANN, AccessMode.SEARCH)
    assert link is not None
    query = parse_qs(urlsplit(link).query)
    await world.connect.handle_callback(state=query["state"][0], code="the-code", error=None)
    assert world.oauth.exchanged == [("the-code", query["verifier"][0], (READONLY, SEND))]


async def test_callback_with_an_error_is_denied_without_an_exchange(world: World) -> None:
    state = await consent_state(world)
    outcome = await world.connect.handle_callback(state=state, code=None, error="access_denied")
    assert outcome == Denied(ANN)
    assert world.oauth.exchanged == []
    assert "authorization_denied" in await world.audit_actions()


async def test_a_state_is_used_once(world: World) -> None:
    state = await consent_state(world)
    await world.connect.handle_callback(state=state, code="code", error=None)
    again = await world.connect.handle_callback(state=state, code="code", error=None)
    assert again == StateRejected(StateProblem.USED, ANN)


async def test_a_forged_state_is_unknown(world: World) -> None:
    outcome = await world.connect.handle_callback(state="forged-state", code="code", error=None)
    assert outcome == StateRejected(StateProblem.UNKNOWN)


async def test_a_refused_code_is_a_failed_exchange(world: World) -> None:
    world.oauth.exchange_error = TokenExchangeFailed("invalid_grant")
    outcome = await world.connect.handle_callback(state=await consent_state(world), code="c", error=None)
    assert outcome == ExchangeFailed(ANN, unavailable=False)
    assert "authorization_failed" in await world.audit_actions()


async def test_an_unavailable_server_says_so(world: World) -> None:
    world.oauth.exchange_error = AuthorizationServerUnavailable("exchange", "HTTP 503")
    outcome = await world.connect.handle_callback(state=await consent_state(world), code="c", error=None)
    assert outcome == ExchangeFailed(ANN, unavailable=True)


async def test_a_grant_without_a_read_scope_is_revoked_at_once(world: World) -> None:
    world.oauth.grant = tokens(scopes=frozenset({SEND}))
    outcome = await world.connect.handle_callback(state=await consent_state(world), code="c", error=None)
    assert outcome == NoReadAccess(ANN, Grant.of({SEND}))
    assert world.oauth.revoked == ["refresh-1"]
    assert world.gmail.opened == []


async def test_a_mailbox_that_cannot_be_read_fails_and_revokes(world: World) -> None:
    world.gmail.error = MailboxUnavailable("getProfile", "HTTP 503")
    outcome = await world.connect.handle_callback(state=await consent_state(world), code="c", error=None)
    assert outcome == ExchangeFailed(ANN, unavailable=True)
    assert world.oauth.revoked == ["refresh-1"]
    assert all(mailbox.closed for mailbox in world.gmail.opened)


async def test_the_grant_waits_for_its_owners_link_under_the_read_address(world: World) -> None:
    outcome = await awaiting(world)
    assert (outcome.telegram_id, outcome.address, outcome.grant) == (ANN, ALICE, Grant.of({READONLY, SEND}))
    assert outcome.link_token.startswith("link-") and len(outcome.link_token) <= 64  # a /start parameter
    assert await world.connect.accounts(ANN) == []
    assert await world.connect.waiting_address(outcome.link_token) == ALICE


async def test_the_owners_link_stores_the_account_once(world: World) -> None:
    outcome = await awaiting(world)
    connected = await world.connect.finish_link(outcome.link_token, ANN)
    assert isinstance(connected, Connected)
    assert connected.created
    assert (connected.account.address, connected.account.state) == (ALICE, AccountState.ACTIVE)
    assert await world.stored_tokens(connected.account) == tokens()
    assert await world.connect.finish_link(outcome.link_token, ANN) == LinkGone()
    assert [a.address for a in await world.connect.accounts(ANN)] == [ALICE]


async def test_another_account_opening_the_link_links_nothing_and_spends_it(world: World) -> None:
    outcome = await awaiting(world)
    assert await world.connect.finish_link(outcome.link_token, BOB) == LinkRefused(ANN)
    assert world.oauth.revoked == ["refresh-1"]
    assert await world.connect.finish_link(outcome.link_token, ANN) == LinkGone()
    assert await world.connect.accounts(ANN) == [] and await world.connect.accounts(BOB) == []
    assert "link_refused" in await world.audit_actions()


async def test_a_forged_link_changes_nothing(world: World) -> None:
    await awaiting(world)
    assert await world.connect.finish_link("link-" + "A" * 43, ANN) == LinkGone()
    assert world.oauth.revoked == []
    assert await world.connect.accounts(ANN) == []


async def test_disconnect_revokes_the_grant_and_deletes_the_account(world: World) -> None:
    account = await world.account()
    assert await world.connect.disconnect(ANN, account.id) == account
    assert world.oauth.revoked == ["refresh-1"]
    assert await world.connect.accounts(ANN) == []
    assert "revocation" in await world.audit_actions()


async def test_disconnect_stops_the_gmail_push_before_the_grant_goes(world: World) -> None:
    connect = ConnectService(
        world.uow, world.clock, world.oauth, world.mailboxes.read_address, stop_push=world.mailboxes.stop_push
    )
    account = await world.account()
    assert await connect.disconnect(ANN, account.id) == account
    assert [m.stop_calls for m in world.gmail.opened][-1] == 1
    assert world.oauth.revoked == ["refresh-1"]


async def test_disconnect_of_another_persons_account_changes_nothing(world: World) -> None:
    account = await world.account()
    assert await world.connect.disconnect(BOB, account.id) is None
    assert world.oauth.revoked == []
    assert await world.connect.accounts(ANN) == [account]


async def test_an_abandoned_confirmation_is_revoked_when_it_expires(world: World) -> None:
    await awaiting(world)
    world.clock.advance(hours=1)
    await world.connect.purge_expired()
    assert world.oauth.revoked == ["refresh-1"]
