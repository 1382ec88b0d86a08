"""Measure the reply fallback as if on unseen replies: each blind part on the rules it was measured with.

    .venv/bin/python -m tests.brokers.reply_model_replay          # needs the [model] extra and git history
    .venv/bin/python -m tests.brokers.reply_model_replay --lopo   # current rules, one part left out
    .venv/bin/python -m tests.brokers.reply_model_replay --veto   # a veto over the rules (reply_veto_replay)

For each part written blind (fresh .. blind5), the rules are taken from the commit at which the lead first
measured it and the model is trained only on the parts written before it; the fallback speaks, as at run
time, only where none of those rules' tables matched. Only the training parts are ever read (both modes):
the untouched measures (blind6 and later) never are.
"""

from __future__ import annotations

import importlib
import subprocess
import sys
import tempfile
from collections import Counter
from pathlib import Path
from types import ModuleType
from typing import Any

from brokers import classify, reply_model
from tests.brokers import reply_model_build
from tests.brokers.reply_corpora import Example, load_part

TRAINING_PARTS = reply_model_build.TRAINING_PARTS
# The commit whose rules each part was first measured on (git log -- brokers/classify*.py).
MEASURED_ON = {
    "fresh": "a06b3da35de0c6e39f93a10f0d4623666e947636",
    "blind": "6cedb3500ed1ed990bcec3ef399942ec66b9f3d9",
    "blind2": "a1c2452d5bb2311ef7671ef2764c96395d3063e3",
    "blind3": "01a437ab5c3e1d52bcd8cb4206861b171429cc7f",
    "blind4": "d96ab213138d9ab3d14f7dd72c4d2b87d21b2378",
    "blind5": "9753748c326cb1634fe9b25042efaff4cd980355",
}


def old_rules(part: str, root: Path, commit: str | None = None) -> ModuleType:
    package = root / f"rules_{part}"
    package.mkdir()
    (package / "__init__.py").write_text("")
    for name in ("classify.py", "classify_rules.py"):
        source = subprocess.run(
            ["git", "show", f"{commit or MEASURED_ON[part]}:brokers/{name}"],
            check=True,
            capture_output=True,
            text=True,
        ).stdout
        source = source.replace(
            "from brokers import classify_rules as rules", "from . import classify_rules as rules"
        )
        (package / name).write_text(source)
    return importlib.import_module(f"rules_{part}.classify")


def heard(module: ModuleType, example: Example) -> bool:
    """Whether any table of these rules matched the body: then the fallback stays silent."""
    if not hasattr(module, "_Rule"):  # the oldest rules: tuples of (class, pattern, confidence, flag)
        patterns = [rule[1] for rule in (*module._BODY_RULES, *module._THANKS)]
    else:
        rules = [r for v in vars(module).values() for r in (v if isinstance(v, tuple) else (v,))]
        patterns = [
            p
            for r in rules
            if isinstance(r, module._Rule)
            for p in (
                r.pattern,
                getattr(r, "veto", None),
                getattr(getattr(r, "yields_to", None), "pattern", None),
            )
            if p is not None
        ]
    folded = "\n".join(classify.body_sentences(example.reply))
    return any(p.search(folded) for p in patterns)


def as_model(weights: dict[str, Any]) -> reply_model.ReplyModel:
    scale = float(weights["scale"])
    return reply_model.ReplyModel(
        classes=tuple(weights["classes"]),
        bias=tuple(b / scale for b in weights["bias"]),
        weights={f: tuple(w / scale for w in ws) for f, ws in weights["weights"].items()},
    )


def table(title: str, examples: list[Example], before: list[str], after: list[str]) -> Counter[str]:
    print(f"{title}\n  {'':<20} {'rules alone':>14}  {'with fallback':>14}")
    for cls in classify.ReplyClass:
        rows = [i for i, e in enumerate(examples) if e.expected is cls]
        cells = [sum(got[i] == cls.value for i in rows) for got in (before, after)]
        print(f"  {cls.value:<20}" + "".join(f" {c:>5}/{len(rows):<3} {c / len(rows):5.0%}" for c in cells))
    tally: Counter[str] = Counter(n=len(examples))
    for got, key in ((before, "rules"), (after, "fallback")):
        tally[f"{key} right"] = sum(g == e.expected.value for g, e in zip(got, examples, strict=True))
        tally[f"{key} wrong"] = sum(
            g not in (e.expected.value, "unknown") for g, e in zip(got, examples, strict=True)
        )
    n = len(examples)
    for label in ("right", "wrong"):
        cells = [tally[f"rules {label}"], tally[f"fallback {label}"]]
        print(f"  {label:<20}" + "".join(f" {c:>5}/{n:<3} {c / n:5.1%}" for c in cells))
    return tally


def replay(part: str, scratch: Path) -> tuple[str, list[str], list[str]]:
    """The part on the rules it was measured with, alone and with a model trained on the earlier parts."""
    examples = load_part(part)
    rules = old_rules(part, scratch)
    alone = [rules.classify_reply(e.reply).cls.value for e in examples]
    trained_on = TRAINING_PARTS[: TRAINING_PARTS.index(part)]
    model = as_model(reply_model_build.build(trained_on))
    after = [
        fallback(model, e) if cls == "unknown" and not heard(rules, e) else cls
        for cls, e in zip(alone, examples, strict=True)
    ]
    return "+".join(trained_on), alone, after


def left_out(part: str) -> tuple[str, list[str], list[str]]:
    """The part on the current rules, alone and with a model trained on the other parts (the real path)."""
    examples = load_part(part)
    trained_on = tuple(p for p in TRAINING_PARTS if p != part)
    model = as_model(reply_model_build.build(trained_on))
    threshold, load = reply_model.THRESHOLD, reply_model.load_model
    try:
        reply_model.THRESHOLD = 2.0  # no probability reaches it: the rules alone
        alone = [classify.classify_reply(e.reply).cls.value for e in examples]
        reply_model.THRESHOLD, reply_model.load_model = threshold, lambda: model  # type: ignore[assignment]
        after = [classify.classify_reply(e.reply).cls.value for e in examples]
    finally:
        reply_model.THRESHOLD, reply_model.load_model = threshold, load  # type: ignore[method-assign]
    return "+".join(trained_on), alone, after


def fallback(model: reply_model.ReplyModel, example: Example) -> str:
    found = reply_model.predict(model, classify.body_sentences(example.reply))
    if found and found.cls in reply_model.ANSWERABLE and found.probability >= reply_model.THRESHOLD:
        return found.cls
    return "unknown"


def main(lopo: bool) -> None:
    parts = TRAINING_PARTS if lopo else tuple(MEASURED_ON)
    if outside := sorted(set(parts) - set(TRAINING_PARTS)):
        raise ValueError(f"not a training part: {outside}")
    total: Counter[str] = Counter()
    with tempfile.TemporaryDirectory() as scratch:
        sys.path.insert(0, scratch)
        for part in parts:
            trained_on, alone, after = left_out(part) if lopo else replay(part, Path(scratch))
            examples = load_part(part)
            total += table(
                f"{part} ({len(examples)} replies), fallback trained on {trained_on}", examples, alone, after
            )
    n = total["n"]
    print(
        f"all: rules alone {total['rules right']}/{n} right, {total['rules wrong']}/{n} wrong; with the "
        f"fallback {total['fallback right']}/{n} right, {total['fallback wrong']}/{n} wrong"
    )


if __name__ == "__main__":
    if "--veto" in sys.argv:
        from tests.brokers import reply_veto_replay

        reply_veto_replay.main(lopo="--lopo" in sys.argv)
    else:
        main(lopo="--lopo" in sys.argv)
