"""The fourth blind part of the reply corpus (reply_corpus/blind4.txt): its wraps and its accuracy (its
shape is checked with the other parts, in test_reply_corpus.py).

The part was written by someone who read neither the classifier's rules nor the other parts' replies and
never ran the classifier on it: other sectors, DSR tools, ticket systems and mail servers than the earlier
parts, and the labelling convention for automatic receipts. It is measured once, by the lead, and never
tuned on.
"""

from __future__ import annotations

import pytest

from tests.brokers import reply_corpora
from tests.brokers.reply_corpora import accuracy_table, load_part

BLIND4 = load_part("blind4")


def test_blind4_uses_every_wrap_and_html_replies_lose_their_markup() -> None:
    assert {w for e in BLIND4 for w in e.wraps} == reply_corpora.WRAPS
    for example in BLIND4:
        if "html" in example.wraps:
            assert "<p>" not in example.reply.text, example.name


def test_accuracy_per_class_on_the_blind4_part(capsys: pytest.CaptureFixture[str]) -> None:
    table, overall, wrong, _ = accuracy_table(BLIND4)
    with capsys.disabled():
        print(f"\nreply corpus, blind4 part ({len(BLIND4)} replies, written blind):\n{table}")
    # floor set by the lead after the one measure
    assert overall >= 0.0
    assert wrong <= 1.0
