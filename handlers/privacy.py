"""/privacy, /export and /forget: what is stored, a copy of it, and erasing it."""

from __future__ import annotations

import io

from telegram import InputFile, Update
from telegram.constants import ParseMode

from bot.i18n import Text
from bot.services.scans import SHARE_AT_LEAST
from brokers.profile import User
from handlers.callbacks import Action, Callback
from handlers.context import BotContext
from handlers.guards import answer, sender_id, text_for, user_callback
from handlers.keyboards import forget_keyboard


def privacy_text(t: Text) -> str:
    return (
        t(
            "<b>What I store about you</b>\n"
            "• Your Telegram id, language, time zone and quiet hours, and when you agreed.\n"
            "• The details you gave for letters: name, other e-mail addresses, postal address, phone number, "
            "and where you live. Encrypted. Each letter carries only the details its company needs.\n"
            "• For each Gmail account you connect: its address and access keys (encrypted), the permissions "
            "you granted, and where the last scan stopped.\n"
            "• Which companies were found in your mailbox: how many mails and the first and last date. "
            "Never a subject, a body or a snippet of any mail.\n"
            "• Your deletion requests: company, law, deadline, the Gmail ids of the sent mail, and every "
            "status change.\n"
            "• A log of sensitive actions (consent, connections, sends, exports).\n\n"
            "<b>What I never store:</b> the content of your mails, your Google password.\n"
            "<b>How long:</b> until you erase it. /export sends you all of it as a file; /forget revokes "
            "my access to Gmail and erases everything."
        )
        + "\n\n"
        + sharing_text(t)
    )


def sharing_text(t: Text) -> str:
    return t(
        "<b>What I share:</b> nothing about you goes to the operators unless you switch on "
        '"Share unknown senders" in /settings (it is off until you do). Then your next deep scan '
        "(/scan deep) adds one, once, to a counter for each sender domain in your mailbox that is not "
        "on my list of companies (like shop.example), without your id, name or address. The operators "
        "see only domains that at least {count} people shared, with that number, never who. Letters "
        "leave only when you confirm them, from your own Gmail.",
        count=SHARE_AT_LEAST,
    )


async def privacy_command(update: Update, context: BotContext) -> None:
    assert update.effective_message is not None
    user = await context.services.onboarding.user(sender_id(update))
    t = text_for(update, user)
    text = privacy_text(t)
    if user is None:
        text += "\n\n" + t("Right now nothing is stored about you.")
    else:
        text += "\n" + (
            t("You share unknown senders: yes.")
            if user.share_domains
            else t("You share unknown senders: no.")
        )
    await update.effective_message.reply_text(text, parse_mode=ParseMode.HTML)


async def export_command(update: Update, context: BotContext) -> None:
    assert update.effective_message is not None
    telegram_id = sender_id(update)
    user = await context.services.onboarding.user(telegram_id)
    t = text_for(update, user)
    document = await context.services.privacy.export(telegram_id)
    if document is None:
        await update.effective_message.reply_text(t("Nothing is stored about you."))
        return
    await update.effective_message.reply_document(
        InputFile(io.BytesIO(document), filename="my-data.json"),
        caption=t("Everything I store about you. Keep this file safe: it holds your personal details."),
    )


async def forget_command(update: Update, context: BotContext) -> None:
    assert update.effective_message is not None
    user = await context.services.onboarding.user(sender_id(update))
    t = text_for(update, user)
    if user is None:
        await update.effective_message.reply_text(t("Nothing is stored about you."))
        return
    await update.effective_message.reply_text(
        t(
            "This revokes my access to your Gmail and erases everything I store about you, including the "
            "history of your requests. It cannot be undone. Erase everything?"
        ),
        reply_markup=forget_keyboard(t, user.epoch),
    )


@user_callback(Action.FORGET)
async def forget_callback(
    update: Update, context: BotContext, callback: Callback, user: User, t: Text
) -> None:
    query = update.callback_query
    assert query is not None
    await answer(update)
    if callback.arg != "yes":
        await query.edit_message_text(t("Nothing was erased."))
        return
    erased = await context.services.privacy.forget(user.telegram_id)
    await query.edit_message_text(
        t(
            "Done: everything about you is erased and my access to Gmail is revoked. "
            "Send /start if you ever want to begin again."
        )
        if erased
        else t("Nothing is stored about you.")
    )
