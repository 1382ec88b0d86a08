"""FakeGoogle: Google's OAuth endpoints and the Gmail API on loopback, in a thread with its own loop."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterable
from types import TracebackType

from bot.sandbox.google.accounts import Account
from bot.sandbox.google.app import Endpoints, build_app
from bot.sandbox.google.controls import AuthControls, MailControls
from bot.sandbox.google.gmail import GmailApi
from bot.sandbox.google.methods import METHODS
from bot.sandbox.google.oauth import Client, ConsentPage
from bot.sandbox.google.pubsub import PubSub
from bot.sandbox.google.quota import GmailStats, QuotaMeter, QuotaModel
from bot.sandbox.google.runner import ServerThread
from bot.sandbox.google.token_endpoint import TokenEndpoint
from bot.sandbox.google.tokens import TokenStore

DEFAULT_REDIRECT = "http://127.0.0.1:8080/oauth/callback"


class FakeGoogle(MailControls, AuthControls):
    """Fake accounts.google.com, oauth2.googleapis.com, gmail.googleapis.com and Pub/Sub push; controls are
    thread-safe.

    `clock` (seconds, default time.monotonic) drives the quota window, token and code expiry, so a
    benchmark can run on simulated time; `wall_clock` (default time.time) dates mail and `newer_than:`.
    """

    def __init__(
        self,
        client_id: str = "test-client.apps.googleusercontent.com",
        client_secret: str = "test-secret",
        redirect_uris: Iterable[str] = (DEFAULT_REDIRECT,),
        quota_model: str = "2025",
        fault_rate: float = 0.0,
        seed: int = 0,
        clock: Callable[[], float] | None = None,
        *,
        wall_clock: Callable[[], float] | None = None,
        expires_in: int = 3599,
        pad_base64: bool = False,
    ) -> None:
        clock = clock or time.monotonic
        self._lock = threading.RLock()
        self._accounts: dict[str, Account] = {}
        self._wall_clock = wall_clock or time.time
        self.tokens = TokenStore(clock, expires_in)
        client = Client(client_id, client_secret, tuple(redirect_uris))
        self.consent = ConsentPage(client, self.tokens, clock, on_consent=self.add_account)
        self.token_endpoint = TokenEndpoint(client, self.tokens, self.consent.codes, clock)
        self.gmail = GmailApi(
            methods=METHODS,
            tokens=self.tokens,
            account=self.add_account,
            quota=QuotaMeter(QuotaModel(quota_model)),
            clock=clock,
            wall_clock=self._wall_clock,
            seed=seed,
            fault_rate=fault_rate,
            pad_base64=pad_base64,
        )
        self.server_errors: list[str] = []
        self.pubsub = PubSub()
        endpoints = Endpoints(
            self._lock,
            self.consent,
            self.token_endpoint,
            self.gmail,
            self.server_errors,
            self.pubsub.signer.certs,
        )
        self._runner = ServerThread(build_app(endpoints))
        self.root = ""

    def start(self) -> str:
        """Serve on 127.0.0.1 at a free port; return the root URL (no trailing slash)."""
        self.root = f"http://127.0.0.1:{self._runner.start()}"
        return self.root

    def stop(self) -> None:
        self.pubsub.close()
        self._runner.stop()

    def __enter__(self) -> FakeGoogle:
        self.start()
        return self

    def __exit__(
        self, kind: type[BaseException] | None, error: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.stop()

    @property
    def auth_uri(self) -> str:
        return f"{self.root}/o/oauth2/auth"

    @property
    def token_uri(self) -> str:
        return f"{self.root}/token"

    @property
    def revoke_uri(self) -> str:
        return f"{self.root}/revoke"

    @property
    def gmail_api_url(self) -> str:
        """The Gmail API root (GMAIL_API_URL): paths are <root>/gmail/v1/users/..."""
        return f"{self.root}/"

    @property
    def certs_url(self) -> str:
        """Where the push signer's certificate is served (GMAIL_PUSH_CERTS_URL), as a PEM map."""
        return f"{self.root}/oauth2/v1/certs"

    @property
    def batch_uri(self) -> str:
        return f"{self.root}/batch/gmail/v1"

    def client_config(self) -> dict[str, dict[str, object]]:
        """The "web" client-secrets mapping for google_auth_oauthlib's Flow.from_client_config."""
        client = self.consent.client
        return {
            "web": {
                "client_id": client.client_id,
                "client_secret": client.client_secret,
                "auth_uri": self.auth_uri,
                "token_uri": self.token_uri,
                "redirect_uris": list(client.redirect_uris),
            }
        }

    def stats(self, email: str) -> GmailStats:
        """Units charged, calls per method, quota refusals (429), injected faults and batches of a user."""
        with self._lock:
            return self.gmail.quota.stats(email)

    def set_fault_rate(self, rate: float) -> None:
        """Answer this share of Gmail calls (batch parts included) with 500, 503 or 429, evenly."""
        with self._lock:
            self.gmail.fault_rate = rate

    def fail_calls(self, email: str, *statuses: int) -> None:
        """Answer the account's next Gmail calls (batch parts included) with `statuses` (429, 500 or
        503), one call each, in turn."""
        with self._lock:
            self.gmail.account_faults.setdefault(email.lower(), []).extend(statuses)

    def set_quota_model(self, model: str) -> None:
        with self._lock:
            self.gmail.quota.model = QuotaModel(model)
