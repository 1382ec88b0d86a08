"""Bot API methods that send, edit and delete messages, and answer button taps."""

from __future__ import annotations

import mimetypes
import time
from dataclasses import dataclass
from typing import Any

from bot.sandbox.telegram import errors
from bot.sandbox.telegram.errors import ApiError, bad_request
from bot.sandbox.telegram.models import AnsweredCallback, MessageVersion, SentDocument
from bot.sandbox.telegram.state import FakeState
from bot.sandbox.telegram.store import StoredMessage
from bot.sandbox.telegram.text import parse_caption, parse_message_text
from bot.sandbox.telegram.validation import as_bool, as_int, check_answer_text, check_reply_markup, require


@dataclass(frozen=True, slots=True)
class UploadedFile:
    """A file part of a multipart request."""

    filename: str
    content_type: str
    content: bytes


def send_message(state: FakeState, params: dict[str, Any]) -> dict[str, Any]:
    chat_id = state.target_chat(params)
    text, entities = parse_message_text(params.get("text"), params.get("parse_mode"), params.get("entities"))
    markup = check_reply_markup(params.get("reply_markup"))
    message = state.chats.add(chat_id, sender=state.bot, from_bot=True, text=text)
    message.raw_text, message.parse_mode, message.entities = (
        str(params["text"]),
        params.get("parse_mode"),
        entities,
    )
    message.reply_markup = markup
    return message.to_api()


def send_document(state: FakeState, params: dict[str, Any]) -> dict[str, Any]:
    chat_id = state.target_chat(params)
    document = _document(state, require(params, "document"), params.get("file_name"))
    caption, entities = parse_caption(
        params.get("caption"), params.get("parse_mode"), params.get("caption_entities")
    )
    markup = check_reply_markup(params.get("reply_markup"))
    message = state.chats.add(chat_id, sender=state.bot, from_bot=True, text=caption)
    message.raw_text, message.parse_mode = str(params.get("caption") or ""), params.get("parse_mode")
    message.entities, message.document, message.reply_markup = entities, document, markup
    return message.to_api()


def _document(state: FakeState, value: Any, file_name: Any) -> SentDocument:
    if isinstance(value, UploadedFile):
        name = str(file_name or value.filename or "document")
        mime = value.content_type or mimetypes.guess_type(name)[0] or "application/octet-stream"
        return state.chats.store_file(name, mime, value.content)
    known = state.chats.files.get(str(value))
    if known is not None:
        return known
    if str(value).startswith(("http://", "https://")):
        name = str(value).rsplit("/", 1)[-1] or "document"
        return state.chats.store_file(name, mimetypes.guess_type(name)[0] or "application/octet-stream", b"")
    raise bad_request("wrong remote file identifier specified: Wrong string length")


def _message_to_edit(state: FakeState, params: dict[str, Any]) -> StoredMessage:
    if params.get("inline_message_id"):
        raise bad_request("MESSAGE_ID_INVALID")
    chat_id = state.target_chat(params)
    message = state.chats.get(chat_id, as_int(params, "message_id"))
    if message is None:
        raise ApiError(400, errors.MESSAGE_TO_EDIT_NOT_FOUND)
    if not message.from_bot:
        raise ApiError(400, errors.MESSAGE_CANT_BE_EDITED)
    return message


def _replace(message: StoredMessage, text: str, entities: list[Any], markup: dict[str, Any] | None) -> None:
    if (text, entities, markup) == (message.text, message.entities, message.reply_markup):
        raise ApiError(400, errors.NOT_MODIFIED)
    message.history.append(MessageVersion(message.text, message.parse_mode, message.reply_markup))
    message.text, message.entities, message.reply_markup = text, entities, markup
    message.edit_date = int(time.time())


def edit_message_text(state: FakeState, params: dict[str, Any]) -> dict[str, Any]:
    message = _message_to_edit(state, params)
    if message.document is not None:
        raise bad_request("there is no text in the message to edit")
    text, entities = parse_message_text(params.get("text"), params.get("parse_mode"), params.get("entities"))
    # Omitting reply_markup in an edit removes the message's keyboard, as on the real server.
    _replace(message, text, entities, check_reply_markup(params.get("reply_markup")))
    message.raw_text, message.parse_mode = str(params["text"]), params.get("parse_mode")
    return message.to_api()


def edit_message_reply_markup(state: FakeState, params: dict[str, Any]) -> dict[str, Any]:
    message = _message_to_edit(state, params)
    _replace(message, message.text, message.entities, check_reply_markup(params.get("reply_markup")))
    return message.to_api()


def delete_message(state: FakeState, params: dict[str, Any]) -> bool:
    chat_id = state.chats.resolve_chat(require(params, "chat_id"))
    message = state.chats.get(chat_id, as_int(params, "message_id"))
    if message is None:
        raise ApiError(400, errors.MESSAGE_TO_DELETE_NOT_FOUND)
    message.deleted = True
    return True


def answer_callback_query(state: FakeState, params: dict[str, Any]) -> bool:
    query_id = str(require(params, "callback_query_id"))
    if query_id not in state.pending_callbacks:
        raise ApiError(400, errors.QUERY_TOO_OLD)
    text = check_answer_text(params.get("text"))
    del state.pending_callbacks[query_id]
    state.answered[query_id] = AnsweredCallback(
        query_id, text, as_bool(params.get("show_alert", False)), params.get("url")
    )
    return True


HANDLERS = {
    "sendMessage": send_message,
    "sendDocument": send_document,
    "editMessageText": edit_message_text,
    "editMessageReplyMarkup": edit_message_reply_markup,
    "deleteMessage": delete_message,
    "answerCallbackQuery": answer_callback_query,
}
