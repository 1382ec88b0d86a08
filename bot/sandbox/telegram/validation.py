"""Request parameters: decoding form values as the Bot API does, and the checks it makes on them."""

from __future__ import annotations

import json
from typing import Any

from bot.sandbox.telegram import errors
from bot.sandbox.telegram.errors import ApiError, bad_request

# Form-encoded values arrive as strings; these stay strings even when they look like JSON or numbers.
STRING_PARAMS = frozenset(
    {
        "text",
        "caption",
        "parse_mode",
        "callback_query_id",
        "url",
        "secret_token",
        "language_code",
        "action",
        "inline_message_id",
        "business_connection_id",
        "message_effect_id",
        "ip_address",
        "title",
        "description",
        "short_description",
        "name",
        "query",
    }
)
MAX_CALLBACK_DATA_BYTES = 64
MAX_ANSWER_TEXT = 200
_EMPTY_REASONS = {"text": "message text is empty", "callback_query_id": "query_id is empty"}


def decode_form_value(name: str, value: str) -> Any:
    """Decode one form field the way the Bot API does: JSON where it parses, else the raw string."""
    if name in STRING_PARAMS:
        return value
    try:
        return json.loads(value)
    except ValueError:
        return value


def require(params: dict[str, Any], name: str) -> Any:
    value = params.get(name)
    if value is None or value == "":
        raise bad_request(_EMPTY_REASONS.get(name, f"{name} is empty"))
    return value


def as_int(params: dict[str, Any], name: str) -> int:
    value = require(params, name)
    try:
        return int(value)
    except (TypeError, ValueError):
        raise bad_request(f"invalid {name} specified") from None


def as_bool(value: Any) -> bool:
    return value is True or str(value).lower() in ("true", "1")


def check_reply_markup(markup: Any) -> dict[str, Any] | None:
    """Validate an inline keyboard like the API: every button has text and one valid action."""
    if markup is None or markup == "":
        return None
    if isinstance(markup, str):
        try:
            markup = json.loads(markup)
        except ValueError:
            raise bad_request("can't parse reply keyboard markup JSON object") from None
    if not isinstance(markup, dict):
        raise bad_request("can't parse reply keyboard markup JSON object")
    rows = markup.get("inline_keyboard")
    if rows is None:
        return markup
    if not isinstance(rows, list) or not all(isinstance(row, list) for row in rows):
        raise bad_request('field "inline_keyboard" must be an Array of Arrays')
    for button in (button for row in rows for button in row):
        _check_button(button)
    return markup


def _check_button(button: Any) -> None:
    if not isinstance(button, dict) or not button.get("text"):
        raise bad_request(
            "can't parse inline keyboard button: Text buttons are unallowed in the inline keyboard"
        )
    if "callback_data" in button:
        size = len(str(button["callback_data"]).encode())
        if not 1 <= size <= MAX_CALLBACK_DATA_BYTES:
            raise ApiError(400, errors.BUTTON_DATA_INVALID)
    elif not any(
        key in button
        for key in (
            "url",
            "web_app",
            "login_url",
            "switch_inline_query",
            "copy_text",
            "switch_inline_query_current_chat",
            "callback_game",
            "pay",
        )
    ):
        raise bad_request(
            "can't parse inline keyboard button: InlineKeyboardButton must have exactly one "
            "of the optional fields"
        )


def check_answer_text(text: Any) -> str | None:
    if text is None:
        return None
    if len(str(text)) > MAX_ANSWER_TEXT:
        raise ApiError(400, errors.ANSWER_TOO_LONG)
    return str(text)
