"""Every button's callback data: one small typed class per action, which packs itself into
Telegram's 64 bytes, parses itself back, and gives the handler pattern that routes it.

    CoachTap(turn=7, data="feel:lonely").pack()  == "c1:7:feel:lonely"
    ShareTo.unpack("b1:share_to:12")             == ShareTo(circle=12)
    ShareTo.pattern()                            == r"^b1:share_to:\\d+$"

aiogram's `CallbackData` is the model. python-telegram-bot has no such class: its own answer,
arbitrary callback data, keeps Python objects in a cache that a restart loses, and Closer's
buttons must outlive a restart (an old reminder is tapped a day later). So this is ours, and
small. It is pure: the conversations in `dialogs/` put typed actions on their buttons and `bot/`
packs them.

A field is an int (0 to 2^31 - 1: ids and turn counters; a larger number is a forged button
and does not parse), a StrEnum (one of its values), or a str (only as the last field, where it
may hold the separator). The coach's buttons carry the person's turn counter, so a button from
an old message is recognised as spent.
"""

from __future__ import annotations

import dataclasses
import re
import typing
from enum import StrEnum
from typing import ClassVar, Self

SEPARATOR = ":"
MAX_BYTES = 64  # Telegram's limit for callback data
MAX_INT = 2**31 - 1  # ids and counters are 32-bit in the database
INT = r"\d+"  # routed even when too large, so a forged button is answered
TEXT = r".+"


class ButtonTooLong(ValueError):
    """Packed data over Telegram's limit: a content or code mistake, never sent."""


class CallbackData:
    """Subclass as a frozen dataclass with a `prefix`: `class Leave(CallbackData,
    prefix="b1:leave"): circle: int`."""

    prefix: ClassVar[str]
    _known: ClassVar[dict[str, type[CallbackData]]] = {}

    def __init_subclass__(cls, prefix: str, **kwargs: object) -> None:
        super().__init_subclass__(**kwargs)
        if prefix in CallbackData._known:
            raise TypeError(f"callback prefix {prefix!r} is taken")
        CallbackData._known[prefix] = cls
        cls.prefix = prefix

    def pack(self) -> str:
        values = [_packed(getattr(self, f.name)) for f in dataclasses.fields(self)]  # type: ignore[arg-type]
        data = SEPARATOR.join([self.prefix, *values])
        if len(data.encode()) > MAX_BYTES:
            raise ButtonTooLong(data)
        return data

    @classmethod
    def pattern(cls) -> str:
        """The regular expression a handler for this action is registered with."""
        parts = [re.escape(cls.prefix), *(_field_pattern(kind) for _, kind in _fields(cls))]
        return "^" + SEPARATOR.join(parts) + "$"

    @classmethod
    def unpack(cls, data: str | None) -> Self | None:
        """The action, or None for data that is not this action's (or is forged)."""
        found = re.match(cls.pattern(), data or "")
        if found is None:
            return None
        fields = _fields(cls)
        rest = (data or "")[len(cls.prefix) + 1 :]
        raw = rest.split(SEPARATOR, len(fields) - 1) if fields else []
        values: dict[str, object] = {}
        for (name, kind), text in zip(fields, raw, strict=True):
            if kind is int:
                number = int(text)
                if number > MAX_INT:
                    return None
                values[name] = number
            elif isinstance(kind, type) and issubclass(kind, StrEnum):
                values[name] = kind(text)
            else:
                values[name] = text
        return cls(**values)


def _packed(value: object) -> str:
    return value.value if isinstance(value, StrEnum) else str(value)


def _fields(cls: type[CallbackData]) -> list[tuple[str, type]]:
    hints = typing.get_type_hints(cls)
    found = [(f.name, hints[f.name]) for f in dataclasses.fields(cls)]  # type: ignore[arg-type]
    for position, (name, kind) in enumerate(found):
        if kind is str and position != len(found) - 1:
            raise TypeError(f"{cls.__name__}.{name}: only the last field may be text")
    return found


def _field_pattern(kind: type) -> str:
    if kind is int:
        return INT
    if isinstance(kind, type) and issubclass(kind, StrEnum):
        return "(?:" + "|".join(re.escape(member.value) for member in kind) + ")"
    if kind is str:
        return TEXT
    raise TypeError(f"a callback field is an int, a StrEnum or a str, not {kind}")


# --- the actions ----------------------------------------------------------------------------
@dataclasses.dataclass(frozen=True)
class CoachTap(CallbackData, prefix="c1"):
    """A choice the coach offered, in the turn it was offered."""

    turn: int
    data: str


@dataclasses.dataclass(frozen=True)
class StartDaily(CallbackData, prefix="b1:daily"):
    """A reminder's button: today's session."""


class AccountChoice(StrEnum):
    FORGET_YES = "forget_yes"
    FORGET_NO = "forget_no"
    JOURNAL_ON = "journal_on"
    JOURNAL_OFF = "journal_off"
    JOURNAL_OFF_YES = "journal_off_yes"
    JOURNAL_OFF_NO = "journal_off_no"


@dataclasses.dataclass(frozen=True)
class Account(CallbackData, prefix="b1"):
    """/forget's and /privacy's questions. Packed as "b1:forget_yes", as before this class."""

    choice: AccountChoice


@dataclasses.dataclass(frozen=True)
class ShareOffer(CallbackData, prefix="b1:share"):
    """After a session: "share a statement with your circle"."""


@dataclasses.dataclass(frozen=True)
class ShareLater(CallbackData, prefix="b1:share_later"):
    """The offer's "Not today"."""


@dataclasses.dataclass(frozen=True)
class ShareTo(CallbackData, prefix="b1:share_to"):
    """The preview's "post it to <circle>"."""

    circle: int


@dataclasses.dataclass(frozen=True)
class ShareNo(CallbackData, prefix="b1:share_no"):
    """The preview's "keep it to myself"."""


@dataclasses.dataclass(frozen=True)
class Leave(CallbackData, prefix="b1:leave"):
    """/circles' "leave <circle>"."""

    circle: int


@dataclasses.dataclass(frozen=True)
class NudgesOff(CallbackData, prefix="b1:nudges_off"):
    """A nudge's "no more nudges from this circle"."""

    circle: int


@dataclasses.dataclass(frozen=True)
class CircleDay(CallbackData, prefix="b1:circle_day"):
    """A nudge's "practise today's theme"."""

    circle: int


# --- partner mode (dialogs.pair) -------------------------------------------------------------
@dataclasses.dataclass(frozen=True)
class PairAccept(CallbackData, prefix="p1:accept"):
    """An invitation's "Accept": its code (the link's), checked again when tapped."""

    code: str


@dataclasses.dataclass(frozen=True)
class PairDecline(CallbackData, prefix="p1:decline"):
    """An invitation's "Not now"."""

    code: str


@dataclasses.dataclass(frozen=True)
class PairWrite(CallbackData, prefix="p1:write"):
    """Open the round's question (or today's new one) and write to the partner."""


@dataclasses.dataclass(frozen=True)
class PairSend(CallbackData, prefix="p1:send"):
    """The preview's "Send"."""


@dataclasses.dataclass(frozen=True)
class PairEdit(CallbackData, prefix="p1:edit"):
    """The preview's "Edit"."""


@dataclasses.dataclass(frozen=True)
class PairKeep(CallbackData, prefix="p1:keep"):
    """The preview's "Keep it to myself"."""


@dataclasses.dataclass(frozen=True)
class PairAlone(CallbackData, prefix="p1:alone"):
    """After 36 hours: send a waiting statement on its own."""


@dataclasses.dataclass(frozen=True)
class PairWithdraw(CallbackData, prefix="p1:withdraw"):
    """Take a waiting statement back."""


@dataclasses.dataclass(frozen=True)
class PairThanks(CallbackData, prefix="p1:thanks"):
    """Under a delivered statement: "Thank you"."""

    round: int


@dataclasses.dataclass(frozen=True)
class PairHeard(CallbackData, prefix="p1:heard"):
    """Under a delivered statement: "I heard you", with a line of one's own."""

    round: int


@dataclasses.dataclass(frozen=True)
class PairLineSkip(CallbackData, prefix="p1:line_skip"):
    """ "Never mind" under the request for a line of one's own."""


class PairLeaveChoice(StrEnum):
    ASK = "ask"
    YES = "yes"
    NO = "no"


@dataclasses.dataclass(frozen=True)
class PairLeave(CallbackData, prefix="p1:leave"):
    """/partner's "Leave partner mode", and its confirmation."""

    choice: PairLeaveChoice


@dataclasses.dataclass(frozen=True)
class PairInviteNew(CallbackData, prefix="p1:invite"):
    """/partner's "Invite someone"."""
