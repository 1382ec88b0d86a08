"""`python -m bot backup PATH`: a consistent copy of the SQLite database, even while someone writes."""

from __future__ import annotations

import sqlite3
import stat
import threading
from pathlib import Path

from storage.crypto import generate_key
from tests.bot.test_cli import _run


def _migrated(tmp_path: Path) -> tuple[dict[str, str], Path]:
    data = tmp_path / "data"
    env = {"DATA_DIR": str(data), "CWD": str(tmp_path), "ENCRYPTION_KEYS": generate_key()}
    assert _run(["migrate"], env).returncode == 0
    return env, data / "bot.db"


def test_backup_while_a_writer_writes_is_consistent_and_private(tmp_path: Path) -> None:
    env, database = _migrated(tmp_path)
    writer = sqlite3.connect(database, isolation_level=None, check_same_thread=False)
    writer.execute("PRAGMA journal_mode=WAL")
    writer.execute("CREATE TABLE pairs (batch INTEGER, half INTEGER)")
    stop = threading.Event()

    def write_pairs() -> None:
        batch = 0
        while not stop.is_set() and batch < 200_000:
            batch += 1
            writer.execute("BEGIN IMMEDIATE")
            writer.execute("INSERT INTO pairs VALUES (?, 1)", (batch,))
            writer.execute("INSERT INTO pairs VALUES (?, 2)", (batch,))
            writer.execute("COMMIT")

    thread = threading.Thread(target=write_pairs)
    thread.start()
    try:
        result = _run(["backup", str(tmp_path / "copy.db")], env)
    finally:
        stop.set()
        thread.join()
        writer.close()
    assert result.returncode == 0, result.stderr
    copy_path = tmp_path / "copy.db"
    assert stat.S_IMODE(copy_path.stat().st_mode) == 0o600
    copy = sqlite3.connect(copy_path)
    assert copy.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    assert copy.execute("SELECT count(*) FROM alembic_version").fetchone() == (1,)
    halves = copy.execute("SELECT count(*) FROM pairs GROUP BY batch HAVING count(*) != 2").fetchall()
    copy.close()
    assert halves == []  # no transaction copied half-way


def test_backup_includes_what_is_still_in_the_write_ahead_log(tmp_path: Path) -> None:
    env, database = _migrated(tmp_path)
    writer = sqlite3.connect(database, isolation_level=None)
    writer.execute("PRAGMA journal_mode=WAL")
    writer.execute("PRAGMA wal_autocheckpoint=0")  # the row stays in bot.db-wal, not bot.db
    writer.execute("CREATE TABLE marks (value TEXT)")
    writer.execute("INSERT INTO marks VALUES ('latest')")
    try:
        assert _run(["backup", str(tmp_path / "copy.db")], env).returncode == 0
    finally:
        writer.close()
    copy = sqlite3.connect(tmp_path / "copy.db")
    assert copy.execute("SELECT value FROM marks").fetchall() == [("latest",)]
    copy.close()


def test_backup_never_overwrites_a_file(tmp_path: Path) -> None:
    env, _database = _migrated(tmp_path)
    existing = tmp_path / "copy.db"
    existing.write_text("precious")
    result = _run(["backup", str(existing)], env)
    assert result.returncode == 1
    assert "already exists" in result.stderr
    assert existing.read_text() == "precious"


def test_backup_of_postgresql_points_to_pg_dump(tmp_path: Path) -> None:
    env = {"DATA_DIR": str(tmp_path), "CWD": str(tmp_path), "DATABASE_URL": "postgresql+asyncpg://u@h/db"}
    result = _run(["backup", str(tmp_path / "copy.db")], env)
    assert result.returncode == 1
    assert "pg_dump" in result.stderr
    assert not (tmp_path / "copy.db").exists()
