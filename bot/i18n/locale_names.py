"""Names of countries, jurisdictions and languages in a person's language, from Babel's CLDR data."""

from __future__ import annotations

import unicodedata
from functools import cache

from babel import Locale

from bot.i18n import Text
from brokers.errors import UnknownJurisdiction
from brokers.jurisdictions import OTHER, US_STATES, is_known_jurisdiction
from brokers.profile import DEFAULT_LANGUAGE, SUPPORTED_LANGUAGES

# The US states a language names its own way (German also keeps "North Carolina", "Pennsylvania").
STATE_EXONYMS: dict[str, dict[str, str]] = {"de": {"US-CA": "Kalifornien"}}


@cache
def _locale(language: str) -> Locale:
    return Locale.parse(language if language in SUPPORTED_LANGUAGES else DEFAULT_LANGUAGE)


def country_name(code: str, language: str) -> str:
    """The name of an ISO 3166-1 country ("DE" is "Deutschland" in German); the code if CLDR has none."""
    name: str = _locale(language).territories.get(code, code)
    return name


def jurisdiction_label(code: str, language: str) -> str:
    """The name of a known jurisdiction code; raise UnknownJurisdiction otherwise."""
    if not is_known_jurisdiction(code):
        raise UnknownJurisdiction(code)
    if code == OTHER:
        t = Text(language)
        return t("Other")
    # CLDR has no names of US states: they are the domain's English names, but where a language has
    # its own (German says "Kalifornien"), that one.
    state = US_STATES.get(code)
    if state is not None:
        return STATE_EXONYMS.get(language, {}).get(code, state)
    return country_name(code, language)


def language_name(language: str) -> str:
    """A language's name in that language ("Deutsch"), as a person looks for it in a list."""
    name: str = Locale.parse(language).get_display_name(language) or language
    # CLDR writes some in lower case ("français"); a button label starts with a capital.
    return name[:1].upper() + name[1:]


def language_name_in(language: str, reader: str) -> str:
    """A language's name as a reader of `reader` writes it in a sentence ("Englisch" in German)."""
    name: str = Locale.parse(language).get_display_name(_locale(reader)) or language
    return name


def alphabetical_key(name: str) -> str:
    """Sort key that files "Österreich" under O, as German dictionaries do, not after "Zypern"."""
    decomposed = unicodedata.normalize("NFKD", name.casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c))
