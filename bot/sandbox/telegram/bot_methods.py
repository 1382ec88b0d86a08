"""Bot API methods about the bot itself, its settings and chats (everything but sending messages)."""

from __future__ import annotations

import json
import re
from typing import Any

from bot.sandbox.telegram.errors import bad_request
from bot.sandbox.telegram.state import FakeState
from bot.sandbox.telegram.validation import as_bool, require

_COMMAND = re.compile(r"[a-z0-9_]{1,32}")


def get_me(state: FakeState, params: dict[str, Any]) -> dict[str, Any]:
    return {
        **state.bot,
        "can_join_groups": True,
        "can_read_all_group_messages": False,
        "supports_inline_queries": False,
        "can_connect_to_business": False,
        "has_main_web_app": False,
    }


def delete_webhook(state: FakeState, params: dict[str, Any]) -> bool:
    state.webhook = {}
    if as_bool(params.get("drop_pending_updates", False)):
        state.updates.drop_all()
    return True


def set_webhook(state: FakeState, params: dict[str, Any]) -> bool:
    url = str(params.get("url") or "")
    secret = params.get("secret_token")
    state.webhook = {"url": url, "secret_token": secret} if url else {}
    state.updates.set_allowed(params.get("allowed_updates"))
    if as_bool(params.get("drop_pending_updates", False)):
        state.updates.drop_all()
    state.notify()  # updates that waited for the webhook go out now
    return True


def get_webhook_info(state: FakeState, params: dict[str, Any]) -> dict[str, Any]:
    return {
        "url": state.webhook.get("url", ""),
        "has_custom_certificate": False,
        "pending_update_count": state.updates.pending_count,
    }


_CHAT_SCOPES = frozenset({"chat", "chat_administrators", "chat_member"})


def _commands_key(state: FakeState, params: dict[str, Any]) -> tuple[str, str]:
    scope = dict(params.get("scope") or {"type": "default"})
    if scope.get("type") in _CHAT_SCOPES:
        # As Telegram: the chat must exist (a user who never opened the bot gives "chat not found"),
        # and an @username names the same menu as the chat's id.
        scope["chat_id"] = state.chats.resolve_chat(scope.get("chat_id"))
    return json.dumps(scope, sort_keys=True), str(params.get("language_code") or "")


def set_my_commands(state: FakeState, params: dict[str, Any]) -> bool:
    commands = require(params, "commands")
    if len(commands) > 100:
        raise bad_request("BOT_COMMANDS_TOO_MUCH")
    for command in commands:
        if not _COMMAND.fullmatch(str(command.get("command", ""))):
            raise bad_request("BOT_COMMAND_INVALID")
        if not 1 <= len(str(command.get("description", ""))) <= 256:
            raise bad_request("BOT_COMMAND_DESCRIPTION_INVALID")
    state.commands[_commands_key(state, params)] = [
        {"command": c["command"], "description": c["description"]} for c in commands
    ]
    return True


def get_my_commands(state: FakeState, params: dict[str, Any]) -> list[dict[str, Any]]:
    return list(state.commands.get(_commands_key(state, params), []))


def delete_my_commands(state: FakeState, params: dict[str, Any]) -> bool:
    state.commands.pop(_commands_key(state, params), None)
    return True


def set_chat_menu_button(state: FakeState, params: dict[str, Any]) -> bool:
    chat_id = params.get("chat_id")
    key = state.chats.resolve_chat(chat_id) if chat_id is not None else None
    state.menu_buttons[key] = params.get("menu_button") or {"type": "default"}
    return True


def get_chat_menu_button(state: FakeState, params: dict[str, Any]) -> dict[str, Any]:
    chat_id = params.get("chat_id")
    key = state.chats.resolve_chat(chat_id) if chat_id is not None else None
    return state.menu_buttons.get(key) or state.menu_buttons.get(None) or {"type": "default"}


def send_chat_action(state: FakeState, params: dict[str, Any]) -> bool:
    state.target_chat(params)
    require(params, "action")
    return True


def get_chat(state: FakeState, params: dict[str, Any]) -> dict[str, Any]:
    chat = state.chats.chat_dict(state.chats.resolve_chat(require(params, "chat_id")))
    no_gifts = dict.fromkeys(
        ("unlimited_gifts", "limited_gifts", "unique_gifts", "premium_subscription", "gifts_from_channels"),
        False,
    )
    return {**chat, "accent_color_id": 0, "max_reaction_count": 11, "accepted_gift_types": no_gifts}


# Bot API getFile: "bots can download files of up to 20MB in size".
MAX_DOWNLOAD_BYTES = 20 * 1024 * 1024


def file_path_of(file_id: str) -> str:
    return f"documents/{file_id}"


def get_file(state: FakeState, params: dict[str, Any]) -> dict[str, Any]:
    file_id = str(require(params, "file_id"))
    document = state.chats.files.get(file_id)
    if document is None:
        raise bad_request("invalid file_id")
    if len(document.content) > MAX_DOWNLOAD_BYTES:
        raise bad_request("file is too big")
    return {
        "file_id": file_id,
        "file_unique_id": f"u{file_id}",
        "file_size": len(document.content),
        "file_path": file_path_of(file_id),
    }


HANDLERS = {
    "getMe": get_me,
    "getFile": get_file,
    "deleteWebhook": delete_webhook,
    "setWebhook": set_webhook,
    "getWebhookInfo": get_webhook_info,
    "setMyCommands": set_my_commands,
    "getMyCommands": get_my_commands,
    "deleteMyCommands": delete_my_commands,
    "setChatMenuButton": set_chat_menu_button,
    "getChatMenuButton": get_chat_menu_button,
    "sendChatAction": send_chat_action,
    "getChat": get_chat,
}
