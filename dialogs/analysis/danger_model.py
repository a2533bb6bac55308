"""A small linear model that weighs what the danger rules found, and hears what they missed.

The rules in danger.py read danger by meaning where its shape is known. They are also wrong in
ways a list of exceptions never ends: "goodbye old sofa" is a farewell in form, and people write
danger in shapes no rule foresaw ("found a spot in the woods where nobody would find me"). This
model is a logistic regression over the statement's words, its word pairs, and the names of the
rules that fired, trained on Closer's own labelled statements (`python -m tools.train_danger`
writes content/en/lexicon/danger_model.json, with thresholds chosen by cross-validation).

Its verdict, for English (other languages' rules stand as they are):
- a crisis rule stays a crisis when the model agrees (score above `halt`), else it asks (concern):
  a doubtful stop becomes a check-in, never silence (a phrase listed as clear danger alone, the
  `crisis:` list of a danger file, is never doubted);
- a concern rule stands when the score is above `keep`;
- with no rule, a score above `hear` is a concern.
Deterministic (fixed weights) and fast: a dictionary look-up per word, per pair and per rule.
(The danger concepts as features were tried too: they cost speed and heard no more.)
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Final

from .model import IssueKind
from .tokens import TokenKind

if TYPE_CHECKING:  # the lexicon loads this module, and the Reading module loads the lexicon
    from .reading import Reading

# A rule's feature: "rule:crisis/crisis:en:wish+en:die". No word holds a colon, so a word pair
# ("rule took") never reads as a rule.
RULE = "rule:"
# read on every statement, bound once (an Enum member read from its class is slow on 3.11)
_WORD: Final = TokenKind.WORD
_CRISIS: Final = IssueKind.CRISIS
_CONCERN: Final = IssueKind.CONCERN


@dataclass(frozen=True)
class DangerModel:
    bias: float
    weights: dict[str, float]  # a word, two words joined by a space, or RULE + a rule's name
    stop: frozenset[str]  # words too common to weigh alone (they still count in pairs)
    halt: float  # a crisis rule's statement must score above it to stop
    keep: float  # a concern rule's statement must score above it to ask
    hear: float  # a statement no rule caught must score above it to ask
    # every word the weights know, as (its weight alone, or None for a stop word or a word that
    # only opens pairs; the weights of the pairs it opens, by second word, or None): `score`
    # looks each word up once and builds no "a b" strings
    words: dict[str, tuple[float | None, dict[str, float] | None]] = field(
        default_factory=dict, repr=False, compare=False
    )

    def __post_init__(self) -> None:
        after: dict[str, dict[str, float]] = {}
        for feature, weight in self.weights.items():
            first, _, second = feature.partition(" ")
            if second and not feature.startswith(RULE):
                after.setdefault(first, {})[second] = weight
        for word in self.weights.keys() | after.keys():
            alone = None if word in self.stop else self.weights.get(word)
            self.words[word] = (alone, after.get(word))

    def features(self, r: Reading) -> list[tuple[str, int, int]]:
        """Each word feature with the token span it stands on: every word not in `stop`, and
        every pair of neighbouring words (punctuation and emoji do not weigh, nor part a pair).
        (`score` sums the same features without building this list.)"""
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

    def score(self, r: Reading, fired: Iterable[str], words: float | None = None) -> float:
        """The score: the same sum as over `features` and the rules that fired (each once), in
        one pass that builds no list of names, since it runs on nearly every statement (a test
        holds the two equal); `words`, when the words were summed already. Where the heaviest
        feature stands is asked only when the model alone raises a concern (`heaviest`): most
        statements, never."""
        get = self.weights.get
        total = self.bias
        for name in set(fired):
            total += get(RULE + name, 0.0)
        if words is not None:  # summed already, with the coaching model's (word_weights.py)
            return total + words
        known = self.words.get
        seen_words: set[str] = set()
        seen_pairs: set[tuple[str, str]] = set()
        following: dict[str, float] | None = None  # the pairs that start with the word before
        previous = ""
        said, kinds = r.words, r.tokens.kinds
        for i in range(len(said)):
            if kinds[i] is not _WORD:
                continue
            word = said[i]
            if following is not None:
                weight = following.get(word)
                if weight is not None and (previous, word) not in seen_pairs:
                    seen_pairs.add((previous, word))
                    total += weight
            previous = word
            entry = known(word)
            if entry is None:  # most words weigh nothing, alone or as the first of a pair
                following = None
                continue
            alone, following = entry
            if alone is None or word in seen_words:
                continue
            seen_words.add(word)
            total += alone
        return total

    def heaviest(self, r: Reading) -> tuple[int, int] | None:
        """The token span of the feature that pushed the score up most (its first place)."""
        known = self.words.get
        best_weight, best = 0.0, None
        following: dict[str, float] | None = None
        previous_at = -1
        for i, (word, kind) in enumerate(zip(r.words, r.tokens.kinds, strict=False)):
            if kind is not _WORD:
                continue
            if following is not None:
                weight = following.get(word)
                if weight is not None and weight > best_weight:
                    best_weight, best = weight, (previous_at, i + 1)
            previous_at = i
            entry = known(word)
            if entry is None:
                following = None
                continue
            alone, following = entry
            if alone is not None and alone > best_weight:
                best_weight, best = alone, (i, i + 1)
        return best

    def verdict(
        self, by_rules: IssueKind | None, score: float, certain: bool = False
    ) -> IssueKind | None:
        """What the statement raises, from the rules' strongest finding and the score. A
        phrase that is clear danger alone (`certain`) is never doubted."""
        if certain:
            return _CRISIS
        if by_rules is _CRISIS:
            return _CRISIS if score > self.halt else _CONCERN
        if by_rules is _CONCERN:
            return _CONCERN if score > self.keep else None
        return _CONCERN if score > self.hear else None


def load_model(path: Path) -> DangerModel | None:
    """The trained model, or None where a pack has none."""
    if not path.exists():
        return None
    data = json.loads(path.read_text(encoding="utf-8"))
    return DangerModel(
        bias=float(data["bias"]),
        weights={str(k): float(v) for k, v in data["weights"].items()},
        stop=frozenset(str(w) for w in data["stop"]),
        halt=float(data["halt"]),
        keep=float(data["keep"]),
        hear=float(data["hear"]),
    )
