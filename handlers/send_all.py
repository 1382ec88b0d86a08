"""Send all: a second confirmation naming the account and the count, then paced sending with progress."""

from __future__ import annotations

import logging
import time

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.constants import ParseMode
from telegram.error import BadRequest

from bot.i18n import Text
from bot.services.bulk import BulkOutcome
from brokers.accounts import AccountId
from brokers.profile import User
from brokers.requests import Channel, RequestId
from handlers.callbacks import Action, Callback, button_data
from handlers.context import BotContext
from handlers.dates import day

log = logging.getLogger(__name__)

PROGRESS_EVERY_SECONDS = 2.0


async def _email_drafts(context: BotContext, user: User, account_id: AccountId) -> list[RequestId]:
    cards = await context.services.review.drafts(user.telegram_id)
    return [
        c.request.id
        for c in cards
        if c.request.channel is Channel.EMAIL and c.request.account_id == account_id
    ]


async def confirm_send_all(
    update: Update, context: BotContext, callback: Callback, user: User, t: Text
) -> None:
    """Ask a second time, naming the account the mails go out from and how many there are."""
    assert update.effective_message is not None
    account_id = AccountId(int(callback.arg)) if callback.arg.isdigit() else None
    accounts = {a.id: a for a in await context.services.connect.accounts(user.telegram_id)}
    account = accounts.get(account_id) if account_id is not None else None
    drafts = await _email_drafts(context, user, account.id) if account else []
    if account is None or not drafts:
        await update.effective_message.chat.send_message(t("There is nothing to send."))
        return
    yes = InlineKeyboardButton(
        t("Yes, send {count}", count=len(drafts)),
        callback_data=button_data(Action.REQ_ALL_OK, f"{account.id}-{len(drafts)}", user.epoch),
    )
    await update.effective_message.chat.send_message(
        t.n(
            "Send {count} e-mail from {address} now? It goes out right away.",
            "Send {count} e-mails from {address} now? They go out one by one, a few seconds apart.",
            len(drafts),
            address=account.address,
        ),
        reply_markup=InlineKeyboardMarkup([[yes]]),
    )


async def start_send_all(
    update: Update, context: BotContext, callback: Callback, user: User, t: Text
) -> None:
    query = update.callback_query
    assert query is not None
    runs = context.services.send_all_runs
    account_part, _, count_part = callback.arg.partition("-")
    if not (account_part.isdigit() and count_part.isdigit()) or runs.is_running(user.telegram_id):
        await query.edit_message_reply_markup(reply_markup=None)
        return
    drafts = await _email_drafts(context, user, AccountId(int(account_part)))
    if len(drafts) != int(count_part):
        await query.edit_message_text(t("The list changed since you confirmed. Tap Send all again."))
        return
    runs.start(user.telegram_id)
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
