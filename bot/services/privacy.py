"""The person's own data: export it all, or erase it all (revoking Google tokens first)."""

from __future__ import annotations

import json
from collections.abc import Awaitable, Callable
from datetime import datetime

from brokers.ports import Clock, UnitOfWorkFactory
from brokers.profile import TelegramId

# Revokes every Google token of a person before their rows go; a no-op until Gmail is connected.
TokenRevoker = Callable[[TelegramId], Awaitable[int]]


async def _no_tokens(_telegram_id: TelegramId) -> int:
    return 0


class PrivacyService:
    def __init__(
        self, uow: UnitOfWorkFactory, clock: Clock, revoke_tokens: TokenRevoker = _no_tokens
    ) -> None:
        self._uow = uow
        self._clock = clock
        self._revoke_tokens = revoke_tokens

    async def export(self, telegram_id: TelegramId) -> bytes | None:
        """Everything stored about the person as a JSON document, or None if nothing is."""
        async with self._uow() as uow:
            data = await uow.users.export(telegram_id)
            if not data:
                return None
            await uow.audit.record(action="export", actor=telegram_id, user_id=telegram_id)
            await uow.commit()
        document = {"exported_at": self._clock.now().isoformat(), **data}
        return json.dumps(document, indent=2, ensure_ascii=False, default=_json_default).encode("utf-8")

    async def forget(self, telegram_id: TelegramId) -> bool:
        """Erase the person; True if there was anything to erase."""
        async with self._uow() as uow:
            if await uow.users.get(telegram_id) is None:
                return False
        revoked = await self._revoke_tokens(telegram_id)
        async with self._uow() as uow:
            existed = await uow.users.delete(telegram_id)
            if existed:
                # The erasure itself is recorded without naming the person.
                await uow.audit.record(action="erasure", actor=None, detail={"tokens_revoked": revoked})
            await uow.commit()
        return existed


def _json_default(value: object) -> str:
    if isinstance(value, datetime):
        return value.isoformat()
    raise TypeError(type(value).__name__)
