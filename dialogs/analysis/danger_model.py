"""A small linear model of danger said sideways: the safety floor's second reader.

The rules in danger.py read danger by meaning where its shape is known; people also write it in
shapes no rule foresaw ("found a spot in the woods where nobody would find me"). This model is a
logistic regression over the statement's words and word pairs, trained on Closer's own labelled
statements (tools/train_danger.py writes content/en/lexicon/danger_model.yaml). It only ever
raises a `concern` (a check-in, never a stop), and names the words that weighed most.

Deterministic (fixed weights), fast (a dictionary look-up per word and per pair), and small.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import yaml

from .tokens import TokenKind

if TYPE_CHECKING:  # the lexicon loads this module, and the Reading module loads the lexicon
    from .reading import Reading


@dataclass(frozen=True)
class DangerModel:
    bias: float
    threshold: float  # a statement scoring above it is a concern
    weights: dict[str, float]  # a word, or two words joined by a space
    stop: frozenset[str]  # words too common to weigh alone (they still count in pairs)

    def features(self, r: Reading) -> list[tuple[str, int, int]]:
        """Each feature with the token span it stands on: every word not in `stop`, and every
        pair of neighbouring words (punctuation and emoji do not weigh, and do not part a pair)."""
        out: list[tuple[str, int, int]] = []
        stop = self.stop
        words, kinds = r.words, r.tokens.kinds
        previous = -1
        for i in range(len(words)):
            if kinds[i] is not TokenKind.WORD:
                continue
            word = words[i]
            if previous >= 0:
                out.append((f"{words[previous]} {word}", previous, i + 1))
            if word not in stop:
                out.append((word, i, i + 1))
            previous = i
        return out

    def concern(self, r: Reading) -> tuple[int, int] | None:
        """The span of the heaviest feature, when the statement scores above the threshold."""
        weights = self.weights
        score = self.bias
        best: tuple[float, int, int] | None = None
        seen: set[str] = set()  # each feature counts once, as in training
        for feature, start, end in self.features(r):
            weight = weights.get(feature)
            if weight is None or feature in seen:
                continue
            seen.add(feature)
            score += weight
            if best is None or weight > best[0]:
                best = (weight, start, end)
        if score <= self.threshold or best is None or best[0] <= 0:
            return None
        return best[1], best[2]


def load_model(path: Path) -> DangerModel | None:
    """The trained model, or None where a pack has none."""
    if not path.exists():
        return None
    data = yaml.load(path.read_text(encoding="utf-8"), Loader=_LOADER)
    return DangerModel(
        bias=float(data["bias"]),
        threshold=float(data["threshold"]),
        weights={str(k): float(v) for k, v in data["weights"].items()},
        stop=frozenset(str(w) for w in data["stop"]),
    )


_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # a large file of numbers: load it fast
