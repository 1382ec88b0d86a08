"""The one error handler: log with the traceback and an error id, tell the user, alert the admins."""

from __future__ import annotations

import logging
import secrets

from telegram import Update
from telegram.error import Forbidden, NetworkError, TelegramError

from handlers.context import BotContext
from handlers.guards import text_for

log = logging.getLogger(__name__)


async def error_handler(update: object, context: BotContext) -> None:
    error = context.error
    if isinstance(error, NetworkError) and not isinstance(error, Forbidden):
        log.warning("telegram network error", extra={"error": type(error).__name__})
        return
    error_id = secrets.token_hex(4)
    log.error("unhandled error", exc_info=error, extra={"error_id": error_id})
    if isinstance(update, Update) and update.effective_chat is not None:
        t = text_for(update, None)
        try:
            await context.bot.send_message(
                update.effective_chat.id,
                t(
                    "Sorry, something went wrong on my side (error {error_id}). Nothing was lost; please try "
                    "again in a moment.",
                    error_id=error_id,
                ),
            )
        except TelegramError:
            log.warning("could not tell the user about an error", extra={"error_id": error_id})
    # The error id and type only: no personal data.
    await context.services.alerts.alert(f"⚠️ Unhandled error {error_id}: {type(error).__name__}")
