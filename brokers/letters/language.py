"""Which language a letter is written in, and why: the company's country's, else the person's."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from brokers.letters.phrases import COUNTRY_LANGUAGES, SUPPORTED_LANGUAGES

# Countries whose companies read English letters; the others of COUNTRY_LANGUAGES get their own language.
_ENGLISH_COUNTRIES = frozenset({"US", "GB", "IE", "CA", "AU", "NZ", "MT", "CY", "SG", "IN"})
_FALLBACK = "en"


class LanguageReason(StrEnum):
    COMPANY_COUNTRY = "company_country"  # the company is established where the language is spoken
    PERSON = "person"  # we write no letters in the company's country's language; the person's instead
    CHOSEN = "chosen"  # the person switched it on the preview


@dataclass(frozen=True, slots=True)
class LetterLanguage:
    """A letter's language, the reason for it, and the other language the person may switch to."""

    language: str
    reason: LanguageReason
    alternative: str | None
    country: str  # the company's, ISO 3166-1, as the catalog has it


def country_language(country: str) -> str | None:
    """The language we write to companies established in `country`, if we write one."""
    code = country.upper()
    if code in _ENGLISH_COUNTRIES:
        return "en"
    return COUNTRY_LANGUAGES.get(code)


def _base(language: str | None) -> str | None:
    base = (language or "").replace("_", "-").split("-")[0].lower()
    return base if base in SUPPORTED_LANGUAGES else None


def choose_letter_language(
    person_language: str | None, country: str, *, chosen: str | None = None
) -> LetterLanguage:
    """The company's country's language where we write it, else the person's (else English); `chosen`
    (one of the two, picked by the person) overrides."""
    person = _base(person_language)
    company = country_language(country)
    default = company or person or _FALLBACK
    reason = LanguageReason.COMPANY_COUNTRY if company else LanguageReason.PERSON
    options = {default, person or default}
    if chosen in options and chosen != default:
        return LetterLanguage(chosen, LanguageReason.CHOSEN, default, country)
    other = next((language for language in options if language != default), None)
    return LetterLanguage(default, reason, other, country)
