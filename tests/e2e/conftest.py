"""The real bot, configured through its environment variables, against the fake Telegram server."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import pytest

from bot.app import BotRuntime
from bot.config import load_settings
from storage.crypto import generate_key
from tests.clock import FakeClock
from tests.fakes.chat import Chat
from tests.fakes.telegram import FakeTelegram

TOKEN = "123456:TEST-token"
ADMIN_ID = 9000


@pytest.fixture
def telegram() -> Iterator[FakeTelegram]:
    fake = FakeTelegram(token=TOKEN)
    fake.start()
    yield fake
    fake.stop()
    assert fake.spec_violations == []


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def bot_env(
    telegram: FakeTelegram, database_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> dict[str, str]:
    env = {
        "TELEGRAM_BOT_TOKEN": TOKEN,
        "TELEGRAM_API_URL": telegram.url,
        "DATABASE_URL": database_url,
        "DATA_DIR": str(tmp_path / "data"),
        "ENCRYPTION_KEYS": generate_key(),
        "WEB_HOST": "127.0.0.1",
        "WEB_PORT": "0",
        "ADMIN_IDS": str(ADMIN_ID),
        "LOG_LEVEL": "INFO",
    }
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    monkeypatch.chdir(tmp_path)
    return env


@pytest.fixture
async def bot(bot_env: dict[str, str], clock: FakeClock) -> AsyncIterator[BotRuntime]:
    runtime = BotRuntime(load_settings(), clock=clock)
    try:
        await runtime.start()
        yield runtime
    finally:
        await runtime.stop()


@pytest.fixture
def ann(telegram: FakeTelegram, bot: BotRuntime) -> Chat:
    return Chat(telegram, telegram.user(1001, first_name="Ann", username="ann", language_code="en"))


@pytest.fixture
def bob(telegram: FakeTelegram, bot: BotRuntime) -> Chat:
    return Chat(telegram, telegram.user(1002, first_name="Bob", username="bob", language_code="en-GB"))
