"""Names of places and languages come from Babel in the person's language; the domain keeps codes."""

from __future__ import annotations

import pytest

from bot.i18n.locale_names import alphabetical_key, country_name, jurisdiction_label, language_name
from brokers.errors import UnknownJurisdiction
from brokers.jurisdictions import EEA_COUNTRIES, US_STATES


@pytest.mark.parametrize(
    ("code", "language", "name"),
    [
        ("DE", "en", "Germany"),
        ("DE", "de", "Deutschland"),
        ("AT", "de", "Österreich"),
        ("GB", "de", "Vereinigtes Königreich"),
        ("CA", "de", "Kanada"),
        ("FR", "xx", "France"),
    ],
)
def test_country_name_is_in_the_persons_language(code: str, language: str, name: str) -> None:
    assert country_name(code, language) == name


@pytest.mark.parametrize(
    ("code", "language", "label"),
    [
        ("FR", "en", "France"),
        ("GB", "en", "United Kingdom"),
        ("CA", "en", "Canada"),
        ("US-NY", "en", "New York"),
        ("US-NY", "de", "New York"),
        ("US-CA", "en", "California"),
        ("US-CA", "de", "Kalifornien"),
        ("OTHER", "en", "Other"),
        ("OTHER", "de", "Anderswo"),
    ],
)
def test_jurisdiction_label_names_countries_states_and_elsewhere(
    code: str, language: str, label: str
) -> None:
    assert jurisdiction_label(code, language) == label


def test_jurisdiction_label_of_an_unknown_code_raises() -> None:
    with pytest.raises(UnknownJurisdiction, match="ZZ"):
        jurisdiction_label("ZZ", "en")


@pytest.mark.parametrize("language", ["en", "de"])
def test_every_known_jurisdiction_has_a_label_that_is_not_its_code(language: str) -> None:
    for code in (*EEA_COUNTRIES, *US_STATES, "GB", "CA", "OTHER"):
        assert jurisdiction_label(code, language) not in ("", code)


@pytest.mark.parametrize(("language", "name"), [("en", "English"), ("de", "Deutsch"), ("fr", "Français")])
def test_language_is_named_in_itself_with_a_capital(language: str, name: str) -> None:
    assert language_name(language) == name


def test_umlauts_sort_with_their_base_letter() -> None:
    names = ["Zypern", "Österreich", "Niederlande", "Polen"]
    assert sorted(names, key=alphabetical_key) == ["Niederlande", "Österreich", "Polen", "Zypern"]
