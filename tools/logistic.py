"""Logistic regression by stochastic gradient descent over sets of named features: the trainer
of both of the analyzer's small models (tools.train_danger, tools.train_coaching).

Our own rather than scikit-learn's: the models are a few thousand sparse string features with
one weight each, trained in seconds, and the weights must be written as a plain file the analyzer
reads without numpy; a dependency the size of scikit-learn for twenty lines was not worth it.
Deterministic: a fixed seed and order.

`write` saves a model as JSON, one weight to a line: tens of thousands of numbers that every
process starting the analyzer reads, in a hundredth of the time YAML took (a second and a half
of each start, 2026-12-01). The words people edit stay in YAML; these files only a trainer
writes.
"""

from __future__ import annotations

import json
import math
import random
from collections.abc import Collection, Mapping, Sequence
from pathlib import Path
from typing import Any


def train(
    rows: Sequence[tuple[Collection[str], bool]],
    epochs: int,
    rate: float,
    l2: float,
    seed: int,
) -> tuple[float, dict[str, float]]:
    """The bias and a weight per feature, from (features, label) rows. A feature listed twice in
    a row counts twice."""
    weights: dict[str, float] = {}
    bias = 0.0
    order = list(range(len(rows)))
    rng = random.Random(seed)
    for _ in range(epochs):
        rng.shuffle(order)
        for k in order:
            features, label = rows[k]
            z = bias + sum(weights.get(f, 0.0) for f in features)
            p = 1 / (1 + math.exp(-max(-30.0, min(30.0, z))))
            g = p - label
            bias -= rate * g
            for f in features:
                w = weights.get(f, 0.0)
                weights[f] = w - rate * (g + l2 * w)
    return bias, weights


def write(
    path: Path, about: list[str], body: Mapping[str, Any], weights: Mapping[str, Any]
) -> None:
    """A model's file: what it is (`about`), its numbers (`body`), and its weights, one to a
    line so that a retrained model's change reads as a diff."""
    lines = ["{", f' "about": {json.dumps(about, ensure_ascii=False)},']
    lines += [f" {json.dumps(k)}: {_number(v)}," for k, v in body.items()]
    lines.append(' "weights": {')
    items = [f"  {json.dumps(k, ensure_ascii=False)}: {_number(v)}" for k, v in weights.items()]
    lines.append(",\n".join(items))
    lines += [" }", "}", ""]
    path.write_text("\n".join(lines), encoding="utf-8")


def _number(value: Any) -> str:
    """A value as JSON, refusing NaN and infinities (a diverged training), which JSON has not."""
    return json.dumps(value, ensure_ascii=False, allow_nan=False)
