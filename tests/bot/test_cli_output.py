"""What the operator commands tell the person at the terminal, and that they need no bot token."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from tests.bot.test_cli import ROOT, _run

LATEST = sorted(p.name[:4] for p in (ROOT / "storage" / "migrations" / "versions").glob("[0-9]*.py"))[-1]


def test_migrate_names_each_revision_it_applies(tmp_path: Path) -> None:
    result = _run(["migrate"], {"DATA_DIR": str(tmp_path), "CWD": str(tmp_path)})
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0] == "applied 0001: The initial schema: every table of DESIGN.md section 5."
    assert all(re.fullmatch(r"applied \d{4}: \S.*", line) for line in lines[:-1])
    assert lines[-2].startswith(f"applied {LATEST}: ")
    assert lines[-1] == f"the database is now at the latest revision {LATEST}"


def test_migrate_again_says_it_is_already_at_the_latest_revision(tmp_path: Path) -> None:
    env = {"DATA_DIR": str(tmp_path), "CWD": str(tmp_path)}
    assert _run(["migrate"], env).returncode == 0
    again = _run(["migrate"], env)
    assert again.returncode == 0, again.stderr
    assert again.stdout.splitlines() == [f"already at the latest revision {LATEST}"]


def test_rotate_keys_generate_says_a_key_was_added_and_how_to_retire_the_old_one(tmp_path: Path) -> None:
    env = {"DATA_DIR": str(tmp_path), "CWD": str(tmp_path)}
    assert _run(["rotate-keys"], env).returncode == 0
    result = _run(["rotate-keys", "--generate"], env)
    assert result.returncode == 0, result.stderr
    key_file = tmp_path / "encryption.keys"
    assert result.stdout.splitlines() == [
        f"added a new key to {key_file}; it now holds 2 keys, the new one first",
        "re-encrypted 0 stored secrets with the newest key",
        "to retire the old keys: restart the bot so it uses the new key, then keep only the first key "
        f"in {key_file}; keep a copy of the old ones as long as you keep backups made before now",
    ]


def test_rotate_keys_generate_with_an_unreachable_database_leaves_the_key_file_alone(tmp_path: Path) -> None:
    env = {"DATA_DIR": str(tmp_path), "CWD": str(tmp_path)}
    assert _run(["rotate-keys"], env).returncode == 0
    before = (tmp_path / "encryption.keys").read_text()
    result = _run(
        ["rotate-keys", "--generate"], {**env, "DATABASE_URL": "postgresql://postgres@127.0.0.1:1/x"}
    )
    assert result.returncode == 1
    assert (tmp_path / "encryption.keys").read_text() == before


@pytest.mark.parametrize("output", ["table", "json"])
def test_brokers_list_into_a_closed_pipe_ends_quietly(tmp_path: Path, output: str) -> None:
    """As `brokers list | head` does once head has its lines: the reader is gone before the writing."""
    reader, writer = os.pipe()
    os.close(reader)
    base = {k: v for k, v in os.environ.items() if not k.isupper() or k in ("PATH", "HOME", "LANG")}
    try:
        result = subprocess.run(
            [sys.executable, "-m", "bot", "brokers", "list", "--format", output],
            cwd=tmp_path,
            env={**base, "DATA_DIR": str(tmp_path)},
            stdout=writer,
            stderr=subprocess.PIPE,
            text=True,
            timeout=60,
            check=False,
        )
    finally:
        os.close(writer)
    assert result.returncode == 141  # 128 + SIGPIPE, as the shell reports `cat` cut short by `head`
    assert "Traceback" not in result.stderr
    assert "BrokenPipe" not in result.stderr


@pytest.mark.parametrize(
    "command",
    [["migrate"], ["brokers", "list", "--format", "json"], ["rotate-keys"], ["backup", "copy.db"]],
    ids=lambda command: command[0],
)
def test_operator_commands_need_no_bot_token(tmp_path: Path, command: list[str]) -> None:
    env = {"DATA_DIR": str(tmp_path / "data"), "CWD": str(tmp_path)}  # _run passes no TELEGRAM_* on
    if command[0] == "backup":
        assert _run(["migrate"], env).returncode == 0
    result = _run(command, env)
    assert result.returncode == 0, result.stderr
    assert "TELEGRAM_BOT_TOKEN" not in result.stderr
