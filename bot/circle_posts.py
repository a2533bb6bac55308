"""What a circle's group sees, built from the database at the moment it is sent: the
announcement or the day's theme, with the board under it. Also what happens to circles when a
member's daily session ends (a check-in, a board edit, the offer to share) and when a
challenge ends (the recap). Participation only: never a statement, never an issue kind.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from zoneinfo import ZoneInfo

from sqlalchemy.ext.asyncio import AsyncSession
from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from dialogs import challenges
from dialogs.callbacks import ShareNo, ShareOffer, ShareTo
from dialogs.challenges import Status, Template
from dialogs.coach import Event, Text
from dialogs.content import fill
from dialogs.schedule import same_local_day

from . import buttons
from .delivery import Outgoing
from .runtime import Closer
from .storage import circles as circle_store
from .storage.tables import Circle, Kind, User

MAX_SHARE_CHARS = 500  # a shared statement is a sentence or two


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
    if circle.day == 0:
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
        text = say(
            "circle.day_post",
            day=circle.day,
            days=len(template.days),
            level=fill(
                closer.coach.content.text(f"level.{day.level}"),
                {"partner": closer.coach.content.text("partner.default")},
            ),
            theme=day.theme,
        )
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


async def share_offer(s: AsyncSession, closer: Closer, user_id: int) -> list[Outgoing]:
    """A daily session has ended: if a circle welcomes shares, the person is offered (only
    offered) to share."""
    if not await share_targets(s, user_id):
        return []
    offer = buttons.choice(closer.texts.button("share_offer"), ShareOffer())
    return [Outgoing(closer.texts.say("circle.share_offer"), (offer,))]


async def share_targets(s: AsyncSession, user_id: int) -> list[Circle]:
    """Circles this person may share with now: sharing on, a theme running, not yet shared
    today."""
    found = []
    for circle, _ in await circle_store.circles_of(s, user_id):
        if circle.sharing and circle.status == Status.RUNNING and circle.day >= 1:
            found.append(circle)
    return found


def share_text(closer: Closer, name: str, text: str) -> str:
    return closer.texts.say("circle.share_post", name=name, text=text)


async def end(
    s: AsyncSession, closer: Closer, circle: Circle, now: datetime, in_group: bool = True
) -> None:
    """End a challenge: a recap picture in the group (unless the bot was removed from it) and,
    privately, each member's own days."""
    circle.status = Status.ENDED
    total = len(template_of(closer, circle).days)
    held = challenges.days_practised(await circle_store.checkins(s, circle.id))
    if in_group:
        await circle_store.enqueue(
            s, chat_id=circle.chat_id, kind=Kind.RECAP, now=now, circle_id=circle.id
        )
        await board_changed(s, circle, now)
    title = circle_name(closer, circle)
    for member in await circle_store.member_rows(s, circle.id):
        done = held.get(member.user_id, 0)
        if done:
            text = closer.texts.say(
                "circle.member_recap", title=title, done=done, days=min(circle.day, total)
            )
        else:  # no count of days missed: being there was something
            text = closer.texts.say("circle.member_recap_none", title=title)
        await circle_store.enqueue(
            s,
            chat_id=member.user_id,
            kind=Kind.PRIVATE,
            now=now,
            circle_id=circle.id,
            user_id=member.user_id,
            text=text,
        )


def recap_caption(closer: Closer, circle: Circle, counts: Sequence[int], members: int) -> str:
    title = template_of(closer, circle).title
    if not sum(counts):
        return closer.texts.say("circle.recap_empty", title=title)
    return closer.texts.say(
        "circle.recap_caption",
        title=title,
        members=members,
        sessions=sum(counts),
        days=len(counts),
    )


# --- sharing a statement with a circle ----------------------------------------------------------
async def share_turn(
    s: AsyncSession, closer: Closer, user: User, event: Event
) -> list[Outgoing] | None:
    """While a person is writing a statement to share: their text becomes the draft and its
    preview. Anything else (a command, a coach button, or danger) leaves sharing and goes
    to the coach: None. Danger is never shared, nor kept as a draft: the coach stops at a
    crisis and asks whether they are safe at a concern."""
    if not isinstance(event, Text) or closer.coach.analyzer.analyze(event.text).danger:
        clear_share(user)
        return None
    text = " ".join(event.text.split())
    say = closer.texts.say
    if not text:
        return [Outgoing(say("circle.share_ask"))]
    if len(text) > MAX_SHARE_CHARS:
        return [Outgoing(say("circle.share_too_long", limit=MAX_SHARE_CHARS))]
    targets = await share_targets(s, user.id)
    if not targets:
        clear_share(user)
        return [Outgoing(say("circle.share_closed"))]
    user.share_step, user.share_draft = "confirm", text
    name = await name_on_board(s, user, targets[0])
    choices = [
        buttons.choice(
            closer.texts.button("share_post", title=circle_name(closer, c)), ShareTo(c.id)
        )
        for c in targets
    ]
    choices.append(buttons.choice(closer.texts.button("share_no"), ShareNo()))
    preview = say("circle.share_preview", post=share_text(closer, name, text))
    return [Outgoing(preview, tuple(choices))]


def clear_share(user: User) -> None:
    user.share_step, user.share_draft = None, None


async def name_on_board(s: AsyncSession, user: User, circle: Circle) -> str:
    if user.alias:
        return user.alias
    member = await circle_store.get_member(s, circle.id, user.id)
    return member.name if member is not None else ""
