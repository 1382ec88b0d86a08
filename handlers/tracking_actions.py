"""The buttons on notices: follow-up and counter-letters (shown, then confirmed), corrections, timeline."""

from __future__ import annotations

import io

from telegram import InputFile, Update
from telegram.constants import ParseMode

from bot.i18n import Text
from bot.services.tracking import Corrected, Correction
from brokers.letters import LetterKind
from brokers.lifecycle import RequestStatus
from brokers.profile import User
from brokers.requests import RequestId
from handlers.callbacks import Action, Callback, parse_id
from handlers.context import BotContext
from handlers.guards import answer, user_callback
from handlers.reply_notice import CHOICES, choice_label
from handlers.reply_taps import show_correction
from handlers.request_list import STATUS_LABELS
from handlers.requests import card_keyboard, card_text
from handlers.sending import show_letter


def _rid(arg: str) -> RequestId | None:
    return RequestId(n) if (n := parse_id(arg)) is not None else None


def _corrected_text(t: Text, corrected: Corrected, noted: str) -> str:
    if corrected.result is Correction.CHANGED:
        return noted
    if corrected.result is Correction.NOT_ALLOWED and corrected.status is not None:
        status = t(STATUS_LABELS[corrected.status.value])
        return t("This request is already marked “{status}”, so that no longer applies.", status=status)
    if corrected.result is Correction.NOT_FOUND:
        return t("This request is no longer open.")
    return t("Already done.")


@user_callback(Action.FOLLOW_UP)
async def follow_up_callback(
    update: Update, context: BotContext, callback: Callback, user: User, t: Text
) -> None:
    await show_letter(update, context, user, t, _rid(callback.arg), LetterKind.FOLLOW_UP)


@user_callback(Action.COUNTER)
async def counter_letter_callback(
    update: Update, context: BotContext, callback: Callback, user: User, t: Text
) -> None:
    rid = _rid(callback.arg)
    detail = await context.services.tracking.detail(user.telegram_id, rid) if rid else None
    kinds = {
        RequestStatus.NEEDS_VERIFICATION: LetterKind.VERIFICATION_REPLY,
        RequestStatus.NEEDS_WEB_FORM: LetterKind.WEB_FORM_REPLY,
    }
    await show_letter(update, context, user, t, rid, kinds.get(detail.request.status) if detail else None)


@user_callback(Action.FIX)
async def fix_status_callback(
    update: Update, context: BotContext, callback: Callback, user: User, t: Text
) -> None:
    number, _, choice = callback.arg.partition("-")
    rid, tracking = _rid(number), context.services.tracking
    detail = await tracking.detail(user.telegram_id, rid) if rid else None
    if detail is None:
        await answer(update, t("This request is no longer open."))
        return
    status = detail.request.status
    # Buttons from before the reply notices named their choices ("act" meant: I still need to act).
    still_to_act = (
        status if status in (RequestStatus.NEEDS_VERIFICATION, RequestStatus.NEEDS_WEB_FORM) else None
    )
    target = CHOICES.get(choice) or still_to_act or RequestStatus.NEEDS_WEB_FORM
    corrected = await tracking.correct(user.telegram_id, detail.request.id, target)
    said = choice_label(t, choice, detail.broker_name) if choice in CHOICES else None
    await show_correction(update, t, detail, corrected, said, user.epoch)


@user_callback(Action.FILED)
async def filed_callback(
    update: Update, context: BotContext, callback: Callback, user: User, t: Text
) -> None:
    rid, tracking = _rid(callback.arg), context.services.tracking
    if rid is None:
        await answer(update, t("This request is no longer open."))
        return
    corrected = await tracking.correct(user.telegram_id, rid, RequestStatus.ESCALATED)
    await answer(update, _corrected_text(t, corrected, t("Noted: complaint filed.")))


@user_callback(Action.AGAIN)
async def ask_again_callback(
    update: Update, context: BotContext, callback: Callback, user: User, t: Text
) -> None:
    assert update.effective_message is not None
    rid, review = _rid(callback.arg), context.services.review
    card = await review.ask_again(user.telegram_id, rid) if rid else None
    if card is None:
        await answer(update, t("This request is no longer open."))
        return
    await answer(update)
    await update.effective_message.chat.send_message(
        card_text(t, card), parse_mode=ParseMode.HTML, reply_markup=card_keyboard(t, card, user.epoch)
    )


@user_callback(Action.TIMELINE)
async def timeline_callback(
    update: Update, context: BotContext, callback: Callback, user: User, t: Text
) -> None:
    assert update.effective_message is not None
    await answer(update)
    data = await context.services.report.timeline_csv(user.telegram_id)
    await update.effective_message.chat.send_document(
        InputFile(io.BytesIO(data), filename="requests-timeline.csv"),
        caption=t("The timeline of your requests, to attach to a complaint."),
    )
