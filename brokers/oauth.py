"""The OAuth port: how the application asks the mail provider for a grant, renews it and gives it back."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol

from brokers.accounts import Tokens


class OAuthProvider(Protocol):
    """The provider's OAuth 2.0 web-server flow with PKCE, as the connect and mailbox services use it.

    The caller makes the state and the PKCE verifier and stores them itself, because the callback may
    reach another process than the one that made the link.

    - `authorization_url` is the consent page to send the person to: offline access (so a refresh
      token comes back), consent asked every time, the S256 challenge of `code_verifier`.
    - `exchange` trades the callback's code for tokens. Their `scopes` are what the person really
      ticked, which may be fewer than asked for. Raises `TokenExchangeFailed` when the code is refused
      and `AuthorizationServerUnavailable` when the server does not answer or fails.
    - `refresh` returns the tokens with a new access token (the refresh token and scopes kept unless
      the provider sends new ones). Raises `GrantRevoked` when the refresh token no longer works, and
      `AuthorizationServerUnavailable` as above.
    - `revoke` withdraws a grant, given its refresh or access token. True when the provider confirmed
      it or the token was already invalid; False when it could not be reached (never raises for that).

    All errors are `brokers.errors.AuthorizationError`s; no implementation logs a token.
    """

    def authorization_url(self, *, state: str, code_verifier: str, scopes: Sequence[str]) -> str: ...

    async def exchange(self, *, code: str, code_verifier: str, scopes: Sequence[str]) -> Tokens: ...

    async def refresh(self, tokens: Tokens) -> Tokens: ...

    async def revoke(self, token: str) -> bool: ...
