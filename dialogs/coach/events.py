"""What goes into the coach (events) and what comes out (replies and records).

Replies are transport-neutral: content keys with parameters, and buttons. `bot/` renders them
for Telegram or for the terminal.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum


@dataclass(frozen=True)
class Text:
    """Something the person wrote."""

    text: str


@dataclass(frozen=True)
class Tap:
    """A button the person tapped; `data` is the button's data."""

    data: str


@dataclass(frozen=True)
class Command:
    """A command such as /skip, without the slash, in lower case. A daily session may be
    given its focus level (a group challenge's theme for the day); else the frontier is used.
    A partner's session ("pair") is given its level and the round's question (a prompt id)."""

    name: str
    focus: str | None = None
    prompt: str | None = None


Event = Text | Tap | Command


@dataclass(frozen=True)
class Context:
    """What the coach needs from the outside world, handed in so the coach stays pure."""

    today: date
    seed: str  # stable per person: chooses prompts without repeating, the same all day
    country: str | None = None  # ISO 3166 code, for crisis lines
    # In partner mode: the partner's name, who the last step speaks of in every mode.
    pair_partner: str | None = None


@dataclass(frozen=True)
class Line:
    """One paragraph of a reply: a content key, its parameters, and which of the key's variants
    to say (any whole number; it is taken round the list of variants)."""

    key: str
    params: dict[str, str] = field(default_factory=dict)
    variant: int = 0


@dataclass(frozen=True)
class Button:
    """A choice. `key` names a label in content (buttons:), or `text` is shown as it is."""

    data: str
    key: str | None = None
    text: str | None = None


@dataclass(frozen=True)
class Reply:
    """One message: paragraphs, then buttons."""

    lines: tuple[Line, ...]
    buttons: tuple[Button, ...] = ()


class Outcome(StrEnum):
    ACCEPTED = "accepted"
    REDIRECTED = "redirected"
    OWN_WORD = "own_word"  # the person said "this really is my feeling": theirs, as they said it
    SKIPPED = "skipped"


@dataclass(frozen=True)
class Record:
    """What progress keeps of one statement: levels and issue kinds, never words."""

    step: str  # the level asked for
    reached: str  # the level the statement reached
    issues: tuple[str, ...]
    outcome: Outcome
    mode: str


@dataclass(frozen=True)
class Result:
    replies: tuple[Reply, ...]
    records: tuple[Record, ...]
    state: str
    completed: str | None = None  # the mode of a session whose steps are all done (a day to count)
    crisis: bool = False  # a crisis, or "not safe": care and crisis lines; 24 hours of quiet
    concern: bool = False  # a possible danger: asked whether they are safe
    kept: str | None = None  # the statement accepted this turn, as they chose to send it
    finished: str | None = None  # the mode of a session that ended after its reflection
