"""/report: requests by status, what is overdue, how each broker answered, and the timeline as a file."""

from __future__ import annotations

import io
from html import escape

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, InputFile, Update
from telegram.constants import ParseMode

from bot.i18n import Text
from bot.services.report import BrokerAnswer, OverdueRequest, Report
from brokers.profile import User
from handlers.callbacks import Action, Callback, button_data
from handlers.context import BotContext
from handlers.dates import day
from handlers.guards import START_FIRST, answer, sender_id, text_for, user_callback
from handlers.next_steps import one, review_button
from handlers.request_list import STATUS_LABELS

# Telegram caps a message at 4096 characters; the file has everything.
MAX_LINES = 15
CSV_NAME = "requests-timeline.csv"
JSON_NAME = "requests-timeline.json"


def _overdue_line(t: Text, item: OverdueRequest) -> str:
    # Outside the call: with `t` among its arguments, Babel's extractor keeps only the singular.
    due = day(t, item.deadline_at)
    return t.n(
        "{name}: due {date}, {count} day late",
        "{name}: due {date}, {count} days late",
        item.days_late,
        name=escape(item.broker_name),
        date=due,
    )


def _answer_line(t: Text, item: BrokerAnswer) -> str:
    name, outcome = escape(item.broker_name), t(STATUS_LABELS[item.outcome])
    if item.days_to_reply is None:
        return t("{name}: no answer yet ({outcome})", name=name, outcome=outcome)
    if item.days_to_reply == 0:
        return t("{name}: answered within a day ({outcome})", name=name, outcome=outcome)
    return t.n(
        "{name}: answered after {count} day ({outcome})",
        "{name}: answered after {count} days ({outcome})",
        item.days_to_reply,
        name=name,
        outcome=outcome,
    )


def _bullets(t: Text, lines: list[str]) -> list[str]:
    shown = [f"• {line}" for line in lines[:MAX_LINES]]
    hidden = len(lines) - len(shown)
    if hidden > 0:
        shown.append(t("… and {count} more in the file", count=hidden))
    return shown


def report_text(t: Text, report: Report) -> str:
    lines = [t.n("<b>Your report</b>: {count} request", "<b>Your report</b>: {count} requests", report.total)]
    lines += _bullets(t, [f"{t(STATUS_LABELS[status])}: {count}" for status, count in report.by_status])
    lines.append("")
    if report.overdue:
        lines.append(t("<b>Overdue</b>"))
        lines += _bullets(t, [_overdue_line(t, item) for item in report.overdue])
    else:
        lines.append(t("Nothing is overdue."))
    if report.league:
        lines += ["", t("<b>How the brokers answered</b>")]
        lines += _bullets(t, [_answer_line(t, item) for item in report.league])
    return "\n".join(lines + _apart(t, report))


def _apart(t: Text, report: Report) -> list[str]:
    """Drafts are not requests: nobody received them, so they are counted on their own lines."""
    lines = []
    if report.drafts:
        lines.append(t.n("{count} draft not sent yet.", "{count} drafts not sent yet.", report.drafts))
    if report.skipped:
        lines.append(t.n("{count} draft skipped.", "{count} drafts skipped.", report.skipped))
    return ["", *lines] if lines else []


def _json_keyboard(t: Text, epoch: str) -> InlineKeyboardMarkup:
    data = button_data(Action.REPORT, "json", epoch)
    return InlineKeyboardMarkup([[InlineKeyboardButton(t("As JSON"), callback_data=data)]])


async def report_command(update: Update, context: BotContext) -> None:
    message = update.effective_message
    assert message is not None
    user = await context.services.onboarding.user(sender_id(update))
    service = context.services.report
    if user is None:
        await message.reply_text(text_for(update, user)(START_FIRST))
        return
    t = Text(user.language)
    report = await service.summary(user.telegram_id)
    if report.total == 0 and report.drafts:
        await message.reply_text(
            t.n(
                "You have not sent a request yet; {count} draft waits for your review.",
                "You have not sent a request yet; {count} drafts wait for your review.",
                report.drafts,
            ),
            reply_markup=one(review_button(t, user.epoch)),
        )
        return
    if report.total == 0:
        await message.reply_text(t("You have no requests yet, so there is nothing to report."))
        return
    await message.reply_text(report_text(t, report), parse_mode=ParseMode.HTML)
    await message.reply_document(
        InputFile(io.BytesIO(await service.timeline_csv(user.telegram_id)), filename=CSV_NAME),
        caption=t("Every request and each of its status changes, to attach to a complaint if you need to."),
        reply_markup=_json_keyboard(t, user.epoch),
    )


@user_callback(Action.REPORT)
async def report_callback(
    update: Update, context: BotContext, callback: Callback, user: User, t: Text
) -> None:
    message = update.effective_message
    service = context.services.report
    if message is None or callback.arg != "json":
        await answer(update, t("This button is no longer valid. Send /start to see where you are."))
        return
    await answer(update)
    await message.chat.send_document(
        InputFile(io.BytesIO(await service.timeline_json(user.telegram_id)), filename=JSON_NAME),
        caption=t("The same timeline as JSON."),
    )
