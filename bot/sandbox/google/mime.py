"""MIME in and out: base64url, parsing a sent message, rebuilding raw bytes, Gmail's payload tree."""

from __future__ import annotations

import base64
import binascii
import re
from dataclasses import dataclass
from datetime import UTC, datetime
from email import policy
from email.message import EmailMessage
from email.message import Message as MimeMessage
from email.parser import BytesParser
from email.utils import format_datetime
from typing import Any

from bot.sandbox.google.addresses import decode_words

_B64URL = re.compile(r"^[A-Za-z0-9_-]*={0,2}$")
_PARSER = BytesParser(policy=policy.compat32)


def decode_base64url(data: str) -> bytes:
    """Decode base64url with or without padding; the standard alphabet (+ and /) is refused."""
    data = data.strip()
    if not _B64URL.match(data):
        raise ValueError("not base64url")
    data = data.rstrip("=")
    try:
        return base64.urlsafe_b64decode(data + "=" * (-len(data) % 4))
    except binascii.Error as error:
        raise ValueError("not base64url") from error


def encode_base64url(data: bytes, *, pad: bool) -> str:
    text = base64.urlsafe_b64encode(data).decode("ascii")
    return text if pad else text.rstrip("=")


@dataclass(frozen=True, slots=True)
class ParsedMail:
    headers: tuple[tuple[str, str], ...]
    body: str
    raw: bytes

    def header(self, name: str) -> str | None:
        wanted = name.lower()
        return next((value for key, value in self.headers if key.lower() == wanted), None)

    def all(self, name: str) -> list[str]:
        wanted = name.lower()
        return [value for key, value in self.headers if key.lower() == wanted]


def parse_mail(raw: bytes) -> ParsedMail:
    parsed = _PARSER.parsebytes(raw)
    headers = tuple((key, _unfold(str(value))) for key, value in parsed.items())
    return ParsedMail(headers, _plain_text(parsed), raw)


def _unfold(value: str) -> str:
    return re.sub(r"\r?\n[ \t]+", " ", value).strip()


def _plain_text(message: MimeMessage) -> str:
    for part in message.walk():
        if part.get_content_maintype() == "text" and part.get_content_subtype() == "plain":
            payload = part.get_payload(decode=True)
            if isinstance(payload, bytes):
                return payload.decode(part.get_content_charset() or "utf-8", errors="replace")
    return ""


def date_header(date_ms: int) -> str:
    return format_datetime(datetime.fromtimestamp(date_ms / 1000, tz=UTC))


def build_mail(headers: list[tuple[str, str]], body: str) -> bytes:
    """Serialise headers (values kept as given, encoded-words included) and a UTF-8 text body."""
    mail = EmailMessage(policy=policy.SMTP)
    for key, value in headers:
        mail[key] = value
    mail.set_content(body, charset="utf-8", cte="quoted-printable")
    return bytes(mail)


def payload_tree(raw: bytes, *, pad: bool) -> dict[str, Any]:
    """Gmail's `payload` for format=full: headers, body.data as base64url, nested parts."""
    return _part(_PARSER.parsebytes(raw), "", pad)


def _part(message: MimeMessage, part_id: str, pad: bool) -> dict[str, Any]:
    node: dict[str, Any] = {
        "partId": part_id,
        "mimeType": message.get_content_type(),
        "filename": message.get_filename() or "",
        "headers": [{"name": k, "value": decode_words(_unfold(str(v)))} for k, v in message.items()],
    }
    if message.is_multipart():
        node["body"] = {"size": 0}
        children = message.get_payload()
        assert isinstance(children, list)
        prefix = f"{part_id}." if part_id else ""
        node["parts"] = [_part(child, f"{prefix}{i}", pad) for i, child in enumerate(children)]
        return node
    data = message.get_payload(decode=True)
    data = data if isinstance(data, bytes) else b""
    node["body"] = {"size": len(data), "data": encode_base64url(data, pad=pad)} if data else {"size": 0}
    return node
