"""A word's inflections (die -> dies, died, dying), from lemminflect's tables, so a lexicon lists
lemmas and still matches what people type. Used only while the lexicon loads (and `is_english`
by the speller, memoised): a statement costs nothing more, since every form is already in the
phrase index.
"""

from __future__ import annotations

from functools import cache

from lemminflect import (  # type: ignore[import-untyped]
    getAllInflections,
    getAllInflectionsOOV,
    getAllLemmas,
)

# Penn tags of the forms worth matching: nouns' plurals, verbs' tenses and participles.
_TAGS = frozenset({"NN", "NNS", "VB", "VBD", "VBG", "VBN", "VBP", "VBZ"})
PAST_TAGS = frozenset({"VBD"})
FINITE_TAGS = frozenset({"VBD", "VBZ"})  # a verb with a tense: "cooked", "hides"


@cache
def forms(word: str) -> tuple[str, ...]:
    """The word and its inflections, the word first. A word lemminflect does not know as a
    lemma (a pronoun, a form already inflected) gives only itself."""
    found = [word]
    for tag, spelled in getAllInflections(word).items():
        if tag in _TAGS:
            found.extend(f for f in spelled if f not in found)
    return tuple(found)


@cache
def verb_forms(verb: str) -> dict[str, tuple[str, ...]]:
    """A verb's forms by Penn tag ("scare" -> VBZ: scares, VBD: scared, ...), the verb as VB."""
    known = getAllInflections(verb, upos="VERB") or getAllInflectionsOOV(verb, upos="VERB")
    out = {tag: tuple(spelled) for tag, spelled in known.items()}
    out.setdefault("VB", (verb,))
    return out


@cache
def plurals(noun: str) -> tuple[str, ...]:
    """A noun's plural forms ("liar" -> liars) and an adjective's degrees ("flaky" -> flakier,
    flakiest); none for a word that is neither."""
    plural = [f for f in getAllInflections(noun, upos="NOUN").get("NNS", ()) if f != noun]
    tags = word_tags(noun)
    if not plural and noun.isalpha() and ("NOUN" in tags or not tags):
        # a noun the table has no plural for ("snob", "douchebag"): the regular rules
        plural = [f for f in getAllInflectionsOOV(noun, upos="NOUN").get("NNS", ()) if f != noun]
    found = [*plural, *degrees(noun)]
    return tuple(f for f in dict.fromkeys(found) if f != noun)


@cache
def degrees(adjective: str) -> tuple[str, ...]:
    """An adjective's comparative and superlative ("happy" -> happier, happiest), when the
    table knows them; none for words compared with "more" ("anxious")."""
    found = getAllInflections(adjective, upos="ADJ")
    return tuple(f for tag in ("JJR", "JJS") for f in found.get(tag, ()) if f != adjective)


@cache
def is_english(word: str) -> bool:
    """Whether lemminflect's dictionary knows the word as an English word in any form."""
    return bool(getAllLemmas(word))


@cache
def word_tags(word: str) -> frozenset[str]:
    """What a word can be: Penn tags for its verb forms (VB, VBD, VBG, …), coarse parts of speech
    (NOUN, ADJ, ADV, …) for the rest. Empty for a word the dictionary does not know."""
    out: set[str] = set()
    for upos, lemmas in getAllLemmas(word).items():
        if upos not in ("VERB", "AUX"):
            out.add(upos)
            continue
        for lemma in lemmas:
            for tag, spelled in getAllInflections(lemma, upos="VERB").items():
                if word in spelled:
                    out.add(tag)
    return frozenset(out)


@cache
def superlative(word: str) -> bool:
    """Whether the word is an adjective's superlative ("happiest", "saddest")."""
    return any(
        word in getAllInflections(lemma, upos="ADJ").get("JJS", ())
        for lemma in getAllLemmas(word).get("ADJ", ())
    )


@cache
def plural_noun(word: str) -> bool:
    """Whether the word is a noun's plural ("parents", "friends"): a noun whose lemma differs."""
    return any(lemma != word for lemma in getAllLemmas(word).get("NOUN", ()))
