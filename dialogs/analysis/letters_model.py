"""A small model that hears danger in the other languages by the letters of their words.

The other languages' packs (content/<code>/danger.yaml) are rules over listed words, written by a
non-native author: each new writer brings inflections, spellings and phrasings no list holds
("морить себя голодом", "ya no aguanto mas", "jeena nahi chahti"), and on sets written apart
they heard six to eight dangers in ten. A language's stems carry its meaning across those forms
(умер-, morir-, sterb-, मर-), so this model weighs the letter sequences inside words: every
run of three to five letters of each word, marked at its edges, lower case, accents dropped
(chat often leaves them out). It is a logistic regression trained on Closer's own labelled
statements in those languages (`python -m tools.train_letters` writes
content/languages/danger_letters.json, its threshold chosen by cross-validation).

It only adds: on a statement in another language, of four words or more, that no rule found
danger in, a score above `hear` asks whether the person is safe (a concern), quoting the word
that weighed most. It never stops, and never silences a rule. English has its own model
(danger_model.py), over words. Deterministic (fixed weights), and fast enough to run on every
statement in another language: a dictionary look-up per letter sequence.
"""

from __future__ import annotations

import json
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

SIZES = (3, 4, 5)  # the lengths of the letter sequences weighed
# Fewer words than this are too little to judge by letters: a walk found "main theek hoon" ("I'm
# fine", in Hinglish) heard as danger, as the answer to "are you safe?". Short danger ("хочу
# умереть") is the packs' rules' to hear.
MIN_WORDS = 4


@lru_cache(maxsize=8192)
def letter_runs(word: str) -> tuple[str, ...]:
    """The letter sequences of one word, each once: "<mor", "mori", "orir>"... A word is read
    lower case, without accents, and only its letters and digits count."""
    plain = unicodedata.normalize("NFKD", word.lower())
    kept = "".join(c for c in plain if c.isalnum() and not unicodedata.combining(c))
    if not kept:
        return ()
    marked = f"<{kept}>"
    runs = dict.fromkeys(marked[i : i + n] for n in SIZES for i in range(len(marked) - n + 1))
    return tuple(runs)


def bare(word: str) -> str:
    """A word as the packs' `markers` list it: lower case, only its letters and digits."""
    return "".join(c for c in word.lower() if c.isalnum())


def features(text: str, skip: frozenset[str] = frozenset()) -> set[str]:
    """Every letter sequence of every word of a text, once (what the trainer counts); not of
    the words in `skip`: the languages' common function words ("tout", "jamais", "mehr"), which
    tell the language, not the meaning, and made ordinary messages weigh as danger ("on se voit
    demain soir pour le dîner")."""
    out: set[str] = set()
    for _start, word in _weighed_words(text, skip):
        out.update(letter_runs(word))
    return out


def _weighed_words(text: str, skip: frozenset[str]) -> Iterator[tuple[int, str]]:
    """Each word of a text that is weighed, with where it starts: every one not in `skip`."""
    at = 0
    for word in text.split():
        start = text.find(word, at)
        at = start + len(word)
        if bare(word) not in skip:
            yield start, word


def judges(text: str) -> bool:
    """Whether a text is long enough to be judged by its letters at all (MIN_WORDS)."""
    return len(text.split()) >= MIN_WORDS


@dataclass(frozen=True)
class LettersModel:
    bias: float
    weights: dict[str, float]
    hear: float  # a statement no rule caught must score above it to ask
    skip: frozenset[str] = frozenset()  # words not weighed (see `features`)

    def score(self, text: str) -> float:
        """The model's sum (a logit) over the text's letter sequences."""
        get = self.weights.get
        return self.bias + sum(get(run, 0.0) for run in features(text, self.skip))

    def hears(self, text: str) -> bool:
        return judges(text) and self.score(text) > self.hear

    def heaviest_word(self, text: str) -> tuple[int, int] | None:
        """The character span of the word whose letter sequences weigh most toward danger."""
        get = self.weights.get
        best_weight, best = 0.0, None
        for start, word in _weighed_words(text, self.skip):
            weight = sum(get(run, 0.0) for run in letter_runs(word))
            if weight > best_weight:
                best_weight, best = weight, (start, start + len(word))
        return best


def load_letters_model(path: Path, skip: frozenset[str] = frozenset()) -> LettersModel | None:
    """The trained model, or None when there is none; `skip`: the words it was trained to pass
    over (the packs' markers)."""
    if not path.exists():
        return None
    data = json.loads(path.read_text(encoding="utf-8"))
    return LettersModel(
        bias=float(data["bias"]),
        weights={str(k): float(v) for k, v in data["weights"].items()},
        hear=float(data["hear"]),
        skip=frozenset(bare(w) for w in skip),
    )
