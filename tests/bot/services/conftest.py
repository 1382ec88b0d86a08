"""The services' tests run against the in-memory store and a clock moved by hand."""

from __future__ import annotations

import pytest

from tests.clock import FakeClock
from tests.fakes.memory import MemoryUnitOfWorkFactory


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def uow(clock: FakeClock) -> MemoryUnitOfWorkFactory:
    return MemoryUnitOfWorkFactory(clock)
