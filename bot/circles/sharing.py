"""Sharing with a circle, the outside part: read what the machine in `dialogs.sharing` needs
(the person's step and draft, the circles open to them now), hand it the event, and keep what
it returns in the caller's transaction: the new step and draft, the group post in the outbox,
the replies. Nothing here decides.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy.ext.asyncio import AsyncSession

from bot.circles import posts as circle_posts
from bot.delivery.messages import Outgoing, said
from bot.runtime import Closer
from bot.storage import circles as circle_store
from bot.storage import store
from bot.storage.store import Person
from bot.storage.tables import Circle, Kind
from dialogs import sharing
from dialogs.challenges import Status
from dialogs.coach import Event as CoachEvent
from dialogs.coach import Text
from dialogs.coach.machine import State
from dialogs.effects import Say


async def targets(s: AsyncSession, closer: Closer, user: Person) -> tuple[sharing.Target, ...]:
    """Circles this person may share with now: sharing on, a theme running, not shared in
    yet on this theme."""
    found = []
    for circle, member in await circle_store.circles_of(s, user.id):
        if not (circle.sharing and circle.status == Status.RUNNING and circle.day >= 1):
            continue
        if await circle_store.shared_on_day(s, circle, user.id):
            continue
        title = circle_posts.circle_name(closer, circle)
        found.append(sharing.Target(circle.id, title, user.alias or member.name))
    return tuple(found)


async def session_ended(
    s: AsyncSession, closer: Closer, user: Person, now: datetime
) -> list[Outgoing]:
    """A daily session's end (the person's row, as the turn read it): the offer to share,
    where a circle welcomes it."""
    event = sharing.SessionEnded(await targets(s, closer, user))
    replies, _ = await handle(s, closer, user, event, now)
    return replies


async def handle(
    s: AsyncSession, closer: Closer, user: Person, event: sharing.Event, now: datetime
) -> tuple[list[Outgoing], bool]:
    """One event through the machine, kept in this transaction: the replies, and whether the
    event goes on to the coach."""
    step = sharing.Step(user.share_step or sharing.Step.IDLE.value)
    outcome = sharing.handle(step, user.share_draft, event)
    step = None if outcome.step is sharing.Step.IDLE else outcome.step.value
    await store.change_person(s, user.id, share_step=step, share_draft=outcome.draft)
    replies: list[Outgoing] = []
    to_coach = False
    for effect in outcome.effects:
        match effect:
            case Say():
                replies.append(said(closer, effect))
            case sharing.GroupPost():
                await _post(s, closer, user, effect, now)
            case sharing.ToCoach():
                to_coach = True
    return replies, to_coach


def safety_open(closer: Closer, user: Person) -> bool:
    """Whether the coach is asking if they are safe, or has stopped for their safety."""
    state = closer.coach.restore(user.snapshot).state
    return state in (State.SAFETY.value, State.CHECKIN.value)


async def while_writing(
    s: AsyncSession, closer: Closer, user: Person, event: CoachEvent, now: datetime
) -> tuple[list[Outgoing], bool]:
    """A message while the person is sharing: their text is the draft. Anything else (and
    danger, which is never shared nor kept) leaves sharing, and goes on to the coach: the
    replies, and whether it goes on."""
    if isinstance(event, Text):
        danger = closer.coach.analyzer.analyze(event.text).danger is not None
        wrote: sharing.Event = sharing.Write(event.text, danger, await targets(s, closer, user))
    else:
        wrote = sharing.Leave()
    return await handle(s, closer, user, wrote, now)


async def _post(
    s: AsyncSession, closer: Closer, user: Person, post: sharing.GroupPost, now: datetime
) -> None:
    """The statement goes to the outbox, once per member and theme (the machine offers only
    circles not shared in yet; the unique row makes a repeat a no-op all the same)."""
    circle = await s.get(Circle, post.circle)
    if circle is None or not await circle_store.add_share(s, circle, user.id, now):
        return
    await circle_store.enqueue(
        s,
        chat_id=circle.chat_id,
        kind=Kind.SHARE,
        now=now,
        circle_id=circle.id,
        user_id=user.id,  # erased with its author: a /forget before it goes stops it
        text=closer.texts.say("circle.share_post", name=post.name, text=post.text),
        day=circle.day,
    )
    closer.posts_waiting.set()
