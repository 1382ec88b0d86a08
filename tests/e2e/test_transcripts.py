"""The committed transcripts are written by a script that drives the real bot; it runs through."""

from __future__ import annotations

from pathlib import Path

from tests.transcripts.__main__ import DOCS, write_transcripts


def test_transcripts_are_written_for_both_languages(tmp_path: Path) -> None:
    written = write_transcripts(tmp_path)
    assert [path.name for path in written] == ["en.md", "de.md"]
    english, german = (path.read_text(encoding="utf-8") for path in written)
    for step in ("**You:** /start", "**You:** /report", "**You:** /privacy", "**You tap:** ["):
        assert step in english
        assert step in german
    assert "[Undo]" in english
    assert "[Rückgängig]" in german
    assert "Sende zuerst /start." in german


def test_committed_transcripts_exist_for_both_languages() -> None:
    assert sorted(path.name for path in DOCS.glob("*.md")) == ["de.md", "en.md"]
