"""Grants, access tokens and refresh tokens the fake authorization server has issued."""

from __future__ import annotations

import secrets
from collections.abc import Callable
from dataclasses import dataclass, field


@dataclass(slots=True, eq=False)
class Grant:
    """One person's consent to one client; revoking any of its tokens revokes all of them (as Google does)."""

    email: str
    client_id: str
    scopes: set[str] = field(default_factory=set)
    revoked: bool = False


@dataclass(slots=True, eq=False)
class AccessToken:
    token: str
    grant: Grant
    scopes: frozenset[str]
    expires_at: float

    @property
    def email(self) -> str:
        return self.grant.email


@dataclass(slots=True, eq=False)
class RefreshToken:
    token: str
    grant: Grant
    scopes: frozenset[str]
    alive: bool = True


@dataclass(frozen=True, slots=True)
class IssuedToken:
    """What a token endpoint answer carried, for tests that skip the browser flow."""

    access_token: str
    refresh_token: str | None
    scopes: tuple[str, ...]
    expires_in: int


class TokenStore:
    def __init__(self, clock: Callable[[], float], lifetime: int) -> None:
        self._clock = clock
        self.lifetime = lifetime
        self._grants: dict[tuple[str, str], Grant] = {}
        self._access: dict[str, AccessToken] = {}
        self._refresh: dict[str, RefreshToken] = {}

    def live_grant(self, email: str, client_id: str) -> Grant | None:
        grant = self._grants.get((email, client_id))
        return None if grant is None or grant.revoked else grant

    def grant_for(self, email: str, client_id: str) -> Grant:
        grant = self.live_grant(email, client_id)
        if grant is None:
            grant = Grant(email, client_id)
            self._grants[(email, client_id)] = grant
        return grant

    def issue_access(self, grant: Grant, scopes: frozenset[str]) -> AccessToken:
        token = AccessToken("ya29." + secrets.token_urlsafe(48), grant, scopes, self._clock() + self.lifetime)
        self._access[token.token] = token
        return token

    def issue_refresh(self, grant: Grant, scopes: frozenset[str]) -> RefreshToken:
        token = RefreshToken("1//0" + secrets.token_urlsafe(36), grant, scopes)
        self._refresh[token.token] = token
        return token

    def access(self, token: str) -> AccessToken | None:
        found = self._access.get(token)
        if found is None or found.grant.revoked or found.expires_at <= self._clock():
            return None
        return found

    def refresh(self, token: str) -> RefreshToken | None:
        found = self._refresh.get(token)
        if found is None or not found.alive or found.grant.revoked:
            return None
        return found

    def revoke(self, token: str) -> bool:
        """Revoke the grant behind a live access or refresh token; False when there is none."""
        found = self.access(token) or self.refresh(token)
        if found is None:
            return False
        found.grant.revoked = True
        return True

    def expire_access_tokens(self) -> None:
        now = self._clock()
        for token in self._access.values():
            token.expires_at = min(token.expires_at, now)

    def invalidate_refresh_tokens(self, email: str) -> None:
        for token in self._refresh.values():
            if token.grant.email == email:
                token.alive = False
