"""Build the reply classifier's fallback weights (brokers/data/reply_model.json) from the labelled corpus.

    .venv/bin/pip install --constraint constraints.txt --editable ".[model]"   # scikit-learn, build only
    .venv/bin/python -m tests.brokers.reply_model_build

Deterministic: the same corpus parts give the same file. Trained only on the parts tuned on, listed in
TRAINING_PARTS; any other part (the untouched measures blind6 and later) is refused before anything is read.
The file records a hash of the training parts and of the feature code, so test_reply_model.py fails when
either changed without a rebuild.
"""

from __future__ import annotations

import hashlib
import json
from collections import Counter
from pathlib import Path
from typing import Any

from brokers import reply_model
from brokers.classify import body_sentences
from tests.brokers.reply_corpora import CORPUS, load_part

# An explicit list, not "every part but the measures": a part added to the corpus stays out until named here.
TRAINING_PARTS = ("tuning", "heldback", "fresh", "blind", "blind2", "blind3", "blind4", "blind5")
# Chosen by replaying the blind parts (see the module docstring of reply_model): an n-gram seen in a single
# reply generalises to nothing; refitting on the 4000 strongest keeps the file small and loses no answer.
MIN_REPLIES = 2
KEPT_FEATURES = 4000
# Inverse L2 strength: weaker regularisation makes the probabilities confident enough to pass the
# threshold; 10 answered too rarely, 100 answered wrongly more often.
INVERSE_REGULARISATION = 30.0
SCALE = 100  # weights are stored as integers in hundredths
OUTPUT = Path(reply_model.__file__).parent / "data" / reply_model.MODEL_FILE


def training_hash() -> str:
    """A hash of what the weights depend on: the training parts and the feature code."""
    digest = hashlib.sha256()
    for part in TRAINING_PARTS:
        digest.update((CORPUS / f"{part}.txt").read_bytes())
    digest.update(Path(reply_model.__file__).read_bytes())
    digest.update(Path(__file__).read_bytes())
    return digest.hexdigest()


def fit(
    features: list[dict[str, float]], labels: list[str], vocabulary: list[str]
) -> tuple[list[str], Any, Any]:
    """Multinomial logistic regression restricted to `vocabulary`: (classes, bias, weights by feature)."""
    from sklearn.feature_extraction import DictVectorizer
    from sklearn.linear_model import LogisticRegression

    vectorizer = DictVectorizer()
    vectorizer.fit([dict.fromkeys(vocabulary, 1.0)])
    model = LogisticRegression(C=INVERSE_REGULARISATION, max_iter=5000)
    model.fit(vectorizer.transform(features), labels)
    return list(model.classes_), model, vectorizer


def build(parts: tuple[str, ...] = TRAINING_PARTS) -> dict[str, Any]:
    if outside := sorted(set(parts) - set(TRAINING_PARTS)):
        raise ValueError(f"not a training part (an untouched measure is never trained on): {outside}")
    examples = [e for part in parts for e in load_part(part)]
    features = [reply_model.reply_features(body_sentences(e.reply)) for e in examples]
    labels = [e.expected.value for e in examples]
    seen = Counter(f for reply in features for f in reply)
    vocabulary = sorted(f for f, count in seen.items() if count >= MIN_REPLIES)
    classes, model, vectorizer = fit(features, labels, vocabulary)
    strength = abs(model.coef_).max(axis=0)
    strongest = sorted(range(len(vocabulary)), key=lambda i: (-strength[i], i))[:KEPT_FEATURES]
    kept = sorted(vectorizer.feature_names_[i] for i in strongest)
    classes, model, vectorizer = fit(features, labels, kept)
    names = vectorizer.feature_names_
    return {
        "classes": classes,
        "scale": SCALE,
        "bias": [round(b * SCALE) for b in model.intercept_],
        "weights": {names[i]: [round(w * SCALE) for w in model.coef_[:, i]] for i in range(len(names))},
    }


def write(weights: dict[str, Any], training: str, path: Path = OUTPUT) -> None:
    """One feature a line, so that a rebuild shows as a readable diff."""
    head = {k: weights[k] for k in ("classes", "scale", "bias")} | {"training_sha256": training}
    lines = [json.dumps(head, sort_keys=True)[:-1] + ', "weights": {']
    lines += [
        f"{json.dumps(f, ensure_ascii=False)}:{json.dumps(ws, separators=(',', ':'))},"
        for f, ws in sorted(weights["weights"].items())
    ]
    lines[-1] = lines[-1].rstrip(",")
    lines.append("}}")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


if __name__ == "__main__":
    write(build(), training_hash())
    print(f"wrote {OUTPUT.name}: {OUTPUT.stat().st_size} bytes")
