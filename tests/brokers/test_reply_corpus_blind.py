"""The parts written blind to the rules (reply_corpus/blind*.txt): their wraps and their accuracy (their
shape is checked with the other parts, in test_reply_corpus.py).

Each part was written by someone who read neither the classifier's rules (brokers/classify.py,
brokers/classify_rules.py) nor the other parts' replies and never ran the classifier on it, then measured by
the lead: blind read 78.7% after the tuning on the fresh part, blind2 85.9% after the tuning on blind, blind3
75.7% before and 79.4% after the tuning on blind2 (then seven automatic receipts were relabelled acknowledged
by the README's convention), blind4 74.3% before and 75.0% after the tuning on blind3 and 76.5% (13 in a wrong
class) once the rules declined a reply that asks something back or says both done and refused; its labels were
reviewed against the README's conventions and none changed; blind5 read 112/136 (82.4%, 4/136 = 2.9% in a
wrong class) on the rules after the tuning on blind4 and 120/136 (88.2%, still 4 wrong) with the statistical
fallback (brokers/reply_model.py, then trained on the earlier parts only). The rules were then tuned on each
one's misreads, by phrase families in all four languages and by general guards, not by its sentences (and the
fallback retrained with blind5), so those parts are tuning data now and held to the targets (90% overall, 75%
in every class, under 3% wrong). The README tells each part's story.

The parts named in MEASURES were never tuned on: their tables are printed and held as floors, and their
misreads are never listed, since tuning on them would end their use as measures. blind6, written blind after
blind5, read 118/136 (86.8%, 2/136 wrong) on the rules alone and 129/136 (94.9%, 2/136 = 1.5% wrong, every
class at least 80%) with the fallback, before the tuning on blind5. blind7, written blind after them, read
118/136 (86.8%) with 9/136 (6.6%) in a wrong class on that same system
(rules alone 108/136, the same 9 wrong).
After the tuning on blind5 (rules and fallback), measured again: blind6 130/136 (95.6%, 2 wrong), blind7
121/136 (89.0%, still 9/136 = 6.6% wrong, all the rules'). Once the model could veto a rule's answer it is
sure is wrong (brokers/classify.py, designed on the replay of the earlier blind parts), measured again:
blind6 128/136 (94.1%, none wrong), blind7 121/136 (89.0%, 4/136 = 2.9% wrong); the two together 249/272
(91.5%), 4/272 (1.5%) in a wrong class, every class at least 78.6%. blind8, written blind after the veto was
merged, measured once: 120/136 (88.2%), 2/136 (1.5%) wrong, completed 11/15 and auto_reply 9/13. Over the
three untouched parts together (408 replies) the rules, fallback and veto read 369 right (90.4%), 6 in a
wrong class (1.5%), every class at least 82.2%. The veto's threshold was then raised from 0.6 to 0.7: with the
model retrained on blind5, 0.6 turned four right answers of the labelled examples and phrase families into
unknown. Measured again: blind6 129/136 (94.9%, 1 wrong), blind7 121/136 (89.0%, 6/136 = 4.4% wrong), blind8
121/136 (89.0%, 2 wrong); together 371/408 (90.9%), 9/408 (2.2%) in a wrong class, every class at least 82.2%:
the issue's targets, held by the last test below.
"""

from __future__ import annotations

import pytest

from brokers.classify import ReplyClass, classify_reply
from tests.brokers.reply_corpora import WRAPS, accuracy_table, load_part, misread

# The blind parts tuned on since, with the share each read when it was measured blind.
TUNED = {"blind": "78.7%", "blind2": "85.9%", "blind3": "79.4%", "blind4": "76.5%", "blind5": "82.4%"}
# The parts never tuned on, each with what it read when measured on the rules and the fallback as they
# stand (right, in a wrong class): held as floors. Their misreads are never listed.
MEASURES = {"blind6": (129, 1), "blind7": (121, 6), "blind8": (121, 2)}


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


def test_the_untouched_parts_together_meet_the_targets(capsys: pytest.CaptureFixture[str]) -> None:
    """One part of 136 replies measures to within a few points; together they are the held-back measure."""
    examples = [e for part in MEASURES for e in load_part(part)]
    table, overall, wrong, per_class = accuracy_table(examples)
    with capsys.disabled():
        print(f"\nreply corpus, the untouched parts together ({len(examples)} replies):\n{table}")
    assert overall >= 0.90
    assert wrong < 0.03
    assert min(per_class.values()) >= 0.75, per_class
