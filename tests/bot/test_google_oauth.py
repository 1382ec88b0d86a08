"""GoogleOAuth's renewal and revocation, and GmailConnector's token report, against the fake Google."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime

import pytest

from bot.google.connector import GmailConnector
from bot.google.oauth import GoogleOAuth
from bot.sandbox.google import FakeGoogle
from bot.sandbox.google.scopes import READONLY, SEND
from bot.sandbox.google.server import DEFAULT_REDIRECT
from brokers.accounts import Tokens
from brokers.errors import AuthorizationServerUnavailable, GrantRevoked

USER = "person@gmail.com"


@pytest.fixture
def fake() -> Iterator[FakeGoogle]:
    with FakeGoogle() as server:
        server.add_account(USER)
        yield server
        assert server.server_errors == []


@pytest.fixture
def oauth(fake: FakeGoogle) -> GoogleOAuth:
    client = fake.consent.client
    return GoogleOAuth(
        client_id=client.client_id,
        client_secret=client.client_secret,
        auth_uri=fake.auth_uri,
        token_uri=fake.token_uri,
        revoke_uri=fake.revoke_uri,
        redirect_uri=DEFAULT_REDIRECT,
        timeout=5,
    )


def granted(fake: FakeGoogle) -> Tokens:
    issued = fake.issue_token(USER, (READONLY, SEND))
    return Tokens(issued.access_token, issued.refresh_token, None, frozenset({READONLY, SEND}))


async def test_refresh_gives_a_new_access_token_that_gmail_accepts(
    fake: FakeGoogle, oauth: GoogleOAuth
) -> None:
    before = granted(fake)
    fake.expire_access_tokens()
    renewed = await oauth.refresh(before)
    assert renewed.access_token != before.access_token
    assert (renewed.refresh_token, renewed.scopes) == (before.refresh_token, before.scopes)
    assert renewed.expiry is not None and renewed.expiry > datetime.now(UTC)
    connector = GmailConnector(oauth, api_url=fake.gmail_api_url)
    mailbox = connector.open(renewed)
    try:
        assert (await mailbox.profile()).email == USER
    finally:
        await mailbox.close()
        connector.close()


async def test_refresh_of_a_revoked_grant_is_grant_revoked(fake: FakeGoogle, oauth: GoogleOAuth) -> None:
    before = granted(fake)
    fake.invalidate_refresh_tokens(USER)
    with pytest.raises(GrantRevoked):
        await oauth.refresh(before)


async def test_refresh_while_google_fails_is_unavailable(fake: FakeGoogle, oauth: GoogleOAuth) -> None:
    before = granted(fake)
    fake.fail_token_endpoint(503)
    with pytest.raises(AuthorizationServerUnavailable):
        await oauth.refresh(before)


async def test_revoke_is_confirmed_and_an_unknown_token_counts_as_revoked(
    fake: FakeGoogle, oauth: GoogleOAuth
) -> None:
    before = granted(fake)
    assert await oauth.revoke(before.refresh_token or "")
    assert await oauth.revoke("never-issued")
    assert fake.revoked == [before.refresh_token]


async def test_the_connectors_mailbox_reports_tokens_renewed_during_a_call(
    fake: FakeGoogle, oauth: GoogleOAuth
) -> None:
    before = granted(fake)
    connector = GmailConnector(oauth, api_url=fake.gmail_api_url)
    mailbox = connector.open(before)
    try:
        await mailbox.profile()
        assert mailbox.tokens == before
        fake.expire_access_tokens()
        await mailbox.profile()
    finally:
        await mailbox.close()
        connector.close()
    assert mailbox.tokens.access_token != before.access_token
    assert (mailbox.tokens.refresh_token, mailbox.tokens.scopes) == (before.refresh_token, before.scopes)
