"""The digest: the day's (or week's) deadline, overdue, escalation and routine notices as one message,
one line per broker, a few buttons that name the broker, and one that follows up with all overdue."""

from __future__ import annotations

from collections.abc import Sequence
from html import escape

from bot.i18n import Text
from brokers.notices import Acknowledged, DeadlineNear, DeadlinePassed, Escalate, Notice, ReceiptMissing
from brokers.notify import Button
from handlers.callbacks import Action, button_data
from handlers.dates import day
from handlers.names import BUTTON_CHARS, button_name

DigestNotice = DeadlinePassed | Escalate | DeadlineNear | ReceiptMissing | Acknowledged
DIGESTED = (DeadlinePassed, Escalate, DeadlineNear, ReceiptMissing, Acknowledged)  # the order of lines
MAX_NAMED_ROWS = 4  # then "More…": a digest stays one screen on a phone


def is_digested(notice: Notice) -> bool:
    return isinstance(notice, DIGESTED)


def render_digest(t: Text, notices: Sequence[DigestNotice], epoch: str) -> tuple[str, list[list[Button]]]:
    ordered = _one_per_request(notices)
    lines = [
        t.n(
            "<b>📋 {count} update on your requests</b>",
            "<b>📋 {count} updates on your requests</b>",
            len(ordered),
        )
    ]
    lines += [_line(t, notice) for notice in ordered]
    overdue = [n for n in ordered if isinstance(n, DeadlinePassed)]
    if overdue:
        lines += [
            "",
            t(
                "The law lets you send a reminder that cites your first request. I show every letter "
                "before it goes; nothing is sent by the first tap."
            ),
        ]
    rows: list[list[Button]] = []
    if len(overdue) > 1:
        all_text = t("Follow up with all {count} overdue", count=len(overdue))
        rows.append([Button(all_text, button_data(Action.FOLLOW_ALL, "", epoch))])
    named = [row for notice in ordered if (row := _named(t, notice, epoch))]
    rows += named[:MAX_NAMED_ROWS]
    if len(named) > MAX_NAMED_ROWS:
        rows.append([Button(t("More… (/requests)"), button_data(Action.REQ_LIST, "attention-0", epoch))])
    return "\n".join(lines), rows


def _one_per_request(notices: Sequence[DigestNotice]) -> list[DigestNotice]:
    """The most pressing notice of each request (overdue outranks "deadline near"), by severity, then name."""
    ordered = sorted(notices, key=lambda n: (DIGESTED.index(type(n)), n.broker_name.casefold()))
    seen: set[int] = set()
    kept = []
    for notice in ordered:
        if notice.request_id not in seen:
            seen.add(notice.request_id)
            kept.append(notice)
    return kept


def _line(t: Text, notice: DigestNotice) -> str:
    name = f"<b>{escape(notice.broker_name)}</b>"
    match notice:
        case DeadlinePassed():
            return t("⌛ {name}: no answer by {date}, overdue", name=name, date=day(t, notice.deadline))
        case Escalate():
            if notice.regulator is not None and notice.regulator.complaint_url:
                return t(
                    "⚖️ {name}: still has not complied; you can complain to {regulator}: {url}",
                    name=name,
                    regulator=escape(notice.regulator.name),
                    url=escape(notice.regulator.complaint_url),
                )
            return t("⚖️ {name}: still has not complied", name=name)
        case DeadlineNear():
            return t("⏳ {name}: must answer by {date}", name=name, date=day(t, notice.deadline))
        case ReceiptMissing():
            return t("📭 {name}: did not confirm receiving your request within 10 business days", name=name)
        case Acknowledged():
            return t("✅ {name}: confirmed receiving your request", name=name)


def _named(t: Text, notice: DigestNotice, epoch: str) -> list[Button]:
    rid = str(notice.request_id)
    if isinstance(notice, DeadlinePassed):
        text = t("Follow up with {name}", name=button_name(notice.broker_name, BUTTON_CHARS))
        return [Button(text, button_data(Action.FOLLOW_UP, rid, epoch))]
    if isinstance(notice, Escalate):
        text = t("Timeline of {name}", name=button_name(notice.broker_name, BUTTON_CHARS))
        return [Button(text, button_data(Action.TIMELINE, rid, epoch))]
    return []
