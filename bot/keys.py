"""Where the encryption keys come from: ENCRYPTION_KEYS, or a key file generated once in DATA_DIR."""

from __future__ import annotations

import logging
import os
from pathlib import Path

from bot.config import ConfigError, Settings
from storage.crypto import generate_key, is_valid_key

log = logging.getLogger(__name__)

KEY_FILE = "encryption.keys"


def key_file(settings: Settings) -> Path:
    return settings.data_dir / KEY_FILE


def load_keys(settings: Settings) -> list[str]:
    """The configured keys, newest first; generates the key file (mode 0600) on first start."""
    if settings.encryption_keys:
        keys = [k.get_secret_value() for k in settings.encryption_keys]
        for index, key in enumerate(keys, start=1):
            if not is_valid_key(key):
                raise ConfigError(
                    f"ENCRYPTION_KEYS is malformed: key {index} is not a Fernet key "
                    "(32 url-safe base64-encoded bytes)"
                )
        return keys
    path = key_file(settings)
    if not path.exists():
        _write_key_file(path, [generate_key()])
        log.warning(
            "ENCRYPTION_KEYS is not set: generated a key file in DATA_DIR; back it up, "
            "without it the stored secrets cannot be read"
        )
    keys = [line.strip() for line in path.read_text(encoding="ascii").splitlines() if line.strip()]
    if not keys or not all(is_valid_key(k) for k in keys):
        raise ConfigError(f"ENCRYPTION_KEYS is not set and the key file {KEY_FILE} in DATA_DIR is malformed")
    return keys


def add_generated_key(settings: Settings) -> int:
    """Put a new key in front of the key file, for rotate-keys when keys come from the file; returns
    how many keys the file now holds."""
    keys = [generate_key(), *load_keys(settings)]
    _write_key_file(key_file(settings), keys)
    return len(keys)


def _write_key_file(path: Path, keys: list[str]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(descriptor, "w", encoding="ascii") as handle:
        handle.write("\n".join(keys) + "\n")
    path.chmod(0o600)
