"""DATA_DIR holds the database and the key file: only the bot's own user may enter it."""

from __future__ import annotations

import os

from bot.config import ConfigError, Settings

PRIVATE_UMASK = 0o077  # everything the bot creates: files 0600, folders 0700


def secure_data_dir(settings: Settings) -> None:
    """Create DATA_DIR as 0700, and tighten one an older version left readable to others."""
    path = settings.data_dir
    try:
        path.mkdir(parents=True, exist_ok=True, mode=0o700)
        if path.stat().st_uid == os.getuid():
            path.chmod(0o700)
    except OSError as exc:
        raise ConfigError(f"DATA_DIR: cannot use the folder {path} ({exc.strerror or exc})") from None
