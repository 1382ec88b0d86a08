"""The interfaces the application needs from the outside world; adapters in storage/ and bot/ implement them.

Services depend on these Protocols only, so tests can hand them fakes and a clock they move by hand.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime
from types import TracebackType
from typing import Any, Protocol, Self

from brokers.profile import TelegramId, User


class Clock(Protocol):
    """The one source of 'now' (timezone-aware UTC), so reminder logic is testable without sleeping."""

    def now(self) -> datetime: ...


class SecretBox(Protocol):
    """Symmetric encryption for secrets and personal details stored at rest."""

    def encrypt(self, plaintext: str) -> str: ...

    def decrypt(self, token: str) -> str: ...

    def rotate(self, token: str) -> str: ...


class UserRepository(Protocol):
    """People who consented, with their settings and their (encrypted) letter details.

    `save` inserts or replaces the whole user; `delete` removes the user and, by cascade, every row
    that belongs to them. `claim_consent` is the atomic "insert if absent" used by the consent button,
    so a double tap creates one user: it returns False when the user already existed.
    """

    async def get(self, telegram_id: TelegramId) -> User | None: ...

    async def claim_consent(self, user: User) -> bool: ...

    async def save(self, user: User) -> None: ...

    async def delete(self, telegram_id: TelegramId) -> bool: ...

    async def export(self, telegram_id: TelegramId) -> Mapping[str, Any]: ...


class AuditLog(Protocol):
    """Append-only record of sensitive operations; `detail` never holds secrets or message content."""

    async def record(
        self,
        *,
        action: str,
        actor: int | None,
        user_id: TelegramId | None = None,
        detail: Mapping[str, Any] | None = None,
    ) -> None: ...

    async def recent(self, limit: int = 50) -> Sequence[Mapping[str, Any]]: ...


class UnitOfWork(Protocol):
    """One transaction: the repositories share it; nothing is written until `commit`."""

    @property
    def users(self) -> UserRepository: ...

    @property
    def audit(self) -> AuditLog: ...

    async def __aenter__(self) -> Self: ...

    async def __aexit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None: ...

    async def commit(self) -> None: ...


class UnitOfWorkFactory(Protocol):
    def __call__(self) -> UnitOfWork: ...
