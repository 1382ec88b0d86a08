"""Measure a veto of the statistical model over the rules: which rule answers it would turn into unknown.

    .venv/bin/python -m tests.brokers.reply_model_replay --veto          # each blind part on its old rules
    .venv/bin/python -m tests.brokers.reply_model_replay --veto --lopo   # current rules, training parts

A veto unsays a content class X the rules decided when the model, on the same body, is sure of another
content class (probability >= `sure`) or gives X less than `floor`. Replayed like the fallback: each part
written blind on the rules it was first measured with (blind5: main's rules before it was tuned on) and a
model trained only on the parts written before it; with --lopo, each training part on the current rules
and a model trained on the other training parts. Per setting it counts the rule answers that were wrong
and are now unknown (caught) and those that were right (lost), and with --lopo whether every part still
meets the targets. Only training parts and blind5 are ever read.
"""

from __future__ import annotations

import math
import sys
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from brokers import classify, reply_model
from tests.brokers import reply_corpora, reply_model_build
from tests.brokers import reply_model_replay as replay
from tests.brokers.reply_corpora import load_part

# blind5 is measured on main's rules as they stood before it was tuned on (the fallback included).
BLIND_ON = replay.MEASURED_ON | {"blind5": "6204de7abff1ff28de7377609b74bcf04d3ad9e4"}
CONTENT = reply_model.ANSWERABLE
SURE = (0.5, 0.55, 0.6, 0.65, 0.7, 0.75, 0.8, 0.85, 0.9, 2.0)  # 2.0: never
FLOORS = (0.0, 0.02, 0.05, 0.1, 0.15)  # 0.0: never


@dataclass(frozen=True, slots=True)
class Answer:
    expected: str
    got: str  # rules and fallback, as the bot would answer
    ruled: bool  # a content class decided by the rules (not by the fallback): what a veto may unsay
    odds: dict[str, float] | None  # the model's probabilities, None where it does not speak (too short)


def probabilities(model: reply_model.ReplyModel, sentences: Sequence[str]) -> dict[str, float] | None:
    """Every class's probability, as reply_model.predict computes the top one."""
    features = frozenset().union(*(reply_model.sentence_features(s) for s in sentences))
    if len(features) < reply_model.MIN_NGRAMS:
        return None
    scale = 1 / math.sqrt(max(len(features), reply_model.LENGTH_FLOOR))
    logits = list(model.bias)
    for feature in features & model.weights.keys():
        for index, weight in enumerate(model.weights[feature]):
            logits[index] += weight * scale
    peak = max(logits)
    total = sum(math.exp(z - peak) for z in logits)
    return {c: math.exp(z - peak) / total for c, z in zip(model.classes, logits, strict=True)}


def vetoes(answer: Answer, sure: float, floor: float) -> bool:
    if not answer.ruled or answer.odds is None:
        return False
    top = max(answer.odds, key=answer.odds.__getitem__)
    other_sure = top != answer.got and top in CONTENT and answer.odds[top] >= sure
    return other_sure or answer.odds[answer.got] < floor


def answers(part: str, alone: list[str], after: list[str], model: reply_model.ReplyModel) -> list[Answer]:
    return [
        Answer(
            e.expected.value,
            got,
            got == rules and rules in CONTENT,
            probabilities(model, classify.body_sentences(e.reply)),
        )
        for e, rules, got in zip(load_part(part), alone, after, strict=True)
    ]


def blind_replay(part: str, scratch: Path) -> list[Answer]:
    """The part on the rules it was measured with, the fallback and the model trained on earlier parts."""
    rules = replay.old_rules(part, scratch, BLIND_ON[part])
    examples = load_part(part)
    threshold = reply_model.THRESHOLD
    try:
        reply_model.THRESHOLD = 2.0  # rules that already hold the fallback: the rules alone
        alone = [rules.classify_reply(e.reply).cls.value for e in examples]
    finally:
        reply_model.THRESHOLD = threshold
    written_before = reply_corpora.PARTS[: reply_corpora.PARTS.index(part)]
    model = replay.as_model(reply_model_build.build(written_before))
    after = [
        replay.fallback(model, e) if cls == "unknown" and not replay.heard(rules, e) else cls
        for cls, e in zip(alone, examples, strict=True)
    ]
    return answers(part, alone, after, model)


def lopo_replay(part: str) -> list[Answer]:
    _, alone, after = replay.left_out(part)
    others = tuple(p for p in reply_model_build.TRAINING_PARTS if p != part)
    return answers(part, alone, after, replay.as_model(reply_model_build.build(others)))


def caught_and_lost(found: list[Answer], sure: float, floor: float) -> tuple[int, int]:
    hit = [a for a in found if vetoes(a, sure, floor)]
    return sum(a.got != a.expected for a in hit), sum(a.got == a.expected for a in hit)


def targets(found: list[Answer], sure: float, floor: float) -> tuple[float, float, float]:
    """(share right, share in a wrong class, worst class's share) once the veto has spoken."""
    final = ["unknown" if vetoes(a, sure, floor) else a.got for a in found]
    right = [f == a.expected for f, a in zip(final, found, strict=True)]
    wrong = sum(f not in (a.expected, "unknown") for f, a in zip(final, found, strict=True))
    classes = {a.expected for a in found}
    worst = min(
        sum(r for r, a in zip(right, found, strict=True) if a.expected == c)
        / sum(a.expected == c for a in found)
        for c in classes
    )
    return sum(right) / len(found), wrong / len(found), worst


def ruled(found: list[Answer]) -> str:
    decided = [a for a in found if a.ruled]
    wrong = sum(a.got != a.expected for a in decided)
    return f"{wrong}/{len(decided) - wrong}"


def pooled(every: list[Answer], sure: float, floor: float) -> str:
    right, wrong, _ = targets(every, sure, floor)
    return f"  {right:6.1%} {wrong:5.1%}"


def worst_part(by_part: dict[str, list[Answer]], sure: float, floor: float) -> str:
    measured = [targets(found, sure, floor) for found in by_part.values()]
    right, wrong, worst = (
        min(m[0] for m in measured),
        max(m[1] for m in measured),
        min(m[2] for m in measured),
    )
    return f"  {right:6.1%} {wrong:5.1%} {worst:6.1%}"


def grid(by_part: dict[str, list[Answer]], lopo: bool) -> None:
    every = [a for found in by_part.values() for a in found]
    head = "".join(f" {p:>9}" for p in by_part)
    print("content classes the rules decided, wrong/right, and the veto's wrongs caught/rights lost:")
    print(f"{'':>11}{''.join(f' {ruled(found):>9}' for found in by_part.values())} {ruled(every):>9}")
    columns = "    all: right, wrong" + ("  worst part: right, wrong, class" if lopo else "")
    print(f"{'sure':>5} {'floor':>5}{head} {'total':>9}{columns}")
    for sure in SURE:
        for floor in FLOORS:
            cells = [caught_and_lost(found, sure, floor) for found in by_part.values()]
            caught, lost = sum(c for c, _ in cells), sum(lo for _, lo in cells)
            row = "".join(f" {f'{c}/{lo}':>9}" for c, lo in cells)
            line = f"{'-' if sure > 1 else sure:>5} {floor:>5}{row} {f'{caught}/{lost}':>9}"
            print(line + pooled(every, sure, floor) + (worst_part(by_part, sure, floor) if lopo else ""))


def main(lopo: bool) -> None:
    by_part: dict[str, list[Answer]] = {}
    with tempfile.TemporaryDirectory() as scratch:
        sys.path.insert(0, scratch)
        for part in reply_model_build.TRAINING_PARTS if lopo else tuple(BLIND_ON):
            by_part[part] = lopo_replay(part) if lopo else blind_replay(part, Path(scratch))
    grid(by_part, lopo)
