"""Notices rendered for the chat: one message for all that are due, in the person's language."""

from __future__ import annotations

from collections.abc import Sequence
from html import escape

from bot.i18n import Text
from brokers.notices import (
    Acknowledged,
    BrokerReplied,
    DataReappeared,
    DeadlineNear,
    DeadlinePassed,
    DropWindowOpen,
    Escalate,
    Notice,
    ReceiptMissing,
    SendsResumed,
)
from brokers.notify import Button
from brokers.profile import User
from handlers.callbacks import Action, button_data
from handlers.dates import day
from handlers.digest import DIGESTED, render_digest
from handlers.names import BUTTON_CHARS, button_name
from handlers.reply_notice import reply_notice

DROP_URL = "https://privacy.ca.gov/drop/"


def render_notices(user: User, notices: Sequence[Notice]) -> tuple[str, list[list[Button]]]:
    t = Text(user.language)
    parts: list[str] = []
    rows: list[list[Button]] = []
    digested = [n for n in notices if isinstance(n, DIGESTED)]
    if len(digested) > 1 or any(isinstance(n, Acknowledged) for n in digested):
        # Several deadlines or routine updates at once: one line each instead of a wall of notices.
        text, rows = render_digest(t, digested, user.epoch)
        parts.append(text)
        notices = [n for n in notices if not isinstance(n, DIGESTED)]
    for notice in notices:
        text, buttons = _one(t, notice, user.epoch)
        parts.append(text)
        rows += buttons
    return "\n\n".join(parts), rows[:12]


def _button(text: str, action: Action, arg: str, epoch: str) -> Button:
    return Button(text, button_data(action, arg, epoch))


def _one(t: Text, notice: Notice, epoch: str) -> tuple[str, list[list[Button]]]:
    match notice:
        case DeadlineNear():
            name, date = escape(notice.broker_name), day(t, notice.deadline)
            return t("⏳ {name} must answer your request by {date}.", name=name, date=date), []
        case DeadlinePassed():
            follow_up = t("Send the follow-up to {name}", name=button_name(notice.broker_name, BUTTON_CHARS))
            return (
                t(
                    "⌛ {name} has not confirmed deleting your data by {date}, the legal deadline. The law "
                    "lets you send a reminder that cites your first request; I can send it in the same "
                    "thread.",
                    name=escape(notice.broker_name),
                    date=day(t, notice.deadline),
                ),
                [[_button(follow_up, Action.FOLLOW_UP, str(notice.request_id), epoch)]],
            )
        case Escalate():
            rid = str(notice.request_id)
            return _escalation(t, notice), [
                [
                    _button(t("Timeline file"), Action.TIMELINE, rid, epoch),
                    _button(t("I filed a complaint"), Action.FILED, rid, epoch),
                ]
            ]
        case ReceiptMissing():
            return t(
                "📭 {name} has not confirmed receiving your request within 10 business days, as the CCPA "
                "regulations require (11 CCR § 7021). Worth noting if you complain later.",
                name=escape(notice.broker_name),
            ), []
        case BrokerReplied():
            return _reply(t, notice, epoch)
        case DataReappeared():
            again = t("Ask {name} again", name=button_name(notice.broker_name, BUTTON_CHARS))
            return (
                t(
                    "🔁 {name} e-mailed you again after confirming deletion. Your data may be back.",
                    name=escape(notice.broker_name),
                ),
                [[_button(again, Action.AGAIN, str(notice.request_id), epoch)]],
            )
        case DropWindowOpen():
            return t(
                "🗓 You can update your California DROP request again now (every 45 days): {url}", url=DROP_URL
            ), []
        case Acknowledged():
            return render_digest(t, [notice], epoch)
        case SendsResumed():
            return t(
                "Sending resumed: {sent} sent, {failed} failed, {left} still waiting.",
                sent=notice.sent,
                failed=notice.failed,
                left=notice.left,
            ), []


def _escalation(t: Text, notice: Escalate) -> str:
    name = escape(notice.broker_name)
    if notice.regulator is not None and notice.regulator.complaint_url:
        return t(
            "⚖️ {name} still has not complied. You can complain to {regulator}: {url}\nThe timeline file "
            "documents what you asked and when.",
            name=name,
            regulator=escape(notice.regulator.name),
            url=escape(notice.regulator.complaint_url),
        )
    return t(
        "⚖️ {name} still has not complied. The timeline file documents what you asked and when.", name=name
    )


def _reply(t: Text, notice: BrokerReplied, epoch: str) -> tuple[str, list[list[Button]]]:
    return reply_notice(t, notice, epoch)
