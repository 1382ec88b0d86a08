"""Render stored messages as the Gmail API's Message resource in its four formats."""

from __future__ import annotations

import re
from collections.abc import Sequence
from enum import StrEnum
from typing import Any

from bot.sandbox.google.addresses import decode_words
from bot.sandbox.google.mailbox import Message
from bot.sandbox.google.mime import build_mail, date_header, encode_base64url, parse_mail, payload_tree

_SNIPPET_LENGTH = 140
_ENTITIES = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;"})
_MIME_HEADERS = (("MIME-Version", "1.0"), ("Content-Type", 'text/plain; charset="UTF-8"'))


class Format(StrEnum):
    MINIMAL = "minimal"
    METADATA = "metadata"
    FULL = "full"
    RAW = "raw"


def headers_of(message: Message) -> list[tuple[str, str]]:
    """The message's headers as stored (encoded-words intact)."""
    if message.raw is not None:
        return list(parse_mail(message.raw).headers)
    headers = [
        ("From", message.sender),
        ("To", message.recipients),
        ("Subject", message.subject),
        ("Date", date_header(message.date_ms)),
        ("Message-ID", message.rfc822_id),
    ]
    if message.in_reply_to:
        headers += [("In-Reply-To", message.in_reply_to), ("References", message.in_reply_to)]
    return headers + list(message.extra)


def raw_of(message: Message) -> bytes:
    return message.raw if message.raw is not None else build_mail(headers_of(message), message.body)


def snippet_of(message: Message) -> str:
    text = " ".join(message.body.split())[:_SNIPPET_LENGTH]
    return text.translate(_ENTITIES)


def _size_estimate(message: Message) -> int:
    if message.raw is not None:
        return len(message.raw)
    return sum(len(k) + len(v) + 4 for k, v in headers_of(message)) + len(message.body.encode()) + 120


def render(
    message: Message, fmt: Format, metadata_headers: Sequence[str] = (), *, pad: bool
) -> dict[str, Any]:
    resource: dict[str, Any] = {
        "id": message.id,
        "threadId": message.thread_id,
        "labelIds": sorted(message.labels),
        "snippet": snippet_of(message),
        "sizeEstimate": _size_estimate(message),
        "historyId": str(message.history_id),
        "internalDate": str(message.date_ms),
    }
    if fmt is Format.METADATA:
        resource["payload"] = _metadata_payload(message, metadata_headers)
    elif fmt is Format.FULL:
        resource["payload"] = payload_tree(raw_of(message), pad=pad)
    elif fmt is Format.RAW:
        resource["raw"] = encode_base64url(raw_of(message), pad=pad)
    return resource


def _metadata_payload(message: Message, wanted: Sequence[str]) -> dict[str, Any]:
    headers = headers_of(message)
    if message.raw is None:
        headers += list(_MIME_HEADERS)
    names = {name.lower() for name in wanted}
    content_type = next((v for k, v in headers if k.lower() == "content-type"), "text/plain")
    return {
        "partId": "",
        "mimeType": re.split(r"[;\s]", content_type, maxsplit=1)[0].lower(),
        "filename": "",
        # Gmail hands header values back decoded (encoded-words turned into text).
        "headers": [
            {"name": k, "value": decode_words(v)} for k, v in headers if not names or k.lower() in names
        ],
    }
