"""Taps on a reply notice: the message changes to say what the tap did; the reply read on request."""

from __future__ import annotations

import logging
from html import escape

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Message, Update
from telegram.constants import ParseMode
from telegram.error import BadRequest

from bot.i18n import Text
from bot.services.tracking import Corrected, Correction, RequestDetail
from brokers.letters import LetterKind
from brokers.lifecycle import RequestStatus
from brokers.profile import User
from brokers.requests import RequestId
from handlers.callbacks import Action, Callback, button_data, parse_callback, parse_id
from handlers.context import BotContext
from handlers.guards import answer, user_callback
from handlers.names import BUTTON_CHARS, button_name
from handlers.request_list import STATUS_LABELS
from handlers.sending import show_letter

log = logging.getLogger(__name__)

SHOWN_REPLY_CHARS = 1500
S = RequestStatus
_ASKS = (S.NEEDS_VERIFICATION, S.NEEDS_WEB_FORM)


def correction_line(t: Text, corrected: Corrected, said: str | None) -> str:
    status = t(STATUS_LABELS[corrected.status.value]) if corrected.status else ""
    if corrected.result is Correction.CHANGED and corrected.previous is not None:
        before = t(STATUS_LABELS[corrected.previous.value])
        if said:
            return t(
                "✔️ You said: {said}. Status now: {status} (was: {before}).",
                said=said,
                status=status,
                before=before,
            )
        return t("✔️ Status now: {status} (was: {before}).", status=status, before=before)
    if corrected.result is Correction.ALREADY and corrected.status is not None:
        return t("It is already marked “{status}”; nothing changed.", status=status)
    if corrected.result is Correction.NOT_ALLOWED and corrected.status is not None:
        return t("This request is already marked “{status}”, so that no longer applies.", status=status)
    return t("This request is no longer open.")


def shortened(text: str, limit: int = SHOWN_REPLY_CHARS) -> str:
    """The reply as sent when short; else its words run together and cut, so a chat message holds it."""
    if len(text.strip()) <= limit:
        return text.strip()
    words = " ".join(text.split())
    return words if len(words) <= limit else words[: limit - 1].rstrip() + "…"


async def show_correction(
    update: Update, t: Text, detail: RequestDetail, corrected: Corrected, said: str | None, epoch: str
) -> None:
    """Say what the tap did, on the notice itself: its choices go, reading the reply stays."""
    line = correction_line(t, corrected, said)
    await answer(update, line)
    rows = _kept(update.callback_query.message if update.callback_query else None, Action.SHOW_REPLY)
    # After a bounce a counter-letter would go to the address that bounced: the form is the way.
    if (
        corrected.result is Correction.CHANGED
        and corrected.status in _ASKS
        and corrected.previous is not S.BOUNCED
    ):
        label = t(
            "Send {name} the reply the law supports", name=button_name(detail.broker_name, BUTTON_CHARS)
        )
        rows.insert(
            0,
            [
                InlineKeyboardButton(
                    label, callback_data=button_data(Action.COUNTER, str(detail.request.id), epoch)
                )
            ],
        )
    await _append(update, line, rows)


@user_callback(Action.SHOW_REPLY)
async def show_reply_callback(
    update: Update, context: BotContext, callback: Callback, user: User, t: Text
) -> None:
    assert update.effective_message is not None
    number, _, gmail_id = callback.arg.partition("-")
    rid = RequestId(n) if (n := parse_id(number)) is not None else None
    detail = await context.services.tracking.detail(user.telegram_id, rid) if rid else None
    text = await context.services.replies.text(user.telegram_id, rid, gmail_id) if detail and rid else None
    if detail is None or text is None:
        await answer(update, t("I can no longer read that reply; it may have been deleted."))
        return
    await answer(update)
    shown = shortened(text)
    heading = t("The reply from {name}:", name=escape(detail.broker_name))
    await update.effective_message.chat.send_message(
        f"<b>{heading}</b>\n\n{escape(shown)}", parse_mode=ParseMode.HTML
    )


@user_callback(Action.BOUNCE)
async def bounce_callback(
    update: Update, context: BotContext, callback: Callback, user: User, t: Text
) -> None:
    """After a bounce: the letter to the catalog's other address (shown first), or word to the operator."""
    number, _, step = callback.arg.partition("-")
    rid = RequestId(n) if (n := parse_id(number)) is not None else None
    detail = await context.services.tracking.detail(user.telegram_id, rid) if rid else None
    if detail is None or detail.request.status is not RequestStatus.BOUNCED:
        await answer(update, t("This request is no longer open."))
        return
    if step == "a":
        await show_letter(update, context, user, t, rid, LetterKind.DELETION)
        return
    # The broker id only: the operator needs no one's name or address to find a working contact.
    await context.services.alerts.alert(
        f"A letter to broker {detail.request.broker_id} bounced: it needs a working contact."
    )
    line = t("✔️ I told the operator that {name} cannot be reached.", name=detail.broker_name)
    await answer(update, line)
    await _append(
        update,
        line,
        _kept(update.callback_query.message if update.callback_query else None, Action.SHOW_REPLY),
    )


def _kept(message: object, *actions: Action) -> list[list[InlineKeyboardButton]]:
    if not isinstance(message, Message) or message.reply_markup is None:
        return []
    rows = []
    for row in message.reply_markup.inline_keyboard:
        for button in row:
            parsed = parse_callback(button.callback_data if isinstance(button.callback_data, str) else None)
            if parsed is not None and parsed.action in actions:
                rows.append([button])
    return rows


async def _append(update: Update, line: str, rows: list[list[InlineKeyboardButton]]) -> None:
    query = update.callback_query
    message = query.message if query else None
    if query is None or not isinstance(message, Message) or message.text is None:
        return
    try:
        await query.edit_message_text(
            f"{message.text_html}\n\n{escape(line)}",
            parse_mode=ParseMode.HTML,
            reply_markup=InlineKeyboardMarkup(rows) if rows else None,
        )
    except BadRequest as exc:
        log.info("reply notice not edited", extra={"reason": str(exc)[:80]})
