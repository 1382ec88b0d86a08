"""The one error handler: log with the traceback and an error id, tell the user, alert the admins."""

from __future__ import annotations

import logging
import re
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
    # The error id, our handler's route and the type only: no personal data. One message per kind.
    route, kind = route_of(update), type(error).__name__
    await context.services.alerts.alert(
        f"⚠️ Unhandled error {error_id} in {route}: {kind}", kind=f"{route}:{kind}"
    )


_OUR_NAME = re.compile(r"[a-z_]{1,32}")


def route_of(update: object) -> str:
    """Which of our handlers took the update: a command, a button's action, or the update's type.
    Only names of ours, checked against a pattern, never what a person typed."""
    if not isinstance(update, Update):
        return type(update).__name__
    if update.callback_query is not None:
        action = (update.callback_query.data or "").split(":", 1)[0]
        return f"tap {action}" if _OUR_NAME.fullmatch(action) else "tap"
    text = update.effective_message.text if update.effective_message else None
    if text and text.startswith("/"):
        command = (text[1:].split(maxsplit=1) or [""])[0].split("@", 1)[0]
        return f"/{command}" if _OUR_NAME.fullmatch(command) else "command"
    return "message"
