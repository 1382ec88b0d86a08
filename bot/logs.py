"""Logging: one JSON object per line, with tokens, e-mail addresses and registered values scrubbed."""

from __future__ import annotations

import json
import logging
import re
import sys
from datetime import UTC, datetime
from typing import IO, Any

from bot.log_secrets import SENSITIVE

_SCRUB = (
    (re.compile(r"bot\d+:[A-Za-z0-9_-]+"), "bot<token>"),
    (re.compile(r"\b\d{6,}:[A-Za-z0-9_-]{20,}\b"), "<token>"),
    (re.compile(r"ya29\.[A-Za-z0-9._-]+"), "<token>"),
    (re.compile(r"1//[A-Za-z0-9._-]{20,}"), "<token>"),
    (
        re.compile(r"(?i)(access_token|refresh_token|code|state|code_verifier|token)=[^&\s\"']+"),
        r"\1=<redacted>",
    ),
    (re.compile(r"[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}"), "<email>"),
)
_STANDARD = set(vars(logging.makeLogRecord({}))) | {"message", "asctime"}


def scrub(text: str) -> str:
    """Remove every registered value (by value, whatever its format), then anything shaped like a secret."""
    text = SENSITIVE.scrub(text)
    for pattern, replacement in _SCRUB:
        text = pattern.sub(replacement, text)
    return text


class JsonFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        event: dict[str, Any] = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname.lower(),
            "logger": record.name,
            "event": scrub(record.getMessage()),
        }
        for key, value in vars(record).items():
            if key not in _STANDARD and not key.startswith("_"):
                event[key] = value if isinstance(value, int | float | bool | None) else scrub(str(value))
        if record.exc_info:
            event["traceback"] = scrub(self.formatException(record.exc_info))
        return json.dumps(event, ensure_ascii=False)


# Libraries log what we must not: oauthlib the authorisation code and PKCE verifier, telegram every
# update and reply (names, message text), SQLAlchemy statements with their parameters, the HTTP clients
# every URL (the Bot API's carries the token). Kept to warnings, or info where that is only life-cycle,
# unless LOG_LIBRARIES_DEBUG asks for everything.
QUIET_LIBRARIES = (
    "httpx",
    "httpcore",
    "urllib3",
    "oauthlib",
    "requests_oauthlib",
    "google_auth_oauthlib",
    "google",
    "googleapiclient",
    "sqlalchemy",
    "aiosqlite",
    "asyncpg",
    "alembic",
    "apscheduler",
    "aiolimiter",
    "uvicorn.access",
)
LIFECYCLE_LIBRARIES = ("telegram", "uvicorn", "starlette")


def configure_logging(level: str, *, libraries_debug: bool = False, stream: IO[str] | None = None) -> None:
    """Log JSON lines at `level`; libraries stay at INFO or above unless `libraries_debug` asks for more."""
    handler = logging.StreamHandler(stream or sys.stderr)
    handler.setFormatter(JsonFormatter())
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(level)
    root_level = root.level
    for library in QUIET_LIBRARIES:
        logging.getLogger(library).setLevel(
            logging.NOTSET if libraries_debug else max(logging.WARNING, root_level)
        )
    for library in LIFECYCLE_LIBRARIES:
        logging.getLogger(library).setLevel(
            logging.NOTSET if libraries_debug else max(logging.INFO, root_level)
        )
