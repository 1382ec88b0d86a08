"""How the operator's Google project treats a grant: what the consent screens show, and how long it lasts."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Final
from urllib.parse import urlsplit

# https://developers.google.com/identity/protocols/oauth2#expiration: a project in "Testing" status
# gets refresh tokens that expire in 7 days (Gmail scopes are more than name, e-mail and profile).
TESTING_GRANT_LIFETIME: Final = timedelta(days=7)
REMIND_BEFORE: Final = timedelta(days=1)


@dataclass(frozen=True, slots=True)
class GrantPolicy:
    """`app_host` is what Google's "unverified app" screen names in "Go to … (unsafe)"."""

    app_host: str
    testing_mode: bool

    @classmethod
    def for_site(cls, public_url: str, *, testing_mode: bool) -> GrantPolicy:
        return cls(urlsplit(public_url).hostname or public_url, testing_mode)

    def expires_at(self, connected_at: datetime) -> datetime | None:
        return connected_at + TESTING_GRANT_LIFETIME if self.testing_mode else None

    def reminder_at(self, connected_at: datetime) -> datetime | None:
        expiry = self.expires_at(connected_at)
        return None if expiry is None else expiry - REMIND_BEFORE

    def is_expected_expiry(self, connected_at: datetime, now: datetime) -> bool:
        """A revoked grant is the testing-mode expiry (not a withdrawal) once its 7 days are over."""
        expiry = self.expires_at(connected_at)
        return expiry is not None and now >= expiry - timedelta(hours=1)
