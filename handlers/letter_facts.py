"""What a letter's preview says about it: which of the person's details it carries, which law it cites and
why it is in its language."""

from __future__ import annotations

from html import escape

from bot.i18n import N_, Text
from bot.i18n.locale_names import country_name, language_name_in
from bot.services.outgoing import OutgoingLetter
from brokers.identifiers import Identifier
from brokers.laws import Law, LawFamily
from brokers.letters import LanguageReason, LetterLanguage
from handlers.law_names import law_name, law_short_name

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
    return t("Law: {law} ({short}).", law=escape(law_name(t, law)), short=escape(law_short_name(t, law)))


def in_language(t: Text, language: str) -> str:
    """A language's name in the person's language ("Englisch" in German)."""
    return language_name_in(language, t.language)


def language_line(t: Text, chosen: LetterLanguage, company: str) -> str:
    """Which language the letter is in and why: the company's country, the person's chat, or their choice."""
    language = in_language(t, chosen.language)
    if chosen.reason is LanguageReason.COMPANY_COUNTRY:
        return t(
            "This letter is in {language}, the language where {company} is based ({country}).",
            language=language,
            company=escape(company),
            country=country_name(chosen.country, t.language),
        )
    if chosen.reason is LanguageReason.PERSON:
        return t("This letter is in {language} because you chat in {language}.", language=language)
    return t("This letter is in {language} because you chose it.", language=language)


def letter_facts(t: Text, outgoing: OutgoingLetter) -> str:
    """The lines a preview shows above the letter: the details it carries, the law it cites, its language."""
    return "\n".join(
        [
            details_line(t, outgoing.details),
            law_line(t, outgoing.law),
            language_line(t, outgoing.language, outgoing.broker_name),
        ]
    )
