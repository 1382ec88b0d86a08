"""The blind part of the reply corpus (reply_corpus/blind.txt): its shape and its accuracy.

The part was written without reading the classifier's rules or the other parts, and measured once after
the tuning on the fresh part was merged: 107/136 (78.7%), 7/136 (5.1%) in a wrong class, below the
targets (90% overall, 75% in every class, under 3% wrong). The rules were then tuned on its misreads (by
phrase families in all four languages and by ranking, negation and topic guards, not by its sentences),
so it is tuning data now and held to the targets like the fresh part. Measuring the rules again needs a
new part written blind to them.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from brokers.classify import ReplyClass, classify_reply
from tests.brokers import reply_corpora
from tests.brokers.reply_corpora import Example, accuracy_table, load_part, our_letter

BLIND = load_part("blind")


def test_blind_part_has_every_class_ten_times_in_four_languages() -> None:
    classes = Counter(e.expected for e in BLIND)
    assert set(classes) == set(ReplyClass) and min(classes.values()) >= 10, classes
    languages = Counter(e.language for e in BLIND)
    assert set(languages) == {"en", "de", "fr", "es"} and min(languages.values()) >= 28, languages


def test_every_blind_reply_loads_with_a_sender_and_a_body() -> None:
    for example in BLIND:
        assert example.reply.from_header, example.name
        assert example.reply.text.strip(), example.name


def test_a_part_with_text_before_its_first_record_is_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "blind.txt").write_text(
        "stray line\n=== unknown en\nFrom: a@b.example\n\nhi\n", encoding="utf-8"
    )
    monkeypatch.setattr(reply_corpora, "CORPUS", tmp_path)
    with pytest.raises(ValueError, match="text before the first record"):
        load_part("blind")


def test_a_blind_record_with_an_unknown_wrap_is_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "blind.txt").write_text(
        "=== unknown en quote-yahoo\nFrom: a@b.example\n\nhi\n", encoding="utf-8"
    )
    monkeypatch.setattr(reply_corpora, "CORPUS", tmp_path)
    with pytest.raises(ValueError, match="unknown wrap"):
        load_part("blind")


def test_a_blind_record_with_an_unknown_class_is_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "blind.txt").write_text("=== deleted en\nFrom: a@b.example\n\nhi\n", encoding="utf-8")
    monkeypatch.setattr(reply_corpora, "CORPUS", tmp_path)
    with pytest.raises(ValueError, match="deleted"):
        load_part("blind")


def test_accuracy_per_class_on_the_blind_part(capsys: pytest.CaptureFixture[str]) -> None:
    table, overall, wrong, per_class = accuracy_table(BLIND)
    misread = [
        f"  {e.name}: got {got.cls} by {got.phrase!r}"
        for e in BLIND
        if (got := classify_reply(e.reply)).cls is not e.expected
    ]
    with capsys.disabled():
        print(f"\nreply corpus, blind part ({len(BLIND)} replies, tuned on after a blind 78.7%):\n{table}")
        print("misread in the blind part:", *misread, sep="\n")
    assert overall >= 0.90
    assert wrong < 0.03
    assert min(per_class.values()) >= 0.75, per_class
    assert all(classify_reply(e.reply).phrase for e in BLIND if e.expected is ReplyClass.BOUNCED)


@pytest.mark.parametrize("example", BLIND, ids=lambda e: e.name)
def test_a_blind_decision_names_its_phrase_and_never_one_of_our_letter(example: Example) -> None:
    result = classify_reply(example.reply)
    if result.cls is ReplyClass.UNKNOWN:
        return
    assert result.phrase
    letter = " ".join(our_letter(example.language).body.split())
    phrase = " ".join(result.phrase.strip("…").split())
    assert len(phrase) < 12 or phrase not in letter, "a quote of our own letter decided the class"
