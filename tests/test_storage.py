"""The database, on SQLite and on PostgreSQL: migrations, deduplication, erasure, instants."""

from __future__ import annotations

import asyncio
from datetime import UTC, date, datetime, timedelta

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import inspect, text

from bot.storage import store
from bot.storage.database import Database
from bot.storage.tables import Base
from dialogs.coach import Outcome, Record

NOW = datetime(2026, 11, 21, 9, 0, tzinfo=UTC)
TODAY = date(2026, 11, 21)


async def test_migrations_build_exactly_the_tables_the_code_uses(db: Database):
    async with db.engine.connect() as connection:
        diff = await connection.run_sync(
            lambda sync: compare_metadata(
                MigrationContext.configure(sync, opts={"compare_type": True}), Base.metadata
            )
        )
    assert diff == []


async def test_migrating_again_changes_nothing(db: Database):
    await db.migrate()
    async with db.engine.connect() as connection:
        names = await connection.run_sync(lambda sync: inspect(sync).get_table_names())
    assert {"users", "records", "reminders", "journal", "alembic_version"} <= set(names)


async def test_processes_starting_together_migrate_a_fresh_database_once(database_url: str):
    first, second = Database(database_url), Database(database_url)
    try:
        await asyncio.gather(first.migrate(), second.migrate())
        async with first.engine.connect() as connection:
            version = await connection.scalar(text("SELECT version_num FROM alembic_version"))
        assert version is not None
    finally:
        await first.close()
        await second.close()


async def test_an_update_id_is_claimed_once(db: Database):
    async with db.transaction() as s:
        assert await store.claim_update(s, 42, NOW)
    async with db.transaction() as s:
        assert not await store.claim_update(s, 42, NOW)
        await store.forget_seen_updates(s, NOW + timedelta(seconds=1))
    async with db.transaction() as s:
        assert await store.claim_update(s, 42, NOW)


async def test_a_coach_turn_makes_the_row_on_first_contact_and_keeps_its_snapshot(
    db: Database,
):
    async with db.transaction() as s:
        first = await store.user_for_update(s, 1, 10, TODAY)
        await store.save_turn(s, 1, {"state": "climb"}, first.turn + 1)
    async with db.transaction() as s:
        again = await store.user_for_update(s, 1, 10, TODAY)
    assert (first.snapshot, first.turn, first.active) == (None, 0, True)
    assert (again.snapshot, again.turn) == ({"state": "climb"}, 1)


async def test_a_coach_turn_from_a_new_chat_or_after_a_block_notes_both(db: Database):
    async with db.transaction() as s:
        await store.user_for_update(s, 1, 10, TODAY)
        await store.mark_inactive(s, 1)
    async with db.transaction() as s:
        await store.user_for_update(s, 1, 11, TODAY)  # they unblocked us, from another chat
    async with db.transaction() as s:
        user = await store.get_user(s, 1)
    assert user is not None
    assert (user.chat_id, user.active) == (11, True)


async def test_a_persons_columns_change_only_by_name_and_never_the_id(db: Database):
    async with db.transaction() as s:
        await store.user_for_update(s, 1, 1, TODAY)
        await store.change_person(s, 1, alias="Sunny", journal=True)
        with pytest.raises(TypeError):
            await store.change_person(s, 1, nickname="x")
        with pytest.raises(TypeError):
            await store.change_person(s, 1, id=2)
    async with db.transaction() as s:
        person = await store.get_user(s, 1)
    assert person is not None
    assert (person.alias, person.journal, person.turn) == ("Sunny", True, 0)


async def test_a_failed_unit_of_work_leaves_nothing_behind(db: Database):
    try:
        async with db.transaction() as s:
            await store.claim_update(s, 7, NOW)
            await store.user_for_update(s, 1, 1, TODAY)
            raise RuntimeError("the coach failed halfway")
    except RuntimeError:
        pass
    async with db.transaction() as s:
        assert await store.get_user(s, 1) is None
        assert await store.claim_update(s, 7, NOW)  # the update can be handled again


async def test_forget_erases_every_row_about_a_person_and_no_one_else(db: Database):
    record = Record("fact", "fact", (), Outcome.ACCEPTED, "daily")
    for user_id in (1, 2):
        async with db.transaction() as s:
            await store.user_for_update(s, user_id, user_id, TODAY)
            await store.add_records(s, user_id, TODAY, [record])
            await store.add_practice_day(s, user_id, TODAY)
            await store.add_practice_day(s, user_id, TODAY)  # twice is still one day
            await store.add_journal(s, user_id, NOW, "fact", "I have a dog.")
            await store.set_reminder(s, user_id, "08:30", "Europe/Berlin", NOW)
    async with db.transaction() as s:
        await store.forget(s, 1)
    async with db.transaction() as s:
        assert await store.export(s, 1) is None
        kept = await store.export(s, 2)
    assert kept is not None
    assert kept["practice_days"] == ["2026-11-21"]
    assert len(kept["statements"]) == 1
    assert kept["journal"][0]["text"] == "I have a dog."


async def test_instants_come_back_in_utc(db: Database):
    berlin_evening = datetime(2026, 11, 21, 20, 0, tzinfo=UTC).astimezone()
    async with db.transaction() as s:
        await store.user_for_update(s, 1, 1, TODAY)
        await store.set_reminder(s, 1, "20:00", "Europe/Berlin", berlin_evening)
    async with db.transaction() as s:
        reminder = await store.get_reminder(s, 1)
    assert reminder is not None
    assert reminder.next_fire_at == datetime(2026, 11, 21, 20, 0, tzinfo=UTC)
    assert reminder.next_fire_at.tzinfo is not None


async def test_a_database_error_names_the_statement_but_never_the_words_in_it(db: Database):
    words = "i feel so alone since maya left"
    failed = None
    try:
        async with db.transaction() as s:  # a journal line for a person who does not exist
            await s.execute(
                text(
                    "INSERT INTO journal (user_id, written_at, level, text) VALUES (:u, :w, :l, :t)"
                ),
                {"u": None, "w": datetime(2026, 1, 1, tzinfo=UTC), "l": "self", "t": words},
            )
    except Exception as exc:
        failed = exc
    assert failed is not None
    assert "journal" in str(failed)
    assert words not in str(failed)
    assert "maya" not in str(failed)
