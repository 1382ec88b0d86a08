"""Recording refused inputs (forged, stale or foreign buttons) in the audit log."""

from __future__ import annotations

from brokers.ports import UnitOfWorkFactory


class RefusalLog:
    def __init__(self, uow: UnitOfWorkFactory) -> None:
        self._uow = uow

    async def refuse(self, *, actor: int, action: str, reason: str) -> None:
        async with self._uow() as uow:
            await uow.audit.record(
                action="refused_callback", actor=actor, detail={"callback": action[:16], "reason": reason}
            )
            await uow.commit()
