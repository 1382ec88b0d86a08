"""Google's error bodies: the Gmail API's JSON error object and the OAuth endpoints' error pairs."""

from __future__ import annotations

from typing import Any

_STATUS_NAMES = {
    400: "INVALID_ARGUMENT",
    401: "UNAUTHENTICATED",
    403: "PERMISSION_DENIED",
    404: "NOT_FOUND",
    429: "RESOURCE_EXHAUSTED",
    500: "INTERNAL",
    503: "UNAVAILABLE",
}


class ApiError(Exception):
    """A Gmail API failure, rendered as Google's `{"error": {...}}` body."""

    def __init__(
        self,
        code: int,
        reason: str,
        message: str,
        *,
        domain: str = "global",
        location: str | None = None,
        retry_after: int | None = None,
        detail_reason: str | None = None,
    ) -> None:
        super().__init__(f"{code} {reason}: {message}")
        self.code = code
        self.reason = reason
        self.message = message
        self.domain = domain
        self.location = location
        self.retry_after = retry_after
        self.detail_reason = detail_reason

    def body(self) -> dict[str, Any]:
        item: dict[str, Any] = {"message": self.message, "domain": self.domain, "reason": self.reason}
        if self.location is not None:
            item["location"] = self.location
            item["locationType"] = "header" if self.location == "Authorization" else "parameter"
        error: dict[str, Any] = {
            "code": self.code,
            "message": self.message,
            "errors": [item],
            "status": _STATUS_NAMES.get(self.code, "UNKNOWN"),
        }
        if self.detail_reason is not None:
            error["details"] = [
                {
                    "@type": "type.googleapis.com/google.rpc.ErrorInfo",
                    "reason": self.detail_reason,
                    "domain": "googleapis.com",
                    "metadata": {"service": "gmail.googleapis.com"},
                }
            ]
        return {"error": error}

    def headers(self) -> tuple[tuple[str, str], ...]:
        if self.code == 401:
            return (
                ("WWW-Authenticate", 'Bearer realm="https://accounts.google.com/", error="invalid_token"'),
            )
        if self.retry_after is not None:
            return (("Retry-After", str(self.retry_after)),)
        return ()


def invalid_credentials() -> ApiError:
    return ApiError(
        401,
        "authError",
        "Request had invalid authentication credentials. Expected OAuth 2 access token, login cookie "
        "or other valid authentication credential.",
        location="Authorization",
    )


def insufficient_scopes() -> ApiError:
    return ApiError(
        403,
        "insufficientPermissions",
        "Request had insufficient authentication scopes.",
        detail_reason="ACCESS_TOKEN_SCOPE_INSUFFICIENT",
    )


def forbidden(message: str) -> ApiError:
    return ApiError(403, "forbidden", message)


def not_found() -> ApiError:
    return ApiError(404, "notFound", "Requested entity was not found.")


def bad_request(message: str, *, reason: str = "invalidArgument") -> ApiError:
    return ApiError(400, reason, message)


def user_rate_limited(retry_after: int, retry_at_iso: str) -> ApiError:
    return ApiError(
        429,
        "userRateLimitExceeded",
        f"User-rate limit exceeded.  Retry after {retry_at_iso}",
        domain="usageLimits",
        retry_after=retry_after,
        detail_reason="RATE_LIMIT_EXCEEDED",
    )


def project_rate_limited(retry_after: int) -> ApiError:
    return ApiError(
        429,
        "rateLimitExceeded",
        "Quota exceeded for quota metric 'Queries' and limit 'Queries per minute' of service "
        "'gmail.googleapis.com'.",
        domain="usageLimits",
        retry_after=retry_after,
        detail_reason="RATE_LIMIT_EXCEEDED",
    )


def injected_fault(code: int) -> ApiError:
    if code == 429:
        return ApiError(
            429,
            "rateLimitExceeded",
            "Too many concurrent requests for user.",
            domain="usageLimits",
            retry_after=1,
        )
    if code == 503:
        return ApiError(503, "backendError", "The service is currently unavailable.")
    return ApiError(500, "backendError", "Internal error encountered.")


def oauth_error(error: str, description: str) -> dict[str, str]:
    """Return the token/revoke endpoints' flat error object."""
    return {"error": error, "error_description": description}
