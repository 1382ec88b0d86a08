"""The services' tests run against the in-memory store and a clock moved by hand, or against `world`
(SQLite with fake Google ports) where a service needs the OAuth and mailbox ports."""

from __future__ import annotations

import pytest

from tests.bot.services.world import world
from tests.clock import FakeClock
from tests.fakes.memory import MemoryUnitOfWorkFactory

__all__ = ["world"]


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def uow(clock: FakeClock) -> MemoryUnitOfWorkFactory:
    return MemoryUnitOfWorkFactory(clock)
