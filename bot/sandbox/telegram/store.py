"""Chats and their messages as the fake server holds them (guarded by the FakeState lock)."""

from __future__ import annotations

import itertools
import time
from dataclasses import dataclass, field
from typing import Any

from bot.sandbox.telegram import errors
from bot.sandbox.telegram.errors import ApiError
from bot.sandbox.telegram.models import (
    MessageVersion,
    SentDocument,
    SentMessage,
    TelegramGroup,
    TelegramUser,
)


@dataclass(slots=True)
class StoredMessage:
    chat: dict[str, Any]
    message_id: int
    sender: dict[str, Any]
    from_bot: bool
    text: str
    raw_text: str = ""
    parse_mode: str | None = None
    entities: list[dict[str, Any]] = field(default_factory=list)
    reply_markup: dict[str, Any] | None = None
    document: SentDocument | None = None
    history: list[MessageVersion] = field(default_factory=list)
    date: int = field(default_factory=lambda: int(time.time()))
    edit_date: int | None = None
    deleted: bool = False

    def to_api(self) -> dict[str, Any]:
        message: dict[str, Any] = {
            "message_id": self.message_id,
            "from": self.sender,
            "chat": self.chat,
            "date": self.date,
        }
        text_key, entities_key = ("caption", "caption_entities") if self.document else ("text", "entities")
        if self.text:
            message[text_key] = self.text
        if self.entities:
            message[entities_key] = self.entities
        if self.document:
            message["document"] = document_to_api(self.document)
        # Only inline keyboards belong to a message; reply keyboards are not echoed back.
        if self.reply_markup and "inline_keyboard" in self.reply_markup:
            message["reply_markup"] = self.reply_markup
        if self.edit_date:
            message["edit_date"] = self.edit_date
        return message

    def snapshot(self) -> SentMessage:
        return SentMessage(
            chat_id=self.chat["id"],
            message_id=self.message_id,
            text=self.text,
            raw_text=self.raw_text,
            parse_mode=self.parse_mode,
            entities=tuple(self.entities),
            reply_markup=self.reply_markup,
            document=self.document,
            history=tuple(self.history),
            deleted=self.deleted,
        )


def document_to_api(document: SentDocument) -> dict[str, Any]:
    return {
        "file_id": document.file_id,
        "file_unique_id": f"u{document.file_id}",
        "file_name": document.file_name,
        "mime_type": document.mime_type,
        "file_size": len(document.content),
    }


class ChatStore:
    """Users, groups, blocked users, and every chat's messages in order."""

    def __init__(self) -> None:
        self.users: dict[int, TelegramUser] = {}
        self.groups: dict[int, TelegramGroup] = {}
        self.blocked: set[int] = set()
        self.files: dict[str, SentDocument] = {}
        self._messages: dict[int, dict[int, StoredMessage]] = {}
        self._file_ids = itertools.count(1)

    def chat_dict(self, chat_id: int) -> dict[str, Any]:
        if chat_id in self.users:
            return self.users[chat_id].private_chat()
        if chat_id in self.groups:
            return self.groups[chat_id].to_api()
        raise ApiError(400, errors.CHAT_NOT_FOUND)

    def resolve_chat(self, chat_id: Any) -> int:
        """Turn a chat_id parameter (an id or "@username") into a known chat's id."""
        if isinstance(chat_id, str) and chat_id.startswith("@"):
            matches = [user.id for user in self.users.values() if user.username == chat_id[1:]]
            if matches:
                return matches[0]
            raise ApiError(400, errors.CHAT_NOT_FOUND)
        try:
            resolved = int(chat_id)
        except (TypeError, ValueError):
            raise ApiError(400, errors.CHAT_NOT_FOUND) from None
        self.chat_dict(resolved)
        return resolved

    def add(self, chat_id: int, *, sender: dict[str, Any], from_bot: bool, text: str) -> StoredMessage:
        messages = self._messages.setdefault(chat_id, {})
        message = StoredMessage(
            chat=self.chat_dict(chat_id),
            message_id=len(messages) + 1,
            sender=sender,
            from_bot=from_bot,
            text=text,
            raw_text=text,
        )
        messages[message.message_id] = message
        return message

    def get(self, chat_id: int, message_id: int) -> StoredMessage | None:
        message = self._messages.get(chat_id, {}).get(message_id)
        return None if message is None or message.deleted else message

    def bot_messages(self, chat_id: int, *, include_deleted: bool = False) -> list[StoredMessage]:
        return [
            message
            for message in self._messages.get(chat_id, {}).values()
            if message.from_bot and (include_deleted or not message.deleted)
        ]

    def conversation(self, chat_id: int) -> list[StoredMessage]:
        """Both sides of a chat in order, deleted messages left out."""
        return [message for message in self._messages.get(chat_id, {}).values() if not message.deleted]

    def store_file(self, file_name: str, mime_type: str, content: bytes) -> SentDocument:
        document = SentDocument(f"DOC{next(self._file_ids)}", file_name, mime_type, content)
        self.files[document.file_id] = document
        return document
