"""Logging: one JSON object per line, with tokens and e-mail addresses scrubbed from every message."""

from __future__ import annotations

import json
import logging
import re
import sys
from datetime import UTC, datetime
from typing import Any

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


def configure_logging(level: str) -> None:
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(JsonFormatter())
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(level)
    # httpx logs every request URL, and the Bot API URL carries the token: keep it to warnings.
    noisy_loggers = (
        "httpx",
        "httpcore",
        "apscheduler",
        "uvicorn.access",
        "googleapiclient.discovery_cache",
        "alembic",
    )
    for noisy in noisy_loggers:
        logging.getLogger(noisy).setLevel(logging.WARNING)
