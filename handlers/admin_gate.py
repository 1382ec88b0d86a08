"""Admin commands exist only for an admin in their private chat; to anyone else they are unknown."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from functools import wraps

from telegram import Update
from telegram.constants import ChatType

from bot.i18n import Text
from handlers.context import BotContext
from handlers.guards import Handler, text_for
from handlers.help import unknown_command

AdminHandler = Callable[[Update, BotContext, Text, int], Awaitable[None]]


def is_admin_chat(update: Update, context: BotContext) -> bool:
    chat, user = update.effective_chat, update.effective_user
    return (
        chat is not None
        and user is not None
        and chat.type == ChatType.PRIVATE
        and context.services.console.is_admin(user.id)
    )


def admin_command(handler: AdminHandler) -> Handler:
    """Run the handler for an admin in a private chat; anyone else gets the unknown-command answer."""

    @wraps(handler)
    async def gated(update: Update, context: BotContext) -> None:
        if not is_admin_chat(update, context):
            await unknown_command(update, context)
            return
        assert update.effective_user is not None
        await handler(update, context, text_for(update, None), update.effective_user.id)

    return gated
