"""Every string the bot shows has a German translation with the same placeholders."""

from __future__ import annotations

import re

import pytest
from babel.messages.pofile import read_po

from bot.i18n import Text
from bot.i18n.extract import HERE, extract

_PLACEHOLDER = re.compile(r"\{(\w+)\}")


Message = str | tuple[str, ...]


def _german() -> dict[Message, Message]:
    with (HERE / "de" / "LC_MESSAGES" / "messages.po").open("rb") as handle:
        return {m.id: m.string for m in read_po(handle, locale="de") if m.id}


SOURCE_IDS = [m.id for m in extract() if m.id]


@pytest.mark.parametrize("message", SOURCE_IDS)
def test_german_translation_exists_with_the_same_placeholders(message: Message) -> None:
    german = _german().get(message)
    sources = (message,) if isinstance(message, str) else message
    translations = (german,) if isinstance(german, str) else tuple(german or ())
    assert translations, f"untranslated: {message!r}"
    assert all(translations), f"untranslated: {message!r}"
    expected = set(_PLACEHOLDER.findall(sources[-1]))
    for translation in translations:
        assert set(_PLACEHOLDER.findall(translation)) == expected


def test_unknown_language_falls_back_to_english() -> None:
    assert Text("xx")("Saved.") == "Saved."
    assert Text("de")("Saved.") == "Gespeichert."
