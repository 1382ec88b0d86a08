"""Translations shared by the chat and the web pages: gettext catalogues (Babel .po files) compiled in
memory at start, one per language."""

from __future__ import annotations

import io
from functools import cache
from importlib import resources

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.support import NullTranslations, Translations

from brokers.profile import DEFAULT_LANGUAGE, SUPPORTED_LANGUAGES


@cache
def translations(language: str) -> NullTranslations:
    """The catalogue for a language; English is the source language and needs none."""
    if language not in SUPPORTED_LANGUAGES or language == DEFAULT_LANGUAGE:
        return NullTranslations()
    po = resources.files("bot.i18n") / "locales" / language / "LC_MESSAGES" / "messages.po"
    with po.open("rb") as handle:
        catalog = read_po(handle, locale=language)
    buffer = io.BytesIO()
    write_mo(buffer, catalog)
    buffer.seek(0)
    return Translations(buffer)


class Text:
    """A translator bound to one language: `t("Hello")`, `t.n("one", "many", n)`."""

    def __init__(self, language: str) -> None:
        self.language = language if language in SUPPORTED_LANGUAGES else DEFAULT_LANGUAGE
        self._t = translations(self.language)

    def __call__(self, message: str, **values: object) -> str:
        text = self._t.gettext(message)
        return text.format(**values) if values else text

    def n(self, singular: str, plural: str, count: int, **values: object) -> str:
        return self._t.ngettext(singular, plural, count).format(count=count, **values)


def N_(message: str) -> str:
    """Mark a string for translation where it is defined; it is translated where it is shown."""
    return message
