"""Follow up with all overdue: the list of recipients and the letters' gist, a tap that confirms, then
each reminder sent once, with progress; nothing is sent by the digest's button itself."""

from __future__ import annotations

from html import escape

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.constants import ParseMode

from bot.i18n import Text
from bot.services.bulk import BulkOutcome
from bot.services.follow_ups import FollowUpList
from brokers.letters import LetterKind
from brokers.profile import User
from handlers.callbacks import Action, Callback, button_data
from handlers.context import BotContext
from handlers.dates import day
from handlers.guards import answer, user_callback
from handlers.outcomes import checking_text


def render_follow_ups(
    t: Text, listing: FollowUpList, epoch: str, note: str = ""
) -> tuple[str, InlineKeyboardMarkup]:
    count = len(listing.letters)
    lines = [note] if note else []
    lines.append(
        t.n(
            "Send {count} follow-up? It goes in the thread of your first request, to:",
            "Send {count} follow-ups? Each goes in the thread of your first request, one by one, to:",
            count,
        )
    )
    for number, item in enumerate(listing.letters, start=1):
        request = item.letter.request
        asked = day(t, request.sent_at) if request.sent_at else "?"
        lines.append(
            t(
                "{number}. {name} ({address}), asked on {date}",
                number=number,
                name=escape(item.broker_name),
                address=escape(item.letter.recipient),
                date=asked,
            )
        )
    lines += [
        "",
        t(
            "Each letter reminds them of your request and its date, says that the deadline the law sets "
            "({law}) has passed, and asks them to comply without further delay. To read one first, use "
            "its “Follow up with …” button.",
            law=escape(", ".join(sorted({f.letter.law.short_name for f in listing.letters}))),
        ),
    ]
    if listing.more:
        lines.append(t("These are the first {count}; I will offer the others after them.", count=count))

    def button(text: str, action: Action, arg: str = "") -> InlineKeyboardButton:
        return InlineKeyboardButton(text, callback_data=button_data(action, arg, epoch))

    yes = button(
        t.n("Yes, send {count} follow-up", "Yes, send {count} follow-ups", count),
        Action.FOLLOW_ALL_OK,
        listing.fingerprint,
    )
    return "\n".join(lines), InlineKeyboardMarkup([[yes], [button(t("Cancel"), Action.FOLLOW_ALL_NO)]])


@user_callback(Action.FOLLOW_ALL)
async def follow_all_callback(
    update: Update, context: BotContext, callback: Callback, user: User, t: Text
) -> None:
    """The digest's tap: show the list; nothing is sent here."""
    assert update.effective_message is not None
    await answer(update)
    listing = await context.services.follow_ups.overdue(user.telegram_id)
    chat = update.effective_message.chat
    if not listing.letters:
        await chat.send_message(t("Nothing is overdue any more: there is no follow-up to send."))
        return
    text, keyboard = render_follow_ups(t, listing, user.epoch)
    await chat.send_message(text, parse_mode=ParseMode.HTML, reply_markup=keyboard)


@user_callback(Action.FOLLOW_ALL_OK)
async def follow_all_confirmed_callback(
    update: Update, context: BotContext, callback: Callback, user: User, t: Text
) -> None:
    """Send exactly the list that was shown; if it changed since, show it again instead."""
    query, services = update.callback_query, context.services
    assert query is not None
    await answer(update)
    listing = await services.follow_ups.overdue(user.telegram_id)
    if not listing.letters:
        await query.edit_message_text(t("Nothing is overdue any more: there is no follow-up to send."))
        return
    if listing.fingerprint != callback.arg:
        note = t("The list changed since you saw it. Here it is as it stands now:")
        text, keyboard = render_follow_ups(t, listing, user.epoch, note)
        await query.edit_message_text(text, parse_mode=ParseMode.HTML, reply_markup=keyboard)
        return
    ids = listing.request_ids
    await query.edit_message_text(t("Sending 0 of {total}…", total=len(ids)))
    message_id = query.message.message_id if query.message is not None else None
    # Durable job steps, not a task of this process: a restart goes on where it stopped, and a second
    # tap on the same list arms nothing new.
    await services.send_all.start(user.telegram_id, ids, message_id, LetterKind.FOLLOW_UP)


@user_callback(Action.FOLLOW_ALL_NO)
async def follow_all_cancel_callback(
    update: Update, context: BotContext, callback: Callback, user: User, t: Text
) -> None:
    query = update.callback_query
    assert query is not None
    await answer(update, t("Nothing was sent."))
    await query.edit_message_text(t("Cancelled. Nothing was sent."))


def follow_ups_summary(t: Text, outcome: BulkOutcome) -> str:
    lines = [t.n("Sent {count} follow-up.", "Sent {count} follow-ups.", outcome.sent)]
    if outcome.skipped:
        lines.append(t("{count} had been sent already or are no longer overdue.", count=outcome.skipped))
    if outcome.failed:
        lines.append(t("{count} failed; /requests shows them.", count=len(outcome.failed)))
    if outcome.unsure:
        lines.append(checking_text(t, outcome.unsure))
    return "\n".join(lines)
