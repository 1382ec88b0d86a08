"""/broadcast TEXT: a preview with the recipient count, Send or Cancel, then one message showing progress."""

from __future__ import annotations

import logging
import re
from html import escape

from telegram import Bot, InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.constants import ParseMode
from telegram.error import BadRequest

from bot.i18n import Text
from bot.services.onboarding import OnboardingService
from brokers.broadcasts import (
    MAX_BROADCAST_LENGTH,
    Broadcast,
    BroadcastId,
    BroadcastProgress,
    BroadcastState,
    Outcome,
)
from brokers.profile import TelegramId
from handlers.admin_gate import admin_callback, admin_command
from handlers.callbacks import Action, Callback, button_data
from handlers.context import BotContext
from handlers.guards import answer

log = logging.getLogger(__name__)

_TEXT_AFTER_COMMAND = re.compile(r"^/\S+\s+(.+)$", re.DOTALL)


def _keyboard(t: Text, broadcast: Broadcast) -> InlineKeyboardMarkup | None:
    arg = str(broadcast.id)
    if broadcast.state is BroadcastState.DRAFT:
        send = t("Send to {count}", count=broadcast.recipients)
        return InlineKeyboardMarkup(
            [
                [
                    InlineKeyboardButton(send, callback_data=button_data(Action.BROADCAST_SEND, arg)),
                    InlineKeyboardButton(t("Cancel"), callback_data=button_data(Action.BROADCAST_STOP, arg)),
                ]
            ]
        )
    if broadcast.state is BroadcastState.SENDING:
        stop = t("Stop the broadcast")
        return InlineKeyboardMarkup(
            [[InlineKeyboardButton(stop, callback_data=button_data(Action.BROADCAST_STOP, arg))]]
        )
    return None


def progress_text(t: Text, broadcast: Broadcast, progress: BroadcastProgress) -> str:
    state = {
        BroadcastState.DRAFT: t("Not sent."),
        BroadcastState.SENDING: t("Sending…"),
        BroadcastState.CANCELLED: t("Stopped: nobody else gets it."),
        BroadcastState.DONE: t("Done."),
    }[broadcast.state]
    counts = t(
        "{sent} of {total} sent, {blocked} had blocked the bot, {failed} failed, {held} wait for their quiet "
        "hours to end",
        sent=progress.count(Outcome.SENT),
        total=progress.recipients,
        blocked=progress.count(Outcome.BLOCKED),
        failed=progress.count(Outcome.FAILED),
        held=progress.count(Outcome.HELD),
    )
    lines = [t("<b>Broadcast {id}</b>", id=broadcast.id), state, counts]
    retrying = progress.count(Outcome.RETRYING)
    if retrying:
        lines.append(t("{count} failed for a moment at Telegram and will be tried again.", count=retrying))
    interrupted = progress.count(Outcome.PENDING)
    if interrupted and broadcast.state is not BroadcastState.SENDING:
        lines.append(t("{count} were interrupted by a restart and not sent again.", count=interrupted))
    return "\n".join(lines) + "\n\n" + broadcast.text


@admin_command
async def broadcast_command(update: Update, context: BotContext, t: Text, admin: int) -> None:
    message = update.effective_message
    assert message is not None
    match = _TEXT_AFTER_COMMAND.match(message.text or "")
    text = match[1].strip() if match else ""
    if not text:
        await message.reply_text(
            t("Usage: /broadcast followed by the message, e.g. /broadcast Hello everyone")
        )
        return
    if len(text) > MAX_BROADCAST_LENGTH:
        await message.reply_text(
            t("That is too long: at most {limit} characters. Nothing was sent.", limit=MAX_BROADCAST_LENGTH)
        )
        return
    # Sent as written: the operator's text is shown, never read as markup.
    broadcast = await context.services.broadcasts.draft(admin, escape(text))
    preview = t(
        "<b>Preview.</b> This goes to {count} people (those who blocked the bot are skipped), each at the "
        "end of their quiet hours if they are in them:",
        count=broadcast.recipients,
    )
    await message.reply_text(
        f"{preview}\n\n{broadcast.text}", parse_mode=ParseMode.HTML, reply_markup=_keyboard(t, broadcast)
    )


@admin_callback(Action.BROADCAST_SEND, Action.BROADCAST_STOP)
async def broadcast_callback(
    update: Update, context: BotContext, callback: Callback, t: Text, admin: int
) -> None:
    query = update.callback_query
    assert query is not None and query.message is not None
    broadcasts = context.services.broadcasts
    broadcast_id = BroadcastId(int(callback.arg)) if callback.arg.isdigit() else None
    broadcast = await broadcasts.get(broadcast_id) if broadcast_id is not None else None
    if broadcast is None:
        await answer(update, t("This button is no longer valid. Send /start to see where you are."))
        return
    if callback.action is Action.BROADCAST_SEND:
        done = await broadcasts.confirm(admin, broadcast.id, query.message.message_id)
    else:
        done = await broadcasts.cancel(admin, broadcast.id)
    await answer(update, None if done else t("This broadcast was already sent or stopped."))
    current = await broadcasts.get(broadcast.id)
    assert current is not None
    await _edit(context.bot, t, current, await broadcasts.progress(current.id), query.message.message_id)


async def show_progress(
    bot: Bot, onboarding: OnboardingService, broadcast: Broadcast, progress: BroadcastProgress
) -> None:
    """Redraw the operator's broadcast message (called by the sending job)."""
    user = await onboarding.user(TelegramId(broadcast.created_by))
    if broadcast.progress_message_id is not None:
        t = Text(user.language if user else "en")
        await _edit(bot, t, broadcast, progress, broadcast.progress_message_id)


async def _edit(
    bot: Bot, t: Text, broadcast: Broadcast, progress: BroadcastProgress, message_id: int
) -> None:
    try:
        await bot.edit_message_text(
            progress_text(t, broadcast, progress),
            chat_id=broadcast.created_by,
            message_id=message_id,
            parse_mode=ParseMode.HTML,
            reply_markup=_keyboard(t, broadcast),
        )
    except BadRequest as exc:  # "message is not modified" when nothing moved since the last redraw
        log.info("broadcast progress edit refused", extra={"reason": str(exc)[:80]})
