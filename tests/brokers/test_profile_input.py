"""What a person types for their profile: clean values in, a reason out for anything unusable."""

from __future__ import annotations

import pytest

from brokers.profile_input import (
    Problem,
    Rejected,
    clean_address,
    clean_emails,
    clean_name,
    clean_phone,
    clean_timezone,
)


def test_name_of_ten_thousand_characters_is_rejected_as_too_long() -> None:
    assert clean_name("A" * 10_000) == Rejected(Problem.TOO_LONG, "200")


def test_name_keeps_html_as_given_after_trimming() -> None:
    assert clean_name("  <script>alert(1)</script> & Co  ") == "<script>alert(1)</script> & Co"


def test_name_of_control_and_format_characters_only_is_empty() -> None:
    assert clean_name("\x00\x07\u200b\u202e \t") == Rejected(Problem.EMPTY)


@pytest.mark.parametrize("slip", ["x", "1", ".", "A.", "42 7"])
def test_a_name_needs_two_letters(slip: str) -> None:
    assert clean_name(slip) == Rejected(Problem.NOT_A_NAME, slip)


@pytest.mark.parametrize("name", ["Li", "X Æ A-12", "Søren Kierkegaard", "李娜", "O'Neil"])
def test_short_and_non_latin_names_are_names(name: str) -> None:
    assert clean_name(name) == name


def test_address_keeps_its_lines_without_blank_ones() -> None:
    assert clean_address("1 Main St\n\n  Springfield \x1b\n") == "1 Main St\nSpringfield"


def test_emails_are_lower_cased_and_deduplicated() -> None:
    assert clean_emails("Ann@Example.org, ann@example.org; b@example.com") == (
        "ann@example.org",
        "b@example.com",
    )


def test_an_invalid_email_is_named() -> None:
    assert clean_emails("ok@example.org nope") == Rejected(Problem.BAD_EMAIL, "nope")


def test_more_than_five_emails_are_too_many() -> None:
    assert clean_emails(" ".join(f"a{i}@example.org" for i in range(6))) == Rejected(Problem.TOO_MANY, "5")


def test_time_zone_is_matched_without_regard_to_case() -> None:
    assert clean_timezone("europe/berlin") == "Europe/Berlin"
    assert clean_timezone("Mars/Olympus") == Rejected(Problem.BAD_TIMEZONE, "Mars/Olympus")


def test_phone_keeps_the_number_as_typed_with_single_spaces() -> None:
    assert clean_phone("  +49 (30)  123-4567 ") == "+49 (30) 123-4567"


def test_phone_with_letters_is_rejected() -> None:
    assert clean_phone("call me maybe") == Rejected(Problem.BAD_PHONE, "call me maybe")


def test_phone_with_too_few_digits_is_rejected() -> None:
    assert clean_phone("+1 23") == Rejected(Problem.BAD_PHONE, "+1 23")


def test_phone_of_a_thousand_digits_is_rejected_as_too_long() -> None:
    assert clean_phone("1" * 1000) == Rejected(Problem.TOO_LONG, "40")
