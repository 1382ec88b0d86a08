"""Shared fixtures: a fresh database per test on every configured backend."""

from __future__ import annotations

import os
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from tests.databases import backends, fresh_database


@pytest.fixture(params=backends())
async def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> AsyncIterator[str]:
    async with fresh_database(request.param, tmp_path) as url:
        yield url


# PTB 22 warns on every RetryAfter unless told to use timedelta values; warnings are errors in tests.
os.environ.setdefault("PTB_TIMEDELTA", "1")
