"""/status and its buttons, and /start for someone who is already set up: where they are, what needs them."""

from __future__ import annotations

from telegram import Update

from bot.i18n import Text
from brokers.profile import User
from handlers.callbacks import Action, Callback
from handlers.context import BotContext
from handlers.guards import START_FIRST, answer, sender_id, text_for, user_callback
from handlers.request_list import send_page
from handlers.requests import send_cards
from handlers.status import post_status, refresh_status


async def status_command(update: Update, context: BotContext) -> None:
    assert update.effective_message is not None
    user = await context.services.onboarding.user(sender_id(update))
    if user is None or not user.is_onboarded:
        await update.effective_message.reply_text(text_for(update, user)(START_FIRST))
        return
    await show_where_you_are(update, context, user)


async def show_where_you_are(update: Update, context: BotContext, user: User) -> None:
    """The dashboard, posted afresh below the person's message (the old one goes)."""
    assert update.effective_message is not None
    context.services.dashboard.saw_message(user.telegram_id, update.effective_message.message_id)
    await post_status(context.bot, context.services.dashboard, user)


@user_callback(Action.STATUS)
async def status_callback(
    update: Update, context: BotContext, callback: Callback, user: User, t: Text
) -> None:
    message = update.effective_message
    assert message is not None
    await answer(update)
    dashboard = context.services.dashboard
    if callback.arg == "review":
        await send_cards(message, context, user, None)
    elif callback.arg == "attention":
        await send_page(message, context, user, "attention")
    else:
        shown = await dashboard.shown(user.telegram_id)
        if shown is None or shown.message_id != message.message_id:
            # An older dashboard (its deletion failed) or a forgotten one: post the current one below.
            await post_status(context.bot, dashboard, user)
            return
        dashboard.saw_message(user.telegram_id, message.message_id)
        await refresh_status(context.bot, context.services.onboarding, dashboard, user.telegram_id)
