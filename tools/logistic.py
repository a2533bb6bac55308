"""Logistic regression by stochastic gradient descent over sets of named features: the trainer
of both of the analyzer's small models (tools.train_danger, tools.train_coaching).

Our own rather than scikit-learn's: the models are a few thousand sparse string features with
one weight each, trained in seconds, and the weights must be written as plain YAML the analyzer
reads without numpy; a dependency the size of scikit-learn for twenty lines was not worth it.
Deterministic: a fixed seed and order.
"""

from __future__ import annotations

import math
import random
from collections.abc import Collection, Sequence


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
