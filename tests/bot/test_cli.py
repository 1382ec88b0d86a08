"""The command line as an operator uses it: real subprocesses, configured by environment variables."""

from __future__ import annotations

import json
import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from storage.crypto import generate_key

ROOT = Path(__file__).resolve().parents[2]
FAKE_TOKEN = "123456:TEST-token-not-real"


def _run(args: list[str], env: dict[str, str], timeout: float = 60) -> subprocess.CompletedProcess[str]:
    base = {k: v for k, v in os.environ.items() if not k.isupper() or k in ("PATH", "HOME", "LANG")}
    return subprocess.run(
        [sys.executable, "-m", "bot", *args],
        cwd=env.get("CWD", ROOT),
        env={**base, **env},
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )


def test_help_lists_the_commands() -> None:
    result = _run(["--help"], {})
    assert result.returncode == 0
    for command in ("run", "migrate", "rotate-keys", "brokers"):
        assert command in result.stdout


def test_missing_token_stops_with_one_line_and_exit_2(tmp_path: Path) -> None:
    result = _run([], {"DATA_DIR": str(tmp_path), "CWD": str(tmp_path)})
    assert result.returncode == 2
    assert result.stderr.strip().splitlines() == [
        "configuration error: TELEGRAM_BOT_TOKEN is required but not set (get one from @BotFather)"
    ]


@pytest.mark.parametrize(
    ("variable", "value"),
    [
        ("TELEGRAM_BOT_TOKEN", "not a token"),
        ("WEB_PORT", "eighty"),
        ("ADMIN_IDS", "12,abc"),
        ("TELEGRAM_API_URL", "ftp://example.org"),
        ("ENCRYPTION_KEYS", "short"),
        ("BOT_MODE", "carrier-pigeon"),
        ("REPLY_POLL_SECONDS", "2"),
        ("REPLY_POLL_SECONDS", "soon"),
        ("SHUTDOWN_GRACE_SECONDS", "-1"),
        ("SHUTDOWN_GRACE_SECONDS", "601"),
        ("SHUTDOWN_GRACE_SECONDS", "a while"),
        ("GMAIL_PUBSUB_TOPIC", "gmail-topic"),
        ("GMAIL_PUSH_AUDIENCE", "my bot"),
    ],
)
def test_malformed_setting_names_the_variable_and_exits_2(tmp_path: Path, variable: str, value: str) -> None:
    env = {"TELEGRAM_BOT_TOKEN": FAKE_TOKEN, "DATA_DIR": str(tmp_path), "CWD": str(tmp_path), variable: value}
    result = _run(["migrate"], env)
    assert result.returncode == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1
    assert lines[0].startswith(f"configuration error: {variable} is malformed")
    assert "Traceback" not in result.stderr


def test_migrate_generates_a_private_key_file_once(tmp_path: Path) -> None:
    env = {"DATA_DIR": str(tmp_path), "CWD": str(tmp_path)}
    first = _run(["migrate"], env)
    key_file = tmp_path / "encryption.keys"
    assert first.returncode == 0, first.stderr
    assert (tmp_path / "bot.db").exists()
    # The key file is made by the first command that needs keys; migrate does not, rotate-keys does.
    rotated = _run(["rotate-keys"], env)
    assert rotated.returncode == 0, rotated.stderr
    assert stat.S_IMODE(key_file.stat().st_mode) == 0o600
    assert "generated a key file" in rotated.stderr
    key = key_file.read_text()
    again = _run(["rotate-keys"], env)
    assert again.returncode == 0
    assert key_file.read_text() == key
    assert "generated a key file" not in again.stderr


def test_rotate_keys_generate_puts_a_new_key_first(tmp_path: Path) -> None:
    env = {"DATA_DIR": str(tmp_path), "CWD": str(tmp_path)}
    assert _run(["rotate-keys"], env).returncode == 0
    old = (tmp_path / "encryption.keys").read_text().split()
    assert _run(["rotate-keys", "--generate"], env).returncode == 0
    new = (tmp_path / "encryption.keys").read_text().split()
    assert new[1:] == old
    assert len(new) == 2


def test_log_lines_are_json(tmp_path: Path) -> None:
    env = {"DATA_DIR": str(tmp_path), "CWD": str(tmp_path), "ENCRYPTION_KEYS": generate_key()}
    result = _run(["migrate"], env)
    events = [json.loads(line) for line in result.stderr.splitlines() if line.strip()]
    assert any(e["event"] == "database is up to date" for e in events)


def test_webhook_mode_without_secret_stops_with_one_line(tmp_path: Path) -> None:
    env = {
        "TELEGRAM_BOT_TOKEN": FAKE_TOKEN,
        "DATA_DIR": str(tmp_path),
        "CWD": str(tmp_path),
        "BOT_MODE": "webhook",
    }
    result = _run(["migrate"], env)
    assert result.returncode == 2
    assert result.stderr.strip() == "configuration error: WEBHOOK_SECRET is required when BOT_MODE is webhook"


@pytest.mark.parametrize(("sent_check", "timeout"), [("10", "10"), ("5", "20")])
def test_a_sent_check_not_outlasting_googles_timeout_stops_with_one_line(
    tmp_path: Path, sent_check: str, timeout: str
) -> None:
    env = {"DATA_DIR": str(tmp_path), "CWD": str(tmp_path)}
    result = _run(["migrate"], env | {"SENT_CHECK_SECONDS": sent_check, "GOOGLE_TIMEOUT_SECONDS": timeout})
    assert result.returncode == 2
    assert result.stderr.strip() == (
        f"configuration error: SENT_CHECK_SECONDS ({sent_check}) must be above GOOGLE_TIMEOUT_SECONDS "
        f"({timeout}): a letter whose Gmail answer was lost could otherwise be sent twice"
    )
    longer = {"SENT_CHECK_SECONDS": "11", "GOOGLE_TIMEOUT_SECONDS": "10"}
    assert _run(["migrate"], env | longer).returncode == 0


def test_data_dir_database_and_key_file_are_private(tmp_path: Path) -> None:
    data = tmp_path / "data"
    env = {"DATA_DIR": str(data), "CWD": str(tmp_path)}
    assert _run(["migrate"], env).returncode == 0
    assert _run(["rotate-keys"], env).returncode == 0
    assert stat.S_IMODE(data.stat().st_mode) == 0o700
    for path in data.iterdir():  # bot.db, its -wal and -shm files, the key file
        assert stat.S_IMODE(path.stat().st_mode) == 0o600, path.name


def test_data_dir_left_readable_by_an_older_version_is_tightened(tmp_path: Path) -> None:
    data = tmp_path / "data"
    data.mkdir(mode=0o755)
    data.chmod(0o755)
    (data / "bot.db").touch(mode=0o644)
    (data / "bot.db").chmod(0o644)
    env = {"DATA_DIR": str(data), "CWD": str(tmp_path), "ENCRYPTION_KEYS": generate_key()}
    assert _run(["migrate"], env).returncode == 0
    assert stat.S_IMODE(data.stat().st_mode) == 0o700
    assert stat.S_IMODE((data / "bot.db").stat().st_mode) == 0o600
