"""Edits of the tapped message that are skipped when they would change nothing.

Telegram refuses such an edit ("message is not modified"); it happens when a person taps the button
of what is already shown (the selected filter, the open region). The tapped message in the update is
the one the person saw, so it is compared with what would replace it.
"""

from __future__ import annotations

import html
import re

from telegram import InlineKeyboardMarkup, Message, Update
from telegram.constants import ParseMode

_TAG = re.compile(r"<[^>]+>")


def _plain(source: str) -> str:
    """The text Telegram shows for our HTML (tags dropped, entities decoded)."""
    return html.unescape(_TAG.sub("", source))


def _tapped(update: Update) -> Message | None:
    query = update.callback_query
    message = query.message if query is not None else None
    return message if isinstance(message, Message) else None


def _same_markup(message: Message, keyboard: InlineKeyboardMarkup | None) -> bool:
    current = message.reply_markup
    if current is None or keyboard is None:
        return current is None and keyboard is None
    return current.to_dict() == keyboard.to_dict()


async def edit_text(update: Update, text: str, keyboard: InlineKeyboardMarkup | None) -> bool:
    """Replace the tapped message's HTML text and keyboard; False (and no call) if nothing would change."""
    message = _tapped(update)
    assert update.callback_query is not None
    if message is not None and message.text == _plain(text) and _same_markup(message, keyboard):
        return False
    await update.callback_query.edit_message_text(text, parse_mode=ParseMode.HTML, reply_markup=keyboard)
    return True


async def edit_keyboard(update: Update, keyboard: InlineKeyboardMarkup | None) -> bool:
    """Replace the tapped message's keyboard; False (and no call) if it is that keyboard already."""
    message = _tapped(update)
    assert update.callback_query is not None
    if message is not None and _same_markup(message, keyboard):
        return False
    await update.callback_query.edit_message_reply_markup(reply_markup=keyboard)
    return True
