"""What a circle's group sees, built from the database at the moment it is sent: the
announcement or the day's theme, with the board under it. Also what happens to circles when a
member's daily session ends (a check-in, a board edit) and when a challenge ends (the recap).
Participation only: never a statement, never an issue kind. Sharing is `bot.circles.sharing`'s.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from zoneinfo import ZoneInfo

from sqlalchemy.ext.asyncio import AsyncSession
from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from bot.runtime import Closer
from bot.storage import circles as circle_store
from bot.storage.tables import Circle, Kind
from dialogs import challenges
from dialogs.challenges import Status, Template
from dialogs.schedule import same_local_day


def template_of(closer: Closer, circle: Circle) -> Template:
    return closer.templates[circle.template]


def circle_name(closer: Closer, circle: Circle) -> str:
    """How private messages name a circle: its group's title (the template's, if none)."""
    return circle.title or template_of(closer, circle).title


def when_word(closer: Closer, circle: Circle, now: datetime) -> str:
    same_day = same_local_day(circle.next_post_at, now, ZoneInfo(circle.time_zone))
    return closer.texts.say("circle.when_today" if same_day else "circle.when_tomorrow")


def header(closer: Closer, circle: Circle, now: datetime) -> str:
    """The announcement before the first theme; the current day's theme after it."""
    say = closer.texts.say
    template = template_of(closer, circle)
    if circle.day == 0 and circle.status == Status.ENDED:  # no "the first theme comes" now
        text = say("circle.announce_over", title=template.title, summary=template.summary)
    elif circle.day == 0:
        text = say(
            "circle.announce",
            title=template.title,
            summary=template.summary,
            time=circle.at_local,
            zone=circle.time_zone,
            when=when_word(closer, circle, now),
        )
    else:
        day = template.days[min(circle.day, len(template.days)) - 1]
        text = say("circle.day_post", day=circle.day, days=len(template.days), theme=day.theme)
    if circle.status == Status.PAUSED:
        text += "\n\n" + say("circle.paused_note")
    elif circle.status == Status.ENDED:
        text += "\n\n" + say("circle.ended_note")
    return text


def board_lines(closer: Closer, board: challenges.Board, total: int) -> str:
    say = closer.texts.say
    if not board.rows:
        return say("circle.board_empty")
    if board.day == 0:
        names = [say("circle.board_member", name=row.name) for row in board.rows]
        return "\n".join([say("circle.board_joined", count=len(board.rows)), *names])
    lines = [say("circle.board_today", done=board.done_today, count=len(board.rows))]
    for row in board.rows:
        key = "circle.board_done" if row.today else "circle.board_open"
        lines.append(say(key, name=row.name, days=row.days, total=min(board.day, total)))
    return "\n".join(lines)


async def board_post(s: AsyncSession, closer: Closer, circle: Circle, now: datetime) -> str:
    members = await circle_store.members(s, circle.id)
    checkins = await circle_store.checkins(s, circle.id)
    board = challenges.board(members, checkins, circle.day)
    total = len(template_of(closer, circle).days)
    return header(closer, circle, now) + "\n\n" + board_lines(closer, board, total)


def link(bot_username: str, payload: str) -> str:
    return f"https://t.me/{bot_username}?start={payload}"


def group_keyboard(
    closer: Closer, circle: Circle, bot_username: str
) -> InlineKeyboardMarkup | None:
    """Join before the first theme, then "Practise privately" (which joins too)."""
    if circle.status == Status.ENDED:
        return None
    label, payload = (
        (closer.texts.button("join"), f"join_{circle.code}")
        if circle.day == 0
        else (closer.texts.button("practise"), f"day_{circle.code}")
    )
    return InlineKeyboardMarkup([[InlineKeyboardButton(label, url=link(bot_username, payload))]])


async def board_changed(s: AsyncSession, circle: Circle, now: datetime) -> None:
    """Ask for the board to be edited; one waiting edit is enough, as it is built when sent."""
    if circle.board_message_id is not None and not await circle_store.has_waiting(
        s, circle.id, Kind.BOARD
    ):
        await circle_store.enqueue(
            s, chat_id=circle.chat_id, kind=Kind.BOARD, now=now, circle_id=circle.id
        )


async def after_daily(s: AsyncSession, user_id: int, now: datetime) -> None:
    """A daily session's steps are done: it counts for every circle the person is in, and
    their boards are edited."""
    changed = await circle_store.check_in(s, user_id)
    for circle in changed:
        await board_changed(s, circle, now)


def recap_caption(closer: Closer, circle: Circle, counts: Sequence[int], members: int) -> str:
    title = template_of(closer, circle).title
    early = circle.day < len(template_of(closer, circle).days)  # ended before its last day
    if not sum(counts):
        return closer.texts.say(
            "circle.recap_empty_early" if early else "circle.recap_empty", title=title
        )
    return closer.texts.say(
        "circle.recap_caption_early" if early else "circle.recap_caption",
        title=title,
        members=members,
        sessions=sum(counts),
        days=len(counts),
    )
