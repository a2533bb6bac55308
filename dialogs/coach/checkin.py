"""Reading a typed answer to "are you safe right now?" as the buttons would: safe, not safe,
rather not say, or unclear. The phrases are content (coach.yaml, `safety_answers`), matched as
runs of normalised words, so "im ok", "I'm OK." and "i am ok" read alike.

Safety comes first in the order they are tried: any sign of "not safe" wins over a "safe" in the
same message ("im safe but not ok" is not safe), and "no" alone means not safe.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from enum import StrEnum


class Answer(StrEnum):
    SAFE = "safe"
    NOT_SAFE = "unsafe"
    RATHER_NOT = "rather_not"
    UNCLEAR = "unclear"


@dataclass(frozen=True)
class AnswerPhrases:
    """Each phrase as a tuple of normalised words."""

    not_safe: tuple[tuple[str, ...], ...]
    clearly_not_safe: tuple[tuple[str, ...], ...]  # "not safe" said in so many words
    safe: tuple[tuple[str, ...], ...]
    clearly_safe: tuple[tuple[str, ...], ...]  # "safe" said in so many words
    safe_of_oneself: tuple[tuple[str, ...], ...]  # "im ok": of oneself, not a nod
    joking: tuple[tuple[str, ...], ...]  # "it was a joke": to a check-in, a plain answer
    joke_asides: frozenset[str]  # what may stand beside it: a laugh, "relax", "omg"
    rather_not: tuple[tuple[str, ...], ...]
    no: tuple[tuple[str, ...], ...]  # a bare "no" / "nope": not safe, when nothing else is said
    yes: tuple[tuple[str, ...], ...]  # "yes", "yeah": to "are you safe?", a plain answer
    # "si", "да", "так", "haan": a yes only as the whole answer ("да нет" is "no")
    yes_alone: tuple[tuple[str, ...], ...]
    negations: frozenset[str]  # "not in danger" is no sign of danger
    # after a sign of fear, what makes it a fear of speaking: "a bit scared saying it"
    speaking: frozenset[str] = frozenset()


def read_answer(words: Sequence[str], phrases: AnswerPhrases) -> Answer:
    said = [w for w in words if w.isalnum()]
    sign = _sign_of_danger(said, phrases)
    if sign is Answer.NOT_SAFE:
        return Answer.NOT_SAFE
    if sign is Answer.UNCLEAR:  # a fear of saying something: never read as "safe"; asked again
        return Answer.UNCLEAR
    taken_back = _taken_back(said, phrases)
    if taken_back is not None:  # "yes... actually no" is a no; "yes i am not" is unclear
        return taken_back
    if any_phrase_in(said, phrases.safe, unless_after=phrases.negations):  # not "not great"
        return Answer.SAFE
    if tuple(said) in phrases.yes_alone:
        return Answer.SAFE
    if any_phrase_in(said, phrases.rather_not):
        return Answer.RATHER_NOT
    if any_phrase_in(said, phrases.no):
        return Answer.NOT_SAFE
    return Answer.UNCLEAR


def _sign_of_danger(said: Sequence[str], phrases: AnswerPhrases) -> Answer | None:
    """NOT_SAFE when a sign of "not safe" stands in the answer, not after a negation ("not in
    danger"). A fear named in one word before the saying it is about ("i feel grateful, and a
    bit scared saying it": a fear of speaking, said to a partner) is UNCLEAR: no answer either
    way, so they are asked again; never read as safe ("scared to say what he does"). None when
    there is no sign."""
    feared = False
    for start, end in _runs(said, phrases.not_safe, phrases.negations):
        after = said[end : end + 2]
        if after[:1] == ["to"]:
            after = after[1:]
        if end - start == 1 and after and after[0] in phrases.speaking:
            feared = True
            continue
        return Answer.NOT_SAFE
    return Answer.UNCLEAR if feared else None


def said_yes(words: Sequence[str], phrases: AnswerPhrases) -> bool:
    """Whether the answer says "yes", and does not take it back: a yes word, or another
    language's yes as the whole answer or before a "fine"."""
    said = [w for w in words if w.isalnum()]
    if _taken_back(said, phrases) is not None:
        return False
    if tuple(said) in phrases.yes_alone:
        return True
    if said and (said[0],) in phrases.yes_alone:  # "oui ça va", "haan theek hoon": a yes that
        return any_phrase_in(said, phrases.safe, unless_after=phrases.negations)  # says "fine"
    return any_phrase_in(said, phrases.yes, unless_after=phrases.negations)


def _taken_back(said: Sequence[str], phrases: AnswerPhrases) -> Answer | None:
    """What a yes followed by a "no" or a "not" says, or None when none follows: a "no" takes
    it back ("yeah no", "yes... actually no": not safe), a "not" leaves it unclear ("yes i am
    not"). "yes, not in danger", "yes no worries" and "yes im fine" say "safe" after it."""
    firsts = {phrase[0] for phrase in phrases.yes}
    for i, w in enumerate(said):
        if w in firsts:
            rest = said[i + 1 :]
            if any_phrase_in(rest, phrases.safe, unless_after=phrases.negations):
                return None
            no_words = {phrase[0] for phrase in phrases.no if len(phrase) == 1}
            if any(r in no_words for r in rest):
                return Answer.NOT_SAFE
            if any(r in phrases.negations for r in rest):
                return Answer.UNCLEAR
            return None
    return None


def said_in_jest(words: Sequence[str], phrases: AnswerPhrases) -> bool:
    """Whether the answer says that it was a joke and nothing else but a laugh or a word of
    impatience: "lol it was a joke", "its a joke relax"; not "my life is just a joke", "he was
    just joking", "jk not" nor "it was a joke i guess"."""
    found = _phrase_run(words, phrases.joking)
    if found is None:
        return False
    start, end = found
    return all(w in phrases.joke_asides for w in (*words[:start], *words[end:]))


def any_phrase_in(
    words: Sequence[str],
    phrases: tuple[tuple[str, ...], ...],
    unless_after: frozenset[str] = frozenset(),
) -> bool:
    """Whether one of the phrases stands in the words as a run, not just after a negation."""
    return _phrase_run(words, phrases, unless_after) is not None


def _phrase_run(
    words: Sequence[str],
    phrases: tuple[tuple[str, ...], ...],
    unless_after: frozenset[str] = frozenset(),
) -> tuple[int, int] | None:
    """Where the first of the phrases (in their order) stands in the words as a run, not just
    after a negation: its first word and the word after its last; None when none does."""
    return next(_runs(words, phrases, unless_after), None)


def _runs(
    words: Sequence[str],
    phrases: tuple[tuple[str, ...], ...],
    unless_after: frozenset[str] = frozenset(),
) -> Iterator[tuple[int, int]]:
    """Every place one of the phrases stands in the words as a run, not just after a negation,
    phrase by phrase in their order: its first word and the word after its last."""
    n = len(words)
    for phrase in phrases:
        k = len(phrase)
        for i in range(n - k + 1):
            if tuple(words[i : i + k]) == phrase and not (i and words[i - 1] in unless_after):
                yield i, i + k
