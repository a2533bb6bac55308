"""The queries group challenges run, each inside a transaction the caller holds."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import bindparam, delete, func, insert, or_, select, true, update
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import aliased

from dialogs.challenges import LIVE, Member, Status

from .store import dialect_insert
from .tables import Checkin, Circle, CircleMember, Kind, OutboxPost, Share, User

LIVE_VALUES = tuple(status.value for status in LIVE)
ACTIVE_VALUES = (Status.RUNNING.value, Status.PAUSED.value)  # a theme has been posted


async def live_circle(s: AsyncSession, chat_id: int) -> Circle | None:
    """The group's challenge that has not ended, locked for this transaction."""
    return await s.scalar(
        select(Circle)
        .where(Circle.chat_id == chat_id, Circle.status.in_(LIVE_VALUES))
        .with_for_update()
    )


async def circle_by_code(s: AsyncSession, code: str) -> Circle | None:
    return await s.scalar(select(Circle).where(Circle.code == code).with_for_update())


async def get_circle(s: AsyncSession, circle_id: int) -> Circle | None:
    return await s.get(Circle, circle_id)


async def get_member(s: AsyncSession, circle_id: int, user_id: int) -> CircleMember | None:
    return await s.get(CircleMember, (circle_id, user_id))


async def add_member(
    s: AsyncSession, circle_id: int, user_id: int, name: str, now: datetime
) -> None:
    s.add(
        CircleMember(
            circle_id=circle_id,
            user_id=user_id,
            name=name[:64],
            facilitator=False,
            nudges=True,
            joined_at=now,
        )
    )
    await s.flush()


async def remove_member(s: AsyncSession, circle_id: int, user_id: int) -> bool:
    for table in (Checkin, Share, CircleMember):
        result = await s.execute(
            delete(table).where(table.circle_id == circle_id, table.user_id == user_id)
        )
    return bool(result.rowcount)


async def members(s: AsyncSession, circle_id: int) -> list[Member]:
    """The board's names: the person's alias if they chose one, else their first name."""
    rows = await s.execute(
        select(CircleMember.user_id, CircleMember.name, User.alias)
        .join(User, User.id == CircleMember.user_id)
        .where(CircleMember.circle_id == circle_id)
    )
    return [Member(user_id, alias or name) for user_id, name, alias in rows]


async def member_rows(s: AsyncSession, circle_id: int) -> list[CircleMember]:
    rows = await s.scalars(select(CircleMember).where(CircleMember.circle_id == circle_id))
    return list(rows)


async def checkins(s: AsyncSession, circle_id: int) -> list[tuple[int, int]]:
    rows = await s.execute(
        select(Checkin.user_id, Checkin.day).where(Checkin.circle_id == circle_id)
    )
    return [(user_id, day) for user_id, day in rows]


async def circles_of(s: AsyncSession, user_id: int) -> list[tuple[Circle, CircleMember]]:
    """The live circles a person belongs to, oldest first."""
    rows = await s.execute(
        select(Circle, CircleMember)
        .join(CircleMember, CircleMember.circle_id == Circle.id)
        .where(CircleMember.user_id == user_id, Circle.status.in_(LIVE_VALUES))
        .order_by(Circle.id)
    )
    return [(circle, member) for circle, member in rows]


async def check_in(s: AsyncSession, user_id: int) -> list[Circle]:
    """A daily session ended: it counts for the current day of every circle the person is in
    (circles whose first theme is out). Returns the circles whose board changed."""
    changed = []
    for circle, _ in await circles_of(s, user_id):
        if circle.status not in ACTIVE_VALUES or circle.day < 1:
            continue
        result = await s.execute(
            dialect_insert(s, Checkin)
            .values(circle_id=circle.id, user_id=user_id, day=circle.day)
            .on_conflict_do_nothing(index_elements=["circle_id", "user_id", "day"])
        )
        if result.rowcount:
            changed.append(circle)
    return changed


async def practised_today(s: AsyncSession, circle: Circle) -> set[int]:
    rows = await s.scalars(
        select(Checkin.user_id).where(Checkin.circle_id == circle.id, Checkin.day == circle.day)
    )
    return set(rows)


async def nudged_since(s: AsyncSession, since: datetime) -> set[int]:
    """People sent a circle's nudge since then, by any circle (a nudge's row carries its
    challenge day; a member's recap carries none)."""
    rows = await s.scalars(
        select(OutboxPost.user_id).where(
            OutboxPost.kind == Kind.PRIVATE.value,
            OutboxPost.circle_id.is_not(None),
            OutboxPost.day.is_not(None),
            OutboxPost.created_at >= since,
        )
    )
    return {user_id for user_id in rows if user_id is not None}


async def shared_on_day(s: AsyncSession, circle: Circle, user_id: int) -> bool:
    """Whether this member has shared on the circle's current theme."""
    found = await s.scalar(
        select(Share.user_id).where(
            Share.circle_id == circle.id, Share.user_id == user_id, Share.day == circle.day
        )
    )
    return found is not None


async def add_share(s: AsyncSession, circle: Circle, user_id: int, now: datetime) -> bool:
    """One share per member per challenge day; False if they already shared today."""
    result = await s.execute(
        dialect_insert(s, Share)
        .values(circle_id=circle.id, user_id=user_id, day=circle.day, shared_at=now)
        .on_conflict_do_nothing(index_elements=["circle_id", "user_id", "day"])
    )
    return bool(result.rowcount)


async def claim_due_circles(s: AsyncSession, now: datetime, limit: int) -> Sequence[Circle]:
    """Circles whose next theme is due, locked so that another process skips them."""
    rows = await s.scalars(
        select(Circle)
        .where(
            Circle.status.in_((Status.ANNOUNCED.value, Status.RUNNING.value)),
            Circle.next_post_at <= now,
        )
        .order_by(Circle.next_post_at, Circle.id)
        .limit(limit)
        .with_for_update(skip_locked=True)
    )
    return list(rows)


@dataclass(frozen=True)
class NextDay:
    """A circle moving on to its next day: what changes on its row, and its theme to post."""

    circle_id: int
    chat_id: int
    day: int
    next_post_at: datetime


async def start_days(s: AsyncSession, days: Sequence[NextDay], kind: str, now: datetime) -> None:
    """Move many circles on at once and queue their themes: two statements for the whole
    batch, so the daily job holds the database only briefly while the sender is posting."""
    if not days:
        return
    await s.execute(
        update(Circle),
        [
            {
                "id": d.circle_id,
                "day": d.day,
                "status": Status.RUNNING.value,
                "next_post_at": d.next_post_at,
            }
            for d in days
        ],
    )
    await s.execute(
        insert(OutboxPost),
        [
            {
                "chat_id": d.chat_id,
                "circle_id": d.circle_id,
                "kind": kind,
                "day": d.day,
                "created_at": now,
                "attempts": 0,
            }
            for d in days
        ],
    )


async def circles_in_chat(s: AsyncSession, chat_id: int) -> list[Circle]:
    rows = await s.scalars(select(Circle).where(Circle.chat_id == chat_id).with_for_update())
    return list(rows)


async def move_chat(s: AsyncSession, old: int, new: int) -> int:
    """A group became a supergroup: its circles and their waiting posts follow it."""
    result = await s.execute(
        update(Circle).where(Circle.chat_id == old).values(chat_id=new, board_message_id=None)
    )
    await s.execute(
        update(OutboxPost)
        .where(OutboxPost.chat_id == old, OutboxPost.done_at.is_(None))
        .values(chat_id=new)
    )
    return int(result.rowcount)


async def drop_waiting_posts(s: AsyncSession, chat_id: int, kind: Kind | None = None) -> None:
    """What is still waiting to go to the chat (of one kind, if given) will not go: the bot
    left the group, or an intro is no longer owed."""
    query = delete(OutboxPost).where(OutboxPost.chat_id == chat_id, OutboxPost.done_at.is_(None))
    if kind is not None:
        query = query.where(OutboxPost.kind == kind.value)
    await s.execute(query)


# --- the outbox ---------------------------------------------------------------------------------
async def enqueue(
    s: AsyncSession,
    *,
    chat_id: int,
    kind: Kind,
    now: datetime,
    circle_id: int | None = None,
    user_id: int | None = None,
    text: str | None = None,
    buttons: list[Any] | None = None,
    day: int | None = None,
    answers: bool = False,
) -> OutboxPost:
    """A row for the sender. `answers`: it answers what someone just sent (a /board), so it
    goes with the replies, in order with them, whatever its kind."""
    post = OutboxPost(
        chat_id=chat_id,
        circle_id=circle_id,
        user_id=user_id,
        kind=kind.value,
        priority=Kind.REPLY.priority if answers else kind.priority,
        text=text,
        buttons=buttons,
        day=day,
        created_at=now,
        attempts=0,
    )
    s.add(post)
    return post


async def enqueue_many(
    s: AsyncSession,
    *,
    chat_id: int,
    now: datetime,
    user_id: int | None,
    posts: Sequence[tuple[Kind, str | None, list[Any] | None]],
    leased_until: datetime | None,
) -> list[int]:
    """Rows for several posts to one chat (a turn's replies: kind, text, buttons), as one
    statement; their ids, in order."""
    rows = [
        {
            "chat_id": chat_id,
            "user_id": user_id,
            "kind": kind.value,
            "priority": kind.priority,
            "text": text,
            "buttons": buttons,
            "created_at": now,
            "attempts": 0,
            "leased_until": leased_until,
        }
        for kind, text, buttons in posts
    ]
    connection = await s.connection()
    result = await connection.execute(_ADD_POSTS, rows)
    return [row.id for row in result]


# A turn's replies go through these three: built once, not per call (building a statement
# cost more than running it on SQLite).
_CHAT_WAITING = (
    select(OutboxPost.id)
    .where(OutboxPost.chat_id == bindparam("chat_id"), OutboxPost.done_at.is_(None))
    .limit(1)
)
_ADD_POSTS = insert(OutboxPost).returning(OutboxPost.id, sort_by_parameter_order=True)
_FINISH = (
    update(OutboxPost)
    .where(OutboxPost.id == bindparam("post_id"))
    .values(done_at=bindparam("finished_at"), result=bindparam("outcome"), leased_until=None)
)
_FINISH_WITHOUT_TEXT = _FINISH.values(text=None)


async def chat_has_waiting(s: AsyncSession, chat_id: int) -> bool:
    """Something for this chat is still unsent: whatever comes next goes after it."""
    connection = await s.connection()
    found = await connection.scalar(_CHAT_WAITING, {"chat_id": chat_id})
    return found is not None


async def board_waiting(s: AsyncSession, circle_id: int) -> bool:
    """A new board message (a day's post, or the board posted anew) is yet to go, sending or
    not."""
    found = await s.scalar(
        select(OutboxPost.id)
        .where(
            OutboxPost.circle_id == circle_id,
            OutboxPost.kind.in_((Kind.DAY.value, Kind.REBOARD.value)),
            OutboxPost.done_at.is_(None),
        )
        .limit(1)
    )
    return found is not None


async def has_waiting(s: AsyncSession, circle_id: int, kind: str) -> bool:
    """A post of this kind is waiting and no sender has taken it yet (one taken may already
    be built from what it read)."""
    found = await s.scalar(
        select(func.count())
        .select_from(OutboxPost)
        .where(
            OutboxPost.circle_id == circle_id,
            OutboxPost.kind == kind,
            OutboxPost.done_at.is_(None),
            OutboxPost.leased_until.is_(None),
        )
    )
    return bool(found)


MAX_BACKOFF = timedelta(minutes=5)


async def lease_posts(
    s: AsyncSession, now: datetime, lease: timedelta, limit: int, replies_only: bool = False
) -> list[OutboxPost]:
    """The waiting posts no other sender holds, replies first and oldest first, leased to this
    one for `lease`. A post whose chat has an earlier one still held (in flight elsewhere, or
    waiting out a retry) is left: a chat's messages arrive in the order they were written.
    `replies_only`: replies (priority 0) and nothing else, for the sender's reply lane."""
    earlier = aliased(OutboxPost)
    held_before = (
        select(earlier.id)
        .where(
            earlier.chat_id == OutboxPost.chat_id,
            earlier.id < OutboxPost.id,
            earlier.done_at.is_(None),
            earlier.leased_until >= now,
        )
        .exists()
    )
    rows = list(
        await s.scalars(
            select(OutboxPost)
            .where(
                OutboxPost.done_at.is_(None),
                or_(OutboxPost.leased_until.is_(None), OutboxPost.leased_until < now),
                ~held_before,
            )
            .where(OutboxPost.priority == 0 if replies_only else true())
            .order_by(OutboxPost.priority, OutboxPost.id)
            .limit(limit)
            .with_for_update(skip_locked=True)
        )
    )
    for row in rows:
        row.leased_until = now + lease
    return rows


async def release_left_replies(s: AsyncSession, replies_only: bool = True) -> int:
    """At start: replies a stopped process leased to send itself and never did (it was killed
    between its commit and its send) go to the sender now, not when their lease runs out. A
    retry's wait (attempts > 0) is kept. Without `replies_only`, every post leased and never
    tried: what a deployment's sender that died held, released by the one taking over."""
    result = await s.execute(
        update(OutboxPost)
        .where(
            OutboxPost.kind == Kind.REPLY.value if replies_only else true(),
            OutboxPost.done_at.is_(None),
            OutboxPost.attempts == 0,
            OutboxPost.leased_until.is_not(None),
        )
        .values(leased_until=None)
    )
    return int(result.rowcount or 0)


async def release_posts(s: AsyncSession, ids: Sequence[int]) -> None:
    if ids:
        await s.execute(update(OutboxPost).where(OutboxPost.id.in_(ids)).values(leased_until=None))


async def finish_post(
    s: AsyncSession, post_id: int, now: datetime, result: str, keep_text: bool
) -> None:
    # Without text: a shared statement lives in the group now, a reply in the chat.
    statement = _FINISH if keep_text else _FINISH_WITHOUT_TEXT
    connection = await s.connection()  # one statement, not the ORM's read-then-write
    await connection.execute(statement, {"post_id": post_id, "finished_at": now, "outcome": result})


async def retry_post(s: AsyncSession, post_id: int, stale_after: timedelta, now: datetime) -> None:
    """A send that failed (a 5xx, a dropped connection): tried again after a wait that doubles
    with each failure (2 s, 4 s, ... at most 5 minutes), so an outage is outlasted instead of
    spent in a burst of tries. Given up only once it is `stale_after` old: a failure that may
    pass is never a reason to drop what a person is owed."""
    post = await s.get(OutboxPost, post_id)
    if post is None:
        return
    post.attempts += 1
    post.leased_until = now + min(timedelta(seconds=2 ** min(post.attempts, 20)), MAX_BACKOFF)
    if now - post.created_at >= stale_after:
        post.done_at, post.result, post.text = now, "failed", None


async def forget_done_posts(s: AsyncSession, before: datetime) -> None:
    await s.execute(delete(OutboxPost).where(OutboxPost.done_at < before))


async def waiting_count(s: AsyncSession) -> int:
    return int(
        await s.scalar(
            select(func.count()).select_from(OutboxPost).where(OutboxPost.done_at.is_(None))
        )
        or 0
    )
