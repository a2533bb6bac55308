"""SQLite as Closer sets it up: every transaction holds the file's write lock from its start, so
two processes on one file take turns instead of failing or acting on a stale read; a wait for
the lock leaves the loop free; deletions are overwritten and a scrub empties the log."""

from __future__ import annotations

import asyncio
import sqlite3
from pathlib import Path

import pytest
from sqlalchemy import text

from bot.storage.database import Database


def another_process(path: Path) -> sqlite3.Connection:
    """A plain sqlite3 connection to the same file, as a second process would have, that never
    waits for a lock: a busy file is an error at once."""
    other = sqlite3.connect(path, isolation_level=None, timeout=0)
    other.execute("PRAGMA journal_mode=WAL")
    other.execute("CREATE TABLE IF NOT EXISTS marks (n INTEGER)")
    return other


async def test_a_writer_waiting_for_the_lock_lets_the_loop_run_and_then_writes(
    sqlite_url: str, tmp_path: Path
):
    other = another_process(tmp_path / "closer.db")
    other.execute("BEGIN IMMEDIATE")
    db = Database(sqlite_url)

    async def write() -> None:
        async with db.transaction() as s:
            await s.execute(text("INSERT INTO marks VALUES (1)"))

    try:
        writer = asyncio.create_task(write())
        await asyncio.sleep(0.1)  # had the wait blocked the loop, we would wake to its failure
        assert not writer.done()
        other.execute("COMMIT")
        await asyncio.wait_for(writer, 5)
        assert other.execute("SELECT count(*) FROM marks").fetchone() == (1,)
    finally:
        other.close()
        await db.close()


async def test_a_transaction_holds_the_write_lock_from_its_start(sqlite_url: str, tmp_path: Path):
    other = another_process(tmp_path / "closer.db")
    db = Database(sqlite_url)
    try:
        async with db.transaction() as s:
            await s.execute(text("SELECT count(*) FROM marks"))  # a read, no write yet
            with pytest.raises(sqlite3.OperationalError, match="locked"):
                other.execute("BEGIN IMMEDIATE")
        other.execute("BEGIN IMMEDIATE")
        other.execute("COMMIT")
    finally:
        other.close()
        await db.close()


async def test_two_processes_counting_at_once_take_turns_and_lose_no_count(sqlite_url: str):
    first, second = Database(sqlite_url), Database(sqlite_url)  # two engines, as two processes
    async with first.transaction() as s:
        await s.execute(text("CREATE TABLE counter (n INTEGER)"))
        await s.execute(text("INSERT INTO counter VALUES (0)"))

    async def count(db: Database, times: int) -> None:
        for _ in range(times):
            async with db.transaction() as s:
                n = (await s.execute(text("SELECT n FROM counter"))).scalar_one()
                await asyncio.sleep(0.001)  # the other's chance to read the same n, were it let in
                await s.execute(text("UPDATE counter SET n = :n"), {"n": n + 1})

    try:
        await asyncio.wait_for(asyncio.gather(count(first, 20), count(second, 20)), 30)
        async with first.transaction() as s:
            assert (await s.execute(text("SELECT n FROM counter"))).scalar_one() == 40
    finally:
        await first.close()
        await second.close()


async def test_every_connection_overwrites_deletions_logs_ahead_and_waits_for_the_lock(
    sqlite_url: str,
):
    db = Database(sqlite_url)
    names = ("foreign_keys", "secure_delete", "journal_mode", "synchronous", "busy_timeout")
    try:
        async with db.transaction() as s:
            found = {name: (await s.execute(text(f"PRAGMA {name}"))).scalar() for name in names}
    finally:
        await db.close()
    assert found == {
        "foreign_keys": 1,
        "secure_delete": 1,
        "journal_mode": "wal",
        "synchronous": 1,  # NORMAL
        "busy_timeout": 30_000,
    }


async def test_a_scrub_empties_the_log_and_later_transactions_still_take_the_lock(
    sqlite_url: str, tmp_path: Path
):
    other = another_process(tmp_path / "closer.db")
    db = Database(sqlite_url)
    log = tmp_path / "closer.db-wal"
    try:
        async with db.transaction() as s:
            await s.execute(text("INSERT INTO marks VALUES (1)"))
            await s.execute(text("DELETE FROM marks"))
        assert log.stat().st_size > 0
        await db.scrub()
        assert log.stat().st_size == 0
        async with db.transaction() as s:  # on the connection the scrub ran on, set back
            await s.execute(text("SELECT count(*) FROM marks"))
            with pytest.raises(sqlite3.OperationalError, match="locked"):
                other.execute("BEGIN IMMEDIATE")
    finally:
        other.close()
        await db.close()
