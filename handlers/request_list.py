"""/requests: the person's requests with status and deadline, paged and filtered; each with its history."""

from __future__ import annotations

from html import escape

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Message, Update
from telegram.constants import ParseMode

from bot.i18n import N_, Text
from bot.services.tracking import FILTERS, RequestPage
from brokers.profile import User
from brokers.requests import RequestEvent, RequestId
from handlers.callbacks import Action, Callback, button_data, parse_id
from handlers.context import BotContext
from handlers.dates import day
from handlers.edits import edit_text
from handlers.guards import START_FIRST, answer, sender_id, text_for, user_callback
from handlers.history import reason_label
from handlers.names import BUTTON_CHARS, button_name

PAGE_SIZE = 8
FILTER_LABELS = {"all": N_("All"), "open": N_("Open"), "done": N_("Done"), "attention": N_("Needs you")}
STATUS_LABELS = {
    "draft": N_("draft"),
    "skipped": N_("skipped"),
    "sending": N_("sending"),
    "sent": N_("sent"),
    "acknowledged": N_("acknowledged"),
    "needs_verification": N_("asks for identity"),
    "needs_web_form": N_("asks for its web form"),
    "completed": N_("deleted"),
    "no_data": N_("no data held"),
    "refused": N_("refused"),
    "bounced": N_("bounced"),
    "overdue": N_("overdue"),
    "follow_up_sent": N_("follow-up sent"),
    "escalated": N_("escalated"),
    "closed": N_("closed"),
    "failed": N_("failed"),
}


def _page_text(t: Text, page: RequestPage) -> str:
    if not page.items:
        return t("No requests here yet.")
    lines = [
        t(
            "<b>Your requests</b> ({first}–{last} of {total})",
            first=page.offset + 1,
            last=page.offset + len(page.items),
            total=page.total,
        )
    ]
    for item in page.items:
        due = t(", due {date}", date=day(t, item.request.deadline_at)) if item.request.deadline_at else ""
        lines.append(f"• {escape(item.broker_name)}: {t(STATUS_LABELS[item.request.status.value])}{due}")
    return "\n".join(lines)


def _page_keyboard(t: Text, page: RequestPage, filter_name: str, epoch: str) -> InlineKeyboardMarkup:
    rows = [
        [
            InlineKeyboardButton(
                button_name(item.broker_name, 40),
                callback_data=button_data(Action.REQ_SHOW, str(item.request.id), epoch),
            )
        ]
        for item in page.items
    ]
    nav = []
    number = page.offset // PAGE_SIZE
    if page.offset > 0:
        nav.append(
            InlineKeyboardButton(
                "«", callback_data=button_data(Action.REQ_LIST, f"{filter_name}-{number - 1}", epoch)
            )
        )
    if page.offset + len(page.items) < page.total:
        nav.append(
            InlineKeyboardButton(
                "»", callback_data=button_data(Action.REQ_LIST, f"{filter_name}-{number + 1}", epoch)
            )
        )
    if nav:
        rows.append(nav)
    rows.append(
        [
            InlineKeyboardButton(
                ("• " if name == filter_name else "") + t(label),
                callback_data=button_data(Action.REQ_LIST, f"{name}-0", epoch),
            )
            for name, label in FILTER_LABELS.items()
        ]
    )
    return InlineKeyboardMarkup(rows)


async def send_page(message: Message, context: BotContext, user: User, filter_name: str) -> None:
    """The first page of one filter as a new message (the dashboard's "Needs you" opens "attention")."""
    t = Text(user.language)
    page = await context.services.tracking.page(user.telegram_id, filter_name, 0, PAGE_SIZE)
    await message.chat.send_message(
        _page_text(t, page),
        parse_mode=ParseMode.HTML,
        reply_markup=_page_keyboard(t, page, filter_name, user.epoch),
    )


def _history_line(t: Text, event: RequestEvent) -> str:
    """One event: its day, the state it led to and, where it has a label, why."""
    line = f"{day(t, event.at)}: {t(STATUS_LABELS[event.to_status.value])}"
    label = reason_label(t, event.reason)
    return f"{line} ({escape(label)})" if label else line


async def requests_command(update: Update, context: BotContext) -> None:
    assert update.effective_message is not None
    user = await context.services.onboarding.user(sender_id(update))
    if user is None:
        await update.effective_message.reply_text(text_for(update, user)(START_FIRST))
        return
    t = Text(user.language)
    page = await context.services.tracking.page(user.telegram_id, "all", 0, PAGE_SIZE)
    await update.effective_message.reply_text(
        _page_text(t, page),
        parse_mode=ParseMode.HTML,
        reply_markup=_page_keyboard(t, page, "all", user.epoch),
    )


@user_callback(Action.REQ_LIST)
async def list_callback(update: Update, context: BotContext, callback: Callback, user: User, t: Text) -> None:
    query = update.callback_query
    assert query is not None
    name, _, number_text = callback.arg.partition("-")
    number = parse_id(number_text)
    if name not in FILTERS or number is None:
        await answer(update, t("This button is no longer valid. Send /start to see where you are."))
        return
    await answer(update)
    page = await context.services.tracking.page(user.telegram_id, name, number * PAGE_SIZE, PAGE_SIZE)
    # The selected filter's own button redraws the same page: then nothing is edited.
    await edit_text(update, _page_text(t, page), _page_keyboard(t, page, name, user.epoch))


@user_callback(Action.REQ_SHOW)
async def show_callback(update: Update, context: BotContext, callback: Callback, user: User, t: Text) -> None:
    assert update.effective_message is not None
    number = parse_id(callback.arg)
    detail = (
        await context.services.tracking.detail(user.telegram_id, RequestId(number))
        if number is not None
        else None
    )
    if detail is None:
        await answer(update, t("This request is no longer open."))
        return
    await answer(update)
    request = detail.request
    lines = [
        f"<b>{escape(detail.broker_name)}</b>",
        t("Status: {status}", status=t(STATUS_LABELS[request.status])),
    ]
    if request.deadline_at:
        lines.append(t("Answer due by {date}", date=day(t, request.deadline_at)))
    lines.append(t("<b>History</b>"))
    lines += [_history_line(t, e) for e in detail.history]
    rows = []
    if request.status.value in ("failed", "draft"):
        rows.append(
            [
                InlineKeyboardButton(
                    t("Retry") if request.status.value == "failed" else t("Send"),
                    callback_data=button_data(Action.REQ_SEND, str(request.id), user.epoch),
                )
            ]
        )
    if request.status.value == "skipped":
        rows.append(
            [
                InlineKeyboardButton(
                    t("Un-skip {name}", name=button_name(detail.broker_name, BUTTON_CHARS)),
                    callback_data=button_data(Action.REQ_UNSKIP, str(request.id), user.epoch),
                )
            ]
        )
    await update.effective_message.chat.send_message(
        "\n".join(lines), parse_mode=ParseMode.HTML, reply_markup=InlineKeyboardMarkup(rows) if rows else None
    )
