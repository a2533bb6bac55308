"""Inline buttons and their callback data: compact, versioned, and carrying the turn they were
sent in so a spent button (a double tap, an old message) is recognised.

    c1:<turn>:<coach data>    a coach choice, e.g. "c1:7:feel:lonely"
    b1:<action>               a bot action, e.g. "b1:forget_yes"
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from telegram import InlineKeyboardButton, InlineKeyboardMarkup

COACH = "c1"
BOT = "b1"
MAX_DATA_BYTES = 64  # Telegram's limit for callback data


class ButtonTooLong(ValueError):
    pass


@dataclass(frozen=True)
class CoachTap:
    turn: int
    data: str


@dataclass(frozen=True)
class BotAction:
    action: str


def coach_data(turn: int, data: str) -> str:
    return _checked(f"{COACH}:{turn}:{data}")


def bot_data(action: str) -> str:
    return _checked(f"{BOT}:{action}")


def _checked(data: str) -> str:
    if len(data.encode()) > MAX_DATA_BYTES:
        raise ButtonTooLong(data)
    return data


def parse(data: str | None) -> CoachTap | BotAction | None:
    """What a tapped button meant; None for data this version does not know."""
    prefix, _, rest = (data or "").partition(":")
    if prefix == COACH:
        turn, _, coach = rest.partition(":")
        if turn.isdigit() and coach:
            return CoachTap(int(turn), coach)
    elif prefix == BOT and rest:
        return BotAction(rest)
    return None


def keyboard(buttons: Sequence[tuple[str, str]]) -> InlineKeyboardMarkup | None:
    """One button per row: labels are sentences, and a column reads best on a phone."""
    if not buttons:
        return None
    return InlineKeyboardMarkup(
        [[InlineKeyboardButton(label, callback_data=data)] for label, data in buttons]
    )
