"""The Gmail push's OIDC token, judged by google-auth against the fake Google's own signing certificate
(served like Google's at a configurable URL): only a token signed by it, for our audience, unexpired,
from Google's issuer (and the configured service account) passes."""

from __future__ import annotations

import time
from collections.abc import Iterator

import pytest
from cryptography.hazmat.primitives.asymmetric import rsa

from bot.google.push_tokens import GooglePushVerifier
from bot.sandbox.google import FakeGoogle
from bot.sandbox.google.pubsub import SERVICE_ACCOUNT
from brokers.errors import PushRefused, PushUnverifiable

AUDIENCE = "https://bot.example/gmail/push"


@pytest.fixture(scope="module")
def google() -> Iterator[FakeGoogle]:
    with FakeGoogle() as fake:
        yield fake


def verifier(google: FakeGoogle, service_account: str = "") -> GooglePushVerifier:
    return GooglePushVerifier(audience=AUDIENCE, certs_url=google.certs_url, service_account=service_account)


def bearer(token: str) -> str:
    return f"Bearer {token}"


def test_token_signed_by_google_for_our_audience_passes(google: FakeGoogle) -> None:
    token = google.pubsub.signer.token(AUDIENCE)
    verifier(google, SERVICE_ACCOUNT).verify(bearer(token))


@pytest.mark.parametrize("header", [None, "", "Basic abc", "Bearer ", "Bearer not-a-jwt"])
def test_missing_or_unreadable_token_is_refused(google: FakeGoogle, header: str | None) -> None:
    with pytest.raises(PushRefused) as refused:
        verifier(google).verify(header)
    assert not refused.value.wrong_sender


def test_token_signed_with_another_key_is_refused(google: FakeGoogle) -> None:
    signer = google.pubsub.signer
    claims = {"aud": AUDIENCE, "iss": "https://accounts.google.com", "iat": int(time.time())}
    claims["exp"] = claims["iat"] + 600
    forged = signer.sign(claims, key=rsa.generate_private_key(public_exponent=65537, key_size=2048))
    with pytest.raises(PushRefused):
        verifier(google).verify(bearer(forged))


def test_token_for_another_audience_is_refused(google: FakeGoogle) -> None:
    token = google.pubsub.signer.token("https://elsewhere.example/push")
    with pytest.raises(PushRefused):
        verifier(google).verify(bearer(token))


def test_expired_token_is_refused(google: FakeGoogle) -> None:
    token = google.pubsub.signer.token(AUDIENCE, issued_at=int(time.time()) - 7200, lifetime=3600)
    with pytest.raises(PushRefused):
        verifier(google).verify(bearer(token))


def test_token_from_another_issuer_is_refused_as_wrong_sender(google: FakeGoogle) -> None:
    token = google.pubsub.signer.token(AUDIENCE, issuer="https://evil.example")
    with pytest.raises(PushRefused) as refused:
        verifier(google).verify(bearer(token))
    assert refused.value.wrong_sender


def test_token_of_another_service_account_is_refused_as_wrong_sender(google: FakeGoogle) -> None:
    token = google.pubsub.signer.token(AUDIENCE, email="someone@other-project.iam.gserviceaccount.com")
    with pytest.raises(PushRefused) as refused:
        verifier(google, SERVICE_ACCOUNT).verify(bearer(token))
    assert refused.value.wrong_sender


def test_unreachable_certificates_leave_the_push_unjudged(google: FakeGoogle) -> None:
    token = google.pubsub.signer.token(AUDIENCE)
    unreachable = GooglePushVerifier(audience=AUDIENCE, certs_url="http://127.0.0.1:9/certs")
    with pytest.raises(PushUnverifiable):
        unreachable.verify(bearer(token))
