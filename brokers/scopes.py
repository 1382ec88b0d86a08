"""The Gmail permissions the bot asks for, and what a grant allows."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum

SEND = "https://www.googleapis.com/auth/gmail.send"
READONLY = "https://www.googleapis.com/auth/gmail.readonly"
METADATA = "https://www.googleapis.com/auth/gmail.metadata"


class AccessMode(StrEnum):
    """Full search (readonly) or privacy mode (headers only); never both, Gmail restricts such a token."""

    SEARCH = "search"
    PRIVACY = "privacy"


def scopes_for(mode: AccessMode) -> tuple[str, ...]:
    return (READONLY, SEND) if mode is AccessMode.SEARCH else (METADATA, SEND)


@dataclass(frozen=True, slots=True)
class Grant:
    """What the person actually ticked on Google's consent page."""

    scopes: frozenset[str]

    @classmethod
    def of(cls, scopes: Iterable[str]) -> Grant:
        return cls(frozenset(scopes))

    @property
    def can_send(self) -> bool:
        return SEND in self.scopes

    @property
    def can_search(self) -> bool:
        # A metadata scope beside readonly makes Gmail apply the metadata restrictions.
        return READONLY in self.scopes and METADATA not in self.scopes

    @property
    def can_read(self) -> bool:
        return READONLY in self.scopes or METADATA in self.scopes

    @property
    def is_privacy_mode(self) -> bool:
        return self.can_read and not self.can_search

    def missing(self, wanted: Iterable[str]) -> set[str]:
        return set(wanted) - self.scopes
