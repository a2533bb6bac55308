"""Group challenges, the pure part: the templates in content/en/challenges.yaml, and what a
circle's board and recap show. Participation only: who practised on which challenge day,
never what anyone wrote or which suggestions the coach made.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path

from .content import DEFAULT_LANGUAGE, pack_dir
from .ladder import LADDER
from .yamlfile import load

KEY = re.compile(r"^[a-z0-9][a-z0-9-]{0,23}$")
MAX_THEME = 300  # one line in a group post


class Status(StrEnum):
    ANNOUNCED = "announced"  # joinable; the first theme is still to come
    RUNNING = "running"
    PAUSED = "paused"
    ENDED = "ended"


LIVE = (Status.ANNOUNCED, Status.RUNNING, Status.PAUSED)  # a group has at most one of these


@dataclass(frozen=True)
class Day:
    level: str
    theme: str


@dataclass(frozen=True)
class Template:
    key: str
    title: str
    summary: str
    days: tuple[Day, ...]


def load_templates(
    root: Path | None = None, language: str = DEFAULT_LANGUAGE
) -> dict[str, Template]:
    folder = root or pack_dir(language)
    top = load(folder / "challenges.yaml", f"{folder.name}/challenges.yaml")
    templates = {}
    for key, node in top["templates"].items():
        if not KEY.match(key):
            raise node.fail("a template key is lower-case letters, digits and dashes")
        days = []
        for day in node["days"].seq():
            level = day["level"].text()
            if level not in LADDER:
                raise day["level"].fail(f"level must be one of {', '.join(LADDER)}")
            theme = day["theme"].text()  # shown as it is: never formatted, so {} are safe
            if len(theme) > MAX_THEME or "\n" in theme:
                raise day["theme"].fail(f"a theme is one line of at most {MAX_THEME} characters")
            days.append(Day(level, theme))
        if not days:
            raise node["days"].fail("a challenge needs at least one day")
        templates[key] = Template(key, node["title"].text(), node["summary"].text(), tuple(days))
    if not templates:
        raise top["templates"].fail("no templates")
    return templates


@dataclass(frozen=True)
class Member:
    user_id: int
    name: str


@dataclass(frozen=True)
class BoardRow:
    name: str
    today: bool  # practised on the challenge's current day
    days: int  # challenge days practised so far


@dataclass(frozen=True)
class Board:
    day: int  # the current challenge day, 0 before the first theme
    rows: tuple[BoardRow, ...]

    @property
    def done_today(self) -> int:
        return sum(row.today for row in self.rows)


def board(members: Iterable[Member], checkins: Iterable[tuple[int, int]], day: int) -> Board:
    """Who practised today and on how many days; checkins are (user id, challenge day).

    Rows are in name order, so the board does not rank people by how much they did.
    """
    days = _days_by_member(checkins)
    rows = [
        BoardRow(m.name, day > 0 and day in days.get(m.user_id, ()), len(days.get(m.user_id, ())))
        for m in members
    ]
    return Board(day, tuple(sorted(rows, key=lambda r: (r.name.casefold(), r.name))))


def participation(checkins: Iterable[tuple[int, int]], days: int) -> list[int]:
    """Members who practised on each challenge day, 1..days (the recap's picture)."""
    counts = [0] * days
    for _, number in set(checkins):
        if 1 <= number <= days:
            counts[number - 1] += 1
    return counts


def days_practised(checkins: Iterable[tuple[int, int]]) -> Mapping[int, int]:
    """Challenge days practised, by member (only members who practised at all)."""
    return {user_id: len(days) for user_id, days in _days_by_member(checkins).items()}


def _days_by_member(checkins: Iterable[tuple[int, int]]) -> dict[int, set[int]]:
    found: dict[int, set[int]] = {}
    for user_id, number in checkins:
        found.setdefault(user_id, set()).add(number)
    return found


ALIAS = re.compile(r"^[\w][\w .'-]{0,31}$")


def clean_alias(text: str) -> str | None:
    """A name for the board, or None if it will not do (1 to 32 letters, digits, spaces)."""
    name = " ".join(text.split())
    return name if ALIAS.match(name) else None  # the pattern bounds it to 32 characters
