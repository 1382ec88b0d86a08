"""Telegram's Markdown and MarkdownV2 parse modes: plain text and entities, or the real refusal."""

from __future__ import annotations

from typing import Any

from bot.sandbox.telegram.errors import ApiError, bad_request
from bot.sandbox.telegram.html_text import utf16_len

_RESERVED_V2 = set("_*[]()~`>#+-=|{}.!")
_MARKERS_V2 = {"||": "spoiler", "__": "underline", "*": "bold", "_": "italic", "~": "strikethrough"}
_MARKERS_V1 = {"*": "bold", "_": "italic"}


def _parse_error(reason: str) -> ApiError:
    return bad_request(f"can't parse entities: {reason}")


class _Markdown:
    def __init__(self, source: str, *, v2: bool) -> None:
        self.source = source
        self.v2 = v2
        self.markers = _MARKERS_V2 if v2 else _MARKERS_V1
        self.out: list[str] = []
        self.length = 0
        self.entities: list[dict[str, Any]] = []
        self.open: list[tuple[str, int, int]] = []  # marker, entity start, byte offset in the source

    def byte_offset(self, index: int) -> int:
        return len(self.source[:index].encode())

    def emit(self, text: str) -> None:
        self.out.append(text)
        self.length += utf16_len(text)

    def parse(self) -> tuple[str, list[dict[str, Any]]]:
        index = 0
        while index < len(self.source):
            index = self.step(index)
        if self.open:
            raise _parse_error(f"Can't find end of the entity starting at byte offset {self.open[-1][2]}")
        entities = sorted(self.entities, key=lambda entity: (entity["offset"], -entity["length"]))
        return "".join(self.out), entities

    def step(self, index: int) -> int:
        source = self.source
        char = source[index]
        if char == "\\" and index + 1 < len(source) and (self.v2 or source[index + 1] in "*_`["):
            self.emit(source[index + 1])
            return index + 2
        if char == "`":
            return self.code(index)
        marker = next((m for m in self.markers if source.startswith(m, index)), None)
        if marker is not None:
            self.toggle(marker, index)
            return index + len(marker)
        if char == "[":
            self.open.append(("[", self.length, self.byte_offset(index)))
            return index + 1
        if char == "]" and self.open and self.open[-1][0] == "[" and source.startswith("(", index + 1):
            return self.link(index)
        if self.v2 and char == ">" and (index == 0 or source[index - 1] == "\n"):
            return index + 1  # a block quotation line: the quote mark is markup, not text
        if self.v2 and char in _RESERVED_V2:
            raise _parse_error(f"Character '{char}' is reserved and must be escaped with the preceding '\\'")
        self.emit(char)
        return index + 1

    def toggle(self, marker: str, index: int) -> None:
        if self.open and self.open[-1][0] == marker:
            _, start, _ = self.open.pop()
            if self.length > start:
                self.entities.append(
                    {"type": self.markers[marker], "offset": start, "length": self.length - start}
                )
        else:
            self.open.append((marker, self.length, self.byte_offset(index)))

    def code(self, index: int) -> int:
        fence = "```" if self.source.startswith("```", index) else "`"
        end = self.source.find(fence, index + len(fence))
        if end < 0:
            raise _parse_error(
                f"Can't find end of the entity starting at byte offset {self.byte_offset(index)}"
            )
        body = self.source[index + len(fence) : end]
        entity: dict[str, Any] = {"type": "code"}
        if fence == "```":
            entity = {"type": "pre"}
            first_line, newline, rest = body.partition("\n")
            if newline and first_line and " " not in first_line:
                entity["language"], body = first_line, rest
        start = self.length
        self.emit(body.replace("\\`", "`").replace("\\\\", "\\") if self.v2 else body)
        self.entities.append({**entity, "offset": start, "length": self.length - start})
        return end + len(fence)

    def link(self, index: int) -> int:
        end = self.source.find(")", index + 2)
        if end < 0:
            raise _parse_error(f"Can't find end of a url at byte offset {self.byte_offset(index + 1)}")
        _, start, _ = self.open.pop()
        url = self.source[index + 2 : end]
        self.entities.append(
            {"type": "text_link", "offset": start, "length": self.length - start, "url": url}
        )
        return end + 1


def parse_markdown(source: str, *, v2: bool) -> tuple[str, list[dict[str, Any]]]:
    """Return the plain text and entities of a Markdown (legacy) or MarkdownV2 message."""
    return _Markdown(source, v2=v2).parse()
