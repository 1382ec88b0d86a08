"""The buttons that follow a refusal or an error, so no message leaves the person without a next step."""

from __future__ import annotations

from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from bot.i18n import Text
from brokers.scopes import AccessMode
from handlers.callbacks import Action, button_data


def reconnect_button(t: Text, epoch: str) -> InlineKeyboardButton:
    return InlineKeyboardButton(
        t("Reconnect"), callback_data=button_data(Action.CONNECT, AccessMode.SEARCH.value, epoch)
    )


def connect_button(t: Text, epoch: str) -> InlineKeyboardButton:
    return InlineKeyboardButton(
        t("Connect Gmail"), callback_data=button_data(Action.CONNECT, AccessMode.SEARCH.value, epoch)
    )


def settings_button(t: Text, epoch: str) -> InlineKeyboardButton:
    return InlineKeyboardButton(t("Open settings"), callback_data=button_data(Action.MENU, "settings", epoch))


def requests_button(t: Text, epoch: str) -> InlineKeyboardButton:
    return InlineKeyboardButton(t("My requests"), callback_data=button_data(Action.REQ_LIST, "all-0", epoch))


def review_button(t: Text, epoch: str) -> InlineKeyboardButton:
    return InlineKeyboardButton(t("Review drafts"), callback_data=button_data(Action.REVIEW, "", epoch))


def one(button: InlineKeyboardButton) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup([[button]])


def parked_text(t: Text, count: int, *, any_shown: bool) -> str:
    """Drafts whose Gmail account is disconnected or needs reconnecting cannot be sent from here."""
    if any_shown:
        return t.n(
            "{count} more draft waits for its Gmail account: reconnect it to send it.",
            "{count} more drafts wait for their Gmail account: reconnect it to send them.",
            count,
        )
    return t.n(
        "Your {count} draft waits for its Gmail account, which is not connected now. Reconnect it and "
        "the draft comes back here, ready to send.",
        "Your {count} drafts wait for their Gmail account, which is not connected now. Reconnect it and "
        "the drafts come back here, ready to send.",
        count,
    )
