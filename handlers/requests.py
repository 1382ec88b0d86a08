"""Reviewing deletion requests: one card per broker, Send / Preview / Skip, and the Send all offer."""

from __future__ import annotations

import contextlib
from collections.abc import Awaitable, Callable
from html import escape

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Message, Update
from telegram.constants import ParseMode
from telegram.error import BadRequest

from bot.i18n import Text
from bot.services.review import Card
from brokers.accounts import AccountId
from brokers.catalog import FormStep
from brokers.letters import LetterKind
from brokers.profile import TelegramId, User
from brokers.requests import Channel, RequestId
from handlers.callbacks import Action, Callback, button_data, parse_id
from handlers.context import BotContext
from handlers.dates import day
from handlers.guards import START_FIRST, answer, sender_id, text_for, user_callback
from handlers.law_names import law_citation
from handlers.names import brand_name
from handlers.next_steps import one, parked_text, reconnect_button
from handlers.review_pages import Rank, parse_cursor, post_page
from handlers.send_all import (
    cancel_send_all,
    confirm_send_all,
    send_all_add_callback,
    send_all_page_callback,
    start_send_all,
)
from handlers.sending import show_letter
from handlers.status import note_change


def _request_id(callback: Callback) -> RequestId | None:
    return RequestId(n) if (n := parse_id(callback.arg)) is not None else None


def card_text(t: Text, card: Card) -> str:
    broker, found = card.broker, card.discovery
    lines = [f"<b>{escape(broker.name)}</b>"]
    if found is not None:
        since = day(t, found.first_seen)  # outside t.n(...): the catalogue extractor misreads a nested t
        lines.append(
            t.n(
                "Why: {count} mail from {name} since {date}.",
                "Why: {count} mails from {name} since {date}.",
                found.message_count,
                name=escape(card.found_name),
                date=since,
            )
        )
    else:
        lines.append(t("Why: a data broker that holds data on most people, even if it never e-mailed you."))
    if card.covers:
        names = ", ".join(escape(brand_name(b.name, card.broker.name)) for b in card.covers)
        lines.append(t("One request here covers its brands too: {names}.", names=names))
    due = day(t, card.deadline_if_sent_now) if card.deadline_if_sent_now else "?"
    lines.append(
        t(
            "Law: {law}. Answer due by {date} if sent today.",
            law=escape(law_citation(t, card.law)),
            date=due,
        )
    )
    if card.request.channel is Channel.EMAIL:
        lines.append(t("To: {address}", address=escape(card.request.recipient or "")))
    else:
        lines.append(t("This company only takes requests through its web form."))
        lines.extend(form_step_lines(t, card.broker.opt_out_steps))
    return "\n".join(lines)


def form_step_lines(t: Text, steps: tuple[FormStep, ...]) -> list[str]:
    """The opt-out's steps, numbered, for a site whose form takes more than one page."""
    if not steps:
        return []
    said = {
        FormStep.SEARCH_LISTING: t("Search the site for your own listing first."),
        FormStep.COPY_LISTING_URL: t("Copy the address of your listing page; the form asks for it."),
        FormStep.EACH_LISTING: t("Each listing is removed separately: repeat for every one."),
        FormStep.ID_DOCUMENT: t("It asks for an ID document: cover the number and photo before uploading."),
        FormStep.PHONE_CALL: t("The removal is finished by a phone call."),
        FormStep.CONFIRM_EMAIL: t("Open the confirmation link they e-mail you, or nothing happens."),
    }
    return [t("Steps:"), *(f"{n}. {said[step]}" for n, step in enumerate(steps, start=1))]


def card_keyboard(t: Text, card: Card, epoch: str) -> InlineKeyboardMarkup:
    rid = str(card.request.id)
    skip = InlineKeyboardButton(t("Skip"), callback_data=button_data(Action.REQ_SKIP, rid, epoch))
    if card.request.channel is Channel.FORM and card.broker.form_url:
        return InlineKeyboardMarkup(
            [
                [InlineKeyboardButton(t("Open the form"), url=card.broker.form_url)],
                [
                    InlineKeyboardButton(
                        t("I did it"), callback_data=button_data(Action.REQ_DONE, rid, epoch)
                    ),
                    skip,
                ],
            ]
        )
    return InlineKeyboardMarkup(
        [
            [
                InlineKeyboardButton(t("Send"), callback_data=button_data(Action.REQ_SEND, rid, epoch)),
                InlineKeyboardButton(t("Preview"), callback_data=button_data(Action.REQ_PREVIEW, rid, epoch)),
                skip,
            ]
        ]
    )


async def send_cards(
    message: Message, context: BotContext, user: User, account_id: AccountId | None, after: Rank | None = None
) -> None:
    """A page of review cards of the person's drafts (the first, or the one after `after`), then the
    footer with Send all and More."""
    t = Text(user.language)
    review = context.services.review
    cards = await (
        review.draft_found(user.telegram_id, account_id) if account_id else review.drafts(user.telegram_id)
    )
    if not cards:
        await send_parked_or_nothing(message, t, user, await review.parked(user.telegram_id))
        return
    await post_page(
        message, user, cards, after, lambda card: (card_text(t, card), card_keyboard(t, card, user.epoch))
    )


async def send_parked_or_nothing(message: Message, t: Text, user: User, parked: int) -> None:
    if parked:
        await message.chat.send_message(
            parked_text(t, parked, any_shown=False), reply_markup=one(reconnect_button(t, user.epoch))
        )
    else:
        await message.chat.send_message(t("There is nothing to review."))


async def review_command(update: Update, context: BotContext) -> None:
    assert update.effective_message is not None
    user = await context.services.onboarding.user(sender_id(update))
    if user is None:
        await update.effective_message.reply_text(text_for(update, user)(START_FIRST))
        return
    await send_cards(update.effective_message, context, user, None)


@user_callback(Action.REVIEW)
async def review_callback(
    update: Update, context: BotContext, callback: Callback, user: User, t: Text
) -> None:
    assert update.effective_message is not None
    await answer(update)
    account = AccountId(n) if (n := parse_id(callback.arg)) is not None else None
    await send_cards(update.effective_message, context, user, account)


@user_callback(Action.REVIEW_MORE)
async def review_more_callback(
    update: Update, context: BotContext, callback: Callback, user: User, t: Text
) -> None:
    """The next page; the tapped footer loses its buttons, so each page has one live footer."""
    query = update.callback_query
    assert query is not None and update.effective_message is not None
    cursor = parse_cursor(callback.arg)
    if cursor is None:
        await answer(update, t("This button is no longer valid. Send /start to see where you are."))
        return
    await answer(update)
    if query.message is not None and getattr(query.message, "reply_markup", None) is not None:
        with contextlib.suppress(BadRequest):  # a second tap got there first
            await query.edit_message_reply_markup(reply_markup=None)
    await send_cards(update.effective_message, context, user, None, cursor)


@user_callback(Action.REQ_PREVIEW, Action.REQ_SEND)
async def preview_callback(
    update: Update, context: BotContext, callback: Callback, user: User, t: Text
) -> None:
    """Send and Preview both show the exact letter first; only its "Send to …" button sends."""
    await show_letter(update, context, user, t, _request_id(callback), LetterKind.DELETION)


@user_callback(Action.REQ_SKIP)
async def skip_request_callback(
    update: Update, context: BotContext, callback: Callback, user: User, t: Text
) -> None:
    """Skip is remembered (no scan brings the company back); the card keeps an Undo."""
    undo = InlineKeyboardMarkup(
        [
            [
                InlineKeyboardButton(
                    t("Undo"), callback_data=button_data(Action.REQ_UNSKIP, callback.arg, user.epoch)
                )
            ]
        ]
    )
    await _settle_card(
        update,
        t,
        callback,
        context.services.review.skip,
        user,
        t("Skipped: no request goes to this company, and I won't suggest it again. Changed your mind?"),
        undo,
    )
    note_change(update, context.services.dashboard, user.telegram_id)


@user_callback(Action.REQ_UNSKIP)
async def unskip_request_callback(
    update: Update, context: BotContext, callback: Callback, user: User, t: Text
) -> None:
    """Undo a skip (on the card, or later from the request in /requests): the card comes back."""
    query = update.callback_query
    assert query is not None
    request_id = _request_id(callback)
    card = await context.services.review.unskip(user.telegram_id, request_id) if request_id else None
    if card is None:
        await answer(update, t("Already done."))
        return
    await answer(update, t("Back on your list."))
    await query.edit_message_text(
        card_text(t, card), parse_mode=ParseMode.HTML, reply_markup=card_keyboard(t, card, user.epoch)
    )
    note_change(update, context.services.dashboard, user.telegram_id)


@user_callback(Action.REQ_DONE)
async def form_done_callback(
    update: Update, context: BotContext, callback: Callback, user: User, t: Text
) -> None:
    await _settle_card(
        update,
        t,
        callback,
        context.services.review.submitted_by_hand,
        user,
        t(
            "Noted: you sent the request through the web form today. I will remind you "
            "when the answer is due."
        ),
    )
    note_change(update, context.services.dashboard, user.telegram_id)


async def _settle_card(
    update: Update,
    t: Text,
    callback: Callback,
    act: Callable[[TelegramId, RequestId], Awaitable[bool]],
    user: User,
    done: str,
    keyboard: InlineKeyboardMarkup | None = None,
) -> None:
    """Apply a card's one-way choice once; a repeat tap only hears that it is already done."""
    query = update.callback_query
    assert query is not None
    request_id = _request_id(callback)
    if request_id is None or not await act(user.telegram_id, request_id):
        await answer(update, t("Already done."))
        return
    await answer(update)
    await query.edit_message_text(done, reply_markup=keyboard)


@user_callback(Action.REQ_ALL)
async def send_all_callback(
    update: Update, context: BotContext, callback: Callback, user: User, t: Text
) -> None:
    await answer(update)
    await confirm_send_all(update, context, callback, user, t)


@user_callback(Action.REQ_ALL_OK)
async def send_all_confirmed_callback(
    update: Update, context: BotContext, callback: Callback, user: User, t: Text
) -> None:
    await answer(update)
    await start_send_all(update, context, callback, user, t)


@user_callback(Action.REQ_ALL_PAGE)
async def send_all_more_callback(
    update: Update, context: BotContext, callback: Callback, user: User, t: Text
) -> None:
    await answer(update)
    await send_all_page_callback(update, context, callback, user, t)


@user_callback(Action.REQ_ALL_ADD)
async def send_all_company_callback(
    update: Update, context: BotContext, callback: Callback, user: User, t: Text
) -> None:
    await answer(update)
    await send_all_add_callback(update, context, callback, user, t)


@user_callback(Action.REQ_ALL_NO)
async def send_all_cancel_callback(
    update: Update, context: BotContext, callback: Callback, user: User, t: Text
) -> None:
    await answer(update, t("Nothing was sent."))
    await cancel_send_all(update, t)
