"""Verifying a Pub/Sub push's OpenID Connect token with google-auth: signature against Google's published
certificates (fetched once and kept while they may be cached), audience, expiry, issuer, and the
subscription's service account where one is configured."""

from __future__ import annotations

import re
import threading
import time
from typing import Any

import google.auth.exceptions
import google.auth.transport.requests
from google.auth import transport
from google.oauth2 import id_token

from brokers.errors import PushRefused, PushUnverifiable

# https://cloud.google.com/pubsub/docs/authenticate-push-subscriptions: the token's issuer.
ISSUERS = frozenset({"accounts.google.com", "https://accounts.google.com"})
CERTS_TIMEOUT_SECONDS = 10
DEFAULT_MAX_AGE = 300  # when the certificate answer names none
MAX_AGE_CAP = 6 * 3600
# Pub/Sub signs the token a moment before delivering it: allow clocks a little apart.
CLOCK_SKEW_SECONDS = 30
_MAX_AGE = re.compile(r"max-age=(\d+)")


class _CachingRequest(transport.Request):
    """google-auth's requests transport, keeping each certificate answer for its Cache-Control max-age:
    verify_token fetches the certificates on every call otherwise."""

    def __init__(self) -> None:
        self._inner = google.auth.transport.requests.Request()
        self._cache: dict[str, tuple[float, Any]] = {}
        self._lock = threading.Lock()

    def __call__(
        self,
        url: Any,
        method: Any = "GET",
        body: Any = None,
        headers: Any = None,
        timeout: Any = CERTS_TIMEOUT_SECONDS,
        **kwargs: Any,
    ) -> Any:
        with self._lock:
            kept = self._cache.get(url)
        if method == "GET" and kept is not None and kept[0] > time.monotonic():
            return kept[1]
        response = self._inner(url, method=method, body=body, headers=headers, timeout=timeout, **kwargs)
        if method == "GET" and response.status == 200:
            found = _MAX_AGE.search(response.headers.get("cache-control", ""))
            age = min(int(found.group(1)), MAX_AGE_CAP) if found else DEFAULT_MAX_AGE
            with self._lock:
                self._cache[url] = (time.monotonic() + age, response)
        return response


class GooglePushVerifier:
    """brokers.ports.PushVerifier over google-auth's id_token."""

    def __init__(self, *, audience: str, certs_url: str, service_account: str = "") -> None:
        self._audience = audience
        self._certs_url = certs_url
        self._service_account = service_account.lower()
        self._request = _CachingRequest()

    def verify(self, authorization: str | None) -> None:
        """Blocking (the certificates are fetched): run it in a thread."""
        scheme, _, token = (authorization or "").partition(" ")
        if scheme.lower() != "bearer" or not token.strip():
            raise PushRefused("no bearer token")
        try:
            claims = id_token.verify_token(
                token.strip(),
                self._request,
                audience=self._audience,
                certs_url=self._certs_url,
                clock_skew_in_seconds=CLOCK_SKEW_SECONDS,
            )
        except google.auth.exceptions.TransportError as exc:
            raise PushUnverifiable("certificates unavailable") from exc
        except (ValueError, google.auth.exceptions.GoogleAuthError) as exc:
            raise PushRefused(type(exc).__name__) from exc
        if claims.get("iss") not in ISSUERS:
            raise PushRefused("issuer", wrong_sender=True)
        if self._service_account and (
            str(claims.get("email", "")).lower() != self._service_account
            or claims.get("email_verified") is not True
        ):
            raise PushRefused("service account", wrong_sender=True)
