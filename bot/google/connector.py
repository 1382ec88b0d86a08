"""GmailConnector, the MailboxConnector port: a GmailMailbox from an account's tokens, and the tokens back."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import UTC, datetime

from google.oauth2.credentials import Credentials

from bot.google.connections import GoogleConnections
from bot.google.gmail import GMAIL_API_URL, GmailMailbox
from bot.google.oauth import GoogleOAuth
from bot.google.profiles import ProfileBatch
from bot.google.quota import Lane, ProjectQuota
from brokers.accounts import AccountId, Tokens
from brokers.errors import MailboxError


class GrantedGmailMailbox(GmailMailbox):
    """A GmailMailbox that remembers the tokens it was opened with, to tell google-auth's renewals."""

    def __init__(
        self,
        tokens: Tokens,
        credentials: Credentials,
        *,
        api_url: str,
        quota_model: str,
        on_error: Callable[[], None] = lambda: None,
        project: ProjectQuota | None = None,
        lane: Lane = Lane.INTERACTIVE,
        connections: GoogleConnections | None = None,
    ) -> None:
        super().__init__(
            credentials,
            api_url=api_url,
            quota_model=quota_model,
            on_error=on_error,
            project=project,
            lane=lane,
            connections=connections,
        )
        self._opened_with = tokens
        self._credentials = credentials

    @property
    def tokens(self) -> Tokens:
        credentials, before = self._credentials, self._opened_with
        if not credentials.token or credentials.token == before.access_token:
            return before
        # google-auth keeps expiry as naive UTC.
        expiry = credentials.expiry.replace(tzinfo=UTC) if credentials.expiry else None
        return Tokens(
            access_token=credentials.token,
            refresh_token=credentials.refresh_token or before.refresh_token,
            expiry=expiry,
            scopes=before.scopes,
        )


class GmailConnector:
    """Opens mailboxes that share one ProjectQuota (every Gmail call of the process is under it) and the
    process's HTTP connections to Gmail; `close` ends those at shutdown."""

    def __init__(
        self,
        oauth: GoogleOAuth,
        *,
        api_url: str = GMAIL_API_URL,
        quota_model: str = "2025",
        on_error: Callable[[], None] = lambda: None,
        project: ProjectQuota | None = None,
        wall_clock: Callable[[], datetime] = lambda: datetime.now(UTC),
    ) -> None:
        self._oauth = oauth
        self._api_url = api_url
        self._quota_model = quota_model
        self._on_error = on_error  # each failed Gmail call, for /health
        self.project = project or ProjectQuota()
        self._connections = GoogleConnections()
        # `wall_clock` dates "try again at" after a batch part was rate-limited.
        self._profiles = ProfileBatch(
            api_url=api_url,
            quota_model=quota_model,
            project=self.project,
            on_error=on_error,
            wall_clock=wall_clock,
            connections=self._connections,
        )

    async def history_ids(self, tokens: Mapping[AccountId, Tokens]) -> dict[AccountId, str | MailboxError]:
        return await self._profiles.history_ids({i: t.access_token for i, t in tokens.items()})

    def open(self, tokens: Tokens, *, background: bool = False) -> GrantedGmailMailbox:
        return GrantedGmailMailbox(
            tokens,
            self._oauth.credentials(tokens),
            api_url=self._api_url,
            quota_model=self._quota_model,
            on_error=self._on_error,
            project=self.project,
            lane=Lane.BACKGROUND if background else Lane.INTERACTIVE,
            # Reply checks share kept connections; a letter goes on a fresh one, so a send is never
            # written into a connection that may have gone stale (its failure would leave it unsure).
            connections=self._connections if background else None,
        )

    def close(self) -> None:
        self._connections.close()
