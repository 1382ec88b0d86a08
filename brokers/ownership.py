"""Whose a thing is: the one check that a request or an account belongs to the person asking."""

from __future__ import annotations

from typing import Protocol, TypeVar

from brokers.profile import TelegramId


class Owned(Protocol):
    """Anything that belongs to one person (a deletion request, a connected account)."""

    @property
    def telegram_id(self) -> TelegramId: ...


T = TypeVar("T", bound=Owned)


def owned_by(thing: T | None, telegram_id: TelegramId) -> T | None:
    """`thing` if it exists and is this person's; None otherwise, so another person's id reads as absent.

    Callers answer "not found" for both cases alike: telling them apart would confirm that an id a
    stranger typed or replayed exists.
    """
    return thing if thing is not None and thing.telegram_id == telegram_id else None
