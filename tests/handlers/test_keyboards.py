"""Keyboards name countries and languages in the chat's language, in alphabetical order."""

from __future__ import annotations

from bot.i18n import Text
from handlers.callbacks import Action, button_data
from handlers.keyboards import countries_keyboard, language_keyboard, region_keyboard


def labels(keyboard: object) -> list[str]:
    rows = keyboard.inline_keyboard  # type: ignore[attr-defined]
    return [button.text for row in rows for button in row]


def test_german_chat_lists_eu_countries_in_german() -> None:
    shown = labels(countries_keyboard(Text("de"), "EU", "e1"))
    assert {"Deutschland", "Österreich", "Frankreich"} <= set(shown)
    assert "Germany" not in shown


def test_english_chat_lists_eu_countries_in_english() -> None:
    shown = labels(countries_keyboard(Text("en"), "EU", "e1"))
    assert {"Germany", "Austria", "France"} <= set(shown)
    assert "Deutschland" not in shown


def test_countries_are_in_the_order_of_the_chats_alphabet() -> None:
    shown = labels(countries_keyboard(Text("de"), "EU", "e1"))[:-1]
    assert shown.index("Niederlande") < shown.index("Österreich") < shown.index("Polen")
    assert shown[-1] == "Zypern"


def test_country_button_carries_the_code_not_the_name() -> None:
    rows = countries_keyboard(Text("de"), "EU", "e1").inline_keyboard
    germany = next(b for row in rows for b in row if b.text == "Deutschland")
    assert germany.callback_data == button_data(Action.JURISDICTION, "DE", "e1")


def test_us_states_keep_their_names_in_a_german_chat() -> None:
    shown = labels(countries_keyboard(Text("de"), "US", "e1"))
    assert shown[:2] == ["Alabama", "Alaska"]
    assert shown[-1] == "« Zurück"


def test_region_keyboard_names_the_uk_and_canada_in_the_chats_language() -> None:
    assert {"Vereinigtes Königreich", "Kanada"} <= set(labels(region_keyboard(Text("de"), "e1")))
    assert {"United Kingdom", "Canada"} <= set(labels(region_keyboard(Text("en"), "e1")))


def test_each_language_is_offered_in_its_own_name() -> None:
    assert labels(language_keyboard("e1")) == ["English", "Deutsch"]
