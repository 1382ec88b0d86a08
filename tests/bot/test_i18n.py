"""Every string the bot shows has a German translation with the same placeholders."""

from __future__ import annotations

import ast
import re

import pytest
from babel.messages.catalog import Catalog
from babel.messages.pofile import read_po

from bot.i18n import Text
from bot.i18n.extract import HERE, SOURCES, extract

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


def _catalog() -> Catalog:
    with (HERE / "de" / "LC_MESSAGES" / "messages.po").open("rb") as handle:
        return read_po(handle, locale="de")


def test_no_used_message_is_fuzzy() -> None:
    used = set(SOURCE_IDS)
    fuzzy = [m.id for m in _catalog() if m.id and m.fuzzy and m.id in used]
    assert fuzzy == []


def test_no_used_message_is_only_obsolete() -> None:
    used = set(SOURCE_IDS)
    assert [key for key in _catalog().obsolete if key in used] == []


def _literal_messages(tree: ast.AST) -> list[str]:
    """String literals translated at a call: t("…"), t.n("…", …), N_("…") and text_for(…)("…")."""
    found = []
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call) or not node.args:
            continue
        func, first = node.func, node.args[0]
        translated = (
            (isinstance(func, ast.Name) and func.id in ("t", "N_"))
            or (isinstance(func, ast.Attribute) and func.attr == "n")
            or (isinstance(func, ast.Call) and isinstance(func.func, ast.Name) and func.func.id == "text_for")
        )
        if translated and isinstance(first, ast.Constant) and isinstance(first.value, str):
            found.append(first.value)
    return found


def test_every_translated_literal_is_in_the_catalogue() -> None:
    """Babel's extractor misses calls inside f-strings and calls of calls; such text stays English."""
    extracted = {m if isinstance(m, str) else m[0] for m in SOURCE_IDS}
    missed = [
        f"{path.name}: {message!r}"
        for source in SOURCES
        for path in sorted(source.rglob("*.py"))
        for message in _literal_messages(ast.parse(path.read_text(encoding="utf-8")))
        if message not in extracted
    ]
    assert missed == []
