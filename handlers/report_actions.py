"""The scan report's buttons: show the other companies, and add them or the well-known brokers."""

from __future__ import annotations

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.constants import ParseMode

from bot.i18n import Text
from bot.services.review import Card
from brokers.accounts import AccountId
from brokers.catalog import Kind
from brokers.profile import User
from handlers.callbacks import Action, Callback, button_data, parse_id
from handlers.context import BotContext
from handlers.guards import answer, user_callback
from handlers.requests import send_cards
from handlers.review_pages import Rank, rank
from handlers.scan import found_line


def _account(callback: Callback) -> AccountId | None:
    return AccountId(n) if (n := parse_id(callback.arg)) is not None else None


@user_callback(Action.COMPANIES)
async def companies_callback(
    update: Update, context: BotContext, callback: Callback, user: User, t: Text
) -> None:
    assert update.effective_message is not None
    await answer(update)
    account = _account(callback)
    found = await context.services.scans.found(user.telegram_id, account) if account else []
    companies = [f for f in found if f.broker.kind is Kind.COMPANY]
    if account is None or not companies:
        await update.effective_message.chat.send_message(t("There is nothing to review."))
        return
    lines = [
        t("<b>Other companies with your data</b>"),
        t(
            "A deletion request there usually closes your account with them. "
            "Ask only those you are done with."
        ),
    ]
    lines += [found_line(t, f) for f in companies]
    keyboard = InlineKeyboardMarkup(
        [
            [
                InlineKeyboardButton(
                    t("Prepare requests to them"),
                    callback_data=button_data(Action.COMPANIES_ADD, str(account), user.epoch),
                )
            ]
        ]
    )
    await update.effective_message.chat.send_message(
        "\n".join(lines), parse_mode=ParseMode.HTML, reply_markup=keyboard
    )


@user_callback(Action.COMPANIES_ADD)
async def companies_add_callback(
    update: Update, context: BotContext, callback: Callback, user: User, t: Text
) -> None:
    assert update.effective_message is not None
    account = _account(callback)
    scans, review = context.services.scans, context.services.review
    await answer(update)
    if account is None:
        return
    ids = [f.broker.id for f in await scans.found(user.telegram_id, account) if f.broker.kind is Kind.COMPANY]
    await review.add(user.telegram_id, account, ids)
    await send_cards(update.effective_message, context, user, None)


@user_callback(Action.WELL_KNOWN)
async def well_known_callback(
    update: Update, context: BotContext, callback: Callback, user: User, t: Text
) -> None:
    assert update.effective_message is not None
    account = _account(callback)
    review = context.services.review
    await answer(update)
    if account is None:
        return
    cards = await review.add_well_known(user.telegram_id, account)
    # Start the page at the brokers just added: the person asked for them, not for the cards above.
    await send_cards(update.effective_message, context, user, None, after=_before_well_known(user, cards))


def _before_well_known(user: User, cards: list[Card]) -> Rank | None:
    """The rank of the last card ordered before the first well-known broker not found in the mail."""
    ranks = sorted(rank(user, c) for c in cards)
    added = [rank(user, c) for c in cards if c.discovery is None and c.broker.well_known]
    earlier = [r for r in ranks if added and r < min(added)]
    return earlier[-1] if earlier else None
