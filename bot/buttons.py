"""Inline keyboards. What each button does is a typed action from `dialogs.callbacks`; it is
packed into its callback data when the message is written, and kept packed in the outbox until
the message is sent."""

from __future__ import annotations

from collections.abc import Sequence

from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from dialogs.callbacks import CallbackData

Packed = tuple[str, str]  # a label and its packed callback data


def choice(label: str, action: CallbackData) -> Packed:
    return label, action.pack()


def keyboard(choices: Sequence[Packed]) -> InlineKeyboardMarkup | None:
    """One button per row: labels are sentences, and a column reads best on a phone."""
    if not choices:
        return None
    return InlineKeyboardMarkup(
        [[InlineKeyboardButton(label, callback_data=data)] for label, data in choices]
    )
