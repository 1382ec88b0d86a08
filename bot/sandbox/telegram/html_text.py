"""Telegram's HTML parse mode: turn marked-up text into plain text and entities, or refuse it."""

from __future__ import annotations

from html.parser import HTMLParser
from typing import Any

from bot.sandbox.telegram.errors import ApiError, bad_request

_SIMPLE_TAGS = {
    "b": "bold",
    "strong": "bold",
    "i": "italic",
    "em": "italic",
    "u": "underline",
    "ins": "underline",
    "s": "strikethrough",
    "strike": "strikethrough",
    "del": "strikethrough",
    "tg-spoiler": "spoiler",
    "code": "code",
    "pre": "pre",
}
_ATTRIBUTE_TAGS = {"a", "span", "tg-emoji", "blockquote"}


def utf16_len(text: str) -> int:
    """Length in UTF-16 code units, the unit of Telegram's entity offsets."""
    return len(text.encode("utf-16-le")) // 2


class _TelegramHTML(HTMLParser):
    def __init__(self, source: str) -> None:
        super().__init__(convert_charrefs=True)
        self._source = source
        self._line_starts = [0]
        for index, char in enumerate(source):
            if char == "\n":
                self._line_starts.append(index + 1)
        self.text: list[str] = []
        self.entities: list[dict[str, Any]] = []
        self._open: list[tuple[str, dict[str, Any], int]] = []
        self._length = 0

    def _byte_offset(self) -> int:
        line, column = self.getpos()
        return len(self._source[: self._line_starts[line - 1] + column].encode())

    def handle_data(self, data: str) -> None:
        self.text.append(data)
        self._length += utf16_len(data)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        entity = self._entity_for(tag, dict(attrs))
        self._open.append((tag, entity, self._length))

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        raise _parse_error(f'Unsupported start tag "{tag}" at byte offset {self._byte_offset()}')

    def handle_endtag(self, tag: str) -> None:
        if not self._open:
            raise _parse_error(f"Unexpected end tag at byte offset {self._byte_offset()}")
        open_tag, entity, start = self._open.pop()
        if open_tag != tag:
            raise _parse_error(
                f'Unmatched end tag at byte offset {self._byte_offset()}, expected "</{open_tag}>", '
                f'found "</{tag}>"'
            )
        if self._length > start:
            self._add_entity(entity, start)

    def _add_entity(self, entity: dict[str, Any], start: int) -> None:
        if entity["type"] == "code" and self._open and self._open[-1][0] == "pre":
            # <pre><code class="language-x"> is one pre entity carrying the language.
            if "language" in entity:
                self._open[-1][1]["language"] = entity["language"]
            return
        if entity["type"] == "code":
            entity.pop("language", None)
        self.entities.append({**entity, "offset": start, "length": self._length - start})

    def _entity_for(self, tag: str, attrs: dict[str, str | None]) -> dict[str, Any]:
        if tag in _SIMPLE_TAGS:
            entity: dict[str, Any] = {"type": _SIMPLE_TAGS[tag]}
            class_ = attrs.get("class") or ""
            if tag == "code" and class_.startswith("language-"):
                entity["language"] = class_.removeprefix("language-")
            return entity
        if tag in _ATTRIBUTE_TAGS:
            return self._attribute_entity(tag, attrs)
        raise _parse_error(f'Unsupported start tag "{tag}" at byte offset {self._byte_offset()}')

    def _attribute_entity(self, tag: str, attrs: dict[str, str | None]) -> dict[str, Any]:
        if tag == "a":
            return {"type": "text_link", "url": attrs.get("href") or ""}
        if tag == "tg-emoji":
            return {"type": "custom_emoji", "custom_emoji_id": attrs.get("emoji-id") or ""}
        if tag == "blockquote":
            return {"type": "expandable_blockquote" if "expandable" in attrs else "blockquote"}
        if attrs.get("class") == "tg-spoiler":
            return {"type": "spoiler"}
        raise _parse_error(f'Tag "span" must have class "tg-spoiler" at byte offset {self._byte_offset()}')

    def finish(self) -> None:
        self.close()
        if self._open:
            raise _parse_error(f'Can\'t find end tag corresponding to start tag "{self._open[-1][0]}"')


def _parse_error(reason: str) -> ApiError:
    return bad_request(f"can't parse entities: {reason}")


def parse_html(source: str) -> tuple[str, list[dict[str, Any]]]:
    """Return the plain text and entities of an HTML-formatted message, as the Bot API would."""
    parser = _TelegramHTML(source)
    parser.feed(source)
    parser.finish()
    entities = sorted(parser.entities, key=lambda entity: (entity["offset"], -entity["length"]))
    return "".join(parser.text), entities
