"""RefusalLog: a refused button is audited with who tapped it and why, but not the whole callback."""

from __future__ import annotations

from bot.services.refusals import RefusalLog
from brokers.profile import TelegramId
from tests.clock import FakeClock
from tests.factories import BOB
from tests.fakes.memory import MemoryUnitOfWorkFactory


async def test_refusal_is_audited_with_the_actor_and_the_reason(
    uow: MemoryUnitOfWorkFactory, clock: FakeClock
) -> None:
    await RefusalLog(uow).refuse(actor=BOB, action="send:41", reason="not the owner")
    async with uow() as unit:
        audit = await unit.audit.recent()
    assert audit == [
        {
            "at": clock.now().isoformat(),
            "actor": BOB,
            "user_id": None,
            "action": "refused_callback",
            "detail": {"callback": "send:41", "reason": "not the owner"},
        }
    ]


async def test_refusal_keeps_only_the_start_of_a_long_callback(uow: MemoryUnitOfWorkFactory) -> None:
    await RefusalLog(uow).refuse(actor=TelegramId(7), action="x" * 64, reason="forged")
    async with uow() as unit:
        (entry,) = await unit.audit.recent()
    assert entry["detail"] == {"callback": "x" * 16, "reason": "forged"}
