"""The real bot, configured through its environment variables, against the fake Telegram server."""

from __future__ import annotations

import os
import random
import socket
from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import pytest

from bot.app import BotRuntime
from bot.config import load_settings
from bot.rate_limit import FloodLimits
from bot.sandbox.google import FakeGoogle, generate_mailbox, realistic_sender_forms
from bot.sandbox.telegram import FakeTelegram
from handlers.update_order import ChatOrderedProcessor
from storage.crypto import generate_key
from tests.clock import FakeClock
from tests.e2e.browser import Browser
from tests.fakes.chat import Chat

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


def free_port() -> int:
    """A free port from a range of this test worker's own, so parallel workers never pick the same one."""
    worker = int(os.environ.get("PYTEST_XDIST_WORKER", "gw0").removeprefix("gw") or 0)
    low = 20000 + 1500 * (worker % 8)
    for port in random.sample(range(low, low + 1500), 1500):
        with socket.socket() as probe:
            try:
                probe.bind(("127.0.0.1", port))
            except OSError:
                continue
            return port
    raise RuntimeError("no free port in this worker's range")


@pytest.fixture
def web_port() -> int:
    return free_port()


@pytest.fixture
def google(web_port: int) -> Iterator[FakeGoogle]:
    fake = FakeGoogle(redirect_uris=(f"http://127.0.0.1:{web_port}/oauth/callback",))
    fake.start()
    yield fake
    fake.stop()
    assert fake.server_errors == []


def bot_environment(
    telegram: FakeTelegram, google: FakeGoogle, *, port: int, database_url: str, folder: Path
) -> dict[str, str]:
    """The environment that runs the real bot against the fakes, for the e2e tests and the transcripts."""
    return {
        "TELEGRAM_BOT_TOKEN": TOKEN,
        "TELEGRAM_API_URL": telegram.url,
        "DATABASE_URL": database_url,
        "DATA_DIR": str(folder / "data"),
        "ENCRYPTION_KEYS": generate_key(),
        "WEB_HOST": "127.0.0.1",
        "WEB_PORT": str(port),
        "PUBLIC_URL": f"http://127.0.0.1:{port}",
        "GOOGLE_CLIENT_ID": str(google.client_config()["web"]["client_id"]),
        "GOOGLE_CLIENT_SECRET": str(google.client_config()["web"]["client_secret"]),
        "GOOGLE_AUTH_URI": google.auth_uri,
        "GOOGLE_TOKEN_URI": google.token_uri,
        "GOOGLE_REVOKE_URI": google.revoke_uri,
        "GMAIL_API_URL": google.gmail_api_url,
        "GOOGLE_TIMEOUT_SECONDS": "2",
        "SEND_PACING_SECONDS": "0.05",
        "SWEEP_INTERVAL_SECONDS": "0.2",
    }


@pytest.fixture
def bot_env(
    telegram: FakeTelegram,
    google: FakeGoogle,
    web_port: int,
    database_url: str,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> dict[str, str]:
    env = {
        **bot_environment(telegram, google, port=web_port, database_url=database_url, folder=tmp_path),
        "GOOGLE_OAUTH_TESTING_MODE": "false",  # test_dead_ends.py turns it on
        "ADMIN_IDS": str(ADMIN_ID),
        "LOG_LEVEL": "INFO",
    }
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    monkeypatch.chdir(tmp_path)
    return env


def watch_busy(telegram: FakeTelegram, runtime: BotRuntime) -> None:
    """Let the chat driver wait while the bot handles an update (a paced reply may be a second away)."""
    processor = runtime.application.update_processor
    telegram.bot_busy = lambda: processor.current_concurrent_updates > 0
    if isinstance(processor, ChatOrderedProcessor):
        telegram.bot_handled = lambda update_id: update_id in processor.recently_handled


@pytest.fixture
def flood_limits() -> FloodLimits:
    """The fake enforces no flood limits unless a test turns them on, so the bot paces at a quick rate
    here: Telegram's own pace (one message a second per chat) would only make every chat test wait.
    The real limits are exercised where the fake enforces them (test_flood_limits.py overrides this)."""
    return FloodLimits(overall_per_second=500.0, chat_burst=50.0, chat_per_second=50.0, group_per_minute=500)


@pytest.fixture
async def bot(
    bot_env: dict[str, str], clock: FakeClock, telegram: FakeTelegram, flood_limits: FloodLimits
) -> AsyncIterator[BotRuntime]:
    runtime = BotRuntime(load_settings(), clock=clock, flood_limits=flood_limits)
    watch_busy(telegram, runtime)
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


BROKERS = {
    "33across.com": "33Across",
    "01advertising.com": "01 Advertising",
    "4legalleads.com": "4LegalLeads",
}


@pytest.fixture
async def browser() -> AsyncIterator[Browser]:
    """A person's browser for the connect flow."""
    b = Browser()
    yield b
    await b.close()


@pytest.fixture
def mailbox(google: FakeGoogle) -> None:
    """Alice's Gmail: 600 mails, three of the catalog's brokers among them (one takes web forms only)."""
    senders = {domain: realistic_sender_forms(domain, brand) for domain, brand in BROKERS.items()}
    google.add_account(
        "alice@gmail.com",
        mailbox=generate_mailbox(7, 600, sender_domains=80, broker_senders=senders, owner="alice@gmail.com"),
    )
