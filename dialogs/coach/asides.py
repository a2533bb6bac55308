"""Words to the coach at a step that are not a statement to coach: "this really is my feeling"
(the override that /help promises, as the button is) and "what should I say here?" (a wish for
help, answered with an example rather than "that's a question").

Both are read from short messages only, as runs of normalised words: in a longer message the
same words belong to a statement ("i don't know what to say to my dad, i feel stuck"). The
phrases are content (coach.yaml, `asides`).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum

from .checkin import any_phrase_in

LONGEST_ASIDE = 4  # words beyond the phrase itself ("ok but this really is my feeling tbh")


class Aside(StrEnum):
    OVERRIDE = "override"
    HELP = "help"


@dataclass(frozen=True)
class AsidePhrases:
    override: tuple[tuple[str, ...], ...]
    help: tuple[tuple[str, ...], ...]


def read_aside(words: Sequence[str], phrases: AsidePhrases) -> Aside | None:
    said = [w for w in words if w.isalnum()]
    for aside, known in ((Aside.OVERRIDE, phrases.override), (Aside.HELP, phrases.help)):
        fits = [p for p in known if len(said) <= len(p) + LONGEST_ASIDE]
        if fits and any_phrase_in(said, tuple(fits)):
            return aside
    return None
