"""What a failed Gmail call means (retry it, or which domain error), and how long to wait before retrying."""

from __future__ import annotations

import json
import random
from dataclasses import dataclass, field
from email.utils import parsedate_to_datetime
from enum import StrEnum
from typing import Any

import httplib2
from google.auth.exceptions import RefreshError, TransportError
from googleapiclient.errors import HttpError

from brokers.errors import MailboxAuthError, MailboxError, MailboxScopeError

_SERVER_ERRORS = frozenset({500, 502, 503, 504})
# https://developers.google.com/workspace/gmail/api/guides/handle-errors: rate limits come as 429, or as
# 403 with one of these reasons.
_RATE_REASONS = frozenset({"rateLimitExceeded", "userRateLimitExceeded", "dailyLimitExceeded"})
_SCOPE_REASONS = frozenset({"insufficientPermissions", "forbidden", "ACCESS_TOKEN_SCOPE_INSUFFICIENT"})


class Kind(StrEnum):
    RATE_LIMITED = "rate_limited"
    UNAVAILABLE = "unavailable"
    NOT_FOUND = "not_found"


@dataclass(frozen=True, slots=True)
class Failure:
    """A failure worth a decision by the caller: retry it (rate limit, server error) or skip (not found)."""

    kind: Kind
    status: int | None
    retry_after: float | None = None

    @property
    def is_retryable(self) -> bool:
        return self.kind is not Kind.NOT_FOUND


def classify(error: BaseException, operation: str) -> Failure:
    """Turn a library error into a Failure, or raise the domain error that ends the operation."""
    if isinstance(error, HttpError):
        return _classify_http(error, operation)
    if isinstance(error, RefreshError):
        if error.retryable:
            return Failure(Kind.UNAVAILABLE, None)
        raise MailboxAuthError(operation) from error
    if isinstance(error, TransportError | httplib2.HttpLib2Error | OSError):  # OSError covers timeouts
        return Failure(Kind.UNAVAILABLE, None)
    raise error


def _classify_http(error: HttpError, operation: str) -> Failure:
    status = error.status_code
    reasons = _reasons(error)
    if status == 429 or (status == 403 and reasons & _RATE_REASONS):
        return Failure(Kind.RATE_LIMITED, status, retry_after(error))
    if status in _SERVER_ERRORS:
        return Failure(Kind.UNAVAILABLE, status, retry_after(error))
    if status == 401:
        raise MailboxAuthError(operation) from error
    if status == 403:
        raise MailboxScopeError(operation) from error
    if status == 404:
        return Failure(Kind.NOT_FOUND, status)
    raise MailboxError(
        f"{operation}: refused with HTTP {status} ({', '.join(sorted(reasons)) or 'no reason'})"
    )


def _reasons(error: HttpError) -> set[str]:
    try:
        body: Any = json.loads(error.content)
    except (ValueError, TypeError):
        return set()
    inner = body.get("error") if isinstance(body, dict) else None
    if not isinstance(inner, dict):
        return set()
    found = {str(item.get("reason")) for item in inner.get("errors") or () if isinstance(item, dict)}
    found.update(str(d.get("reason")) for d in inner.get("details") or () if isinstance(d, dict))
    return found - {"None"}


def retry_after(error: HttpError) -> float | None:
    """Seconds from the Retry-After header (delta or HTTP date), if Google sent one."""
    value = error.resp.get("retry-after") if error.resp is not None else None
    if not value:
        return None
    if value.strip().isdigit():
        return float(value)
    try:
        moment = parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    date_header = error.resp.get("date")
    sent = parsedate_to_datetime(date_header) if date_header else None
    return max(0.0, (moment - sent).total_seconds()) if sent else None


@dataclass(slots=True)
class Backoff:
    """Exponential backoff with full jitter, never shorter than what Retry-After asked for."""

    max_attempts: int = 8
    base: float = 1.0
    cap: float = 32.0
    rng: random.Random = field(default_factory=random.Random)

    def delay(self, attempt: int, failure: Failure) -> float:
        jittered = self.rng.uniform(0, min(self.cap, self.base * 2**attempt))
        return max(jittered, failure.retry_after or 0.0)
