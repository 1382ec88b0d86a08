"""A letter's language: the company's country's where we write it, else the person's; a choice of the two."""

from __future__ import annotations

import pytest

from brokers.letters import LanguageReason, LetterLanguage, choose_letter_language


def test_letter_to_a_german_company_is_german_for_an_english_speaker() -> None:
    assert choose_letter_language("en", "DE") == LetterLanguage(
        "de", LanguageReason.COMPANY_COUNTRY, alternative="en", country="DE"
    )


def test_letter_to_a_us_company_is_english_for_a_german_speaker() -> None:
    assert choose_letter_language("de", "US") == LetterLanguage(
        "en", LanguageReason.COMPANY_COUNTRY, alternative="de", country="US"
    )


def test_letter_to_a_company_whose_language_we_do_not_write_is_in_the_persons() -> None:
    assert choose_letter_language("de-AT", "NL") == LetterLanguage(
        "de", LanguageReason.PERSON, alternative=None, country="NL"
    )


def test_same_language_offers_no_alternative() -> None:
    assert choose_letter_language("de", "AT").alternative is None


def test_person_may_choose_their_own_language_instead() -> None:
    chosen = choose_letter_language("en", "DE", chosen="en")
    assert (chosen.language, chosen.reason, chosen.alternative) == ("en", LanguageReason.CHOSEN, "de")


@pytest.mark.parametrize("chosen", ["fr", "xx", ""])
def test_a_language_that_is_neither_option_is_ignored(chosen: str) -> None:
    assert choose_letter_language("en", "DE", chosen=chosen).language == "de"


def test_unknown_person_language_and_country_fall_back_to_english() -> None:
    assert choose_letter_language(None, "").language == "en"
