"""The fake consent page (`/o/oauth2/auth`): validates the request and answers as the person chose."""

from __future__ import annotations

import secrets
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from enum import StrEnum
from urllib.parse import quote, urlencode

from bot.sandbox.google import scopes as sc
from bot.sandbox.google.tokens import Grant, TokenStore


class ConsentMode(StrEnum):
    APPROVE = "approve"
    DENY = "deny"


@dataclass(frozen=True, slots=True)
class AuthorizationRequest:
    """The query parameters of one visit to the consent page."""

    params: Mapping[str, str]

    @property
    def scopes(self) -> tuple[str, ...]:
        return sc.normalise(self.params.get("scope", ""))

    def get(self, name: str) -> str | None:
        return self.params.get(name)


@dataclass(frozen=True, slots=True)
class AuthOutcome:
    """Either a redirect back to the client or the error page Google shows instead."""

    status: int
    location: str | None = None
    page: str = ""


@dataclass(slots=True, eq=False)
class PendingCode:
    email: str
    client_id: str
    redirect_uri: str
    scopes: frozenset[str]
    challenge: str | None
    with_refresh: bool
    created: float
    used: bool = False
    grant: Grant | None = None


@dataclass(slots=True)
class ConsentSettings:
    email: str = "user@gmail.com"
    mode: ConsentMode = ConsentMode.APPROVE
    only: frozenset[str] | None = None


@dataclass(frozen=True, slots=True)
class Client:
    client_id: str
    client_secret: str
    redirect_uris: tuple[str, ...]


class ConsentPage:
    def __init__(
        self,
        client: Client,
        tokens: TokenStore,
        clock: Callable[[], float],
        on_consent: Callable[[str], object],
    ) -> None:
        self.client = client
        self.tokens = tokens
        self.settings = ConsentSettings()
        self.requests: list[AuthorizationRequest] = []
        self.codes: dict[str, PendingCode] = {}
        self._clock = clock
        self._on_consent = on_consent

    def authorize(self, params: Mapping[str, str]) -> AuthOutcome:
        self.requests.append(AuthorizationRequest(dict(params)))
        problem = self._invalid(params)
        if problem is not None:
            return problem
        redirect_uri, state = params["redirect_uri"], params["state"]
        granted = self._granted(sc.normalise(params["scope"]))
        if self.settings.mode is ConsentMode.DENY or not granted:
            return _redirect(redirect_uri, {"error": "access_denied", "state": state})
        email = self.settings.email
        self._on_consent(email)
        first_consent = self.tokens.live_grant(email, self.client.client_id) is None
        grant = self.tokens.grant_for(email, self.client.client_id)
        if params.get("include_granted_scopes") == "true":
            granted |= frozenset(grant.scopes)
        grant.scopes |= granted
        forced = "consent" in params.get("prompt", "").split()
        code = "4/0A" + secrets.token_urlsafe(40)
        self.codes[code] = PendingCode(
            email=email,
            client_id=self.client.client_id,
            redirect_uri=redirect_uri,
            scopes=granted,
            challenge=params.get("code_challenge"),
            with_refresh=params.get("access_type") == "offline" and (first_consent or forced),
            created=self._clock(),
        )
        return _redirect(redirect_uri, {"state": state, "code": code, "scope": " ".join(sorted(granted))})

    def _invalid(self, params: Mapping[str, str]) -> AuthOutcome | None:
        if params.get("client_id") != self.client.client_id:
            return _error_page(401, "invalid_client", "The OAuth client was not found.")
        if params.get("redirect_uri") not in self.client.redirect_uris:
            return _error_page(400, "redirect_uri_mismatch", "This redirect URI is not registered.")
        requested = sc.normalise(params.get("scope", ""))
        if not requested or not set(requested) <= sc.KNOWN:
            return _error_page(400, "invalid_scope", f"Some requested scopes were invalid: {requested}")
        if params.get("response_type") != "code":
            return _error_page(400, "invalid_request", "response_type must be code")
        # Stricter than Google, which accepts both missing: the bot must always send them.
        if not params.get("state"):
            return _error_page(400, "invalid_request", "this fake requires a state parameter")
        if not params.get("code_challenge") or params.get("code_challenge_method") != "S256":
            return _error_page(400, "invalid_request", "this fake requires PKCE with S256")
        return None

    def _granted(self, requested: tuple[str, ...]) -> frozenset[str]:
        only = self.settings.only
        if only is None:
            return frozenset(requested)
        return frozenset(s for s in requested if s in only or s in sc.SIGN_IN)


def _redirect(redirect_uri: str, params: dict[str, str]) -> AuthOutcome:
    joiner = "&" if "?" in redirect_uri else "?"
    return AuthOutcome(302, location=redirect_uri + joiner + urlencode(params, quote_via=quote))


def _error_page(status: int, error: str, detail: str) -> AuthOutcome:
    title = f"Error {status}: {error}"
    return AuthOutcome(status, page=f"<!doctype html><title>{title}</title><h1>{title}</h1><p>{detail}</p>")
