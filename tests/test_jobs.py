"""The repeating job once per deployment: replicas on one PostgreSQL take turns (an advisory
lock), so a due reminder goes out once however many of them tick; on SQLite it just runs."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime

import pytest

from bot import jobs
from bot.runtime import Closer
from bot.storage import circles as circle_store
from bot.storage.database import Database
from tests.telegram_client import TelegramWorld
from tests.test_telegram_reminders import reminded

BEFORE = datetime(2026, 11, 21, 6, 0, tzinfo=UTC)  # 07:00 in Berlin
DUE = datetime(2026, 11, 21, 7, 30, tzinfo=UTC)  # 08:30 in Berlin
ON_POSTGRES = pytest.mark.parametrize("database_url", ["postgresql"], indirect=True)


def closer(world: TelegramWorld) -> Closer:
    assert world.closer is not None
    return world.closer


async def waiting(world: TelegramWorld) -> int:
    assert world.closer is not None
    async with world.closer.db.transaction() as s:
        return await circle_store.waiting_count(s)


@ON_POSTGRES
async def test_a_tick_is_skipped_while_another_replica_is_in_one(
    replicas: list[TelegramWorld], database_url: str
):
    second = replicas[1]
    second.clock.set(BEFORE)
    ana = second.user()  # the webhook posts to the replica that set it last
    await ana.send("/remind 8:30 Berlin")
    second.clock.set(DUE)
    other = Database(database_url)  # the replica in its tick, holding the lock
    try:
        async with other.alone(jobs.JOBS_LOCK) as ours:
            assert ours
            assert await jobs.run(closer(second)) is False
            assert await waiting(second) == 0  # nothing queued meanwhile
        assert await jobs.run(closer(second)) is True
    finally:
        await other.close()
    await second.outbox_idle()
    assert reminded(ana) == 1


@ON_POSTGRES
async def test_two_replicas_ticking_at_once_send_a_due_reminder_once(
    replicas: list[TelegramWorld],
):
    last = replicas[-1]  # the webhook posts to the replica that set it last
    last.clock.set(BEFORE)
    people = [last.user(f"P{i}") for i in range(5)]
    for person in people:
        await person.send("/remind 8:30 Berlin")
    for world in replicas:
        world.clock.set(DUE)
    for _ in range(5):
        ran = await asyncio.gather(*(jobs.run(closer(w)) for w in replicas))
        assert any(ran)
    for world in replicas:
        await world.outbox_idle()
    assert [reminded(person) for person in people] == [1] * 5


async def test_on_sqlite_the_tick_runs_and_sends_a_due_reminder(sqlite_world: TelegramWorld):
    sqlite_world.clock.set(BEFORE)
    ana = sqlite_world.user()
    await ana.send("/remind 8:30 Berlin")
    sqlite_world.clock.set(DUE)
    assert await jobs.run(closer(sqlite_world)) is True
    await sqlite_world.outbox_idle()
    assert reminded(ana) == 1


@ON_POSTGRES
async def test_the_jobs_lock_is_let_go_when_a_tick_fails(
    replicas: list[TelegramWorld], monkeypatch: pytest.MonkeyPatch
):
    first, second = replicas

    async def broken(closer: object) -> None:
        raise ConnectionError("the database went away")

    monkeypatch.setattr(jobs.reminders, "tick", broken)
    assert await jobs.run(closer(first)) is False
    monkeypatch.undo()
    assert await jobs.run(closer(second)) is True
