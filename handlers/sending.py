"""One letter at a time: the exact e-mail shown, a second tap that names the recipient, then Undo."""

from __future__ import annotations

import logging
from email.utils import formataddr
from html import escape

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.constants import ParseMode

from bot.i18n import Text
from bot.i18n.locale_names import language_name_in
from bot.services.outbox import Undo
from bot.services.outgoing import OutgoingLetter, Result
from bot.services.sending import SendOutcome
from brokers.letters import LanguageReason, LetterKind
from brokers.profile import User
from brokers.requests import RequestId
from handlers.callbacks import Action, Callback, button_data, parse_id
from handlers.context import BotContext
from handlers.guards import answer, user_callback
from handlers.letter_facts import letter_facts
from handlers.outcomes import outcome_text, retry_keyboard

log = logging.getLogger(__name__)

MAX_TEXT = 4096  # Bot API: sendMessage and editMessageText take at most 4096 characters
KIND_CODES = {
    LetterKind.DELETION: "d",
    LetterKind.FOLLOW_UP: "f",
    LetterKind.VERIFICATION_REPLY: "v",
    LetterKind.WEB_FORM_REPLY: "w",
}
_KINDS = {code: kind for kind, code in KIND_CODES.items()}


def letter_arg(kind: LetterKind, request_id: RequestId, language: str | None = None) -> str:
    """`d12`, or `d12-en` for a letter the person switched to English."""
    return f"{KIND_CODES[kind]}{request_id}" + (f"-{language}" if language else "")


def parse_letter_arg(arg: str) -> tuple[LetterKind, RequestId] | None:
    kind, number = _KINDS.get(arg[:1]), arg[1:].partition("-")[0]
    request_id = parse_id(number)
    return (kind, RequestId(request_id)) if kind is not None and request_id is not None else None


def letter_language_of(arg: str) -> str | None:
    """The letter language a button carries; None for the default (the domain ignores any other)."""
    return arg.partition("-")[2] or None


def letter_text(t: Text, outgoing: OutgoingLetter) -> str:
    """The e-mail as it will leave, escaped, shortened with a note if the chat cannot hold it."""
    sender = formataddr((outgoing.sender_name or "", outgoing.sender))
    header = "\n".join(
        [
            t(
                "<b>This is the exact e-mail. Nothing is sent until you tap the button that names "
                "the recipient.</b>"
            ),
            "",
            t("To: {address}", address=escape(outgoing.recipient)),
            t("From: {address}", address=escape(sender)),
            t("Subject: {subject}", subject=escape(outgoing.letter.subject)),
            letter_facts(t, outgoing),
            "",
            "",
        ]
    )
    body = outgoing.letter.body
    if len(header) + len(escape(body)) <= MAX_TEXT:
        return header + escape(body)
    note = "\n\n" + t(
        "[Shortened here to fit a chat message; the e-mail itself is complete ({count} characters).]",
        count=len(body),
    )
    budget = MAX_TEXT - len(header) - len(note) - 1
    cut = body[:budget]
    while len(escape(cut)) > budget:  # escaping lengthens; cut before escaping so no entity is split
        cut = cut[: budget - (len(escape(cut)) - len(cut))]
    return header + escape(cut) + "…" + note


def confirm_keyboard(t: Text, outgoing: OutgoingLetter, epoch: str) -> InlineKeyboardMarkup:
    chosen = outgoing.language
    shown = chosen.language if chosen.reason is LanguageReason.CHOSEN else None
    arg = letter_arg(outgoing.kind, outgoing.request.id, shown)
    rows = [
        [
            InlineKeyboardButton(
                t("Send to {address}", address=outgoing.recipient),
                callback_data=button_data(Action.LETTER_OK, arg, epoch),
            )
        ]
    ]
    # Only the first letter: a reply keeps the thread's subject, which the first letter's language set.
    if chosen.alternative is not None and outgoing.kind is LetterKind.DELETION:
        # Back to the default carries no language: the button then names no choice at all.
        other = chosen.alternative if chosen.reason is not LanguageReason.CHOSEN else None
        rows.append(
            [
                InlineKeyboardButton(
                    t("Write it in {language}", language=language_name_in(chosen.alternative, t.language)),
                    callback_data=button_data(
                        Action.LETTER_LANGUAGE, letter_arg(outgoing.kind, outgoing.request.id, other), epoch
                    ),
                )
            ]
        )
    rows.append([InlineKeyboardButton(t("Cancel"), callback_data=button_data(Action.LETTER_NO, arg, epoch))])
    return InlineKeyboardMarkup(rows)


async def show_letter(
    update: Update,
    context: BotContext,
    user: User,
    t: Text,
    request_id: RequestId | None,
    kind: LetterKind | None,
) -> None:
    """The first tap of any send button: show the letter and ask; nothing is sent here."""
    assert update.effective_message is not None and update.callback_query is not None
    sending = context.services.sending
    await answer(update)
    found = (
        await sending.preview(user.telegram_id, request_id, kind)
        if request_id is not None and kind is not None
        else Result.NOT_FOUND
    )
    chat = update.effective_message.chat
    if isinstance(found, Result):
        await _refuse_if_foreign(update, context, user, found)
        outcome = SendOutcome(found)
        await chat.send_message(
            outcome_text(t, outcome),
            parse_mode=ParseMode.HTML,
            reply_markup=retry_keyboard(t, outcome, user.epoch, kind or LetterKind.DELETION),
        )
        return
    await chat.send_message(
        letter_text(t, found), parse_mode=ParseMode.HTML, reply_markup=confirm_keyboard(t, found, user.epoch)
    )


async def _refuse_if_foreign(update: Update, context: BotContext, user: User, result: Result) -> None:
    query = update.callback_query
    if result is Result.NOT_FOUND and query is not None:
        action = (query.data or "").split(":", 1)[0][:10]
        await context.services.refusals.refuse(
            actor=user.telegram_id, action=action, reason="not_own_or_gone"
        )


async def _tapped_letter(update: Update, callback: Callback, t: Text) -> tuple[LetterKind, RequestId] | None:
    """The letter a button names; a malformed one is answered as gone."""
    parsed = parse_letter_arg(callback.arg)
    if parsed is None:
        await answer(update, t("This request is no longer open."))
    return parsed


@user_callback(Action.LETTER_OK)
async def confirm_letter_callback(
    update: Update, context: BotContext, callback: Callback, user: User, t: Text
) -> None:
    query, outbox = update.callback_query, context.services.outbox
    assert query is not None
    parsed = await _tapped_letter(update, callback, t)
    if parsed is None:
        return
    await answer(update)  # at once: queueing the letter is a database round trip
    kind, request_id = parsed
    message_id = query.message.message_id if query.message is not None else None
    pending = await outbox.confirm(
        user.telegram_id, request_id, kind, message_id, letter_language_of(callback.arg)
    )
    if isinstance(pending, Result):
        await _refuse_if_foreign(update, context, user, pending)
        outcome = SendOutcome(pending)
        await query.edit_message_text(
            outcome_text(t, outcome),
            parse_mode=ParseMode.HTML,
            reply_markup=retry_keyboard(t, outcome, user.epoch, kind),
        )
        return
    undo = InlineKeyboardButton(
        t("Undo"), callback_data=button_data(Action.LETTER_UNDO, callback.arg, user.epoch)
    )
    await query.edit_message_text(
        t(
            "⏳ Sending to {address} in {seconds} seconds. Tap Undo to keep it from going out.",
            address=escape(pending.letter.recipient),
            seconds=round(outbox.undo_seconds),
        ),
        parse_mode=ParseMode.HTML,
        reply_markup=InlineKeyboardMarkup([[undo]]),
    )


@user_callback(Action.LETTER_UNDO)
async def undo_letter_callback(
    update: Update, context: BotContext, callback: Callback, user: User, t: Text
) -> None:
    query, outbox = update.callback_query, context.services.outbox
    assert query is not None
    parsed = await _tapped_letter(update, callback, t)
    if parsed is None:
        return
    undone = await outbox.undo(user.telegram_id, parsed[1], parsed[0])
    if undone is Undo.CANCELLED:
        await answer(update, t("Not sent."))
        await query.edit_message_text(t("Not sent. You took the letter back; nothing went out."))
    elif undone is Undo.TOO_LATE:
        await answer(update, t("Too late to undo: the letter is already on its way."))
    else:
        await answer(update, t("Nothing is waiting to be sent."))


@user_callback(Action.LETTER_NO)
async def cancel_letter_callback(
    update: Update, context: BotContext, callback: Callback, user: User, t: Text
) -> None:
    query = update.callback_query
    assert query is not None
    await answer(update)
    await query.edit_message_text(t("Not sent. Nothing went out."))
