"""What a conversation machine asks `bot/` to say: content keys with their parameters, and
buttons carrying typed actions. Shared by the machines outside the coach (sharing, a circle's
life); the coach has its own replies (`dialogs.coach.events`), rendered with its variants."""

from __future__ import annotations

from dataclasses import dataclass, field

from dialogs.callbacks import CallbackData


@dataclass(frozen=True)
class Choice:
    """A button: a label (a content key under buttons:, with its parameters) and its action."""

    label: str
    action: CallbackData
    params: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class Say:
    """A message: a content key, its parameters, its buttons. A parameter may itself be a
    Say, said first (a preview quotes the post as the group will see it)."""

    key: str
    params: dict[str, object] = field(default_factory=dict)
    choices: tuple[Choice, ...] = ()
