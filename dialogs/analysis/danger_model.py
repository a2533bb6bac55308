"""A small linear model that weighs what the danger rules found, and hears what they missed.

The rules in danger.py read danger by meaning where its shape is known. They are also wrong in
ways a list of exceptions never ends: "goodbye old sofa" is a farewell in form, and people write
danger in shapes no rule foresaw ("found a spot in the woods where nobody would find me"). This
model is a logistic regression over the statement's words, its word pairs, and the names of the
rules that fired, trained on Closer's own labelled statements (`python -m tools.train_danger`
writes content/en/lexicon/danger_model.yaml, with thresholds chosen by cross-validation).

Its verdict, for English (other languages' rules stand as they are):
- a crisis rule stays a crisis when the model agrees (score above `halt`), else it asks (concern):
  a doubtful stop becomes a check-in, never silence (a phrase listed as clear danger alone, the
  `crisis:` list of a danger file, is never doubted);
- a concern rule stands when the score is above `keep`;
- with no rule, a score above `hear` is a concern.
Deterministic (fixed weights) and fast: a dictionary look-up per word, per pair and per rule.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import yaml

from .model import IssueKind
from .tokens import TokenKind

if TYPE_CHECKING:  # the lexicon loads this module, and the Reading module loads the lexicon
    from .reading import Reading

RULE = "rule "  # a rule's feature: "rule crisis/crisis:en:wish+en:die"
CONCEPT = "c "  # a concept's feature ("c en:means"), or two in a sentence ("c en:means&en:prepare")


@dataclass(frozen=True)
class DangerModel:
    bias: float
    weights: dict[str, float]  # a word, two words joined by a space, or RULE + a rule's name
    stop: frozenset[str]  # words too common to weigh alone (they still count in pairs)
    halt: float  # a crisis rule's statement must score above it to stop
    keep: float  # a concern rule's statement must score above it to ask
    hear: float  # a statement no rule caught must score above it to ask

    def features(
        self, r: Reading, concepts: Sequence[tuple[str, int, int, bool]]
    ) -> list[tuple[str, int, int]]:
        """Each feature with the token span it stands on: every word not in `stop`; every pair
        of neighbouring words (punctuation and emoji do not weigh, nor part a pair); every
        danger concept or role found (name, span, and whether it is a role), and every two
        concepts (not roles) found in one sentence, so the model reads meaning as the rules do,
        with softer joins."""
        out: list[tuple[str, int, int]] = []
        found: list[tuple[str, int, int, int, bool]] = []  # name, start, end, sentence, role
        for name, start, end, role in concepts:
            out.append((CONCEPT + name, start, end))
            found.append((name, start, end, r.sentence_of[start], role))
        for i, (a, a0, a1, sa, ra) in enumerate(found):
            for b, b0, b1, sb, rb in found[i + 1 :]:
                if sa == sb and not (ra or rb) and a != b and (a1 <= b0 or b1 <= a0):
                    first, second = sorted((a, b))
                    out.append((f"{CONCEPT}{first}&{second}", min(a0, b0), max(a1, b1)))
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

    def score(
        self, r: Reading, fired: Iterable[str], concepts: Sequence[tuple[str, int, int, bool]]
    ) -> tuple[float, tuple[int, int] | None]:
        """The score, and the span of the heaviest word feature that pushed it up."""
        weights = self.weights
        total = self.bias
        for name in set(fired):
            total += weights.get(RULE + name, 0.0)
        best: tuple[float, int, int] | None = None
        seen: set[str] = set()  # each feature counts once, as in training
        for feature, start, end in self.features(r, concepts):
            weight = weights.get(feature)
            if weight is None or feature in seen:
                continue
            seen.add(feature)
            total += weight
            if weight > 0 and (best is None or weight > best[0]):
                best = (weight, start, end)
        return total, None if best is None else (best[1], best[2])

    def verdict(self, by_rules: IssueKind | None, score: float) -> IssueKind | None:
        if by_rules is IssueKind.CRISIS:
            return IssueKind.CRISIS if score > self.halt else IssueKind.CONCERN
        if by_rules is IssueKind.CONCERN:
            return IssueKind.CONCERN if score > self.keep else None
        return IssueKind.CONCERN if score > self.hear else None


def load_model(path: Path) -> DangerModel | None:
    """The trained model, or None where a pack has none."""
    if not path.exists():
        return None
    data = yaml.load(path.read_text(encoding="utf-8"), Loader=_LOADER)
    return DangerModel(
        bias=float(data["bias"]),
        weights={str(k): float(v) for k, v in data["weights"].items()},
        stop=frozenset(str(w) for w in data["stop"]),
        halt=float(data["halt"]),
        keep=float(data["keep"]),
        hear=float(data["hear"]),
    )


_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # a large file of numbers: load it fast
