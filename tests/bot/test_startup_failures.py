"""Every start-up failure a newcomer meets is one line naming the cause and what to do, never a traceback."""

from __future__ import annotations

import os
import socket
from pathlib import Path

import pytest

from tests.bot.test_cli import FAKE_TOKEN, _run

PG_HOST = "postgresql://postgres@127.0.0.1:5432"


def _closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
    return port


def _one_line(stderr: str) -> str:
    assert "Traceback" not in stderr
    lines = [line for line in stderr.strip().splitlines() if not line.startswith("{")]  # JSON log lines
    assert len(lines) == 1, stderr
    return lines[0]


def test_empty_token_says_empty_and_points_to_the_sandbox(tmp_path: Path) -> None:
    result = _run(["run"], {"TELEGRAM_BOT_TOKEN": "", "DATA_DIR": str(tmp_path), "CWD": str(tmp_path)})
    assert result.returncode == 2
    assert _one_line(result.stderr) == (
        "configuration error: TELEGRAM_BOT_TOKEN is empty: put the token from @BotFather into it "
        "(or try the bot without one: python -m bot sandbox)"
    )


def test_empty_token_in_env_file_does_not_stop_maintenance(tmp_path: Path) -> None:
    (tmp_path / ".env").write_text("TELEGRAM_BOT_TOKEN=\n")
    result = _run(["migrate"], {"DATA_DIR": str(tmp_path), "CWD": str(tmp_path)})
    assert result.returncode == 0, result.stderr


def test_unsupported_driver_is_named(tmp_path: Path) -> None:
    env = {"DATABASE_URL": "mysql://root@127.0.0.1/bot", "DATA_DIR": str(tmp_path), "CWD": str(tmp_path)}
    result = _run(["migrate"], env)
    assert result.returncode == 2
    assert _one_line(result.stderr) == (
        "configuration error: DATABASE_URL is malformed: the mysql:// driver is not supported; "
        "use postgresql://… or sqlite:///…"
    )


def test_plain_postgresql_url_gets_the_async_driver(tmp_path: Path) -> None:
    """`postgresql://` is taken as asyncpg: PostgreSQL itself answers, not a missing psycopg2."""
    env = {
        "DATABASE_URL": f"{PG_HOST}/no_such_database_here",
        "DATA_DIR": str(tmp_path),
        "CWD": str(tmp_path),
    }
    result = _run(["migrate"], env)
    assert result.returncode == 2
    line = _one_line(result.stderr)
    assert line.startswith("configuration error: DATABASE_URL: cannot use the database (")
    # Either PostgreSQL says the database is missing, or (where none runs) the connection is refused.
    assert 'database "no_such_database_here" does not exist' in line or "Connect call failed" in line
    assert "psycopg2" not in result.stderr


def test_plain_sqlite_url_is_accepted(tmp_path: Path) -> None:
    env = {
        "DATABASE_URL": f"sqlite:///{tmp_path / 'plain.db'}",
        "DATA_DIR": str(tmp_path),
        "CWD": str(tmp_path),
    }
    result = _run(["migrate"], env)
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "plain.db").exists()


def test_database_that_refuses_the_connection(tmp_path: Path) -> None:
    url = f"postgresql://postgres@127.0.0.1:{_closed_port()}/test"
    env = {
        "TELEGRAM_BOT_TOKEN": FAKE_TOKEN,
        "DATABASE_URL": url,
        "DATA_DIR": str(tmp_path),
        "CWD": str(tmp_path),
    }
    result = _run(["run"], env)
    assert result.returncode == 2
    line = _one_line(result.stderr)
    assert line.startswith("configuration error: DATABASE_URL: cannot use the database (")
    assert line.endswith("check that it runs and exists")


@pytest.mark.skipif(os.geteuid() == 0, reason="root may write anywhere")
def test_data_dir_that_cannot_be_written(tmp_path: Path) -> None:
    locked = tmp_path / "locked"
    locked.mkdir(mode=0o500)
    env = {"DATA_DIR": str(locked / "data"), "CWD": str(tmp_path)}
    result = _run(["migrate"], env)
    assert result.returncode == 2
    assert _one_line(result.stderr).startswith("configuration error: DATA_DIR: cannot use ")


def test_data_dir_that_cannot_exist(tmp_path: Path) -> None:
    env = {"DATA_DIR": "/proc/no-such-place/data", "CWD": str(tmp_path)}
    result = _run(["migrate"], env)
    assert result.returncode == 2
    assert _one_line(result.stderr).startswith("configuration error: DATA_DIR: cannot use ")


def test_unreachable_telegram_is_one_line_and_exit_1(tmp_path: Path) -> None:
    api = f"http://127.0.0.1:{_closed_port()}"
    env = {
        "TELEGRAM_BOT_TOKEN": FAKE_TOKEN,
        "TELEGRAM_API_URL": api,
        "DATA_DIR": str(tmp_path),
        "CWD": str(tmp_path),
    }
    result = _run(["run"], env)
    assert result.returncode == 1
    line = _one_line(result.stderr)
    assert line.startswith(f"Telegram is unreachable at {api} (")
