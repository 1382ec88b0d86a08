"""The labelled reply corpus: per-class accuracy on the tuning, held-back and fresh parts.

The held-back part (reply_corpus/heldback.txt) was written before any rule was tuned on the corpus and
the rules were never tuned on it. Targets on it: at least 90% right overall, 75% in every class, and
under 3% put in a wrong class (unknown is not wrong, only unhelpful).

The fresh part (reply_corpus/fresh.txt) was written later by someone who had not read the rules, after
the held-back table had been looked at during tuning. Measured blind once, it read 91/127 (71.7%) with
9/127 (7.1%) in a wrong class; the rules were then tuned on its misreads, so it is tuning data now and
held to the same targets. A new blind part is needed to measure the rules again.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from brokers.classify import ReplyClass, classify_reply
from tests.brokers import reply_corpora
from tests.brokers.reply_corpora import Example, accuracy_table, load_part, misread, our_letter

TUNING, HELDBACK, FRESH = load_part("tuning"), load_part("heldback"), load_part("fresh")
BLIND, BLIND2, BLIND3 = load_part("blind"), load_part("blind2"), load_part("blind3")
BLIND4 = load_part("blind4")


def test_corpus_has_400_replies_in_four_languages_and_every_class_in_both_parts() -> None:
    examples = TUNING + HELDBACK
    assert len(examples) >= 400
    languages = Counter(e.language for e in examples)
    assert set(languages) == {"en", "de", "fr", "es"} and min(languages.values()) >= 60
    for part in (TUNING, HELDBACK):
        assert {e.expected for e in part} == set(ReplyClass)


@pytest.mark.parametrize(
    ("part", "per_class", "per_language"),
    [
        ("fresh", 8, 25),
        ("blind", 10, 28),
        ("blind2", 10, 26),
        ("blind3", 6, 34),
        ("blind4", 12, 34),
        ("blind5", 12, 34),
        ("blind6", 12, 34),
        ("blind7", 12, 34),
        ("blind8", 12, 34),
    ],
)
def test_later_part_has_every_class_and_four_languages(part: str, per_class: int, per_language: int) -> None:
    examples = load_part(part)
    classes = Counter(e.expected for e in examples)
    assert set(classes) == set(ReplyClass) and min(classes.values()) >= per_class, classes
    languages = Counter(e.language for e in examples)
    assert set(languages) == {"en", "de", "fr", "es"} and min(languages.values()) >= per_language, languages


@pytest.mark.parametrize(
    "part", ["blind", "blind2", "blind3", "blind4", "blind5", "blind6", "blind7", "blind8"]
)
def test_every_reply_of_a_blind_part_loads_with_a_sender_and_a_body(part: str) -> None:
    for example in load_part(part):
        assert example.reply.from_header, example.name
        assert example.reply.text.strip(), example.name


@pytest.mark.parametrize(
    ("text", "refusal"),
    [
        ("stray line\n=== unknown en\nFrom: a@b.example\n\nhi\n", "text before the first record"),
        ("=== unknown it\nFrom: a@b.example\n\nciao\n", "text before the first record"),
        ("=== unknown en quote-yahoo\nFrom: a@b.example\n\nhi\n", "unknown wrap"),
        ("=== deleted en\nFrom: a@b.example\n\nhi\n", "deleted"),
    ],
)
def test_a_malformed_part_is_refused(
    text: str, refusal: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "blind.txt").write_text(text, encoding="utf-8")
    monkeypatch.setattr(reply_corpora, "CORPUS", tmp_path)
    with pytest.raises(ValueError, match=refusal):
        load_part("blind")


def test_accuracy_per_class_on_both_parts(capsys: pytest.CaptureFixture[str]) -> None:
    tuning, tuning_overall, _, _ = accuracy_table(TUNING)
    heldback, overall, wrong, per_class = accuracy_table(HELDBACK)
    with capsys.disabled():
        print(f"\nreply corpus, tuning part ({len(TUNING)} replies):\n{tuning}")
        print(f"reply corpus, held-back part ({len(HELDBACK)} replies):\n{heldback}")
    assert overall >= 0.90
    assert wrong < 0.03
    assert min(per_class.values()) >= 0.75, per_class
    assert tuning_overall >= 0.90


def test_accuracy_per_class_on_the_fresh_part(capsys: pytest.CaptureFixture[str]) -> None:
    table, overall, wrong, per_class = accuracy_table(FRESH)
    with capsys.disabled():
        print(f"reply corpus, fresh part ({len(FRESH)} replies, tuned on after a blind 71.7%):\n{table}")
        print("misread in the fresh part:", *misread(FRESH), sep="\n")
    assert overall >= 0.90
    assert wrong < 0.03
    assert min(per_class.values()) >= 0.75, per_class


@pytest.mark.parametrize(
    "example", TUNING + HELDBACK + FRESH + BLIND + BLIND2 + BLIND3 + BLIND4, ids=lambda e: e.name
)
def test_a_decision_names_its_phrase_and_never_one_of_our_letter(example: Example) -> None:
    result = classify_reply(example.reply)
    if result.cls is ReplyClass.UNKNOWN:
        return
    assert result.phrase
    letter = " ".join(our_letter(example.language).body.split())
    phrase = " ".join(result.phrase.strip("…").split())
    assert len(phrase) < 12 or phrase not in letter, "a quote of our own letter decided the class"
