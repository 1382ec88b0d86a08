"""The parts written blind to the rules (reply_corpus/blind*.txt): their wraps and their accuracy (their
shape is checked with the other parts, in test_reply_corpus.py).

Each part was written by someone who read neither the classifier's rules (brokers/classify.py,
brokers/classify_rules.py) nor the other parts' replies and never ran the classifier on it, then measured by
the lead: blind read 78.7% after the tuning on the fresh part, blind2 85.9% after the tuning on blind, blind3
75.7% before and 79.4% after the tuning on blind2 (then seven automatic receipts were relabelled acknowledged
by the README's convention), blind4 74.3% before and 75.0% after the tuning on blind3 and 76.5% (13 in a wrong
class) once the rules declined a reply that asks something back or says both done and refused; its labels were
reviewed against the README's conventions and none changed. The rules were then tuned on each one's misreads,
by phrase families in all four languages and by general guards, not by its sentences, so those parts are
tuning data now and held to the targets (90% overall, 75% in every class, under 3% wrong). The README tells
each part's story.

The parts named in MEASURES were never tuned on: their tables are printed and held as floors, and their
misreads are never listed, since tuning on them would end their use as measures. blind5 read 112/136
(82.4%) with 4/136 (2.9%) in a wrong class on the rules after the tuning on blind4 (below 75% for web-form
redirects 6/13, no-data answers 9/13 and identity demands 13/18, mostly read as unknown). With the
statistical fallback (brokers/reply_model.py, trained on the tuned parts only) it read 120/136 (88.2%), still
4/136 wrong, web-form redirects 8/13; once the model could veto a rule's answer (brokers/classify.py), 119/136
(87.5%) with 3/136 (2.2%) wrong: one wrong answer and one right identity demand became unknown. blind6,
written blind after it, read 118/136 (86.8%, 2/136 wrong) on the rules alone and 129/136 (94.9%, 2/136 =
1.5% wrong, every class at least 80%) with the fallback, before the veto: each measured once, by the lead.
"""

from __future__ import annotations

import pytest

from brokers.classify import ReplyClass, classify_reply
from tests.brokers.reply_corpora import WRAPS, accuracy_table, load_part, misread

# The blind parts tuned on since, with the share each read when it was measured blind.
TUNED = {"blind": "78.7%", "blind2": "85.9%", "blind3": "79.4%", "blind4": "76.5%"}
# The parts never tuned on, each with what it read when measured on the rules and the fallback as they
# stand (right, in a wrong class): held as floors. Their misreads are never listed.
MEASURES = {"blind5": (119, 3), "blind6": (129, 2)}


@pytest.mark.parametrize("part", [*TUNED, *MEASURES])
def test_a_blind_part_uses_every_wrap_and_html_replies_lose_their_markup(part: str) -> None:
    examples = load_part(part)
    assert {w for e in examples for w in e.wraps} == WRAPS
    for example in examples:
        if "html" in example.wraps:
            assert "<p>" not in example.reply.text, example.name


@pytest.mark.parametrize("part", TUNED)
def test_accuracy_per_class_on_a_blind_part_tuned_on(part: str, capsys: pytest.CaptureFixture[str]) -> None:
    examples = load_part(part)
    table, overall, wrong, per_class = accuracy_table(examples)
    with capsys.disabled():
        print(f"\nreply corpus, {part} part ({len(examples)} replies, tuned on after a blind {TUNED[part]}):")
        print(table)
        print(f"misread in the {part} part:", *misread(examples), sep="\n")
    assert overall >= 0.90
    assert wrong < 0.03
    assert min(per_class.values()) >= 0.75, per_class
    assert all(classify_reply(e.reply).phrase for e in examples if e.expected is ReplyClass.BOUNCED)


@pytest.mark.parametrize("part", MEASURES)
def test_accuracy_on_an_untouched_blind_part_is_printed_and_does_not_fall(
    part: str, capsys: pytest.CaptureFixture[str]
) -> None:
    examples = load_part(part)
    table, overall, wrong, _ = accuracy_table(examples)
    with capsys.disabled():
        print(f"\nreply corpus, {part} part ({len(examples)} replies, never tuned on):\n{table}")
    right_floor, wrong_ceiling = MEASURES[part]
    assert overall >= right_floor / len(examples)
    assert wrong <= wrong_ceiling / len(examples)
