"""Switching a shown letter between the company's country's language and the person's, in place."""

from __future__ import annotations

import logging

from telegram import Update
from telegram.constants import ParseMode
from telegram.error import BadRequest

from bot.i18n import Text
from bot.services.outgoing import Result
from bot.services.sending import SendOutcome
from brokers.profile import User
from handlers.callbacks import Action, Callback
from handlers.context import BotContext
from handlers.guards import answer, user_callback
from handlers.outcomes import outcome_text
from handlers.sending import confirm_keyboard, letter_language_of, letter_text, parse_letter_arg

log = logging.getLogger(__name__)


@user_callback(Action.LETTER_LANGUAGE)
async def switch_letter_language_callback(
    update: Update, context: BotContext, callback: Callback, user: User, t: Text
) -> None:
    """Rewrite the shown letter in the other language, in place; nothing is sent here."""
    query = update.callback_query
    assert query is not None
    parsed, wanted = parse_letter_arg(callback.arg), letter_language_of(callback.arg)
    found = (
        await context.services.sending.preview(user.telegram_id, parsed[1], parsed[0], language=wanted)
        if parsed is not None
        else Result.NOT_FOUND
    )
    if not isinstance(found, Result) and wanted not in (None, found.language.language):
        # Neither the person's language nor the company's: the letter would not change.
        await answer(update, t("This button is no longer valid. Send /start to see where you are."))
        return
    await answer(update)
    try:
        if isinstance(found, Result):
            await query.edit_message_text(outcome_text(t, SendOutcome(found)), parse_mode=ParseMode.HTML)
            return
        await query.edit_message_text(
            letter_text(t, found),
            parse_mode=ParseMode.HTML,
            reply_markup=confirm_keyboard(t, found, user.epoch),
        )
    except BadRequest as exc:  # a second tap of the same button: the letter shows that language already
        log.info("letter language edit refused", extra={"reason": str(exc)[:80]})
