"""Extract the strings of the chat and the web pages into messages.pot: `python -m bot.i18n.extract`."""

from __future__ import annotations

from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po, write_po

KEYWORDS = {"t": None, "N_": None, "n": (1, 2)}
HERE = Path(__file__).parent / "locales"
_ROOT = Path(__file__).parent.parent.parent
SOURCES = (_ROOT / "handlers", _ROOT / "bot" / "web", _ROOT / "bot" / "i18n")


def extract() -> Catalog:
    catalog = Catalog(project="data-deletion-bot")
    for source in SOURCES:
        found = extract_from_dir(source, method_map=[("**.py", "python")], keywords=KEYWORDS)
        for filename, lineno, message, comments, context in found:
            catalog.add(
                message,
                locations=[(f"{source.name}/{filename}", lineno)],
                auto_comments=comments,
                context=context,
            )
    return catalog


def update(language: str) -> None:
    """Merge new strings into a language's .po, keeping its translations."""
    template = extract()
    path = HERE / language / "LC_MESSAGES" / "messages.po"
    with path.open("rb") as handle:
        catalog = read_po(handle, locale=language)
    catalog.update(template, no_fuzzy_matching=True)
    catalog.obsolete.clear()  # strings no longer used: kept, they only confuse the next merge
    with path.open("wb") as handle:
        # No source locations: line numbers change with every edit and make merges of this file conflict.
        write_po(handle, catalog, width=100, omit_header=False, sort_output=True, no_location=True)


if __name__ == "__main__":
    with (HERE / "messages.pot").open("wb") as pot:
        write_po(pot, extract(), width=100, sort_output=True)
