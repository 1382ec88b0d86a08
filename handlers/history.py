"""Why a request changed, in the person's language: the stored reasons stay English data, shown as labels."""

from __future__ import annotations

from bot.i18n import N_, Text

_REASONS = {
    "created": N_("drafted"),
    "confirmed by the person": N_("you confirmed it"),
    "Gmail accepted it": N_("Gmail accepted it"),
    "skipped by the person": N_("you skipped it"),
    "web form shown": N_("web form shown"),
    "submitted by hand": N_("you sent it through the web form"),
    "data reappeared; asked again": N_("your data appeared again; asked again"),
    "deadline passed without an answer": N_("the deadline passed without an answer"),
    "corrected by the person": N_("you corrected it"),
    "quota": N_("Gmail's daily sending limit was reached"),
    "reconnect": N_("Gmail needs to be connected again"),
    "interrupted": N_("sending was interrupted"),
}
_LETTERS = {
    "follow_up": N_("follow-up"),
    "verification_reply": N_("answer to the identity check"),
    "web_form_reply": N_("answer about the web form"),
    "deletion": N_("deletion request"),
    "complaint": N_("complaint"),
}
_LETTER_OUTCOMES = {
    "": N_("{letter} prepared"),
    " sent": N_("{letter} sent"),
    " failed": N_("{letter} failed"),
}
_REPLIES = {
    "acknowledged": N_("they confirmed receipt"),
    "needs_verification": N_("they asked for proof of identity"),
    "needs_web_form": N_("they asked you to use their web form"),
    "completed": N_("they deleted your data"),
    "no_data": N_("they hold no data about you"),
    "refused": N_("they refused"),
    "bounced": N_("the mail bounced"),
    "auto_reply": N_("an automatic reply"),
    "unknown": N_("a reply I could not classify"),
}


def reason_label(t: Text, reason: str) -> str | None:
    """The reason as the person reads it; None for one without a label (an error's class name), which
    is better left out than shown in English."""
    if reason in _REASONS:
        return t(_REASONS[reason])
    if reason.startswith("reply: ") and reason.removeprefix("reply: ") in _REPLIES:
        return t(_REPLIES[reason.removeprefix("reply: ")])
    if reason.startswith("redrafted under "):
        return t("redrafted for where you live now")
    kind, _, outcome = reason.partition(" letter")
    if kind in _LETTERS and " letter" in reason and outcome in _LETTER_OUTCOMES:
        return t(_LETTER_OUTCOMES[outcome], letter=t(_LETTERS[kind]))
    return None
