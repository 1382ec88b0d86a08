"""What became of a letter, as the chat says it: sent (when, to whom, answer due), refused, or Retry."""

from __future__ import annotations

import logging
from datetime import datetime
from html import escape
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from babel.dates import format_time
from telegram import Bot, InlineKeyboardButton, InlineKeyboardMarkup
from telegram.constants import ParseMode
from telegram.error import TelegramError

from bot.i18n import Text
from bot.services.onboarding import OnboardingService
from bot.services.outbox import Settled
from bot.services.outgoing import Result
from bot.services.sending import SendOutcome
from brokers.letters import LetterKind
from brokers.profile import User
from handlers.callbacks import Action, button_data
from handlers.dates import day
from handlers.next_steps import one, reconnect_button, requests_button, settings_button

log = logging.getLogger(__name__)

# Which button shows a letter again (Retry): the one that showed it first.
_SHOW_AGAIN = {
    LetterKind.DELETION: Action.REQ_SEND,
    LetterKind.FOLLOW_UP: Action.FOLLOW_UP,
    LetterKind.VERIFICATION_REPLY: Action.COUNTER,
    LetterKind.WEB_FORM_REPLY: Action.COUNTER,
}


def outcome_text(t: Text, outcome: SendOutcome) -> str:
    request = outcome.request
    if outcome.result is Result.SENT and request is not None and request.deadline_at is not None:
        return t(
            "Sent to {address}. The answer is due by {date}.",
            address=escape(request.recipient or ""),
            date=day(t, request.deadline_at),
        )
    if outcome.result is Result.FAILED and request is not None and request.recipient:
        # Named, because after Send all this is a new message with no card above it.
        return t(
            "Gmail did not take the e-mail to {address}. Nothing was sent; you can retry.",
            address=escape(request.recipient),
        )
    texts = {
        Result.ALREADY: t("This request was already sent (or is being sent); nothing was sent twice."),
        Result.FAILED: t("Gmail did not take the e-mail. Nothing was sent; you can retry."),
        Result.UNSURE: t(
            "⏳ Checking whether Gmail sent it… Gmail's answer was lost on the way, so I am looking for "
            "the e-mail in your Sent folder before anything is sent again."
        ),
        Result.UNVERIFIED: t(
            "Gmail did not confirm the e-mail, and I cannot look into your Sent folder to check. "
            "Look there before you try again."
        ),
        Result.QUOTA: t("Gmail's sending limit is reached for now. Nothing was sent; I will go on later."),
        Result.RECONNECT: t("Google no longer lets me use this account. Reconnect it to send."),
        Result.NO_SEND_SCOPE: t(
            "This account did not allow sending. Reconnect it and leave the sending box ticked."
        ),
        Result.NO_NAME: t("I need your full name for the letter first: set it in the settings."),
        Result.NOT_FOUND: t("This request is no longer open."),
    }
    return texts.get(outcome.result, t("Sent."))


def checking_text(t: Text, count: int) -> str:
    """For a run of letters: how many are unsure and being looked for in Sent."""
    return t.n(
        "Gmail's answer for {count} letter was lost: I am checking whether it went and will tell you.",
        "Gmail's answers for {count} letters were lost: I am checking whether they went and will tell you.",
        count,
    )


def retry_keyboard(
    t: Text, outcome: SendOutcome, epoch: str, kind: LetterKind = LetterKind.DELETION
) -> InlineKeyboardMarkup | None:
    """The next step after a letter did not go out. Try again shows the letter again (and asks again):
    it never sends by itself."""
    result = outcome.result
    if result in (Result.RECONNECT, Result.NO_SEND_SCOPE):
        return one(reconnect_button(t, epoch))
    if result is Result.NO_NAME:
        return one(settings_button(t, epoch))
    if result is Result.NOT_FOUND:
        return one(requests_button(t, epoch))
    if result not in (Result.FAILED, Result.UNVERIFIED) or outcome.request is None:
        return None
    data = button_data(_SHOW_AGAIN.get(kind, Action.REQ_SEND), str(outcome.request.id), epoch)
    return InlineKeyboardMarkup([[InlineKeyboardButton(t("Try again"), callback_data=data)]])


def settled_text(t: Text, user: User, settled: Settled) -> str:
    request, at = settled.outcome.request, settled.at
    if settled.outcome.result is not Result.SENT or request is None:
        return outcome_text(t, settled.outcome)
    sent = t(
        "✅ Sent to {address} at {time}.",
        address=escape(request.recipient or ""),
        time=_time_of_day(t, at, user.timezone),
    )
    if settled.sent.letter is LetterKind.DELETION and request.deadline_at is not None:
        sent += " " + t("The answer is due by {date}.", date=day(t, request.deadline_at))
    return sent


def _time_of_day(t: Text, at: datetime, timezone: str) -> str:
    try:
        zone = ZoneInfo(timezone)
    except (ZoneInfoNotFoundError, ValueError):
        zone = ZoneInfo("UTC")
    return str(format_time(at, format="short", tzinfo=zone, locale=t.language))


async def show_settled(bot: Bot, onboarding: OnboardingService, settled: Settled) -> None:
    """Edit the "Sending in …" message to what became of the letter (a new message if it is gone)."""
    user = await onboarding.user(settled.telegram_id)
    if user is None:
        return
    t = Text(user.language)
    text = settled_text(t, user, settled)
    markup = retry_keyboard(t, settled.outcome, user.epoch, settled.sent.letter)
    if settled.sent.chat_message_id is not None:
        try:
            await bot.edit_message_text(
                text,
                chat_id=settled.telegram_id,
                message_id=settled.sent.chat_message_id,
                parse_mode=ParseMode.HTML,
                reply_markup=markup,
            )
            return
        except TelegramError as exc:
            log.info("outcome edit refused", extra={"reason": str(exc)[:80]})
    await bot.send_message(settled.telegram_id, text, parse_mode=ParseMode.HTML, reply_markup=markup)
