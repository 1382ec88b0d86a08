"""Answers to the onboarding and settings questions: typed text, Skip, country and language buttons."""

from __future__ import annotations

from collections.abc import Callable
from html import escape

from telegram import Update
from telegram.constants import ParseMode

from bot.i18n import Text
from bot.i18n.locale_names import jurisdiction_label, language_name
from bot.services.onboarding import Changed, Outcome
from bot.services.review import Card
from brokers.laws import LawFamily
from brokers.profile import Step, User
from brokers.profile_input import Rejected
from handlers.callbacks import Action, Callback
from handlers.context import BotContext
from handlers.guards import answer, sender_id, text_for, user_callback
from handlers.help import set_chat_menu
from handlers.law_names import law_short_name
from handlers.onboarding import ask_next, rejection_text, skip_or_choose_region


async def text_message(update: Update, context: BotContext) -> None:
    """Typed text answers the open question; without one it gets a pointer to the commands."""
    message = update.effective_message
    assert message is not None and message.text is not None
    onboarding = context.services.onboarding
    user = await onboarding.user(sender_id(update))
    t = text_for(update, user)
    if user is None:
        await message.reply_text(t("Send /start to begin."))
        return
    if user.editing is None and user.step not in (Step.NAME, Step.EMAILS, Step.ADDRESS):
        await message.reply_text(t("I didn't get that. /help lists what I can do."))
        return
    outcome = await onboarding.submit_text(user.telegram_id, message.text)
    if isinstance(outcome, Rejected):
        await message.reply_text(rejection_text(t, outcome))
        return
    if isinstance(outcome, Changed):
        if user.editing is not None:
            await message.reply_text(t("Saved."))
            return
        await ask_next(update, outcome.user)


@user_callback(Action.SKIP)
async def skip_callback(update: Update, context: BotContext, callback: Callback, user: User, t: Text) -> None:
    try:
        step = Step(callback.arg)
    except ValueError:
        await answer(update, t("This button is no longer valid. Send /start to see where you are."))
        return
    outcome = await context.services.onboarding.skip(user.telegram_id, step)
    await _after_choice(update, outcome, t, _skipped, onboarding=True)


@user_callback(Action.REGION)
async def region_callback(
    update: Update, context: BotContext, callback: Callback, user: User, t: Text
) -> None:
    await answer(update)
    await skip_or_choose_region(update, user, callback, t)


@user_callback(Action.JURISDICTION)
async def jurisdiction_callback(
    update: Update, context: BotContext, callback: Callback, user: User, t: Text
) -> None:
    outcome = await context.services.onboarding.set_jurisdiction(user.telegram_id, callback.arg)
    await _after_choice(update, outcome, t, _place, onboarding=not user.is_onboarded)
    if isinstance(outcome, Changed):
        await set_chat_menu(
            context.bot, outcome.user, admin=context.services.console.is_admin(outcome.user.telegram_id)
        )
        await _say_redrafted(update, t, await context.services.review.redraft(user.telegram_id))


async def _say_redrafted(update: Update, t: Text, cards: list[Card]) -> None:
    """Tell the person their open drafts now cite the law of their new home, and which."""
    if not cards or update.effective_message is None:
        return
    laws = sorted(
        {
            t("no specific law") if c.law.family is LawFamily.GENERIC else law_short_name(t, c.law)
            for c in cards
        }
    )
    await update.effective_message.chat.send_message(
        t.n(
            "I rewrote {count} open draft for where you live now: it cites {laws}. /review shows it.",
            "I rewrote {count} open drafts for where you live now: they cite {laws}. /review shows them.",
            len(cards),
            laws=escape(", ".join(laws)),
        )
    )


@user_callback(Action.LANGUAGE)
async def language_callback(
    update: Update, context: BotContext, callback: Callback, user: User, t: Text
) -> None:
    outcome = await context.services.onboarding.set_language(user.telegram_id, callback.arg)
    t = Text(outcome.user.language) if isinstance(outcome, Changed) else t
    await _after_choice(update, outcome, t, _language, onboarding=not user.is_onboarded)


def _skipped(t: Text, _user: User) -> str:
    return t("Skipped.")


def _place(t: Text, user: User) -> str:
    return t("Where you live: {place}", place=escape(jurisdiction_label(user.jurisdiction or "", t.language)))


def _language(t: Text, user: User) -> str:
    return t("Language: {name}", name=language_name(user.language))


async def _after_choice(
    update: Update, outcome: Outcome, t: Text, summary: Callable[[Text, User], str], *, onboarding: bool
) -> None:
    """Replace the question's buttons with the answer; during onboarding, ask the next question."""
    query = update.callback_query
    assert query is not None
    if not isinstance(outcome, Changed):
        await answer(update, t("Already done."))
        return
    await answer(update)
    await query.edit_message_text(summary(t, outcome.user), parse_mode=ParseMode.HTML)
    if onboarding:
        await ask_next(update, outcome.user)
