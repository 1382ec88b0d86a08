"""What a letter's preview says about it: which of the person's details it carries and which law it cites."""

from __future__ import annotations

from html import escape

from bot.i18n import N_, Text
from bot.services.outgoing import OutgoingLetter
from brokers.identifiers import Identifier
from brokers.laws import Law, LawFamily

_DETAIL_NAMES = {
    Identifier.NAME: N_("your name"),
    Identifier.EMAIL: N_("this e-mail address"),
    Identifier.OTHER_EMAILS: N_("your other e-mail addresses"),
    Identifier.POSTAL_ADDRESS: N_("your postal address"),
    Identifier.PHONE: N_("your phone number"),
    Identifier.DATE_OF_BIRTH: N_("your date of birth"),
}


def details_line(t: Text, details: tuple[Identifier, ...]) -> str:
    """One line naming the person's details the letter carries (nothing else they gave goes in)."""
    names = ", ".join(t(_DETAIL_NAMES[d]) for d in details)
    return t("Your details in this letter: {details}.", details=names)


def law_line(t: Text, law: Law) -> str:
    if law.family is LawFamily.GENERIC:
        return t(
            "Law: no privacy law I know of gives you a right to deletion where you live, so this is a "
            "polite request without a legal deadline."
        )
    return t("Law: {law} ({short}).", law=escape(law.name), short=escape(law.short_name))


def letter_facts(t: Text, outgoing: OutgoingLetter) -> str:
    """The lines a preview shows above the letter: the details it carries and the law it cites."""
    return details_line(t, outgoing.details) + "\n" + law_line(t, outgoing.law)
