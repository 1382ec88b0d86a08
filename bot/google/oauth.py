"""GoogleOAuth, the OAuthProvider port over Google's web-server flow with PKCE: consent URL, exchange,
refresh and revocation, with Google's failures translated into the domain's AuthorizationErrors.

google-auth-oauthlib keeps the PKCE verifier only on its Flow object, so we make the verifier
ourselves, store it with the state, and hand it back to a fresh Flow at the callback (which may
reach another process than the one that made the link).
"""

from __future__ import annotations

import asyncio
import logging
import os
from collections.abc import Sequence
from datetime import UTC, datetime, timedelta
from typing import Any
from urllib.parse import urlsplit

import httpx
from google.oauth2.credentials import Credentials
from google_auth_oauthlib.flow import Flow
from oauthlib.oauth2.rfc6749.errors import OAuth2Error
from requests import RequestException

from bot.log_secrets import keep_out_of_logs
from brokers.accounts import Tokens
from brokers.errors import (
    AuthorizationError,
    AuthorizationServerUnavailable,
    GrantRevoked,
    TokenExchangeFailed,
)

log = logging.getLogger(__name__)

_LOOPBACK = {"127.0.0.1", "localhost", "::1"}


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
        keep_out_of_logs(state, code_verifier)
        flow = self._flow(scopes, state=state, code_verifier=code_verifier)
        try:
            url, _ = flow.authorization_url(access_type="offline", prompt="consent", state=state)
        finally:
            flow.oauth2session.close()
        return str(url)

    async def exchange(self, *, code: str, code_verifier: str, scopes: Sequence[str]) -> Tokens:
        return await asyncio.to_thread(self._exchange, code, code_verifier, scopes)

    def _exchange(self, code: str, code_verifier: str, scopes: Sequence[str]) -> Tokens:
        keep_out_of_logs(code, code_verifier)  # oauthlib logs both, as a dict, at DEBUG
        flow = self._flow(scopes, code_verifier=code_verifier)
        try:
            flow.fetch_token(code=code, timeout=self._timeout)
        except OAuth2Error as exc:
            if exc.status_code is not None and exc.status_code >= 500:
                raise AuthorizationServerUnavailable("exchange", exc.error) from None
            raise TokenExchangeFailed(exc.error) from None
        except RequestException as exc:
            raise AuthorizationServerUnavailable("exchange", type(exc).__name__) from None
        finally:
            flow.oauth2session.close()
        credentials = flow.credentials
        keep_out_of_logs(credentials.token, credentials.refresh_token)
        granted = credentials.granted_scopes or credentials.scopes or scopes
        expiry = credentials.expiry.replace(tzinfo=UTC) if credentials.expiry else None
        return Tokens(
            access_token=credentials.token,
            refresh_token=credentials.refresh_token,
            expiry=expiry,
            scopes=frozenset(granted),
        )

    async def refresh(self, tokens: Tokens) -> Tokens:
        if not tokens.refresh_token:
            raise GrantRevoked("refresh")
        form = {
            "grant_type": "refresh_token",
            "refresh_token": tokens.refresh_token,
            "client_id": self.client_id,
            "client_secret": self.client_secret,
        }
        try:
            async with httpx.AsyncClient(timeout=self._timeout) as client:
                response = await client.post(self.token_uri, data=form)
        except httpx.HTTPError as exc:
            raise AuthorizationServerUnavailable("refresh", type(exc).__name__) from None
        body = _json_object(response)
        if response.status_code >= 500:
            raise AuthorizationServerUnavailable("refresh", f"HTTP {response.status_code}")
        if response.status_code != 200 or not isinstance(body.get("access_token"), str):
            error = str(body.get("error") or f"HTTP {response.status_code}")
            # https://www.rfc-editor.org/rfc/rfc6749#section-5.2: invalid_grant is a revoked or expired grant
            if error == "invalid_grant":
                raise GrantRevoked("refresh")
            raise AuthorizationError(f"refresh: refused ({error})")
        keep_out_of_logs(body["access_token"], body.get("refresh_token"))
        lifetime = body.get("expires_in")
        scope = body.get("scope")
        return Tokens(
            access_token=body["access_token"],
            refresh_token=str(body.get("refresh_token") or tokens.refresh_token),
            expiry=datetime.now(UTC) + timedelta(seconds=int(lifetime)) if lifetime else None,
            scopes=frozenset(scope.split()) if isinstance(scope, str) and scope else tokens.scopes,
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

    def credentials(self, tokens: Tokens) -> Credentials:
        """Credentials that google-auth refreshes by itself when the access token expires."""
        keep_out_of_logs(tokens.access_token, tokens.refresh_token)
        expiry = tokens.expiry
        naive_expiry = (
            expiry.astimezone(UTC).replace(tzinfo=None) if expiry else None
        )  # google-auth wants naive UTC
        return Credentials(
            token=tokens.access_token,
            refresh_token=tokens.refresh_token,
            token_uri=self.token_uri,
            client_id=self.client_id,
            client_secret=self.client_secret,
            scopes=sorted(tokens.scopes),
            expiry=naive_expiry,
        )


def _json_object(response: httpx.Response) -> dict[str, Any]:
    try:
        body = response.json()
    except ValueError:
        return {}
    return body if isinstance(body, dict) else {}
