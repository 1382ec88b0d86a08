"""Send all: a second confirmation listing every recipient, then paced sending of exactly that list."""

from __future__ import annotations

import logging
import time
from html import escape

from telegram import Update
from telegram.constants import ParseMode
from telegram.error import BadRequest

from bot.i18n import Text
from bot.services.bulk import BulkOutcome, SendAllList, send_all_list
from bot.services.review import Card
from brokers.accounts import AccountId
from brokers.profile import User
from brokers.requests import RequestId
from handlers.callbacks import Callback, parse_id
from handlers.context import BotContext
from handlers.dates import day
from handlers.next_steps import one, requests_button
from handlers.send_all_list import Shown, parse_shown, render_list

log = logging.getLogger(__name__)

PROGRESS_EVERY_SECONDS = 2.0


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
        await update.effective_message.chat.send_message(
            t("There is nothing to send."), reply_markup=one(requests_button(t, user.epoch))
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
    if not context.services.send_all_runs.start(user.telegram_id):
        await query.edit_message_reply_markup(reply_markup=None)
        return
    drafts = current[2].request_ids
    await query.edit_message_text(t("Sending 0 of {total}…", total=len(drafts)))
    context.application.create_task(_send_all(update, context, user, t, drafts), update=update)


async def _send_all(
    update: Update, context: BotContext, user: User, t: Text, drafts: list[RequestId]
) -> None:
    query = update.callback_query
    assert query is not None
    last_edit = [time.monotonic()]

    async def progress(done: int, total: int) -> None:
        # Edits are throttled: Telegram allows about one message update per second per chat.
        if done < total and time.monotonic() - last_edit[0] < PROGRESS_EVERY_SECONDS:
            return
        last_edit[0] = time.monotonic()
        await _edit(query.edit_message_text(t("Sending {done} of {total}…", done=done, total=total)))

    try:
        outcome = await context.services.bulk.run(user.telegram_id, drafts, progress)
    finally:
        context.services.send_all_runs.finish(user.telegram_id)
    await _edit(query.edit_message_text(_summary(t, outcome), parse_mode=ParseMode.HTML))
    if outcome.stopped_until is not None:
        await context.services.schedule_resume(user.telegram_id, outcome.remaining, outcome.stopped_until)


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


async def _edit(coro: object) -> None:
    try:
        await coro  # type: ignore[misc]
    except BadRequest as exc:
        log.info("progress edit refused", extra={"reason": str(exc)[:80]})
