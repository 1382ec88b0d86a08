"""The domain's exception tree: every error the pure domain raises on purpose.

    DomainError
     ├── UnknownJurisdiction       a code that is neither a country we know, a US state nor "OTHER"
     ├── IllegalTransition         a request status change the lifecycle table does not allow
     ├── NoRegulator               the law has no authority to complain to (the generic law)
     ├── MissingLetterDetail       a letter needs a detail the context does not carry
     ├── TemplateError             a bundled letter template is missing or malformed
     ├── MalformedJobPayload       a stored job of an unknown kind, or whose payload does not parse
     ├── MailboxError              the mail provider failed a call (raised by its adapter)
     │    ├── MailboxAuthError     the grant is gone (invalid_grant, revoked): the account needs reconnecting
     │    ├── MailboxScopeError    the granted scopes do not allow the call (a search under gmail.metadata)
     │    ├── MailboxQuotaExceeded still rate-limited after the retries; carries retry_at
     │    ├── MailboxUnavailable   server errors or timeouts after the retries
     │    ├── HistoryExpired       an incremental-sync start point too old to use: sync in full instead
     │    └── ReplyCheckDeferred   a reply check stopped for a passing reason; try again at retry_at
     ├── AuthorizationError        the authorisation server failed a grant step (raised by the OAuth adapter)
     │    ├── TokenExchangeFailed  the authorisation code was refused (used, expired, or the verifier differs)
     │    ├── GrantRevoked         the refresh token no longer works (invalid_grant): reconnect the account
     │    └── AuthorizationServerUnavailable   no answer in time, or a server error
     └── PushNotVerified           a mail push's signed token was not accepted (raised by its verifier)
          ├── PushRefused          missing, forged, expired, for another audience; `wrong_sender` when it
          │                        verified but names another issuer or service account
          └── PushUnverifiable     the signing certificates could not be fetched: judge it on a retry

Adapters translate library errors into subclasses of DomainError at the boundary; handlers turn them into
guidance for the user. Other modules may add classes here; keep the drawing above in step.
"""

from __future__ import annotations

from datetime import datetime


class DomainError(Exception):
    """Base of every error the domain raises deliberately."""


class UnknownJurisdiction(DomainError):
    def __init__(self, code: str) -> None:
        super().__init__(f"unknown jurisdiction code: {code!r}")
        self.code = code


class IllegalTransition(DomainError):
    def __init__(self, current: str, target: str) -> None:
        super().__init__(f"a request cannot go from {str(current)!r} to {str(target)!r}")
        self.current = current
        self.target = target


class NoRegulator(DomainError):
    def __init__(self, law: str) -> None:
        super().__init__(f"no regulator takes complaints under law {law!r}")
        self.law = law


class MissingLetterDetail(DomainError):
    def __init__(self, kind: str, detail: str) -> None:
        super().__init__(f"a {kind!r} letter needs {detail!r}")
        self.kind = kind
        self.detail = detail


class TemplateError(DomainError):
    def __init__(self, template: str, problem: str) -> None:
        super().__init__(f"letter template {template!r}: {problem}")
        self.template = template
        self.problem = problem


class MalformedJobPayload(DomainError):
    def __init__(self, kind: str, problem: str) -> None:
        super().__init__(f"job of kind {kind!r}: {problem}")
        self.kind = kind
        self.problem = problem


class MailboxError(DomainError):
    """The mail provider failed a call; the message names the operation, never an address or a token."""


class MailboxAuthError(MailboxError):
    def __init__(self, operation: str) -> None:
        super().__init__(f"{operation}: the mailbox authorisation is no longer valid")
        self.operation = operation


class MailboxScopeError(MailboxError):
    def __init__(self, operation: str) -> None:
        super().__init__(f"{operation}: not allowed by the granted scopes")
        self.operation = operation


class MailboxQuotaExceeded(MailboxError):
    def __init__(self, operation: str, retry_at: datetime) -> None:
        super().__init__(
            f"{operation}: still rate-limited after retrying; try again at {retry_at.isoformat()}"
        )
        self.operation = operation
        self.retry_at = retry_at


class MailboxUnavailable(MailboxError):
    def __init__(self, operation: str, detail: str) -> None:
        super().__init__(f"{operation}: the mail provider is unavailable ({detail})")
        self.operation = operation
        self.detail = detail


class HistoryExpired(MailboxError):
    def __init__(self, start: str) -> None:
        super().__init__(f"history id {start!r} is too old to sync from")
        self.start = start


class ReplyCheckDeferred(MailboxError):
    """The mailbox failed for a passing reason (quota, server errors): the history position is kept."""

    def __init__(self, retry_at: datetime, cause: str) -> None:
        super().__init__(f"reply check deferred to {retry_at.isoformat()} ({cause})")
        self.retry_at = retry_at
        self.cause = cause


class AuthorizationError(DomainError):
    """The authorisation server failed a grant step; the message names the step, never a token."""


class TokenExchangeFailed(AuthorizationError):
    def __init__(self, reason: str) -> None:
        super().__init__(f"the authorisation code was refused ({reason})")
        self.reason = reason


class GrantRevoked(AuthorizationError):
    def __init__(self, operation: str) -> None:
        super().__init__(f"{operation}: the grant has been revoked or has expired")
        self.operation = operation


class AuthorizationServerUnavailable(AuthorizationError):
    def __init__(self, operation: str, detail: str) -> None:
        super().__init__(f"{operation}: the authorisation server is unavailable ({detail})")
        self.operation = operation
        self.detail = detail


class PushNotVerified(DomainError):
    def __init__(self, reason: str) -> None:
        super().__init__(f"push not verified: {reason}")
        self.reason = reason


class PushRefused(PushNotVerified):
    def __init__(self, reason: str, *, wrong_sender: bool = False) -> None:
        super().__init__(reason)
        self.wrong_sender = wrong_sender


class PushUnverifiable(PushNotVerified):
    pass
