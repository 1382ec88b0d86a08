"""/start, the consent button and the onboarding questions, one at a time."""

from __future__ import annotations

from html import escape

from telegram import Update
from telegram.constants import ParseMode

from bot.i18n import Text
from bot.i18n.locale_names import jurisdiction_label
from bot.services.connect import is_link_token
from bot.services.onboarding import Changed, Unchanged
from brokers.profile import Step, User
from brokers.profile_input import Problem, Rejected
from brokers.scopes import AccessMode
from handlers.callbacks import Action, Callback
from handlers.connect import finish_link, send_connect_link
from handlers.context import BotContext
from handlers.edits import edit_keyboard
from handlers.guards import answer, is_own_private_chat, open_callback, sender_id, text_for
from handlers.keyboards import (
    consent_keyboard,
    countries_keyboard,
    language_keyboard,
    main_menu,
    region_keyboard,
    skip_keyboard,
)
from handlers.status_command import show_where_you_are


def intro_text(t: Text) -> str:
    return t(
        "<b>Hi! I help you get your personal data deleted.</b>\n\n"
        "I find the data brokers and companies that hold your data by looking at who e-mails you "
        "(only the sender and date of each mail, never its content), write legally grounded deletion "
        "requests for you, send them from your own Gmail only after you confirm each one, and remind "
        "you when companies answer or deadlines pass.\n\n"
        "<b>What I store:</b> your Telegram id, language and settings; the details you give me for "
        "the letters (name, other e-mail addresses, postal address, phone number, country), encrypted; "
        "later, if you connect Gmail, its access keys (encrypted), which companies were found (counts "
        "and dates only) and your requests with their history.\n"
        "<b>How long:</b> until you erase it with /forget, which also revokes my access to your Gmail. "
        "/privacy shows it all, /export sends it to you.\n\n"
        "Nothing is stored until you agree."
    )


async def start_command(update: Update, context: BotContext) -> None:
    assert update.effective_message is not None
    if context.args and len(context.args) == 1 and is_link_token(context.args[0]):
        await finish_link(update, context, context.args[0])
        return
    user = await context.services.onboarding.user(sender_id(update))
    t = text_for(update, user)
    if user is None:
        await update.effective_message.reply_text(
            intro_text(t), parse_mode=ParseMode.HTML, reply_markup=consent_keyboard(t)
        )
        return
    if context.args == ["connect"] and user.is_onboarded:
        await send_connect_link(update, context, user, AccessMode.SEARCH)
        return
    if user.is_onboarded:
        await show_where_you_are(update, context, user)
        return
    await ask_next(update, user)


@open_callback(Action.CONSENT)
async def consent_callback(update: Update, context: BotContext) -> None:
    query = update.callback_query
    assert query is not None and query.message is not None
    if not is_own_private_chat(update):
        t = text_for(update, None)
        await answer(update, t("Please open a private chat with me to start."))
        return
    language = update.effective_user.language_code if update.effective_user else None
    outcome = await context.services.onboarding.consent(sender_id(update), language)
    t = text_for(update, outcome.user if isinstance(outcome, Changed | Unchanged) else None)
    if not isinstance(outcome, Changed):
        await answer(update, t("You have already agreed."))
        return
    await answer(update)
    await query.edit_message_reply_markup(reply_markup=None)
    await ask_next(update, outcome.user)


async def ask_next(update: Update, user: User) -> None:
    """Ask the current onboarding question, or show the main menu once everything is answered."""
    message = update.effective_message
    assert message is not None
    t = Text(user.language)
    epoch = user.epoch
    if user.step is Step.NAME:
        await message.chat.send_message(
            t("What is your <b>full name</b>? Companies need it to find your record. Send it as a message."),
            parse_mode=ParseMode.HTML,
        )
    elif user.step is Step.EMAILS:
        await message.chat.send_message(
            t(
                "Do you use <b>other e-mail addresses</b> a company might know you by? They go only into "
                "letters to data brokers that link a person's addresses. Send them separated by commas, "
                "or skip."
            ),
            parse_mode=ParseMode.HTML,
            reply_markup=skip_keyboard(t, Step.EMAILS, epoch),
        )
    elif user.step is Step.ADDRESS:
        await message.chat.send_message(
            t(
                "Your <b>postal address</b>? Some brokers can only find people by address. It goes only into "
                "letters to companies that need it. Optional."
            ),
            parse_mode=ParseMode.HTML,
            reply_markup=skip_keyboard(t, Step.ADDRESS, epoch),
        )
    elif user.step is Step.JURISDICTION:
        await message.chat.send_message(
            t("Where do you live? This decides which law your letters cite."),
            reply_markup=region_keyboard(t, epoch),
        )
    elif user.step is Step.LANGUAGE:
        await message.chat.send_message(
            t("Which language should I use?"), reply_markup=language_keyboard(epoch)
        )
    else:
        await show_menu(update, user)


async def show_menu(update: Update, user: User) -> None:
    assert update.effective_message is not None
    t = Text(user.language)
    name = escape(user.profile.full_name or "")
    place = escape(jurisdiction_label(user.jurisdiction, t.language)) if user.jurisdiction else t("not set")
    await update.effective_message.chat.send_message(
        t(
            "You're all set, {name} ({place}). Connect your Gmail so I can find who holds your data.",
            name=name,
            place=place,
        ),
        parse_mode=ParseMode.HTML,
        reply_markup=main_menu(t, user.epoch),
    )
    if user.is_californian:
        await update.effective_message.chat.send_message(
            t(
                "You live in California: the state's DROP platform asks every registered data broker to "
                "delete your data at once. /drop shows how, step by step."
            )
        )


def rejection_text(t: Text, rejected: Rejected) -> str:
    if rejected.problem is Problem.EMPTY:
        return t("That was empty. Please send the text again.")
    if rejected.problem is Problem.TOO_LONG:
        return t(
            "That is too long (at most {limit} characters). Please send a shorter version.",
            limit=rejected.detail,
        )
    if rejected.problem is Problem.NOT_A_NAME:
        return t(
            "“{value}” does not look like a full name. Please send your name as companies know you, "
            "e.g. Ann Example.",
            value=escape(rejected.detail),
        )
    if rejected.problem is Problem.TOO_MANY:
        return t("That is too many addresses (at most {limit}).", limit=rejected.detail)
    if rejected.problem is Problem.BAD_PHONE:
        return t(
            "“{value}” is not a phone number. Send digits, with a leading + for the country code.",
            value=escape(rejected.detail),
        )
    if rejected.problem is Problem.BAD_TIMEZONE:
        return t(
            "I don't know the time zone “{value}”. Send a name like Europe/Berlin.",
            value=escape(rejected.detail),
        )
    return t(
        "“{value}” is not an e-mail address. Please send the addresses again.", value=escape(rejected.detail)
    )


async def skip_or_choose_region(update: Update, user: User, callback: Callback, t: Text) -> None:
    """Open the country or state list of a region, or go back to the regions."""
    if callback.arg in ("EU", "US"):
        await edit_keyboard(update, countries_keyboard(t, callback.arg, user.epoch))
    else:
        await edit_keyboard(update, region_keyboard(t, user.epoch))
