"""/settings: show what is on file and change any of it."""

from __future__ import annotations

from html import escape

from telegram import Update
from telegram.constants import ParseMode

from bot.i18n import N_, Text
from bot.i18n.locale_names import jurisdiction_label, language_name
from bot.services.onboarding import Changed, Unchanged
from bot.services.scans import SHARE_AT_LEAST
from brokers.profile import NoticePace, ProfileField, User
from handlers.callbacks import Action, Callback
from handlers.context import BotContext
from handlers.guards import answer, sender_id, text_for, user_callback
from handlers.keyboards import (
    QUIET_PRESETS,
    editing_keyboard,
    language_keyboard,
    pace_keyboard,
    quiet_keyboard,
    region_keyboard,
    settings_keyboard,
)

_PROMPTS = {
    ProfileField.NAME: N_("Send your full name."),
    ProfileField.EMAILS: N_("Send your other e-mail addresses, separated by commas."),
    ProfileField.ADDRESS: N_("Send your postal address."),
    ProfileField.TIMEZONE: N_("Send your time zone, like Europe/Berlin or America/Los_Angeles."),
    ProfileField.PHONE: N_(
        "Send your phone number. It goes only into letters to companies that find people by phone number."
    ),
}


PACE_LABELS = {
    NoticePace.WEEKLY: N_("in a weekly digest"),
    NoticePace.IMMEDIATE: N_("immediately"),
}


def quiet_text(t: Text, start: int | None, end: int | None) -> str:
    return t("none") if start is None else f"{start}–{end} h"


def settings_text(t: Text, user: User) -> str:
    profile = user.profile
    missing = t("not given")
    lines = [
        t("<b>Your settings</b>"),
        t("Name: {value}", value=escape(profile.full_name or missing)),
        t("Other e-mails: {value}", value=escape(", ".join(profile.other_emails) or missing)),
        t("Postal address: {value}", value=escape(profile.postal_address or missing).replace("\n", ", ")),
        t("Phone: {value}", value=escape(profile.phone or missing)),
        t(
            "Where you live: {value}",
            value=escape(jurisdiction_label(user.jurisdiction, t.language)) if user.jurisdiction else missing,
        ),
        t("Language: {value}", value=language_name(user.language)),
        t("Time zone: {value}", value=escape(user.timezone)),
        t("Quiet hours: {value}", value=quiet_text(t, user.quiet_start, user.quiet_end)),
        t("Routine updates: {value}", value=t(PACE_LABELS[user.notice_pace])),
        t(
            "Share unknown senders with the operators: {value}",
            value=t("on") if user.share_domains else t("off"),
        ),
    ]
    return "\n".join(lines)


async def settings_command(update: Update, context: BotContext) -> None:
    assert update.effective_message is not None
    user = await context.services.onboarding.user(sender_id(update))
    t = text_for(update, user)
    if user is None:
        await update.effective_message.reply_text(t("Nothing is stored about you. Send /start to begin."))
        return
    await send_settings(update, user)


async def send_settings(update: Update, user: User) -> None:
    assert update.effective_message is not None
    t = Text(user.language)
    await update.effective_message.chat.send_message(
        settings_text(t, user),
        parse_mode=ParseMode.HTML,
        reply_markup=settings_keyboard(t, user.epoch, share_domains=user.share_domains),
    )


@user_callback(Action.EDIT)
async def edit_callback(update: Update, context: BotContext, callback: Callback, user: User, t: Text) -> None:
    query = update.callback_query
    assert query is not None and query.message is not None
    onboarding = context.services.onboarding
    await answer(update)
    if callback.arg == "jurisdiction":
        await query.message.chat.send_message(
            t("Where do you live?"), reply_markup=region_keyboard(t, user.epoch)
        )
    elif callback.arg == "language":
        await query.message.chat.send_message(
            t("Which language should I use?"), reply_markup=language_keyboard(user.epoch)
        )
    elif callback.arg == "quiet":
        await query.message.chat.send_message(
            t("When should I hold notices until morning?"), reply_markup=quiet_keyboard(t, user.epoch)
        )
    elif callback.arg == "pace":
        await query.message.chat.send_message(
            t(
                "Receipts, “deadline near” and other routine updates: once a week in one digest, or "
                "as they come? Overdue requests and replies that need you are never held for a week."
            ),
            reply_markup=pace_keyboard(t, user.epoch),
        )
    elif callback.arg in ("share-on", "share-off"):
        await _set_sharing(update, context, user, share=callback.arg == "share-on")
    elif callback.arg == "cancel":
        await onboarding.cancel_editing(user.telegram_id)
        await query.edit_message_text(t("Nothing changed."))
    elif callback.arg in ProfileField.__members__.values():
        field = ProfileField(callback.arg)
        await onboarding.start_editing(user.telegram_id, field)
        await query.message.chat.send_message(
            t(_PROMPTS[field]), reply_markup=editing_keyboard(t, field, user.epoch)
        )


@user_callback(Action.CLEAR)
async def clear_callback(
    update: Update, context: BotContext, callback: Callback, user: User, t: Text
) -> None:
    query = update.callback_query
    assert query is not None
    outcome = None
    if callback.arg in ProfileField.__members__.values():
        outcome = await context.services.onboarding.clear_field(user.telegram_id, ProfileField(callback.arg))
    if not isinstance(outcome, Changed):
        await answer(update, t("Already done."))
        return
    await answer(update)
    await query.edit_message_text(t("Removed."))


@user_callback(Action.QUIET)
async def quiet_callback(
    update: Update, context: BotContext, callback: Callback, user: User, t: Text
) -> None:
    query = update.callback_query
    assert query is not None
    start, _, end = callback.arg.partition("-")
    hours = (int(start), int(end)) if start.isdigit() and end.isdigit() else (None, None)
    if callback.arg not in QUIET_PRESETS:
        await answer(update, t("This button is no longer valid. Send /start to see where you are."))
        return
    outcome = await context.services.onboarding.set_quiet_hours(user.telegram_id, *hours)
    await answer(update)
    if isinstance(outcome, Changed | Unchanged):
        await query.edit_message_text(t("Quiet hours: {value}", value=quiet_text(t, *hours)))


@user_callback(Action.PACE)
async def pace_callback(update: Update, context: BotContext, callback: Callback, user: User, t: Text) -> None:
    query = update.callback_query
    assert query is not None
    if callback.arg not in NoticePace.__members__.values():
        await answer(update, t("This button is no longer valid. Send /start to see where you are."))
        return
    pace = NoticePace(callback.arg)
    await context.services.onboarding.set_notice_pace(user.telegram_id, pace)
    await answer(update)
    await query.edit_message_text(t("Routine updates: {value}", value=t(PACE_LABELS[pace])))


async def _set_sharing(update: Update, context: BotContext, user: User, *, share: bool) -> None:
    """Switch the opt-in, then show the settings again with the switched button."""
    query = update.callback_query
    assert query is not None
    outcome = await context.services.onboarding.set_share_domains(user.telegram_id, share=share)
    now = outcome.user if isinstance(outcome, Changed) else user
    t = Text(now.language)
    note = (
        t(
            "Sharing is on. After a deep scan (/scan deep) I count the sender domains I don't know yet, "
            "without your name or id. The operators see a domain only once at least {count} people "
            "saw it, to add it to the list of companies. /privacy says exactly what is shared.",
            count=SHARE_AT_LEAST,
        )
        if share
        else t("Sharing is off. Your deep scans tell the operators nothing.")
    )
    await query.edit_message_text(
        settings_text(t, now) + "\n\n" + note,
        parse_mode=ParseMode.HTML,
        reply_markup=settings_keyboard(t, now.epoch, share_domains=now.share_domains),
    )
