"""The committed transcripts are written by a script that drives the real bot; it runs through.

One test per language, so the two journeys (the slowest tests) run on different workers.
"""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest

from tests.transcripts.__main__ import DOCS, TITLES, record

UNDO = {"en": "[Undo]", "de": "[Rückgängig]"}


@pytest.mark.parametrize("language", ["en", "de"])
def test_transcript_runs_through_every_step(language: str, tmp_path: Path) -> None:
    text = asyncio.run(record(language, tmp_path)).markdown(TITLES[language])
    steps = ("**You:** /start", "**You:** /report", "**You:** /privacy", "**You tap:** [", UNDO[language])
    for step in steps:
        assert step in text
    if language == "de":
        assert "Sende zuerst /start." in text


def test_committed_transcripts_exist_for_both_languages() -> None:
    assert sorted(path.name for path in DOCS.glob("*.md")) == ["de.md", "en.md"]
