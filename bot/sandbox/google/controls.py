"""The controls a test uses to stage Google: accounts and mail, consent, tokens. Mixed into FakeGoogle."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterable
from datetime import datetime

from bot.sandbox.google.accounts import Account, SentMail, deliver_mail
from bot.sandbox.google.gmail import GmailApi, SendFault
from bot.sandbox.google.mailbox import Mailbox
from bot.sandbox.google.oauth import AuthorizationRequest, ConsentMode, ConsentPage
from bot.sandbox.google.pubsub import PubSub
from bot.sandbox.google.token_endpoint import TokenEndpoint
from bot.sandbox.google.tokens import IssuedToken, TokenStore


class MailControls:
    _lock: threading.RLock
    _accounts: dict[str, Account]
    _wall_clock: Callable[[], float]
    pubsub: PubSub

    def add_account(self, email: str, mailbox: Mailbox | None = None) -> Account:
        """Return the account, creating it when new; `mailbox` may replace a still empty one."""
        email = email.lower()
        if mailbox is not None and mailbox.owner != email:
            raise ValueError(f"the mailbox was generated for {mailbox.owner}, not {email}")
        with self._lock:
            account = self._accounts.get(email)
            if account is None:
                account = self._accounts[email] = Account(email, mailbox or Mailbox(email))
            elif mailbox is not None and mailbox is not account.mailbox:
                if account.mailbox.messages:
                    raise ValueError(f"{email} already has mail")
                account.mailbox = mailbox
            return account

    def deliver(
        self,
        email: str,
        from_: str,
        subject: str,
        body: str,
        date: datetime | float | None = None,
        thread_id: str | None = None,
        in_reply_to: str | None = None,
        headers: dict[str, str] | None = None,
    ) -> str:
        """Put mail in the account's inbox, threaded by thread_id or In-Reply-To; return its Gmail id."""
        seconds = date.timestamp() if isinstance(date, datetime) else date
        date_ms = int((self._wall_clock() if seconds is None else seconds) * 1000)
        with self._lock:
            account = self.add_account(email)
            message = deliver_mail(
                account,
                sender=from_,
                subject=subject,
                body=body,
                date_ms=date_ms,
                thread_id=thread_id,
                in_reply_to=in_reply_to,
                headers=headers,
            )
            if account.watch_topic is not None and self._wall_clock() * 1000 < account.watch_expires_ms:
                self.pubsub.publish(account.watch_topic, account.email, account.mailbox.history_id)
            return message.id

    def subscribe_push(self, topic: str, endpoint: str | None, audience: str | None = None) -> None:
        """A push subscription on `topic`: watched mailboxes' new mail is pushed to `endpoint`, signed
        for `audience` (default: the endpoint, as Pub/Sub does); without an endpoint the signed pushes
        wait in `pubsub.pulled`."""
        with self._lock:
            self.pubsub.subscribe(topic, endpoint, audience)

    def watch_of(self, email: str) -> tuple[str | None, int, int, int]:
        """The account's watched topic (None when not watched or expired), its expiry (epoch ms), and
        how often watch and stop were called."""
        with self._lock:
            account = self.add_account(email)
            live = account.watch_topic is not None and self._wall_clock() * 1000 < account.watch_expires_ms
            topic = account.watch_topic if live else None
            return topic, account.watch_expires_ms, account.watch_calls, account.stop_calls

    @property
    def pushes(self) -> list[tuple[str, int, int]]:
        """The pushes sent so far: address, history id and the endpoint's HTTP status (0: no answer)."""
        return list(self.pubsub.delivered)

    def sent_mail(self, email: str) -> list[SentMail]:
        """Every message the account sent through messages.send, oldest first."""
        with self._lock:
            return list(self.add_account(email).sent)

    def search_index_lag(self, email: str, seconds: float) -> None:
        """Make `rfc822msgid:` searches find the account's mail only `seconds` after it was filed."""
        with self._lock:
            self.add_account(email).mailbox.index_lag_ms = int(seconds * 1000)

    def expire_history(self, email: str) -> None:
        """Make every history id issued so far too old: history.list answers 404 for them."""
        with self._lock:
            self.add_account(email).mailbox.expire_history()


class AuthControls:
    _lock: threading.RLock
    consent: ConsentPage
    token_endpoint: TokenEndpoint
    tokens: TokenStore
    gmail: GmailApi

    def add_account(self, email: str, mailbox: Mailbox | None = None) -> Account:
        raise NotImplementedError

    def consent_as(self, email: str) -> Account:
        """Make `email` the Google account that consents on the next visits to the consent page."""
        with self._lock:
            self.consent.settings.email = email.lower()
            return self.add_account(email)

    def consent_mode(self, mode: str) -> None:
        """ "approve" or "deny" (the person presses Cancel)."""
        with self._lock:
            self.consent.settings.mode = ConsentMode(mode)

    def grant_only(self, scopes: Iterable[str] | None) -> None:
        """Grant only these of the requested scopes (sign-in scopes always); None grants all again."""
        with self._lock:
            self.consent.settings.only = None if scopes is None else frozenset(scopes)

    @property
    def last_authorization(self) -> AuthorizationRequest | None:
        with self._lock:
            return self.consent.requests[-1] if self.consent.requests else None

    @property
    def revoked(self) -> list[str]:
        """Tokens revoked through /revoke, in order."""
        with self._lock:
            return list(self.token_endpoint.revoked)

    @property
    def secrets_seen(self) -> list[str]:
        """Every authorisation code, PKCE verifier and token that crossed the token endpoint."""
        with self._lock:
            return [s for s in self.token_endpoint.secrets_seen if s]

    def issue_token(self, email: str, scopes: Iterable[str], *, refresh: bool = True) -> IssuedToken:
        """Mint tokens as if `email` had consented, for tests that do not need the browser flow."""
        with self._lock:
            self.add_account(email)
            grant = self.tokens.grant_for(email.lower(), self.consent.client.client_id)
            granted = frozenset(scopes)
            grant.scopes |= granted
            return self.token_endpoint.issue(grant, granted, with_refresh=refresh)

    def expire_access_tokens(self) -> None:
        with self._lock:
            self.tokens.expire_access_tokens()

    def set_expires_in(self, seconds: int) -> None:
        """Lifetime of access tokens issued from now on (default 3599)."""
        with self._lock:
            self.tokens.lifetime = seconds

    def invalidate_refresh_tokens(self, email: str) -> None:
        """Kill the account's refresh tokens (a password change): refreshing gives invalid_grant."""
        with self._lock:
            self.tokens.invalidate_refresh_tokens(email.lower())

    def fail_token_endpoint(self, status: int = 500, times: int = 1) -> None:
        """Answer the next `times` token requests with `status` and Google's error JSON."""
        with self._lock:
            self.token_endpoint.failures.status = status
            self.token_endpoint.failures.remaining = times

    def hold_sends(self, seconds: float, *, before_store: bool = False) -> None:
        """Answer messages.send `seconds` late: after filing the mail, or (before_store) before it."""
        with self._lock:
            self.gmail.send_hold = seconds
            self.gmail.hold_before_store = before_store

    def fail_sends(self, *faults: SendFault) -> None:
        """The next messages.send calls go wrong in these ways, one fault per call, in order."""
        with self._lock:
            self.gmail.send_faults.extend(faults)

    def token_delay(self, seconds: float) -> None:
        """Delay every token endpoint answer by `seconds` (0 to stop)."""
        with self._lock:
            self.token_endpoint.failures.delay = seconds
