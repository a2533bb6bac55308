"""A word's inflections (die -> dies, died, dying), from lemminflect's tables, so a lexicon lists
lemmas and still matches what people type. Used only while the lexicon loads: a statement costs
nothing more, since every form is already in the phrase index.
"""

from __future__ import annotations

from functools import cache

from lemminflect import getAllInflections  # type: ignore[import-untyped]

# Penn tags of the forms worth matching: nouns' plurals, verbs' tenses and participles.
_TAGS = frozenset({"NN", "NNS", "VB", "VBD", "VBG", "VBN", "VBP", "VBZ"})


@cache
def forms(word: str) -> tuple[str, ...]:
    """The word and its inflections, the word first. A word lemminflect does not know as a
    lemma (a pronoun, a form already inflected) gives only itself."""
    found = [word]
    for tag, spelled in getAllInflections(word).items():
        if tag in _TAGS:
            found.extend(f for f in spelled if f not in found)
    return tuple(found)
