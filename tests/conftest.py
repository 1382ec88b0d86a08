"""Shared fixtures: a fresh database per test on every configured backend."""

from __future__ import annotations

import os
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from hypothesis import settings

from tests.databases import backends, fresh_database


@pytest.fixture(params=backends())
async def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> AsyncIterator[str]:
    async with fresh_database(request.param, tmp_path) as url:
        yield url


# PTB 22 warns on every RetryAfter unless told to use timedelta values; warnings are errors in tests.
os.environ.setdefault("PTB_TIMEDELTA", "1")

# Property tests check behaviour, not speed (benchmarks in bench/ do): on a loaded machine an example that
# fills a cache first can pass Hypothesis's 200 ms deadline and fail a correct test as "flaky".
settings.register_profile("suite", deadline=None)
settings.load_profile("suite")
