"""Values the fake hands to tests: users, groups, the bot's messages as the user sees them, and records."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True, slots=True)
class TelegramUser:
    id: int
    first_name: str = "Ann"
    username: str | None = None
    language_code: str | None = "en"

    def to_api(self) -> dict[str, Any]:
        user: dict[str, Any] = {"id": self.id, "is_bot": False, "first_name": self.first_name}
        if self.username:
            user["username"] = self.username
        if self.language_code:
            user["language_code"] = self.language_code
        return user

    def private_chat(self) -> dict[str, Any]:
        chat: dict[str, Any] = {"id": self.id, "type": "private", "first_name": self.first_name}
        if self.username:
            chat["username"] = self.username
        return chat


@dataclass(frozen=True, slots=True)
class TelegramGroup:
    id: int
    title: str = "Group"

    def to_api(self) -> dict[str, Any]:
        return {"id": self.id, "type": "group", "title": self.title}


@dataclass(frozen=True, slots=True)
class Button:
    text: str
    callback_data: str | None = None
    url: str | None = None


@dataclass(frozen=True, slots=True)
class SentDocument:
    file_id: str
    file_name: str
    mime_type: str
    content: bytes


@dataclass(frozen=True, slots=True)
class MessageVersion:
    """One state of a bot message: what the user saw before an edit replaced it."""

    text: str
    parse_mode: str | None
    reply_markup: dict[str, Any] | None


@dataclass(frozen=True, slots=True)
class SentMessage:
    """A bot message in its current state; `text` is what the user sees (markup parsed away)."""

    chat_id: int
    message_id: int
    text: str
    raw_text: str
    parse_mode: str | None
    entities: tuple[dict[str, Any], ...] = ()
    reply_markup: dict[str, Any] | None = None
    document: SentDocument | None = None
    history: tuple[MessageVersion, ...] = ()
    deleted: bool = False

    @property
    def is_edited(self) -> bool:
        return bool(self.history)

    @property
    def buttons(self) -> list[list[Button]]:
        """The inline keyboard, row by row (empty without one)."""
        rows = (self.reply_markup or {}).get("inline_keyboard") or []
        return [
            [Button(b.get("text", ""), b.get("callback_data"), b.get("url")) for b in row] for row in rows
        ]

    @property
    def button_texts(self) -> list[str]:
        return [button.text for row in self.buttons for button in row]


@dataclass(frozen=True, slots=True)
class Call:
    """One Bot API request as the fake received it and what it answered."""

    method: str
    params: dict[str, Any]
    status: int = 200
    description: str | None = None
    at: float = 0.0
    result: Any = None


@dataclass(frozen=True, slots=True)
class Delivery:
    """A message-producing call that succeeded: what a benchmark counts for rate and duplicates."""

    chat_id: int
    method: str
    text: str
    at: float


@dataclass(frozen=True, slots=True)
class AnsweredCallback:
    query_id: str
    text: str | None
    show_alert: bool
    url: str | None = None


@dataclass(frozen=True, slots=True)
class RateLimits:
    """Flood limits. Per chat: a token bucket (burst, then `chat_per_second`); overall and per group:
    at most N message calls in any sliding window (1 s and 60 s); answers to taps have their own window."""

    overall_per_second: int = 30
    chat_burst: int = 3
    chat_per_second: float = 1.0
    group_per_minute: int = 20
    answers_per_second: int = 100


@dataclass(frozen=True, slots=True)
class Violation:
    """A call the fake refused with 429: over a limit, or `early` (before the chat's retry_after passed)."""

    method: str
    chat_id: int | None
    retry_after: int
    early: bool
    at: float
