"""Reading Gmail's Message resources (format metadata) into MessageHeaders."""

from __future__ import annotations

import re
from datetime import UTC, datetime
from typing import Any

from brokers.mailbox import MessageHeaders

_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
_LATEST = datetime(9999, 12, 31, tzinfo=UTC)
_ADDRESS_HEADERS = frozenset({"from", "reply-to", "sender", "to", "cc"})
_MAX_REQUOTE = 4096  # the matcher reads no further than 2,048 characters anyway
_ANGLE_TAIL = re.compile(r"^(?P<phrase>.*?)\s*<(?P<address>[^<>]*)>\s*$", re.DOTALL)


def headers_of(message: dict[str, Any]) -> MessageHeaders:
    """Read a Message resource (format metadata) into MessageHeaders."""
    payload = message.get("payload") or {}
    pairs = tuple(
        _pair(str(h.get("name", "")), str(h.get("value", "")))
        for h in payload.get("headers") or ()
        if isinstance(h, dict)
    )

    def first(name: str) -> str | None:
        return next((value for key, value in pairs if key.lower() == name), None)

    return MessageHeaders(
        id=str(message.get("id", "")),
        thread_id=str(message.get("threadId", "")),
        internal_date=internal_date(message.get("internalDate")),
        from_header=first("from"),
        reply_to=first("reply-to"),
        date_header=first("date"),
        headers=pairs,
        label_ids=tuple(str(label) for label in message.get("labelIds") or ()),
    )


def _pair(name: str, value: str) -> tuple[str, str]:
    if name.lower() in _ADDRESS_HEADERS and len(value) <= _MAX_REQUOTE:
        return name, requote_display_name(value)
    return name, value


def internal_date(value: object) -> datetime:
    """Gmail's internalDate (epoch milliseconds, as a string) as UTC; out-of-range values are clamped."""
    try:
        millis = int(str(value))
    except ValueError:
        return _EPOCH
    try:
        return datetime.fromtimestamp(millis / 1000, tz=UTC)
    except (OverflowError, ValueError, OSError):
        return _LATEST if millis > 0 else _EPOCH


def requote_display_name(value: str) -> str:
    """Quote a display name that holds an address again, so only the address in angle brackets counts.

    Gmail hands header values back with encoded words decoded: `=?utf-8?q?a=40spokeo.com?= <x@gmail.com>`
    arrives as `a@spokeo.com <x@gmail.com>`, which a parser reads as two addresses, the broker's first.
    """
    match = _ANGLE_TAIL.match(value)
    if match is None or "@" not in match["phrase"]:
        return value
    phrase = match["phrase"].strip()
    if len(phrase) > 1 and phrase.startswith('"') and phrase.endswith('"'):
        return value
    escaped = phrase.replace("\\", "\\\\").replace('"', '\\"')
    return f'"{escaped}" <{match["address"]}>'
