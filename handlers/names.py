"""Company names as chat lines and buttons show them: catalog names carry notes in parentheses (a legal
name, a parent, a country) that a button has no room for and a list of a parent's brands repeats."""

from __future__ import annotations

import re

# A company name inside a button label ("Follow up with {name}"): a phone shows about 35 characters.
BUTTON_CHARS = 30

_NOTE = re.compile(r"\s*\(([^()]*)\)\s*$")


def button_name(name: str, limit: int) -> str:
    """The name within `limit` characters: its closing note dropped first (a button cut inside it would
    show an unclosed parenthesis), then cut after a whole word with an ellipsis."""
    name = name.strip()
    if len(name) <= limit:
        return name
    bare = _NOTE.sub("", name)
    if bare and len(bare) <= limit:
        return bare
    cut = (bare or name)[: limit - 1]
    space = cut.rfind(" ")
    if space >= limit // 2:  # end on a whole word ("Deutsche Post Adress GmbH…", not "… GmbH & C…")
        cut = cut[:space]
    return cut.rstrip(" &,;:-") + "…"


def brand_name(name: str, parent: str) -> str:
    """A brand named beside its parent, without a closing note that only names that parent again
    ("Bumper (BeenVerified family)" under BeenVerified reads "Bumper")."""
    note = _NOTE.search(name)
    if note and parent.strip() and parent.strip().casefold() in note.group(1).casefold():
        return name[: note.start()] or name
    return name
