"""A broker's reply as a notice: who wrote, what they want in plain words, and buttons naming both."""

from __future__ import annotations

from html import escape

from bot.i18n import N_, Text
from brokers.classify import ReplyClass
from brokers.lifecycle import RequestStatus
from brokers.notices import BounceStep, BrokerReplied
from brokers.notify import Button
from handlers.callbacks import Action, button_data
from handlers.names import BUTTON_CHARS, button_name
from handlers.request_list import STATUS_LABELS

R = ReplyClass
MEANINGS = {
    R.ACKNOWLEDGED: N_("they received your request"),
    R.NEEDS_VERIFICATION: N_("they ask you to prove who you are"),
    R.NEEDS_WEB_FORM: N_("they want you to use their web form"),
    R.COMPLETED: N_("they say your data is deleted"),
    R.NO_DATA: N_("they say they hold no data on you"),
    R.REFUSED: N_("they refuse"),
}
# What the person may say a reply meant: the code in the button's data, and the status it sets.
CHOICES = {
    "done": RequestStatus.COMPLETED,
    "id": RequestStatus.NEEDS_VERIFICATION,
    "form": RequestStatus.NEEDS_WEB_FORM,
    "nodata": RequestStatus.NO_DATA,
    "refused": RequestStatus.REFUSED,
    "open": RequestStatus.ACKNOWLEDGED,
}
_LABELS = {
    "done": N_("{name} did it"),
    "id": N_("{name} wants proof of identity"),
    "form": N_("I'll use {name}'s web form"),
    "nodata": N_("{name} has no data on me"),
    "refused": N_("{name} refused"),
    "open": N_("{name} has not done it yet"),
}
# The corrections offered under each kind of reply, one row each.
_CORRECTIONS: dict[ReplyClass, tuple[tuple[str, ...], ...]] = {
    R.ACKNOWLEDGED: (("done", "refused"),),
    R.NEEDS_VERIFICATION: (("done", "refused"),),
    R.NEEDS_WEB_FORM: (("done", "refused"),),
    R.COMPLETED: (("open",),),
    R.NO_DATA: (("open",),),
    R.REFUSED: (("done",),),
    R.UNKNOWN: (("done", "id"), ("nodata", "refused")),
}


def choice_label(t: Text, code: str, name: str) -> str:
    return t(_LABELS[code], name=button_name(name, BUTTON_CHARS))


def show_reply_button(t: Text, notice: BrokerReplied, epoch: str) -> Button:
    return Button(
        t("Show the reply"), button_data(Action.SHOW_REPLY, f"{notice.request_id}-{notice.gmail_id}", epoch)
    )


def reply_notice(t: Text, notice: BrokerReplied, epoch: str) -> tuple[str, list[list[Button]]]:
    rid, name = str(notice.request_id), notice.broker_name
    rows: list[list[Button]] = []
    if notice.reply in (R.NEEDS_VERIFICATION, R.NEEDS_WEB_FORM):
        label = t("Send {name} the reply the law supports", name=button_name(name, BUTTON_CHARS))
        rows.append([Button(label, button_data(Action.COUNTER, rid, epoch))])
    if notice.reply is R.REFUSED:
        rows.append(
            [
                Button(
                    t("Send {name} the follow-up", name=button_name(name, BUTTON_CHARS)),
                    button_data(Action.FOLLOW_UP, rid, epoch),
                )
            ]
        )
    if notice.reply is R.BOUNCED:
        rows += _bounce_rows(t, notice, epoch)
    if notice.gmail_id:
        rows.append([show_reply_button(t, notice, epoch)])
    for codes in _CORRECTIONS.get(notice.reply, ()):
        rows.append(
            [Button(choice_label(t, c, name), button_data(Action.FIX, f"{rid}-{c}", epoch)) for c in codes]
        )
    return _text(t, notice), rows


def _text(t: Text, notice: BrokerReplied) -> str:
    name, phrase = escape(notice.broker_name), escape(notice.phrase[:160])
    status = t(STATUS_LABELS.get(notice.status, "sent"))
    if notice.reply is R.AUTO_REPLY:
        return t(
            "🤖 {name} sent an automatic reply, not an answer. Your request is still “{status}”, and "
            "the deadline still runs.",
            name=name,
            status=status,
        )
    if notice.reply is R.UNKNOWN:
        return t("📬 {name} replied, and I couldn't tell what they want. Read it and tell me:", name=name)
    # A notice told after a restart has no phrase: the reply's text is never stored ("Show the reply"
    # reads it from Gmail).
    if notice.reply is R.BOUNCED:
        said = (
            t("📪 Your e-mail to {name} could not be delivered.\n“{phrase}”", name=name, phrase=phrase)
            if phrase
            else t("📪 Your e-mail to {name} could not be delivered.", name=name)
        )
        return said + "\n" + _bounce_step(t, notice)
    if not phrase:
        return t(
            "📬 {name} replied: {meaning}.\nStatus now: {status}.",
            name=name,
            meaning=t(MEANINGS[notice.reply]),
            status=status,
        )
    return t(
        "📬 {name} replied: {meaning}.\n“{phrase}”\nStatus now: {status}.",
        name=name,
        meaning=t(MEANINGS[notice.reply]),
        phrase=phrase,
        status=status,
    )


def _bounce_step(t: Text, notice: BrokerReplied) -> str:
    name = escape(notice.broker_name)
    if notice.bounce_step is BounceStep.ADDRESS and notice.contact:
        return t(
            "They have another address: {address}. I can send the letter there.",
            address=escape(notice.contact),
        )
    if notice.bounce_step is BounceStep.WEB_FORM and notice.contact:
        return t(
            "{name} also takes requests through its web form: {url}", name=name, url=escape(notice.contact)
        )
    return t("I know no other way to reach {name}. I can tell the bot's operator to look for one.", name=name)


def _bounce_rows(t: Text, notice: BrokerReplied, epoch: str) -> list[list[Button]]:
    rid, name = str(notice.request_id), button_name(notice.broker_name, BUTTON_CHARS)
    if notice.bounce_step is BounceStep.ADDRESS and notice.contact:
        label = t("Send {name} the letter at {address}", name=name, address=notice.contact)
        return [[Button(label, button_data(Action.BOUNCE, f"{rid}-a", epoch))]]
    if notice.bounce_step is BounceStep.WEB_FORM and notice.contact:
        return [[Button(choice_label(t, "form", name), button_data(Action.FIX, f"{rid}-form", epoch))]]
    return [
        [
            Button(
                t("Tell the operator about {name}", name=name), button_data(Action.BOUNCE, f"{rid}-o", epoch)
            )
        ]
    ]
