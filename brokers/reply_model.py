"""The statistical fallback of the reply classifier: a linear model over n-grams of the reply's sentences.

The rules decide first; this model answers only where they found no evidence at all, and only when it is
confident. Its weights (multinomial logistic regression over binary word, word-pair and character n-grams,
normalised per reply) are built from the labelled corpus by `python -m tests.brokers.reply_model_build`
into brokers/data/reply_model.json and scored here in pure Python.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from importlib import resources
from itertools import pairwise

MODEL_FILE = "reply_model.json"
# Classes the model may answer: bounced and auto_reply stay structural (headers, senders, DSN phrases),
# unknown is no answer. The model is still trained on all classes so that their mass is not pushed onto
# these.
ANSWERABLE = frozenset(
    {"acknowledged", "needs_verification", "needs_web_form", "completed", "no_data", "refused"}
)
# Chosen by replaying each blind part on the rules it was first measured with and a model trained only on
# the parts written before it: at 0.55 every answer the fallback gave there was right.
THRESHOLD = 0.55
_WORD = re.compile(r"\w+")
_DIGIT = re.compile(r"\d")
_CHAR_SIZES = (3, 4, 5)
# Features are scaled to unit length, but never as if a reply had fewer n-grams than this (a typical one has
# about 430): one sentence alone would otherwise weigh as much as a whole reply and make the model sure of
# what a guard of the rules exists for ("The conditions for a refund are not met").
LENGTH_FLOOR = 400
# Below this many n-grams (about two sentences; 95% of the corpus replies have more) the model does not
# speak at all: a lone sentence the rules did not take is most often one their guards exist for.
MIN_NGRAMS = 160


@dataclass(frozen=True, slots=True)
class ReplyModel:
    classes: tuple[str, ...]
    bias: tuple[float, ...]
    weights: Mapping[str, tuple[float, ...]]


@dataclass(frozen=True, slots=True)
class Prediction:
    cls: str
    probability: float
    sentence: int  # index of the sentence that added most to the class


def sentence_features(sentence: str) -> frozenset[str]:
    """The n-grams of one folded sentence: words, word pairs and characters 3-5 within a word."""
    words = [_DIGIT.sub("0", w) for w in _WORD.findall(sentence)]
    found = {f"w:{w}" for w in words}
    found.update(f"b:{a} {b}" for a, b in pairwise(words))
    for word in words:
        padded = f" {word} "
        for size in _CHAR_SIZES:
            found.update(f"c:{padded[i : i + size]}" for i in range(len(padded) - size + 1))
    return frozenset(found)


def reply_features(sentences: Sequence[str]) -> dict[str, float]:
    """Binary features of a whole reply, scaled to unit length over every n-gram it has (known or not)."""
    found = frozenset().union(*(sentence_features(s) for s in sentences))
    value = 1 / math.sqrt(max(len(found), LENGTH_FLOOR))
    return dict.fromkeys(found, value)


def predict(model: ReplyModel, sentences: Sequence[str]) -> Prediction | None:
    """The model's most likely class and the sentence that said it most, or None without any n-gram."""
    every_sentence = [sentence_features(s) for s in sentences]
    found = len(frozenset().union(*every_sentence))
    if found < MIN_NGRAMS:
        return None
    per_sentence = [features & model.weights.keys() for features in every_sentence]
    present = frozenset().union(*per_sentence)
    scale = 1 / math.sqrt(max(found, LENGTH_FLOOR))
    logits = list(model.bias)
    for feature in present:
        for index, weight in enumerate(model.weights[feature]):
            logits[index] += weight * scale
    top = max(range(len(logits)), key=logits.__getitem__)
    peak = logits[top]
    probability = 1 / sum(math.exp(z - peak) for z in logits)
    mean = {f: sum(model.weights[f]) / len(logits) for f in present}
    lift = [sum(model.weights[f][top] - mean[f] for f in features) for features in per_sentence]
    best = max(range(len(lift)), key=lift.__getitem__)
    return Prediction(model.classes[top], probability, best)


@cache
def load_model() -> ReplyModel:
    raw = json.loads((resources.files("brokers") / "data" / MODEL_FILE).read_text(encoding="utf-8"))
    scale = float(raw["scale"])
    return ReplyModel(
        classes=tuple(raw["classes"]),
        bias=tuple(b / scale for b in raw["bias"]),
        weights={f: tuple(w / scale for w in ws) for f, ws in raw["weights"].items()},
    )
