"""The third blind part of the reply corpus (reply_corpus/blind3.txt): its wraps and its accuracy (its
shape is checked with the other parts, in test_reply_corpus.py).

The part was written by someone who read neither the classifier's rules nor the other parts' replies and
never ran the classifier on it: new sectors (hospitals, telehealth, landlords, ride-hailing and delivery,
games, crypto exchanges, newspapers, car rental, loyalty programmes, recruiters, people-search, ad-tech,
carriers, pharmacies, municipalities, marketplaces), ticket systems and mail servers. The lead measured it
before the third tuning (103/136, 75.7%; 12.5% in a wrong class) and after it (108/136, 79.4%; 14/136,
10.3% wrong, auto_reply 5/13), below the targets (90% overall, 75% in every class, under 3% wrong).

Then the corpus README fixed the convention for automatic receipts (acknowledged when they confirm that
the request or message arrived or was registered), and seven of its auto_reply records were relabelled
acknowledged by it (#108, #109, #111, #112, #114, #117, #118: automatic mails saying the message was
received or registered); auto_reply keeps 6. The rules were then tuned on its misreads (by phrase
families in all four languages and by footer, confirmation, closed-account and retention guards, not by
its sentences), so it is tuning data now and held to the targets like the other tuned parts. Measuring
the rules again needs a new part written blind to them.
"""

from __future__ import annotations

import pytest

from brokers.classify import ReplyClass, classify_reply
from tests.brokers import reply_corpora
from tests.brokers.reply_corpora import accuracy_table, load_part, misread

BLIND3 = load_part("blind3")


def test_blind3_uses_every_wrap_and_html_replies_lose_their_markup() -> None:
    assert {w for e in BLIND3 for w in e.wraps} == reply_corpora.WRAPS
    for example in BLIND3:
        if "html" in example.wraps:
            assert "<p>" not in example.reply.text, example.name


def test_accuracy_per_class_on_the_blind3_part(capsys: pytest.CaptureFixture[str]) -> None:
    table, overall, wrong, per_class = accuracy_table(BLIND3)
    with capsys.disabled():
        print(f"\nreply corpus, blind3 part ({len(BLIND3)} replies, tuned on after a blind 79.4%):\n{table}")
        print("misread in the blind3 part:", *misread(BLIND3), sep="\n")
    assert overall >= 0.90
    assert wrong < 0.03
    assert min(per_class.values()) >= 0.75, per_class
    assert all(classify_reply(e.reply).phrase for e in BLIND3 if e.expected is ReplyClass.BOUNCED)
