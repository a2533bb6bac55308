"""One pass over a statement's words for both small models: the danger model's word sum and the
coaching model's two.

Each model can sum its own words (DangerModel.score, CoachingModel.weigh, which the trainers'
tests hold equal to the features they train on), but both run on nearly every statement, and
two loops over the same words, each looking every word up in its own table, cost a tenth of the
analyzer's time. Here the two tables are merged at load, so each word is looked up once for
both, and the sums are handed to the models: the same numbers, a third less time (a test holds
them equal to the models' own).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Final

from .coaching_model import CoachingModel, Pair
from .danger_model import DangerModel
from .tokens import TokenKind

if TYPE_CHECKING:
    from .reading import Reading

_WORD: Final = TokenKind.WORD
# word -> (the danger model's weight alone, the pairs it opens there; the coaching model's)
_Entry = tuple[float | None, dict[str, float] | None, Pair | None, dict[str, Pair] | None]


class WordWeights:
    def __init__(self, danger: DangerModel | None, coaching: CoachingModel | None) -> None:
        danger_words = danger.words if danger is not None else {}
        coaching_words = coaching.words if coaching is not None else {}
        self.table: dict[str, _Entry] = {}
        for word in danger_words.keys() | coaching_words.keys():
            alone, pairs = danger_words.get(word, (None, None))
            coached, coached_pairs = coaching_words.get(word, (None, None))
            self.table[word] = (alone, pairs, coached, coached_pairs)

    def sums(self, r: Reading) -> tuple[float, Pair]:
        """The danger model's sum over the statement's words and pairs (each once), and the
        coaching model's two (each as often as said), without the bias or the rules."""
        known = self.table.get
        danger = judged = softened = 0.0
        seen_words: set[str] = set()
        seen_pairs: set[tuple[str, str]] = set()
        pairs: dict[str, float] | None = None  # the pairs the word before opens, per model
        coached_pairs: dict[str, Pair] | None = None
        previous = ""
        words, kinds = r.words, r.tokens.kinds
        for i in range(len(words)):  # by index: what the compiled build makes fastest
            if kinds[i] is not _WORD:
                continue
            word = words[i]
            if pairs is not None:
                weight = pairs.get(word)
                if weight is not None and (previous, word) not in seen_pairs:
                    seen_pairs.add((previous, word))
                    danger += weight
            if coached_pairs is not None:
                both = coached_pairs.get(word)
                if both is not None:
                    judged += both[0]
                    softened += both[1]
            previous = word
            entry = known(word)
            if entry is None:  # most words weigh nothing in either model
                pairs = coached_pairs = None
                continue
            alone, pairs, coached, coached_pairs = entry
            if coached is not None:
                judged += coached[0]
                softened += coached[1]
            if alone is not None and word not in seen_words:
                seen_words.add(word)
                danger += alone
        return danger, (judged, softened)
