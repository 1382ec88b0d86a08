"""A whole journey logged at DEBUG: the captured text holds no code, verifier, token, address or name."""

from __future__ import annotations

import io
import logging
from collections.abc import Iterator

import pytest

from bot.app import BotRuntime
from bot.logs import configure_logging
from bot.sandbox.google import FakeGoogle
from bot.sandbox.telegram import FakeTelegram
from tests.e2e.browser import Browser, telegram_link
from tests.e2e.test_connect import ALICE, consent
from tests.e2e.test_onboarding import onboard
from tests.fakes.chat import Chat


@pytest.fixture(params=[False, True], ids=["libraries-quiet", "libraries-debug"])
def debug_log(request: pytest.FixtureRequest) -> Iterator[io.StringIO]:
    """The log output at DEBUG, as `python -m bot` configures it with LOG_LEVEL=DEBUG, with and without
    LOG_LIBRARIES_DEBUG (then oauthlib, telegram and the HTTP clients log everything they see)."""
    root = logging.getLogger()
    saved = (
        root.handlers[:],
        root.level,
        {name: logging.getLogger(name).level for name in logging.root.manager.loggerDict},
    )
    captured = io.StringIO()
    configure_logging("DEBUG", libraries_debug=request.param, stream=captured)
    yield captured
    root.handlers[:], root.level = saved[0], saved[1]
    for name, level in saved[2].items():
        logging.getLogger(name).setLevel(level)


async def test_connect_journey_at_debug_logs_no_secret_or_personal_detail(
    debug_log: io.StringIO,
    telegram: FakeTelegram,
    bot: BotRuntime,
    google: FakeGoogle,
    browser: Browser,
) -> None:
    ann = Chat(telegram, telegram.user(1001, first_name="Annelie", username="annz"))
    await onboard(ann, name="Annelie Zwiebelmann")
    page = await consent(ann, browser, google)
    callback = page.history[-1].url
    await ann.open_link(telegram_link(page))
    await ann.fake.wait_until(lambda: "Connected as" in ann.last.text, what="the connected message")
    await ann.say("/accounts")
    await ann.say("/scan")
    await ann.fake.wait_until(
        lambda: "Scan finished" in ann.last.text or "Scan" in ann.last.text, what="scan"
    )
    text = debug_log.getvalue()
    assert "debug" in text  # DEBUG really was on
    secrets = google.secrets_seen
    assert len(secrets) >= 4  # the code, the verifier, the access and the refresh token
    secrets += [callback.params["code"], callback.params["state"]]
    for secret in secrets:
        assert secret not in text, "a code, verifier, state or token reached the log"
    for personal in (ALICE, "Annelie", "annz", "Annelie Zwiebelmann"):
        assert personal not in text, f"{personal!r} reached the log"
