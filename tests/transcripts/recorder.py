"""A chat that writes down what the person sends and taps and what the bot answers, as Markdown."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field

from bot.sandbox.telegram import SentMessage
from tests.fakes.chat import Chat

# What differs between runs and says nothing about the chat: ports, one-time tokens, error ids.
_VARYING = (
    (re.compile(r"https?://127\.0\.0\.1:\d+[^\s)\]]*"), "<link>"),
    (re.compile(r"\b[0-9a-f]{8,}\b"), "<id>"),
)


def normalise(text: str) -> str:
    for pattern, replacement in _VARYING:
        text = pattern.sub(replacement, text)
    return text


@dataclass
class Entry:
    """One step: what the person did (None for something the bot said by itself) and the bot's answer."""

    action: str | None
    messages: list[SentMessage] = field(default_factory=list)
    toast: str | None = None


class RecordingChat:
    """Drives a Chat and keeps a transcript; `seen` holds every text a person saw, for leak checks."""

    def __init__(self, chat: Chat) -> None:
        self.chat = chat
        self.entries: list[Entry] = []

    async def say(self, text: str) -> list[SentMessage]:
        replies = await self.chat.say(text)
        self.entries.append(Entry(f"**You:** {text}", replies))
        return replies

    async def open_link(self, url: str) -> list[SentMessage]:
        """Open a t.me link of the bot; Telegram sends `/start <parameter>`, written down without it."""
        replies = await self.chat.open_link(url)
        self.entries.append(Entry("**You:** /start *(from the link)*", replies))
        return replies

    async def tap(
        self, button: str | re.Pattern[str], message: SentMessage | None = None
    ) -> list[SentMessage]:
        target = message or self.chat._latest_with_keyboard()
        label = button if isinstance(button, str) else _label(target, button)
        replies = await self.chat.tap(button, message=message)
        toast = self.chat.last_answer.text if self.chat.last_answer else None
        self.entries.append(Entry(f"**You tap:** [{label}]", replies, toast))
        return replies

    def mark(self) -> int:
        """Where the chat stands now; `wait_for(since=...)` records what the bot said after it."""
        return len(self.chat.fake.calls)

    async def wait_for(
        self, done: Callable[[], bool], what: str, *, within: float = 60, since: int | None = None
    ) -> list[SentMessage]:
        """Wait for the bot to say something by itself (a scan's end, a notice); record what it said."""
        mark = self.mark() if since is None else since
        await self.chat.fake.wait_until(done, timeout=within, what=what)
        messages = self.chat._responses_since(mark)
        self.entries.append(Entry(None, messages))
        return messages

    def note(self, text: str) -> None:
        self.entries.append(Entry(f"*{text}*"))

    def seen_texts(self) -> list[str]:
        """Every message version, button label and tap answer the person saw in this chat."""
        texts: list[str] = []
        for message in self.chat.messages:
            texts += [message.text, *(v.text for v in message.history), *message.button_texts]
            for version in message.history:
                rows = (version.reply_markup or {}).get("inline_keyboard") or []
                texts += [b.get("text", "") for row in rows for b in row]
        texts += [a.text for a in self.chat.fake.answered_callbacks.values() if a.text]
        return texts

    def markdown(self, title: str) -> str:
        lines = [
            f"# {title}",
            "",
            "Written by `python -m tests.transcripts` from the real bot; do not edit.",
            "",
        ]
        for entry in self.entries:
            if entry.action:
                lines += [entry.action, ""]
            if entry.toast:
                lines += [f"> *(tap answered: {normalise(entry.toast)})*", ">"]
            for message in entry.messages:
                lines += _quote(message)
            lines.append("")
        return "\n".join(lines).rstrip() + "\n"


def _label(message: SentMessage | None, pattern: re.Pattern[str]) -> str:
    texts = message.button_texts if message is not None else []
    return next((text for text in texts if pattern.search(text)), pattern.pattern)


def _quote(message: SentMessage) -> list[str]:
    body = message.text if not message.document else f"📎 {message.document.file_name}"
    if message.document and message.text:
        body += "\n" + message.text
    lines = [f"> {line}".rstrip() for line in normalise(body).splitlines()]
    buttons = [" ".join(f"[{normalise(b.text)}]" for b in row) for row in message.buttons]
    lines += [f"> {row}" for row in buttons]
    if message.is_edited:
        first = normalise(message.history[0].text).splitlines()[0][:100]
        lines.append(f"> *(edited in place; it first read: {first})*")
    return [*lines, ">"]
