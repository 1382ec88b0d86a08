"""A broker's mail as text for the classifier: parsed from RFC 822, charsets guessed, HTML flattened,
quoted history stripped."""

from __future__ import annotations

import codecs
import html
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from email import message_from_bytes, policy
from email.errors import MessageError
from email.message import EmailMessage

from brokers import classify_rules as rules


@dataclass(frozen=True, slots=True)
class Reply:
    """A received mail as the classifier sees it; header names are lower-case."""

    subject: str
    from_header: str
    text: str
    headers: Mapping[str, str] = field(default_factory=dict)


_ATTRIBUTION = re.compile(rules.QUOTE_ATTRIBUTION, re.IGNORECASE)
_SEPARATOR = re.compile(rules.QUOTE_SEPARATOR, re.IGNORECASE)
_HEADER_FROM = re.compile(rules.HEADER_FROM, re.IGNORECASE)
_HEADER_NEXT = re.compile(rules.HEADER_NEXT, re.IGNORECASE)
_ATTRIBUTION_START = re.compile(r"^(?:on|am|le|el)\b", re.IGNORECASE)


def strip_quotes(text: str) -> str:
    """Drop quoted text: "> " lines, and everything after an attribution or original-message block.

    An attribution ("On ... wrote:") with nothing but blank lines above it is an interleaved reply:
    only the attribution line goes, the answers between the quoted lines stay.
    """
    lines = text.splitlines()
    kept: list[str] = []
    for index, line in enumerate(lines):
        stripped = line.strip()
        if _SEPARATOR.search(stripped) or (_HEADER_FROM.search(stripped) and _has_header_block(lines, index)):
            break
        if _ATTRIBUTION.search(stripped):
            if kept and _ATTRIBUTION_START.search(kept[-1].strip()) and not kept[-1].rstrip().endswith("."):
                kept.pop()
            if any(k.strip() for k in kept):
                break
            continue
        if not stripped.startswith(">"):
            kept.append(line)
    return "\n".join(kept).strip()


def _has_header_block(lines: list[str], index: int) -> bool:
    return any(_HEADER_NEXT.search(line.strip()) for line in lines[index + 1 : index + 4])


_QUOTED_HTML = re.compile(
    r"<blockquote|class=\"?(?:gmail_quote|moz-cite-prefix|yahoo_quoted)|id=\"?(?:divRplyFwdMsg|appendonsend)",
    re.IGNORECASE,
)
_HTML_DROP = re.compile(r"<(script|style|head)\b.*?</\1\s*>", re.IGNORECASE | re.DOTALL)
_HTML_BREAK = re.compile(r"<(?:br|/p|/div|/li|/tr|/h\d|/table)\b[^>]*>", re.IGNORECASE)
_HTML_TAG = re.compile(r"<[^>]*>")
_UTF8_FIRST = frozenset({"utf-8", "ascii", "iso8859-1", "iso8859-15", "cp1252"})
_LOAD_ERRORS = (MessageError, LookupError, UnicodeError, ValueError, TypeError, IndexError, AttributeError)


def load_eml(text: str) -> Reply:
    """Build a Reply from RFC 822 text: text/plain preferred, else crudely de-tagged text/html."""
    # Parsed as bytes: from a str the stdlib mangles 8bit bodies (it re-encodes them with
    # raw-unicode-escape instead of the declared charset).
    message = message_from_bytes(text.encode("utf-8", errors="surrogateescape"), policy=policy.default)
    headers: dict[str, str] = {}
    for name in dict.fromkeys(k.lower() for k in message):
        try:
            headers[name] = str(message[name])
        except _LOAD_ERRORS:
            headers[name] = ""
    return Reply(
        subject=headers.get("subject", ""),
        from_header=headers.get("from", ""),
        text=_body_text(message),
        headers=headers,
    )


def _body_text(message: EmailMessage) -> str:
    try:
        part = message.get_body(preferencelist=("plain", "html"))
    except _LOAD_ERRORS:
        return ""
    if not isinstance(part, EmailMessage):
        return ""
    try:
        payload = part.get_payload(decode=True)
        charset = part.get_content_charset()
    except _LOAD_ERRORS:
        return ""
    content = _decode(payload, charset) if isinstance(payload, bytes) else ""
    return _html_to_text(content) if part.get_content_subtype() == "html" else content


def _decode(payload: bytes, charset: str | None) -> str:
    # Valid UTF-8 almost never happens by accident, so mail labelled ASCII, Latin-1 or nothing at all
    # that decodes as UTF-8 is UTF-8 (the common lie); what then fails is read as Windows-1252, the
    # other common lie. An unknown label gets the same guesswork.
    try:
        codec = codecs.lookup(charset or "utf-8").name
    except (LookupError, ValueError):
        codec = "utf-8"
    if codec in _UTF8_FIRST:
        try:
            return payload.decode("utf-8")
        except UnicodeDecodeError:
            codec = "cp1252"
    try:
        return payload.decode(codec, errors="replace")
    except (LookupError, UnicodeError):  # a label naming no text codec: base64, rot13, idna...
        return payload.decode("utf-8", errors="replace")


def _html_to_text(markup: str) -> str:
    quoted = _QUOTED_HTML.search(markup)
    if quoted:
        tag_start = markup.rfind("<", 0, quoted.start() + 1)
        markup = markup[: tag_start if tag_start >= 0 else quoted.start()]
    markup = _HTML_BREAK.sub("\n", _HTML_DROP.sub(" ", markup))
    return html.unescape(_HTML_TAG.sub(" ", markup))
