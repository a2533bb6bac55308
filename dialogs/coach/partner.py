"""Reading the answer to "who will you practise with in mind?": a name, "someone close", or no
one. People answer the way they talk ("my gf jess", "prob my mum", "i dont really have anyone"),
so the answer is read, not stored as typed. The phrases are content (coach.yaml,
`partner_answers`); this module only says how they are used.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum

from .checkin import any_phrase_in

MAX_NAME_WORDS = 3  # "Mary Ann", "Jean Luc", "Anna Maria Lopez"


class Kind(StrEnum):
    NAME = "name"  # a first name, or "your mum"
    SOMEONE = "someone"  # someone close, unnamed
    NO_ONE = "no_one"  # nobody yet: the last step is about whoever they would like to be closer to
    UNCLEAR = "unclear"  # no word at all ("🙂"): asked again, with the button


@dataclass(frozen=True)
class PartnerPhrases:
    """Each phrase as a tuple of normalised words; relations and openers as single words."""

    no_one: tuple[tuple[str, ...], ...]
    someone: tuple[tuple[str, ...], ...]
    openers: frozenset[str]  # "my", "probably", "its": words before the name
    owners: frozenset[str]  # "my", "me" ("me mum"): the relation is the speaker's
    greetings: tuple[tuple[str, ...], ...]  # "hi", "hey there": no name, asked again
    relations: frozenset[str]  # "gf", "mum", "bestie": who they are to the speaker
    possessive: str  # how "my" is said back to them ("your")


@dataclass(frozen=True)
class PartnerAnswer:
    kind: Kind
    name: str = ""


def read_partner(raw: str, words: Sequence[str], phrases: PartnerPhrases) -> PartnerAnswer:
    """`raw` as typed (names keep their letters), `words` as the analyzer normalises it."""
    said = tuple(w for w in words if w.isalnum())
    if any_phrase_in(said, phrases.no_one):
        return PartnerAnswer(Kind.NO_ONE)
    if not said or said in phrases.greetings:  # "🙂", "hi": no name given yet
        return PartnerAnswer(Kind.UNCLEAR)
    if said in phrases.someone:
        return PartnerAnswer(Kind.SOMEONE)
    typed = [t.strip(".,!?;:\"'()") for t in raw.split()]
    typed = [t for t in typed if t]
    while typed and typed[0].casefold() in phrases.openers | phrases.owners:
        typed.pop(0)
    relation = [t for t in typed if t.casefold() in phrases.relations]
    names = [t for t in typed if t.casefold() not in phrases.relations]
    if len(names) > MAX_NAME_WORDS:  # "i study nursing part time": a sentence, not a name
        return PartnerAnswer(Kind.UNCLEAR)
    if names:  # "my gf jess" -> Jess
        return PartnerAnswer(Kind.NAME, " ".join(_capitalised(n) for n in names))
    if relation:  # "my mum", or just "Dad" -> your mum, your dad: theirs either way
        relative = " ".join(t.casefold() for t in relation)
        return PartnerAnswer(Kind.NAME, f"{phrases.possessive} {relative}")
    return PartnerAnswer(Kind.SOMEONE)


def _capitalised(name: str) -> str:
    """ "jess" -> "Jess"; a name typed with capitals keeps them ("McKenzie", "JJ")."""
    return name[:1].upper() + name[1:] if name.islower() else name
