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
    line = _one_line(result.stderr)
    assert "psycopg2" not in result.stderr
    if "Connect call failed" in line:  # no PostgreSQL runs here: refused, an unreachable service
        assert result.returncode == 1
        return
    assert result.returncode == 2  # PostgreSQL answered: a database that does not exist is configuration
    assert line == (
        "configuration error: DATABASE_URL: cannot use the database "
        '(database "no_such_database_here" does not exist); check that it runs and exists'
    )


def test_plain_sqlite_url_is_accepted(tmp_path: Path) -> None:
    env = {
        "DATABASE_URL": f"sqlite:///{tmp_path / 'plain.db'}",
        "DATA_DIR": str(tmp_path),
        "CWD": str(tmp_path),
    }
    result = _run(["migrate"], env)
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "plain.db").exists()


@pytest.mark.parametrize("command", ["run", "migrate"])
def test_database_that_refuses_the_connection_is_unreachable_exit_1(tmp_path: Path, command: str) -> None:
    port = _closed_port()
    env = {
        "TELEGRAM_BOT_TOKEN": FAKE_TOKEN,
        "DATABASE_URL": f"postgresql://postgres@127.0.0.1:{port}/test",
        "DATA_DIR": str(tmp_path),
        "CWD": str(tmp_path),
    }
    result = _run([command], env)
    assert result.returncode == 1
    assert _one_line(result.stderr) == (
        f"The database at 127.0.0.1:{port} is unreachable ([Errno 111] Connect call failed "
        f"('127.0.0.1', {port})): check that it runs, or DATABASE_URL"
    )


def test_database_host_that_cannot_be_found_is_unreachable_exit_1(tmp_path: Path) -> None:
    env = {
        "DATABASE_URL": "postgresql://postgres@no-such-host.invalid:5432/test",
        "DATA_DIR": str(tmp_path),
        "CWD": str(tmp_path),
    }
    result = _run(["migrate"], env)
    assert result.returncode == 1
    line = _one_line(result.stderr)
    assert line.startswith("The database at no-such-host.invalid:5432 is unreachable (")
    assert line.endswith("): check that it runs, or DATABASE_URL")


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
