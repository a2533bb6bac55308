"""Group challenges' storage, on SQLite and on PostgreSQL: one live challenge per group, one
check-in per member per day, posts leased to one sender at a time, erasure."""

from __future__ import annotations

import asyncio
import itertools
from datetime import UTC, date, datetime, timedelta

from sqlalchemy import select

from bot.storage import circles as circle_store
from bot.storage import store
from bot.storage.database import Database
from bot.storage.tables import Checkin, Circle, CircleMember, Kind, OutboxPost, Share
from dialogs.challenges import Status

NOW = datetime(2026, 11, 21, 9, 0, tzinfo=UTC)
TODAY = date(2026, 11, 21)
GROUP = -1_000_000_001
LEASE = timedelta(minutes=2)
CODES = itertools.count(1)


async def new_circle(db: Database, status: Status = Status.RUNNING, day: int = 1) -> int:
    async with db.transaction() as s:
        circle = Circle(
            code=f"c{next(CODES)}",
            chat_id=GROUP,
            title="Tuesday circle",
            template="ladder",
            at_local="19:00",
            time_zone="Europe/Berlin",
            status=status.value,
            day=day,
            next_post_at=NOW,
            sharing=True,
            created_at=NOW,
        )
        s.add(circle)
        await s.flush()
        return circle.id


async def join(db: Database, circle_id: int, *user_ids: int) -> None:
    async with db.transaction() as s:
        for user_id in user_ids:
            await store.user_for_update(s, user_id, user_id, TODAY)
            await circle_store.add_member(s, circle_id, user_id, f"P{user_id}", NOW)


async def test_a_session_checks_in_once_a_day_in_every_circle_of_the_member(db: Database):
    first = await new_circle(db)
    await join(db, first, 1, 2)
    async with db.transaction() as s:
        changed = await circle_store.check_in(s, 1)
        again = await circle_store.check_in(s, 1)
        checkins = await circle_store.checkins(s, first)
    assert [c.id for c in changed] == [first]
    assert again == []  # the board need not change twice
    assert checkins == [(1, 1)]


async def test_nothing_checks_in_before_the_first_theme(db: Database):
    circle_id = await new_circle(db, Status.ANNOUNCED, day=0)
    await join(db, circle_id, 1)
    async with db.transaction() as s:
        assert await circle_store.check_in(s, 1) == []


async def test_a_member_shares_once_a_day(db: Database):
    circle_id = await new_circle(db)
    await join(db, circle_id, 1)
    async with db.transaction() as s:
        circle = await circle_store.get_circle(s, circle_id)
        assert circle is not None
        assert await circle_store.add_share(s, circle, 1, NOW)
        assert not await circle_store.add_share(s, circle, 1, NOW)


async def test_two_senders_never_lease_the_same_post(db: Database):
    async with db.transaction() as s:
        for n in range(6):  # six groups: one group's posts go one at a time, in order
            await circle_store.enqueue(s, chat_id=GROUP - n, kind=Kind.SHARE, now=NOW, text=str(n))

    async def lease() -> list[int]:
        async with db.transaction() as s:
            rows = await circle_store.lease_posts(s, NOW, LEASE, 4)
            await asyncio.sleep(0.05)  # hold the transaction while the other one runs
            return [row.id for row in rows]

    first, second = await asyncio.gather(lease(), lease())
    assert not set(first) & set(second)
    assert len(first) + len(second) == 6


async def test_a_lease_runs_out_and_the_post_is_handed_out_again(db: Database):
    async with db.transaction() as s:
        await circle_store.enqueue(s, chat_id=GROUP, kind=Kind.SHARE, now=NOW, text="hi")
    async with db.transaction() as s:
        assert len(await circle_store.lease_posts(s, NOW, LEASE, 10)) == 1
    async with db.transaction() as s:
        assert await circle_store.lease_posts(s, NOW + timedelta(minutes=1), LEASE, 10) == []
        later = await circle_store.lease_posts(s, NOW + timedelta(minutes=3), LEASE, 10)
    assert [row.text for row in later] == ["hi"]


async def test_a_chats_later_post_waits_while_an_earlier_one_is_held(db: Database):
    async with db.transaction() as s:
        for text in ("first", "second"):
            await circle_store.enqueue(s, chat_id=GROUP, kind=Kind.SHARE, now=NOW, text=text)
    async with db.transaction() as s:
        first = await circle_store.lease_posts(s, NOW, LEASE, 1)
    async with db.transaction() as s:  # the first is out (or waiting out a retry): not yet
        assert await circle_store.lease_posts(s, NOW, LEASE, 10) == []
    async with db.transaction() as s:
        await circle_store.finish_post(s, first[0].id, NOW, "sent", keep_text=True)
    async with db.transaction() as s:
        assert [row.text for row in await circle_store.lease_posts(s, NOW, LEASE, 10)] == ["second"]


async def test_a_reply_is_handed_out_before_older_group_posts(db: Database):
    async with db.transaction() as s:
        await circle_store.enqueue(s, chat_id=GROUP, kind=Kind.DAY, now=NOW)
        await circle_store.enqueue(s, chat_id=7, kind=Kind.PRIVATE, now=NOW, text="nudge")
        await circle_store.enqueue(s, chat_id=8, kind=Kind.REPLY, now=NOW, text="reply")
    async with db.transaction() as s:
        rows = await circle_store.lease_posts(s, NOW, LEASE, 10)
    assert [row.kind for row in rows] == [Kind.REPLY, Kind.PRIVATE, Kind.DAY]


async def test_a_board_asked_for_goes_with_the_replies_in_the_order_asked(db: Database):
    async with db.transaction() as s:  # "/board", then "/pause": the board answers first
        await circle_store.enqueue(s, chat_id=GROUP, kind=Kind.DAY, now=NOW, answers=True)
        await circle_store.enqueue(s, chat_id=GROUP, kind=Kind.REPLY, now=NOW, text="Paused.")
    async with db.transaction() as s:
        rows = await circle_store.lease_posts(s, NOW, LEASE, 10)
    assert [row.kind for row in rows] == [Kind.DAY, Kind.REPLY]


async def test_due_circles_are_claimed_by_one_process_at_a_time(db: Database):
    for day in range(3):
        await new_circle(db, Status.ANNOUNCED, day=day)

    async def claim() -> list[int]:
        async with db.transaction() as s:
            rows = await circle_store.claim_due_circles(s, NOW, 2)
            for row in rows:
                row.next_post_at = NOW + timedelta(days=1)
            await asyncio.sleep(0.05)
            return [row.id for row in rows]

    first, second = await asyncio.gather(claim(), claim())
    assert not set(first) & set(second)
    assert len(first) + len(second) == 3


async def test_many_circles_move_on_together_and_each_queues_one_theme(db: Database):
    announced = await new_circle(db, Status.ANNOUNCED, day=0)
    running = await new_circle(db, Status.RUNNING, day=3)
    tomorrow = NOW + timedelta(days=1)
    async with db.transaction() as s:
        await circle_store.start_days(
            s,
            [
                circle_store.NextDay(announced, GROUP, 1, tomorrow),
                circle_store.NextDay(running, GROUP - 1, 4, tomorrow),
            ],
            "day",
            NOW,
        )
    async with db.transaction() as s:
        circles = {c.id: c for c in await s.scalars(select(Circle))}
        posts = list(await s.scalars(select(OutboxPost).order_by(OutboxPost.id)))
    assert [(circles[i].day, circles[i].status) for i in (announced, running)] == [
        (1, Status.RUNNING.value),
        (4, Status.RUNNING.value),
    ]
    assert circles[running].next_post_at == tomorrow
    assert [(p.circle_id, p.chat_id, p.kind, p.day) for p in posts] == [
        (announced, GROUP, "day", 1),
        (running, GROUP - 1, "day", 4),
    ]


async def test_a_chat_migration_moves_the_circle_and_its_waiting_posts(db: Database):
    circle_id = await new_circle(db)
    async with db.transaction() as s:
        await circle_store.enqueue(s, chat_id=GROUP, kind=Kind.DAY, now=NOW, circle_id=circle_id)
        assert await circle_store.move_chat(s, GROUP, GROUP - 7) == 1
    async with db.transaction() as s:
        circle = await circle_store.live_circle(s, GROUP - 7)
        posts = await circle_store.lease_posts(s, NOW, LEASE, 10)
    assert circle is not None
    assert circle.id == circle_id
    assert [p.chat_id for p in posts] == [GROUP - 7]


async def test_forget_erases_a_members_circle_rows_and_no_one_elses(db: Database):
    circle_id = await new_circle(db)
    await join(db, circle_id, 1, 2)
    async with db.transaction() as s:
        circle = await circle_store.get_circle(s, circle_id)
        assert circle is not None
        for user_id in (1, 2):
            await circle_store.check_in(s, user_id)
            await circle_store.add_share(s, circle, user_id, NOW)
            await circle_store.enqueue(
                s, chat_id=user_id, kind=Kind.PRIVATE, now=NOW, user_id=user_id, text="hi"
            )
    async with db.transaction() as s:
        await store.forget(s, 1)
    async with db.transaction() as s:
        for table in (CircleMember, Checkin, Share, OutboxPost):
            rows = (await s.execute(table.__table__.select())).all()
            assert {row.user_id for row in rows} == {2}, table.__tablename__
        assert await store.export(s, 2) is not None
