"""Google's OAuth 2.0 web-server flow with PKCE: the consent URL, the code exchange, revocation.

google-auth-oauthlib keeps the PKCE verifier only on its Flow object, so we make the verifier
ourselves, store it with the state, and hand it back to a fresh Flow at the callback (which may
reach another process than the one that made the link).
"""

from __future__ import annotations

import asyncio
import logging
import os
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from urllib.parse import urlsplit

import httpx
from google.oauth2.credentials import Credentials
from google_auth_oauthlib.flow import Flow
from oauthlib.oauth2.rfc6749.errors import OAuth2Error
from requests import RequestException

log = logging.getLogger(__name__)

_LOOPBACK = {"127.0.0.1", "localhost", "::1"}


class TokenExchangeFailed(Exception):
    """Google refused the authorisation code (used, expired, or the verifier did not match)."""


class GoogleUnavailable(Exception):
    """Google did not answer in time or answered with a server error."""


@dataclass(frozen=True, slots=True)
class TokenGrant:
    access_token: str
    refresh_token: str | None
    expiry: datetime | None
    scopes: frozenset[str]


class GoogleOAuth:
    def __init__(
        self,
        *,
        client_id: str,
        client_secret: str,
        auth_uri: str,
        token_uri: str,
        revoke_uri: str,
        redirect_uri: str,
        timeout: float = 10.0,
    ) -> None:
        self._config = {
            "web": {
                "client_id": client_id,
                "client_secret": client_secret,
                "auth_uri": auth_uri,
                "token_uri": token_uri,
                "redirect_uris": [redirect_uri],
            }
        }
        self.client_id = client_id
        self.client_secret = client_secret
        self.token_uri = token_uri
        self._revoke_uri = revoke_uri
        self._redirect_uri = redirect_uri
        self._timeout = timeout
        # People may untick scopes on the consent page; we check the grant ourselves instead of
        # letting oauthlib raise "Scope has changed".
        os.environ.setdefault("OAUTHLIB_RELAX_TOKEN_SCOPE", "1")
        if urlsplit(token_uri).scheme == "http" and urlsplit(token_uri).hostname in _LOOPBACK:
            os.environ.setdefault("OAUTHLIB_INSECURE_TRANSPORT", "1")  # a local fake, never Google

    def _flow(
        self, scopes: Sequence[str], *, state: str | None = None, code_verifier: str | None = None
    ) -> Flow:
        return Flow.from_client_config(
            self._config,
            scopes=list(scopes),
            redirect_uri=self._redirect_uri,
            state=state,
            code_verifier=code_verifier,
            autogenerate_code_verifier=False,
        )

    def authorization_url(self, *, state: str, code_verifier: str, scopes: Sequence[str]) -> str:
        flow = self._flow(scopes, state=state, code_verifier=code_verifier)
        try:
            url, _ = flow.authorization_url(access_type="offline", prompt="consent", state=state)
        finally:
            flow.oauth2session.close()
        return str(url)

    async def exchange(self, *, code: str, code_verifier: str, scopes: Sequence[str]) -> TokenGrant:
        return await asyncio.to_thread(self._exchange, code, code_verifier, scopes)

    def _exchange(self, code: str, code_verifier: str, scopes: Sequence[str]) -> TokenGrant:
        flow = self._flow(scopes, code_verifier=code_verifier)
        try:
            flow.fetch_token(code=code, timeout=self._timeout)
        except OAuth2Error as exc:
            if exc.status_code is not None and exc.status_code >= 500:
                raise GoogleUnavailable(exc.error) from None
            raise TokenExchangeFailed(exc.error) from None
        except RequestException as exc:
            raise GoogleUnavailable(type(exc).__name__) from None
        finally:
            flow.oauth2session.close()
        credentials = flow.credentials
        granted = credentials.granted_scopes or credentials.scopes or scopes
        expiry = credentials.expiry.replace(tzinfo=UTC) if credentials.expiry else None
        return TokenGrant(
            access_token=credentials.token,
            refresh_token=credentials.refresh_token,
            expiry=expiry,
            scopes=frozenset(granted),
        )

    async def revoke(self, token: str) -> bool:
        """Revoke a grant at Google; an already invalid token counts as revoked."""
        try:
            async with httpx.AsyncClient(timeout=self._timeout) as client:
                response = await client.post(self._revoke_uri, data={"token": token})
        except httpx.HTTPError as exc:
            log.warning("token revocation did not reach Google", extra={"error": type(exc).__name__})
            return False
        if response.status_code == 200:
            return True
        if response.status_code == 400:
            return True  # Google answers 400 for a token that is already invalid
        log.warning("token revocation refused", extra={"status": response.status_code})
        return False

    def credentials(
        self, *, access_token: str, refresh_token: str | None, expiry: datetime | None, scopes: Sequence[str]
    ) -> Credentials:
        """Credentials that google-auth refreshes by itself when the access token expires."""
        naive_expiry = (
            expiry.astimezone(UTC).replace(tzinfo=None) if expiry else None
        )  # google-auth wants naive UTC
        return Credentials(
            token=access_token,
            refresh_token=refresh_token,
            token_uri=self.token_uri,
            client_id=self.client_id,
            client_secret=self.client_secret,
            scopes=list(scopes),
            expiry=naive_expiry,
        )
