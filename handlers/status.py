"""/status: the one dashboard message per person (counts and what needs them), edited in place.

The bot keeps one dashboard per person, and only for someone who asked for it once: /status and /start
post it afresh at the bottom and delete the old one; a change (a letter settled, a reply, a skip)
edits it in place, unless it is far up the chat by then or gone (then it is posted again below). The
digest of what it shows is stored with its id, so an edit that would change nothing is never sent.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from html import escape

from telegram import Bot, InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.constants import ParseMode
from telegram.error import BadRequest, TelegramError

from bot.i18n import Text
from bot.services.dashboard import DashboardService
from bot.services.onboarding import OnboardingService
from bot.services.outbox import Settled
from brokers.dashboard import ShownStatus, Summary, digest_of
from brokers.profile import TelegramId, User
from brokers.scopes import AccessMode
from handlers.callbacks import Action, button_data
from handlers.dates import day
from handlers.request_list import STATUS_LABELS

log = logging.getLogger(__name__)

# A dashboard more messages up than this is posted again below instead of edited out of sight.
FAR_UP = 6


def status_text(t: Text, summary: Summary) -> str:
    lines = [t("<b>Where you are</b>")]
    if summary.accounts:
        lines.append(t("Gmail: {addresses}", addresses=escape(", ".join(summary.accounts))))
        scanned = day(t, summary.last_scan) if summary.last_scan else t("not yet")
        lines.append(t("Last scan: {date}", date=scanned))
    else:
        lines.append(t("No Gmail account is connected yet."))
    if summary.by_status:
        counts = ", ".join(f"{t(STATUS_LABELS[s.value])} {n}" for s, n in summary.by_status)
        lines.append(t("Requests: {counts}", counts=counts))
    lines += ["", t("<b>Needs you</b>")]
    needs = [
        (summary.drafts, t.n("{count} draft to review", "{count} drafts to review", summary.drafts)),
        (summary.forms, t.n("{count} web form to fill in", "{count} web forms to fill in", summary.forms)),
        (
            summary.needs_answer,
            t.n("{count} reply needs your answer", "{count} replies need your answer", summary.needs_answer),
        ),
        (summary.overdue, t.n("{count} request is overdue", "{count} requests are overdue", summary.overdue)),
        (
            summary.failed,
            t.n(
                "{count} letter did not reach its company",
                "{count} letters did not reach their companies",
                summary.failed,
            ),
        ),
        (
            summary.reconnect,
            t.n(
                "{count} account needs reconnecting",
                "{count} accounts need reconnecting",
                summary.reconnect,
            ),
        ),
    ]
    lines += [f"• {text}" for count, text in needs if count]
    if not summary.needs_you:
        lines.append(t("Nothing right now."))
    if summary.on_their_way:
        lines += [
            "",
            t.n("{count} letter is on its way.", "{count} letters are on their way.", summary.on_their_way),
        ]
    return "\n".join(lines)


def status_keyboard(t: Text, summary: Summary, epoch: str) -> InlineKeyboardMarkup:
    rows = []
    if summary.drafts or summary.forms:
        rows.append([_button(t("Review drafts"), Action.STATUS, "review", epoch)])
    if summary.needs_answer or summary.overdue or summary.failed:
        rows.append([_button(t("Open what needs you"), Action.STATUS, "attention", epoch)])
    if summary.reconnect or not summary.accounts:
        label = t("Reconnect Gmail") if summary.reconnect else t("Connect Gmail")
        rows.append([_button(label, Action.CONNECT, AccessMode.SEARCH.value, epoch)])
    rows.append([_button(t("Refresh"), Action.STATUS, "refresh", epoch)])
    return InlineKeyboardMarkup(rows)


def _button(text: str, action: Action, arg: str, epoch: str) -> InlineKeyboardButton:
    return InlineKeyboardButton(text, callback_data=button_data(action, arg, epoch))


def _render(user: User, summary: Summary) -> tuple[str, InlineKeyboardMarkup, str]:
    t = Text(user.language)
    text, keyboard = status_text(t, summary), status_keyboard(t, summary, user.epoch)
    return text, keyboard, digest_of(text, repr(keyboard.to_dict()))


async def post_status(bot: Bot, dashboard: DashboardService, user: User) -> None:
    """Post the dashboard at the bottom of the chat; the old one is deleted, so there is only one."""
    summary = await dashboard.summary(user.telegram_id)
    if summary is None:
        return
    text, keyboard, digest = _render(user, summary)
    old = await dashboard.shown(user.telegram_id)
    message = await bot.send_message(user.telegram_id, text, parse_mode=ParseMode.HTML, reply_markup=keyboard)
    dashboard.saw_message(user.telegram_id, message.message_id)
    await dashboard.remember(user.telegram_id, ShownStatus(message.message_id, digest))
    if old is not None:
        try:
            await bot.delete_message(user.telegram_id, old.message_id)
        except TelegramError as exc:  # older than 48 h, or deleted by the person: it stays
            log.info("old dashboard not deleted", extra={"reason": str(exc)[:80]})


async def refresh_status(
    bot: Bot, onboarding: OnboardingService, dashboard: DashboardService, telegram_id: TelegramId
) -> bool:
    """Bring the person's dashboard up to date; True if its message changed. Never an edit that
    changes nothing; a dashboard far up the chat, or gone, is posted again below."""
    user = await onboarding.user(telegram_id)
    shown = await dashboard.shown(telegram_id)
    summary = await dashboard.summary(telegram_id)
    if user is None or shown is None or summary is None:
        return False
    text, keyboard, digest = _render(user, summary)
    if digest == shown.digest:
        return False
    if dashboard.latest_message(telegram_id) - shown.message_id > FAR_UP:
        await post_status(bot, dashboard, user)
        return True
    try:
        await bot.edit_message_text(
            text,
            chat_id=telegram_id,
            message_id=shown.message_id,
            parse_mode=ParseMode.HTML,
            reply_markup=keyboard,
        )
    except BadRequest as exc:  # the person deleted it, or it can no longer be edited
        log.info("dashboard edit refused; posting it again", extra={"reason": str(exc)[:80]})
        await post_status(bot, dashboard, user)
        return True
    await dashboard.remember(telegram_id, ShownStatus(shown.message_id, digest))
    return True


async def redraw_status(
    bot: Bot, onboarding: OnboardingService, dashboard: DashboardService, telegram_id: TelegramId
) -> None:
    """The redraw the dashboard service runs after a burst of changes."""
    await refresh_status(bot, onboarding, dashboard, telegram_id)


def after_settled(
    dashboard: DashboardService, show: Callable[[Settled], Awaitable[None]]
) -> Callable[[Settled], Awaitable[None]]:
    """The outbox's settle hook: say what became of the letter, then mark the dashboard stale."""

    async def settled(outcome: Settled) -> None:
        await show(outcome)
        dashboard.changed(outcome.telegram_id, near=outcome.sent.chat_message_id)

    return settled


def note_change(update: Update, dashboard: DashboardService, telegram_id: TelegramId) -> None:
    """Something the dashboard counts changed in this chat: redraw it soon (once per burst)."""
    message = update.effective_message
    dashboard.changed(telegram_id, near=message.message_id if message else None)
