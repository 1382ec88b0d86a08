"""The fake token endpoint (`/token`: code exchange with PKCE, refresh) and revocation (`/revoke`)."""

from __future__ import annotations

import base64
import hashlib
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from bot.sandbox.google import scopes as sc
from bot.sandbox.google.errors import oauth_error
from bot.sandbox.google.oauth import Client, PendingCode
from bot.sandbox.google.tokens import Grant, IssuedToken, TokenStore

CODE_LIFETIME = 600.0
_VERIFIER = re.compile(r"^[A-Za-z0-9\-._~]{43,128}$")
JsonReply = tuple[int, dict[str, Any]]


@dataclass(slots=True)
class TokenFailures:
    status: int = 500
    remaining: int = 0
    delay: float = 0.0


def s256(verifier: str) -> str:
    """Return the RFC 7636 S256 challenge: base64url of SHA-256, without padding."""
    digest = hashlib.sha256(verifier.encode("ascii")).digest()
    return base64.urlsafe_b64encode(digest).rstrip(b"=").decode("ascii")


class TokenEndpoint:
    def __init__(
        self, client: Client, tokens: TokenStore, codes: dict[str, PendingCode], clock: Callable[[], float]
    ) -> None:
        self.client = client
        self.tokens = tokens
        self.failures = TokenFailures()
        self.revoked: list[str] = []
        self.secrets_seen: list[str] = []  # codes, verifiers and tokens that crossed this endpoint
        self._codes = codes
        self._clock = clock

    def token(self, form: Mapping[str, str], basic: tuple[str, str] | None) -> JsonReply:
        if self.failures.remaining > 0:
            self.failures.remaining -= 1
            return self.failures.status, oauth_error(_failure_name(self.failures.status), "Injected failure")
        client_id, secret = basic if basic is not None else (form.get("client_id"), form.get("client_secret"))
        if client_id != self.client.client_id or secret != self.client.client_secret:
            return 401, oauth_error("invalid_client", "Unauthorized")
        grant_type = form.get("grant_type", "")
        if grant_type == "authorization_code":
            return self._exchange(form)
        if grant_type == "refresh_token":
            return self._refresh(form)
        return 400, oauth_error("unsupported_grant_type", f"Invalid grant_type: {grant_type}")

    def _exchange(self, form: Mapping[str, str]) -> JsonReply:
        self.secrets_seen += [form.get("code", ""), form.get("code_verifier", "")]
        pending = self._codes.get(form.get("code", ""))
        if pending is None:
            return 400, oauth_error("invalid_grant", "Malformed auth code.")
        if pending.used:
            if pending.grant is not None:
                pending.grant.revoked = True  # RFC 6749 §4.1.2: a replayed code revokes what it issued
            return 400, oauth_error("invalid_grant", "Bad Request")
        pending.used = True
        if self._clock() - pending.created > CODE_LIFETIME:
            return 400, oauth_error("invalid_grant", "Bad Request")
        if form.get("redirect_uri") != pending.redirect_uri:
            return 400, oauth_error("redirect_uri_mismatch", "Bad Request")
        problem = _pkce_problem(pending.challenge, form.get("code_verifier"))
        if problem is not None:
            return 400, oauth_error("invalid_grant", problem)
        pending.grant = self.tokens.grant_for(pending.email, pending.client_id)
        return 200, _token_body(self.issue(pending.grant, pending.scopes, with_refresh=pending.with_refresh))

    def _refresh(self, form: Mapping[str, str]) -> JsonReply:
        found = self.tokens.refresh(form.get("refresh_token", ""))
        if found is None:
            return 400, oauth_error("invalid_grant", "Token has been expired or revoked.")
        scopes = found.scopes
        if form.get("scope"):
            # Google narrows a refresh to what was granted; google-auth only logs the difference.
            scopes = frozenset(sc.normalise(form["scope"])) & found.scopes
            if not scopes:
                return 400, oauth_error("invalid_scope", "The requested scopes were not granted.")
        return 200, _token_body(self.issue(found.grant, scopes, with_refresh=False))

    def issue(self, grant: Grant, scopes: frozenset[str], *, with_refresh: bool) -> IssuedToken:
        access = self.tokens.issue_access(grant, scopes)
        refresh = self.tokens.issue_refresh(grant, scopes).token if with_refresh else None
        self.secrets_seen += [access.token, refresh or ""]
        return IssuedToken(access.token, refresh, tuple(sorted(scopes)), self.tokens.lifetime)

    def revoke(self, token: str | None) -> JsonReply:
        if not token or not self.tokens.revoke(token):
            return 400, oauth_error("invalid_token", "Token expired or revoked")
        self.revoked.append(token)
        return 200, {}


def _pkce_problem(challenge: str | None, verifier: str | None) -> str | None:
    if challenge is None:
        return None
    if not verifier:
        return "Missing code verifier."
    if not _VERIFIER.match(verifier) or s256(verifier) != challenge:
        return "Invalid code verifier."
    return None


def _token_body(issued: IssuedToken) -> dict[str, Any]:
    body: dict[str, Any] = {
        "access_token": issued.access_token,
        "expires_in": issued.expires_in,
        "scope": " ".join(issued.scopes),
        "token_type": "Bearer",
    }
    if issued.refresh_token is not None:
        body["refresh_token"] = issued.refresh_token
    return body


def _failure_name(status: int) -> str:
    return {500: "internal_failure", 503: "temporarily_unavailable"}.get(status, "server_error")
