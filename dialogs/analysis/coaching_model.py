"""A small linear model that weighs what the coaching rules found, and hears what they missed.

The rules in feelings.py, judgments.py, thoughts.py and softening.py read a statement by its
grammar and its word classes. People write judgments and softening in more shapes than any rule
foresees ("my aunts r vultures", "well thats just great isnt it"), and a rule sometimes fires
where a careful coach would not. This model is a logistic regression per family of issue (a
thought or judgment dressed as a feeling; sugar-coating) over the statement's words, its word
pairs, the kinds the rules found and the level they read, trained on Closer's own labelled
statements (`python -m tools.train_coaching` writes content/en/lexicon/coaching_model.json, with
thresholds chosen by cross-validation). Measured on held-out sets it never saw, it raised the
F1 of both families on every one (README, "The coaching model").

Its verdict, for English statements with no danger in them:
- the rules found the family and the score is above `drop`: it stands (below, it is dropped);
- the rules did not and the score is above `add`: it is raised, quoting the words that weighed
  most for it, so every finding still names its words.
Deterministic (fixed weights) and fast: a dictionary look-up per word and per pair, once for
both families.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from enum import IntEnum
from pathlib import Path
from typing import TYPE_CHECKING, Any, Final

from .tokens import TokenKind

if TYPE_CHECKING:  # the lexicon loads this module, and the Reading module loads the lexicon
    from .reading import Reading

RULE = "rule:"  # "rule:judgment": the rules found that kind
LEVEL = "level:"  # "level:self": the level the rules read
_WORD: Final = TokenKind.WORD


class Family(IntEnum):
    """The families the model weighs, in the order of its weights' pairs."""

    JUDGED = 0  # a thought or a judgment dressed as a feeling
    SOFTENED = 1  # sugar-coating


Pair = tuple[float, float]  # a weight or a score for each Family, in its order


@dataclass(frozen=True)
class CoachingModel:
    bias: Pair
    weights: dict[str, Pair]  # a word, two words joined by a space, RULE + a kind, LEVEL + a level
    stop: frozenset[str]  # words too common to weigh alone (they still count in pairs)
    add: Pair  # a family the rules missed is raised above it
    drop: Pair  # a family the rules found stands above it
    # every word the weights know: (its weights alone, or None; the pairs it opens, or None)
    words: dict[str, tuple[Pair | None, dict[str, Pair] | None]] = field(
        default_factory=dict, repr=False, compare=False
    )
    by_rule: dict[str, Pair] = field(default_factory=dict, repr=False, compare=False)
    by_level: dict[str, Pair] = field(default_factory=dict, repr=False, compare=False)

    def __post_init__(self) -> None:
        after: dict[str, dict[str, Pair]] = {}
        for feature, weight in self.weights.items():
            first, _, second = feature.partition(" ")
            if second and not feature.startswith((RULE, LEVEL)):
                after.setdefault(first, {})[second] = weight
        singles = {f for f in self.weights if " " not in f and not f.startswith((RULE, LEVEL))}
        for word in singles | after.keys():  # the words a token can be
            alone = None if word in self.stop else self.weights.get(word)
            self.words[word] = (alone, after.get(word))
        for feature, weight in self.weights.items():
            if feature.startswith(RULE):
                self.by_rule[feature.removeprefix(RULE)] = weight
            elif feature.startswith(LEVEL):
                self.by_level[feature.removeprefix(LEVEL)] = weight

    def features(self, r: Reading) -> list[tuple[str, int, int]]:
        """Each word feature with the token span it stands on: every word not in `stop`, and
        every pair of neighbouring words. (`weigh` sums the same features without this list.)"""
        out: list[tuple[str, int, int]] = []
        words, kinds = r.words, r.tokens.kinds
        previous = -1
        for i in range(len(words)):
            if kinds[i] is not TokenKind.WORD:
                continue
            if previous >= 0:
                out.append((f"{words[previous]} {words[i]}", previous, i + 1))
            if words[i] not in self.stop:
                out.append((words[i], i, i + 1))
            previous = i
        return out

    def weigh(
        self, r: Reading, found: Iterable[str], level: str, words: Pair | None = None
    ) -> Pair:
        """Both families' scores: the same sums as over `features` and the rule and level
        features, in one pass that builds no strings (a test holds them equal). A word or a
        pair said twice counts twice, as in training; `words`, when the words were summed
        already. Where the words that weighed most stand is asked only of a family raised
        (`heaviest`): most statements raise none."""
        judged, softened = self.bias
        for name in found:
            weight = self.by_rule.get(name)
            if weight is not None:
                judged += weight[0]
                softened += weight[1]
        weight = self.by_level.get(level)
        if weight is not None:
            judged += weight[0]
            softened += weight[1]
        if words is not None:  # summed already, with the danger model's (word_weights.py)
            return judged + words[0], softened + words[1]
        known = self.words.get
        following: dict[str, Pair] | None = None
        for word, kind in zip(r.words, r.tokens.kinds, strict=False):
            if kind is not _WORD:
                continue
            if following is not None:
                weight = following.get(word)
                if weight is not None:
                    judged += weight[0]
                    softened += weight[1]
            entry = known(word)
            if entry is None:
                following = None
                continue
            alone, following = entry
            if alone is not None:
                judged += alone[0]
                softened += alone[1]
        return judged, softened

    def heaviest(self, r: Reading, family: Family) -> tuple[int, int] | None:
        """The token span of the word or pair that pushed the family's score up most."""
        known = self.words.get
        kinds, words = r.tokens.kinds, r.words
        best, span = 0.0, None
        following: dict[str, Pair] | None = None
        previous_at = -1
        for i in range(len(words)):
            if kinds[i] is not _WORD:
                continue
            if following is not None:
                weight = following.get(words[i])
                if weight is not None and weight[family] > best:
                    best, span = weight[family], (previous_at, i + 1)
            previous_at = i
            entry = known(words[i])
            if entry is None:
                following = None
                continue
            alone, following = entry
            if alone is not None and alone[family] > best:
                best, span = alone[family], (i, i + 1)
        return span


def load_model(path: Path) -> CoachingModel | None:
    """The trained model, or None where a pack has none."""
    if not path.exists():
        return None
    data = json.loads(path.read_text(encoding="utf-8"))
    return CoachingModel(
        bias=_pair(data["bias"]),
        weights={str(k): _pair(v) for k, v in data["weights"].items()},
        stop=frozenset(str(w) for w in data["stop"]),
        add=_pair(data["add"]),
        drop=_pair(data["drop"]),
    )


def _pair(value: Any) -> Pair:
    """A pair of numbers from the file: [judged, softened]."""
    if not isinstance(value, list) or len(value) != len(Family):
        raise ValueError(f"expected a pair of numbers, got {value!r}")
    return float(value[0]), float(value[1])
