"""Admin commands exist only for an admin in their private chat; to anyone else they are unknown."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from functools import wraps

from telegram import Update
from telegram.constants import ChatType

from bot.i18n import Text
from handlers.callbacks import Action, Callback, parse_callback
from handlers.context import BotContext
from handlers.guards import Handler, Tap, answer, is_own_private_chat, sender_id, text_for
from handlers.help import other_message, unknown_command

AdminHandler = Callable[[Update, BotContext, Text, int], Awaitable[None]]
AdminTapHandler = Callable[[Update, BotContext, Callback, Text, int], Awaitable[None]]


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
    return _gated(handler, unknown_command)


def admin_document(handler: AdminHandler) -> Handler:
    """Run the handler for an admin's file in a private chat; anyone else's file gets the usual answer."""
    return _gated(handler, other_message)


def _gated(handler: AdminHandler, otherwise: Handler) -> Handler:
    @wraps(handler)
    async def gated(update: Update, context: BotContext) -> None:
        if not is_admin_chat(update, context):
            await otherwise(update, context)
            return
        assert update.effective_user is not None
        await handler(update, context, text_for(update, None), update.effective_user.id)

    return gated


def admin_callback(*actions: Action) -> Callable[[AdminTapHandler], Tap]:
    """Wrap an admin's button: it acts only for an admin tapping in their own private chat."""

    def wrap(handler: AdminTapHandler) -> Tap:
        async def checked(update: Update, context: BotContext) -> None:
            assert update.callback_query is not None
            callback = parse_callback(update.callback_query.data)
            tapper = sender_id(update)
            t = text_for(update, None)
            if (
                callback is None
                or callback.action not in actions
                or not is_own_private_chat(update)
                or not context.services.console.is_admin(tapper)
            ):
                await context.services.refusals.refuse(
                    actor=tapper, action=callback.action if callback else "malformed", reason="not_admin"
                )
                await answer(update, t("This button is no longer valid. Send /start to see where you are."))
                return
            await handler(update, context, callback, t, tapper)

        return Tap(actions, checked)

    return wrap
