"""What a message to a person is (Outgoing: words and buttons), how the coach's replies
become one, and the calls made straight to Telegram rather than through the outbox (answering
a tap, editing the message tapped): paced with everything else (bot.delivery.pacer), and on
403 (they blocked the bot) the person is marked inactive, so no reminder goes to them again."""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass
from typing import TypeVar

from telegram.constants import MessageLimit
from telegram.error import Forbidden, TelegramError

from bot import buttons
from bot.partners import silence
from bot.runtime import Closer
from dialogs.callbacks import CoachTap
from dialogs.coach import Reply, render
from dialogs.effects import Say

log = logging.getLogger(__name__)
T = TypeVar("T")


@dataclass(frozen=True)
class Outgoing:
    text: str
    buttons: tuple[tuple[str, str], ...] = ()  # (label, callback data)


def from_coach(closer: Closer, replies: Sequence[Reply], turn: int) -> list[Outgoing]:
    out = []
    for reply in replies:
        shown = render(reply, closer.coach.content)
        out.append(
            Outgoing(
                shown.text,
                tuple(buttons.choice(label, CoachTap(turn, data)) for label, data in shown.choices),
            )
        )
    return out


def said(closer: Closer, say: Say) -> Outgoing:
    """A machine's message (dialogs.effects.Say) in the bot's words, with its buttons."""
    return Outgoing(
        say_text(closer, say),
        tuple(
            buttons.choice(closer.texts.button(c.label, **c.params), c.action) for c in say.choices
        ),
    )


def say_text(closer: Closer, say: Say) -> str:
    params = {
        name: say_text(closer, value) if isinstance(value, Say) else value
        for name, value in say.params.items()
    }
    return closer.texts.say(say.key, **params)


def fit(text: str) -> str:
    """Telegram refuses messages over 4096 characters; a quoted statement can make one long."""
    limit = MessageLimit.MAX_TEXT_LENGTH
    return text if len(text) <= limit else text[: limit - 1] + "…"


async def guarded(
    closer: Closer, user_id: int, send: Callable[[], Awaitable[T]], edit: bool = False
) -> T | None:
    """Make one call to Telegram through the bot's pacer (`edit`: it changes a message, so it
    takes a message's turn); on 403 mark the person inactive; on other errors log and go on."""
    try:
        return await closer.pacer.call(send, message=edit)
    except Forbidden:
        log.info("user %s blocked the bot; marked inactive", user_id)
        async with closer.db.transaction() as s:
            await silence.went_silent(s, closer, user_id, closer.clock.now())
    except TelegramError as exc:
        log.warning("send to user %s failed: %s", user_id, type(exc).__name__)
    return None
