"""Words to the coach at a step that are not a statement to coach: "this really is my feeling"
(the override that /help promises, as the button is), "what should I say here?" (a wish for
help, answered with an example rather than "that's a question"), and "ok" / "yes, send it" after
the coach offered a version of their statement (taken as the Send button).

Both are read from short messages only, as runs of normalised words: in a longer message the
same words belong to a statement ("i don't know what to say to my dad, i feel stuck"). The
phrases are content (coach.yaml, `asides`).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum

from .checkin import any_phrase_in


class Aside(StrEnum):
    OVERRIDE = "override"
    HELP = "help"
    ACCEPT = "accept"


# Words a message may hold beyond the phrase itself: "ok but this really is my feeling tbh" is
# the override; "ok" is a yes only nearly alone ("ok send it"): "ok i feel sad" is a statement.
SLACK = {Aside.OVERRIDE: 4, Aside.HELP: 4, Aside.ACCEPT: 1}


@dataclass(frozen=True)
class AsidePhrases:
    override: tuple[tuple[str, ...], ...]
    help: tuple[tuple[str, ...], ...]
    accept: tuple[tuple[str, ...], ...]


def read_aside(words: Sequence[str], phrases: AsidePhrases) -> Aside | None:
    said = [w for w in words if w.isalnum()]
    known_by = {
        Aside.OVERRIDE: phrases.override,
        Aside.HELP: phrases.help,
        Aside.ACCEPT: phrases.accept,
    }
    for aside, known in known_by.items():
        fits = [p for p in known if len(said) <= len(p) + SLACK[aside]]
        if fits and any_phrase_in(said, tuple(fits)):
            return aside
    return None
