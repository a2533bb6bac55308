"""A circle's life, the outside part: read what the machine in `dialogs.circle` needs, hand it
the event, and keep what it returns in the caller's transaction (the circle's row, the day's
post, board edits, the recap, members' private messages in the outbox). Nothing here decides.
"""

from __future__ import annotations

from datetime import datetime, time
from zoneinfo import ZoneInfo

from sqlalchemy.ext.asyncio import AsyncSession

from bot.circles import posts as circle_posts
from bot.delivery.messages import Outgoing, said
from bot.runtime import Closer
from bot.storage import circles as circle_store
from bot.storage import store
from bot.storage.tables import Circle, Kind
from dialogs import challenges, circle
from dialogs.challenges import Status
from dialogs.schedule import local_day


def view(closer: Closer, row: Circle) -> circle.Circle:
    template = circle_posts.template_of(closer, row)
    days = template.days
    return circle.Circle(
        id=row.id,
        status=Status(row.status),
        day=row.day,
        days=len(days),
        title=circle_posts.circle_name(closer, row),
        at=time.fromisoformat(row.at_local),
        zone=ZoneInfo(row.time_zone),
        next_post_at=row.next_post_at,
        theme=days[row.day - 1].theme if 1 <= row.day <= len(days) else None,
    )


async def members_at_end(s: AsyncSession, row: Circle) -> tuple[circle.Member, ...]:
    """Members with the challenge days each practised."""
    held = challenges.days_practised(await circle_store.checkins(s, row.id))
    return tuple(
        circle.Member(m.user_id, days=held.get(m.user_id, 0))
        for m in await circle_store.member_rows(s, row.id)
    )


async def members_to_nudge(
    s: AsyncSession, row: Circle, now: datetime
) -> tuple[circle.Member, ...]:
    done = await circle_store.practised_today(s, row)
    zone = ZoneInfo(row.time_zone)  # "today" is the day where the circle meets
    midnight = datetime.combine(local_day(now, zone), time(0), zone)
    nudged = await circle_store.nudged_since(s, midnight)
    found = []
    for member in await circle_store.member_rows(s, row.id):
        user = await store.get_user(s, member.user_id)
        reachable = user is not None and user.active and not user.quiet_at(now)
        found.append(
            circle.Member(
                member.user_id,
                practised_today=member.user_id in done,
                nudges=member.nudges,
                reachable=reachable,
                nudged_today=member.user_id in nudged,
            )
        )
    return tuple(found)


async def run(
    s: AsyncSession, closer: Closer, row: Circle, event: circle.Event, now: datetime
) -> list[Outgoing]:
    """One event in the circle's life, kept: returns the answer for the group, if any."""
    outcome = circle.handle(view(closer, row), event)
    return await keep(s, closer, row, outcome, now)


async def keep(
    s: AsyncSession, closer: Closer, row: Circle, outcome: circle.Outcome, now: datetime
) -> list[Outgoing]:
    after = outcome.circle
    row.status, row.day, row.next_post_at = after.status.value, after.day, after.next_post_at
    answers: list[Outgoing] = []
    for effect in outcome.effects:
        match effect:
            case circle.Answer():
                answers.append(said(closer, effect.say))
            case circle.PostDay():
                await circle_store.enqueue(
                    s, chat_id=row.chat_id, kind=Kind.DAY, now=now, circle_id=row.id, day=row.day
                )
            case circle.EditBoard():
                await circle_posts.board_changed(s, row, now)
            case circle.Recap():
                await circle_store.enqueue(
                    s, chat_id=row.chat_id, kind=Kind.RECAP, now=now, circle_id=row.id
                )
            case circle.Tell():
                message = said(closer, effect.say)
                await circle_store.enqueue(
                    s,
                    chat_id=effect.user_id,  # a private chat's id is its person's
                    kind=Kind.PRIVATE,
                    now=now,
                    circle_id=row.id,
                    user_id=effect.user_id,
                    text=message.text,
                    buttons=[list(button) for button in message.buttons] or None,
                    day=effect.day,
                )
    closer.posts_waiting.set()
    return answers


async def chat_moved(s: AsyncSession, old: int, new: int, now: datetime) -> int:
    """A group became a supergroup, with a new id: its circles and waiting posts follow it, an
    intro still waiting is not said twice (Telegram tells the bot it joined the supergroup),
    and each live circle's board is posted anew there, where it can be edited. Told twice
    (the two service messages, a refused send), it moves things once."""
    moved = await circle_store.move_chat(s, old, new)
    await circle_store.drop_waiting_posts(s, new, Kind.INTRO)
    if moved:
        for row in await circle_store.circles_in_chat(s, new):
            # a board post that was waiting (or refused: the upgrade found out) moved too
            if Status(row.status) in challenges.LIVE and not await circle_store.board_waiting(
                s, row.id
            ):
                await circle_store.enqueue(
                    s, chat_id=new, kind=Kind.REBOARD, now=now, circle_id=row.id
                )
    return moved
