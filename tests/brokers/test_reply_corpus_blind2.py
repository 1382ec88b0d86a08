"""The second blind part of the reply corpus (reply_corpus/blind2.txt): its wraps and its accuracy (its
shape is checked with the other parts, in test_reply_corpus.py).

The part was written after every earlier part had been tuned on, by someone who read neither the
classifier's rules nor the other parts' replies and never ran the classifier on it. Measured once after
the tuning on the blind part: 110/128 (85.9%), 5/128 (3.9%) in a wrong class, needs_verification 9/16,
below the targets (90% overall, 75% in every class, under 3% wrong). The rules were then tuned on its
misreads (by phrase families in all four languages and by negation, subject and sales-pitch guards, not
by its sentences), so it is tuning data now and held to the targets like the other tuned parts.
Measuring the rules again needs a new part written blind to them.
"""

from __future__ import annotations

import pytest

from brokers.classify import ReplyClass, classify_reply
from tests.brokers import reply_corpora
from tests.brokers.reply_corpora import accuracy_table, load_part, misread

BLIND2 = load_part("blind2")


def test_blind2_uses_every_wrap_and_html_replies_lose_their_markup() -> None:
    assert {w for e in BLIND2 for w in e.wraps} == reply_corpora.WRAPS
    for example in BLIND2:
        if "html" in example.wraps:
            assert "<p>" not in example.reply.text, example.name


def test_accuracy_per_class_on_the_blind2_part(capsys: pytest.CaptureFixture[str]) -> None:
    table, overall, wrong, per_class = accuracy_table(BLIND2)
    with capsys.disabled():
        print(f"\nreply corpus, blind2 part ({len(BLIND2)} replies, tuned on after a blind 85.9%):\n{table}")
        print("misread in the blind2 part:", *misread(BLIND2), sep="\n")
    assert overall >= 0.90
    assert wrong < 0.03
    assert min(per_class.values()) >= 0.75, per_class
    assert all(classify_reply(e.reply).phrase for e in BLIND2 if e.expected is ReplyClass.BOUNCED)
