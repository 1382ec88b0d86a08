"""Message text as the Bot API sees it: parsed per parse_mode, then checked against the length limits."""

from __future__ import annotations

from typing import Any

from bot.sandbox.telegram import errors
from bot.sandbox.telegram.errors import ApiError, bad_request
from bot.sandbox.telegram.html_text import parse_html
from bot.sandbox.telegram.markdown_text import parse_markdown

MAX_TEXT = 4096
MAX_CAPTION = 1024


def parse_text(
    text: str, parse_mode: str | None, entities: list[dict[str, Any]] | None
) -> tuple[str, list[Any]]:
    """Return (plain text, entities) for text sent with a parse_mode or explicit entities."""
    if not parse_mode:
        return text, list(entities or [])
    mode = parse_mode.lower()
    if mode == "html":
        return parse_html(text)
    if mode in ("markdown", "markdownv2"):
        return parse_markdown(text, v2=mode == "markdownv2")
    raise bad_request(f"unsupported parse_mode {parse_mode!r}")


def parse_message_text(
    text: object, parse_mode: str | None, entities: list[dict[str, Any]] | None
) -> tuple[str, list[Any]]:
    """Parse a message's text, refusing what the real API refuses: empty, or over 4096 characters."""
    plain, parsed = parse_text(str(text) if text is not None else "", parse_mode, entities)
    # The limit counts characters after entity parsing (Bot API, sendMessage.text).
    if not plain.strip():
        raise ApiError(400, errors.TEXT_EMPTY)
    if len(plain) > MAX_TEXT:
        raise ApiError(400, errors.TOO_LONG)
    return plain, parsed


def parse_caption(
    caption: object, parse_mode: str | None, entities: list[dict[str, Any]] | None
) -> tuple[str, list[Any]]:
    plain, parsed = parse_text(str(caption) if caption is not None else "", parse_mode, entities)
    if len(plain) > MAX_CAPTION:
        raise ApiError(400, errors.CAPTION_TOO_LONG)
    return plain, parsed
