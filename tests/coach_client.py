"""A small test client for the coach, in the spirit of aiogram_dialog's:

user = CoachUser()
user.send("/start"); user.tap("consent"); user.send("Alex")
assert user.state == "facts"
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date

from dialogs.coach import Coach, Command, Context, Event, Result, Tap, Text

_COACH: Coach | None = None


def shared_coach() -> Coach:
    global _COACH
    if _COACH is None:
        _COACH = Coach.load()
    return _COACH


@dataclass
class CoachUser:
    seed: str = "test-user"
    today: date = date(2026, 11, 21)
    country: str | None = None
    restore_every_step: bool = False  # round-trip the snapshot through JSON before each event

    def __post_init__(self) -> None:
        self.coach = shared_coach()
        self.session = self.coach.restore(None)
        self.last: Result | None = None

    def send(self, text: str) -> Result:
        """Text, or a command; "/daily self" is a daily session given its focus level (what
        a group challenge's day asks for)."""
        if text.startswith("/"):
            name, _, focus = text[1:].lower().partition(" ")
            event: Event = Command(name, focus or None)
        else:
            event = Text(text)
        return self._handle(event)

    def tap(self, data: str) -> Result:
        return self._handle(Tap(data))

    def _handle(self, event: Event) -> Result:
        if self.restore_every_step:
            self.session = self.coach.restore(json.loads(json.dumps(self.session.snapshot())))
        ctx = Context(today=self.today, seed=self.seed, country=self.country)
        self.last = self.session.handle(event, ctx)
        return self.last

    @property
    def state(self) -> str:
        return self.session.state

    @property
    def keys(self) -> list[str]:
        assert self.last is not None
        return [line.key for reply in self.last.replies for line in reply.lines]

    @property
    def buttons(self) -> list[str]:
        assert self.last is not None
        return [button.data for reply in self.last.replies for button in reply.buttons]

    @property
    def params(self) -> dict[str, str]:
        assert self.last is not None
        merged: dict[str, str] = {}
        for reply in self.last.replies:
            for line in reply.lines:
                merged.update(line.params)
        return merged
