"""Send all: a second confirmation listing every recipient, then paced sending of exactly that list."""

from __future__ import annotations

import logging
from html import escape

from telegram import Bot, Update
from telegram.constants import ParseMode
from telegram.error import TelegramError

from bot.i18n import Text
from bot.services.bulk import BulkOutcome, SendAllList, send_all_list
from bot.services.onboarding import OnboardingService
from bot.services.review import Card
from bot.services.send_all_jobs import SendAllProgress
from brokers.accounts import AccountId
from brokers.letters import LetterKind
from brokers.profile import User
from handlers.callbacks import Callback, parse_id
from handlers.context import BotContext
from handlers.dates import day
from handlers.follow_all import follow_ups_summary
from handlers.next_steps import one, requests_button
from handlers.outcomes import checking_text
from handlers.send_all_list import Shown, parse_shown, render_list

log = logging.getLogger(__name__)


async def _listing(
    context: BotContext, user: User, account_id: AccountId | None, added: int
) -> tuple[str, SendAllList] | None:
    """The account's address and its Send all list as it stands now, or None if there is no such account."""
    review, connect = context.services.review, context.services.connect
    accounts = {a.id: a for a in await connect.accounts(user.telegram_id)}
    account = accounts.get(account_id) if account_id is not None else None
    if account is None:
        return None
    return account.address, send_all_list(await review.drafts(user.telegram_id), account.id, added)


async def confirm_send_all(
    update: Update, context: BotContext, callback: Callback, user: User, t: Text
) -> None:
    """Ask a second time, listing every recipient by name, the account they go out from and the count."""
    assert update.effective_message is not None
    account_id = AccountId(n) if (n := parse_id(callback.arg)) is not None else None
    found = await _listing(context, user, account_id, 0)
    if found is None or account_id is None or not (found[1].included or found[1].companies):
        # An older Send all button: its drafts were sent or skipped one by one since it was drawn.
        text = (
            t("There is nothing to send.")
            if found is None
            else t("Nothing is left to send: those drafts were sent or skipped since.")
        )
        await update.effective_message.chat.send_message(
            text, reply_markup=one(requests_button(t, user.epoch))
        )
        return
    text, keyboard = render_list(t, found[0], found[1], account_id, 0, user.epoch)
    await update.effective_message.chat.send_message(text, parse_mode=ParseMode.HTML, reply_markup=keyboard)


async def _current(
    update: Update, context: BotContext, callback: Callback, user: User, t: Text
) -> tuple[Shown, str, SendAllList] | None:
    """The list the button was drawn for, if it still stands; else the new list is shown to confirm again."""
    query = update.callback_query
    assert query is not None
    shown = parse_shown(callback.arg)
    found = await _listing(context, user, shown.account_id, shown.added) if shown else None
    if shown is None or found is None:
        await query.edit_message_text(
            t("There is nothing to send."), reply_markup=one(requests_button(t, user.epoch))
        )
        return None
    address, listing = found
    if listing.fingerprint != shown.fingerprint:
        listing = send_all_list(await _drafts(context, user), shown.account_id)
        note = t("The list changed since you saw it. Here it is as it stands now:")
        text, keyboard = render_list(t, address, listing, shown.account_id, 0, user.epoch, note)
        await query.edit_message_text(text, parse_mode=ParseMode.HTML, reply_markup=keyboard)
        return None
    return shown, address, listing


async def _drafts(context: BotContext, user: User) -> list[Card]:
    return await context.services.review.drafts(user.telegram_id)


async def send_all_page_callback(
    update: Update, context: BotContext, callback: Callback, user: User, t: Text
) -> None:
    query = update.callback_query
    assert query is not None
    current = await _current(update, context, callback, user, t)
    if current is not None:
        shown, address, listing = current
        text, keyboard = render_list(t, address, listing, shown.account_id, shown.number, user.epoch)
        await query.edit_message_text(text, parse_mode=ParseMode.HTML, reply_markup=keyboard)


async def send_all_add_callback(
    update: Update, context: BotContext, callback: Callback, user: User, t: Text
) -> None:
    """Add one company, after the warning next to its button; the list is shown again with it."""
    query = update.callback_query
    assert query is not None
    current = await _current(update, context, callback, user, t)
    if current is None:
        return
    shown, address, listing = current
    if shown.number >= len(listing.companies):
        return
    added = send_all_list(await _drafts(context, user), shown.account_id, listing.added | 1 << shown.number)
    note = t("Added {name}.", name=escape(listing.companies[shown.number].name))
    text, keyboard = render_list(t, address, added, shown.account_id, 0, user.epoch, note)
    await query.edit_message_text(text, parse_mode=ParseMode.HTML, reply_markup=keyboard)


async def cancel_send_all(update: Update, t: Text) -> None:
    query = update.callback_query
    assert query is not None
    await query.edit_message_text(t("Cancelled. Nothing was sent."))


async def start_send_all(
    update: Update, context: BotContext, callback: Callback, user: User, t: Text
) -> None:
    query = update.callback_query
    assert query is not None
    current = await _current(update, context, callback, user, t)
    if current is None:
        return
    drafts = current[2].request_ids
    await query.edit_message_text(t("Sending 0 of {total}…", total=len(drafts)))
    message_id = query.message.message_id if query.message is not None else None
    # A durable job, not a task of this process: a restart goes on where it stopped.
    await context.services.send_all.start(user.telegram_id, drafts, message_id)


async def show_send_all_progress(bot: Bot, onboarding: OnboardingService, progress: SendAllProgress) -> None:
    """Edit the Send all (or Follow up with all) message: how far it got, or its summary once it ended."""
    user = await onboarding.user(progress.telegram_id)
    if user is None:
        return
    t = Text(user.language)
    summary = follow_ups_summary if progress.letter is LetterKind.FOLLOW_UP else _summary
    text = (
        summary(t, progress.outcome)
        if progress.outcome is not None
        else t("Sending {done} of {total}…", done=progress.done, total=progress.total)
    )
    if progress.chat_message_id is None:
        await bot.send_message(progress.telegram_id, text, parse_mode=ParseMode.HTML)
        return
    try:
        await bot.edit_message_text(
            text, chat_id=progress.telegram_id, message_id=progress.chat_message_id, parse_mode=ParseMode.HTML
        )
    except TelegramError as exc:
        log.info("progress edit refused", extra={"reason": str(exc)[:80]})
        if progress.outcome is not None:
            await bot.send_message(progress.telegram_id, text, parse_mode=ParseMode.HTML)


def _summary(t: Text, outcome: BulkOutcome) -> str:
    lines = [t.n("Sent {count} request.", "Sent {count} requests.", outcome.sent)]
    if outcome.failed:
        lines.append(
            t.n(
                "{count} failed; /requests shows it with a Retry button.",
                "{count} failed; /requests shows them with a Retry button.",
                len(outcome.failed),
            )
        )
    if outcome.unsure:
        lines.append(checking_text(t, outcome.unsure))
    if outcome.stopped_until is not None:
        lines.append(
            t(
                "Gmail's sending limit is reached. I stopped and will send the remaining {count} "
                "on {date} by myself.",
                count=len(outcome.remaining),
                date=day(t, outcome.stopped_until),
            )
        )
    elif outcome.remaining:
        lines.append(
            t(
                "I stopped: this account cannot send right now (see /accounts). {count} are still waiting.",
                count=len(outcome.remaining),
            )
        )
    return "\n".join(lines)
