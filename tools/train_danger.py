"""Train the danger model (dialogs/analysis/danger_model.py) on Closer's own labelled statements.

    .venv/bin/python -m tools.train_danger          # writes content/en/lexicon/danger_model.yaml

Trained on the tune half of the safety corpus (tests/data/safety_tune.yaml) and, as statements
that are no danger, the analyzer's labelled statements (tests/data/statements.yaml and the shared
dev set). The held-out half (tests/data/safety_test.yaml) is never read here. The threshold is
chosen by five-fold cross-validation on the training statements: the most recall whose false
check-ins on look-alikes stay at most FALSE_CHECKINS. Deterministic: a fixed seed and order.
"""

from __future__ import annotations

import math
import random
from pathlib import Path
from typing import Any

import yaml

from dialogs.analysis.analyzer import default_analyzer
from dialogs.analysis.danger_model import DangerModel
from dialogs.analysis.reading import read

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "content" / "en" / "lexicon" / "danger_model.yaml"
SOURCES = (
    ROOT / "tests" / "data" / "safety_tune.yaml",
    ROOT / "tests" / "data" / "statements.yaml",
    ROOT.parent / "shared" / "eval" / "dev.yaml",
)
STOP = [
    "the",
    "a",
    "an",
    "and",
    "or",
    "but",
    "to",
    "of",
    "in",
    "on",
    "at",
    "for",
    "with",
    "is",
    "are",
    "was",
    "were",
    "be",
    "been",
    "am",
    "i",
    "you",
    "he",
    "she",
    "it",
    "we",
    "they",
    "my",
    "your",
    "his",
    "her",
    "its",
    "our",
    "their",
    "me",
    "him",
    "them",
    "us",
    "this",
    "that",
    "so",
    "just",
    "really",
    "very",
    "too",
    "do",
    "does",
    "did",
    "not",
    "no",
    "have",
    "has",
    "had",
    "will",
    "would",
    "can",
    "could",
]
EPOCHS, RATE, L2, SEED = 40, 0.3, 0.01, 7
FALSE_CHECKINS = 0.05  # the model's share of look-alikes checked in on, in cross-validation
MIN_WEIGHT = 0.02  # lighter weights are left out of the file


def labelled() -> list[tuple[str, int]]:
    items: list[tuple[str, int]] = []
    for path in SOURCES:
        if not path.exists():
            continue
        for item in yaml.safe_load(path.read_text(encoding="utf-8")):
            kinds = set(item.get("issues") or [])
            maybe = set(item.get("maybe") or [])
            if not kinds & {"crisis", "concern"} and maybe & {"crisis", "concern"}:
                continue  # ambiguous: teaches nothing either way
            items.append((item["text"], int(bool(kinds & {"crisis", "concern"}))))
    return items


def featurize(texts: list[str]) -> list[list[str]]:
    lex = default_analyzer().lex
    shell = DangerModel(0.0, 0.0, {}, frozenset(STOP))
    return [[f for f, _, _ in shell.features(read(t, lex))] for t in texts]


def train(rows: list[list[str]], labels: list[int]) -> tuple[float, dict[str, float]]:
    weights: dict[str, float] = {}
    bias = 0.0
    order = list(range(len(rows)))
    rng = random.Random(SEED)
    for _ in range(EPOCHS):
        rng.shuffle(order)
        for k in order:
            features = set(rows[k])
            z = bias + sum(weights.get(f, 0.0) for f in features)
            p = 1 / (1 + math.exp(-max(-30.0, min(30.0, z))))
            g = p - labels[k]
            bias -= RATE * g
            for f in features:
                w = weights.get(f, 0.0)
                weights[f] = w - RATE * (g + L2 * w)
    return bias, weights


def score(bias: float, weights: dict[str, float], features: list[str]) -> float:
    return bias + sum(weights.get(f, 0.0) for f in set(features))


def choose_threshold(rows: list[list[str]], labels: list[int]) -> tuple[float, dict[str, Any]]:
    folds = 5
    scored: list[tuple[float, int]] = []
    for fold in range(folds):
        train_idx = [i for i in range(len(rows)) if i % folds != fold]
        bias, weights = train([rows[i] for i in train_idx], [labels[i] for i in train_idx])
        scored += [
            (score(bias, weights, rows[i]), labels[i])
            for i in range(len(rows))
            if i % folds == fold
        ]
    calm = sorted(s for s, y in scored if not y)
    allowed = int(FALSE_CHECKINS * len(calm))
    threshold = calm[-allowed - 1] if allowed < len(calm) else calm[-1]
    danger = [s for s, y in scored if y]
    recall = sum(s > threshold for s in danger) / len(danger)
    false = sum(s > threshold for s in calm) / len(calm)
    return threshold, {"cv_recall": round(recall, 3), "cv_false_checkins": round(false, 3)}


def main() -> None:
    items = labelled()
    rows = featurize([t for t, _ in items])
    labels = [y for _, y in items]
    threshold, figures = choose_threshold(rows, labels)
    bias, weights = train(rows, labels)
    kept = {f: round(w, 3) for f, w in sorted(weights.items()) if abs(w) >= MIN_WEIGHT}
    header = (
        "# The danger model's weights (dialogs/analysis/danger_model.py), written by\n"
        "# `python -m tools.train_danger` from Closer's own labelled statements. Do not edit by\n"
        f"# hand: train again. {len(items)} statements; five-fold cross-validation: {figures}.\n"
    )
    body = {"bias": round(bias, 4), "threshold": round(threshold, 4), "stop": STOP, "weights": kept}
    text = yaml.safe_dump(body, allow_unicode=True, sort_keys=False, width=100)
    OUT.write_text(header + text, encoding="utf-8")
    print(
        f"wrote {OUT.relative_to(ROOT)}: {len(kept)} weights, threshold {threshold:.3f}, {figures}"
    )


if __name__ == "__main__":
    main()
