"""A consistent copy of the SQLite database while the bot runs, through SQLite's online backup API.

Copying bot.db with `cp` while the bot writes can catch a half-written page, and misses whatever is
still in the -wal file. The backup API copies a consistent snapshot: in one step, inside one read
transaction, which in WAL mode never blocks the bot's writers (copying in several steps would start
over after every write, and might never finish while the bot is busy). https://www.sqlite.org/backup.html
"""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

from sqlalchemy.engine import make_url

from storage.engine import is_sqlite


class BackupError(Exception):
    """The backup cannot be made; the message says why, in one line."""


def backup_sqlite(url: str, target: Path) -> int:
    """Copy the database at `url` to `target` (a new file, 0600); returns its size in bytes."""
    if not is_sqlite(url):
        raise BackupError("backup copies the SQLite database; for PostgreSQL use pg_dump")
    database = make_url(url).database
    if not database or database == ":memory:" or not Path(database).exists():
        raise BackupError("there is no SQLite database file to copy")
    if target.exists():
        raise BackupError(f"{target.name} already exists; choose a new file")
    descriptor = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)  # private from the start
    os.close(descriptor)
    source = sqlite3.connect(f"file:{database}?mode=ro", uri=True)
    copy = sqlite3.connect(target)
    try:
        source.backup(copy)
        check = copy.execute("PRAGMA integrity_check").fetchone()
        if check != ("ok",):
            raise BackupError(f"the copy failed its integrity check: {check}")
    except sqlite3.Error as exc:
        target.unlink(missing_ok=True)
        raise BackupError(f"the copy failed: {exc}") from None
    finally:
        copy.close()
        source.close()
    return target.stat().st_size
