"""Notices rendered for the chat: one message for all that are due, in the person's language."""

from __future__ import annotations

from collections.abc import Sequence
from html import escape

from bot.i18n import N_, Text
from brokers.classify import ReplyClass
from brokers.notices import Notice, NoticeType
from brokers.notify import Button
from brokers.profile import User
from handlers.callbacks import Action, button_data
from handlers.dates import day
from handlers.request_list import STATUS_LABELS

DROP_URL = "https://privacy.ca.gov/drop/"
REPLY_CLASSES = {
    "acknowledged": N_("they received your request"),
    "needs_verification": N_("they ask you to prove who you are"),
    "needs_web_form": N_("they want you to use their web form"),
    "completed": N_("they say your data is deleted"),
    "no_data": N_("they say they hold no data on you"),
    "refused": N_("they refuse"),
    "bounced": N_("the e-mail could not be delivered"),
    "auto_reply": N_("an automatic reply"),
    "unknown": N_("a reply I could not classify"),
}


def render_notices(user: User, notices: Sequence[Notice]) -> tuple[str, list[list[Button]]]:
    t = Text(user.language)
    parts: list[str] = []
    rows: list[list[Button]] = []
    for notice in notices:
        text, buttons = _one(t, notice, user.epoch)
        parts.append(text)
        rows += buttons
    return "\n\n".join(parts), rows[:12]


def _one(t: Text, n: Notice, epoch: str) -> tuple[str, list[list[Button]]]:
    name, rid = escape(n.broker_name), str(n.request_id or "")
    when = day(t, n.when) if n.when else ""

    def button(text: str, action: Action, arg: str = rid) -> Button:
        return Button(text, button_data(action, arg, epoch))

    if n.type is NoticeType.DEADLINE_NEAR:
        return t("⏳ {name} must answer your request by {date}.", name=name, date=when), []
    if n.type is NoticeType.DEADLINE_PASSED:
        return (
            t(
                "⌛ {name} did not answer by {date}. The law lets you send a reminder that cites your first "
                "request; I can send it in the same thread.",
                name=name,
                date=when,
            ),
            [[button(t("Send the follow-up to {name}", name=n.broker_name), Action.FOLLOW_UP)]],
        )
    if n.type is NoticeType.ESCALATE:
        return _escalation(t, n, name), [
            [button(t("Timeline file"), Action.TIMELINE), button(t("I filed a complaint"), Action.FILED)]
        ]
    if n.type is NoticeType.RECEIPT_MISSING:
        return t(
            "📭 {name} has not confirmed receiving your request within 10 business days, as the CCPA "
            "regulations require (11 CCR § 7021). Worth noting if you complain later.",
            name=name,
        ), []
    if n.type in (NoticeType.REPLY, NoticeType.REAPPEARED):
        return _reply(t, n, name, button)
    if n.type is NoticeType.DROP_WINDOW:
        return t(
            "🗓 You can update your California DROP request again now (every 45 days): {url}", url=DROP_URL
        ), []
    detail = n.detail
    return t(
        "Sending resumed: {sent} sent, {failed} failed, {left} still waiting.",
        sent=detail.get("sent", 0),
        failed=detail.get("failed", 0),
        left=detail.get("left", 0),
    ), []


def _escalation(t: Text, n: Notice, name: str) -> str:
    regulator, url = n.detail.get("regulator"), n.detail.get("url")
    if regulator and url:
        return t(
            "⚖️ {name} still has not complied. You can complain to {regulator}: {url}\nThe timeline file "
            "documents what you asked and when.",
            name=name,
            regulator=escape(str(regulator)),
            url=escape(str(url)),
        )
    return t(
        "⚖️ {name} still has not complied. The timeline file documents what you asked and when.", name=name
    )


def _reply(t: Text, n: Notice, name: str, button: object) -> tuple[str, list[list[Button]]]:
    assert callable(button)
    cls = str(n.detail.get("class", "unknown"))
    phrase = escape(str(n.detail.get("phrase", ""))[:160])
    if n.type is NoticeType.REAPPEARED:
        return (
            t("🔁 {name} e-mailed you again after confirming deletion. Your data may be back.", name=name),
            [[button(t("Ask {name} again", name=n.broker_name), Action.AGAIN)]],
        )
    status = t(STATUS_LABELS.get(str(n.detail.get("status")), "sent"))
    text = t(
        "📬 {name} replied: {meaning}.\n“{phrase}”\nStatus now: {status}.",
        name=name,
        meaning=t(REPLY_CLASSES.get(cls, REPLY_CLASSES["unknown"])),
        phrase=phrase,
        status=status,
    )
    rows = [
        [
            button(t("It's done"), Action.FIX, f"{n.request_id}-done"),
            button(t("I still need to act"), Action.FIX, f"{n.request_id}-act"),
            button(t("Not resolved"), Action.FIX, f"{n.request_id}-open"),
        ]
    ]
    if cls in (ReplyClass.NEEDS_VERIFICATION, ReplyClass.NEEDS_WEB_FORM):
        rows.insert(0, [button(t("Send the reply the law supports"), Action.COUNTER)])
    return text, rows
