"""`python -m bot run` waits for an unreachable Telegram, retrying with back-off, instead of dying."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from bot.sandbox.telegram import FakeTelegram
from tests.bot.test_cli import FAKE_TOKEN
from tests.e2e.conftest import free_port


def _wait_for(condition: Callable[[], bool], timeout: float = 30) -> None:
    """Poll until `condition` holds; the generous limit is for a loaded machine, not the usual time."""
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, "condition not met in time"
        time.sleep(0.05)


def _health(port: int) -> tuple[int, dict[str, object]]:
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=2) as answer:
            return answer.status, json.loads(answer.read())
    except urllib.error.HTTPError as error:
        return error.code, json.loads(error.read())
    except OSError:
        return 0, {}


def _events(log: Path) -> list[dict[str, object]]:
    lines = log.read_text().splitlines()
    return [json.loads(line) for line in lines if line.startswith("{")]


@pytest.fixture
def bot_process(tmp_path: Path) -> Iterator[tuple[subprocess.Popen[bytes], Path, int, int]]:
    api_port, web_port = free_port(), free_port()
    base = {k: v for k, v in os.environ.items() if not k.isupper() or k in ("PATH", "HOME", "LANG")}
    env = {
        **base,
        "TELEGRAM_BOT_TOKEN": FAKE_TOKEN,
        "TELEGRAM_API_URL": f"http://127.0.0.1:{api_port}",
        "DATA_DIR": str(tmp_path / "data"),
        "WEB_PORT": str(web_port),
    }
    log = tmp_path / "stderr.log"
    with log.open("wb") as stderr:
        process = subprocess.Popen([sys.executable, "-m", "bot", "run"], cwd=tmp_path, env=env, stderr=stderr)
    try:
        yield process, log, api_port, web_port
    finally:
        if process.poll() is None:
            process.kill()
            process.wait(10)


def test_run_waits_for_telegram_and_starts_when_it_comes_back(
    bot_process: tuple[subprocess.Popen[bytes], Path, int, int],
) -> None:
    process, log, api_port, web_port = bot_process
    url = f"http://127.0.0.1:{api_port}"

    def attempts() -> list[str]:
        return [str(e["event"]) for e in _events(log) if "Telegram is unreachable" in str(e["event"])]

    _wait_for(lambda: len(attempts()) >= 1)
    assert attempts()[0].startswith(f"Telegram is unreachable at {url} (attempt 1: ")
    assert attempts()[0].endswith("); trying again in 1 s")
    assert _health(web_port) == (
        503,
        {"ok": False, "database": True, "receiving_updates": False, "status": "telegram unreachable"},
    )
    assert process.poll() is None

    with FakeTelegram(token=FAKE_TOKEN) as telegram:
        telegram.stop()
        telegram.start(api_port)
        _wait_for(lambda: any(e["event"] == "bot started" for e in _events(log)))
        assert _health(web_port) == (200, {"ok": True, "database": True, "receiving_updates": True})
        process.send_signal(signal.SIGTERM)
        assert process.wait(10) == 0
    assert "Traceback" not in log.read_text()


def test_run_backs_off_between_attempts_and_stops_on_sigterm_while_waiting(
    bot_process: tuple[subprocess.Popen[bytes], Path, int, int],
) -> None:
    process, log, _api_port, _web_port = bot_process

    def waits() -> list[str]:
        events = [str(e["event"]) for e in _events(log) if "Telegram is unreachable" in str(e["event"])]
        return [event.rsplit("trying again in ", 1)[1] for event in events]

    _wait_for(lambda: len(waits()) >= 3)
    assert waits()[:3] == ["1 s", "2 s", "4 s"]
    process.send_signal(signal.SIGTERM)
    assert process.wait(10) == 0
    assert "Traceback" not in log.read_text()


def test_token_refused_by_telegram_stops_with_one_line_and_exit_2(tmp_path: Path) -> None:
    """Not retried: only the operator can fix a token Telegram does not know."""
    with FakeTelegram(token="654321:ANOTHER-bots-token") as telegram:
        result = subprocess.run(
            [sys.executable, "-m", "bot", "run"],
            cwd=tmp_path,
            env={
                "PATH": os.environ["PATH"],
                "TELEGRAM_BOT_TOKEN": FAKE_TOKEN,
                "TELEGRAM_API_URL": telegram.url,
                "DATA_DIR": str(tmp_path / "data"),
                "WEB_PORT": str(free_port()),
            },
            capture_output=True,
            text=True,
            timeout=60,
            check=False,
        )
    assert result.returncode == 2
    lines = [line for line in result.stderr.splitlines() if not line.startswith("{")]
    assert lines == [
        "configuration error: TELEGRAM_BOT_TOKEN was refused by Telegram: copy it again from @BotFather"
    ]
