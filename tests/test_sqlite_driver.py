"""SQLite on the event loop's thread: a wait for another process's write lock yields to the
loop instead of freezing it, and gives up when its time is out."""

from __future__ import annotations

import asyncio
import sqlite3
import threading
from pathlib import Path

import pytest
from sqlalchemy import Connection, text
from sqlalchemy.exc import OperationalError
from sqlalchemy.ext.asyncio import create_async_engine

from bot.storage import sqlite_driver
from bot.storage.database import Database


def another_process_writing(path: Path) -> sqlite3.Connection:
    """A plain sqlite3 connection holding the file's write lock, as a second process would."""
    other = sqlite3.connect(path, isolation_level=None)
    other.execute("PRAGMA journal_mode=WAL")
    other.execute("CREATE TABLE IF NOT EXISTS marks (n INTEGER)")
    other.execute("BEGIN IMMEDIATE")
    return other


async def test_a_writer_waiting_for_the_lock_lets_the_loop_run_and_then_writes(
    sqlite_url: str, tmp_path: Path
):
    other = another_process_writing(tmp_path / "closer.db")
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


async def test_a_writer_gives_up_when_its_timeout_runs_out(sqlite_url: str, tmp_path: Path):
    other = another_process_writing(tmp_path / "closer.db")
    engine = create_async_engine(
        sqlite_driver.on_the_loop(sqlite_url), connect_args={"timeout": 0.05}
    )
    try:
        with pytest.raises(OperationalError, match="locked"):
            async with engine.connect() as connection:
                await connection.exec_driver_sql("BEGIN IMMEDIATE")
    finally:
        other.close()
        await engine.dispose()


async def test_statements_run_on_the_loops_own_thread(sqlite_url: str):
    engine = create_async_engine(sqlite_driver.on_the_loop(sqlite_url))

    def teach_thread_function(sync: Connection) -> None:
        raw = sync.connection.driver_connection
        assert isinstance(raw, sqlite_driver.PatientConnection)
        raw.create_function("current_thread", 0, threading.get_ident)

    try:
        async with engine.begin() as connection:
            await connection.run_sync(teach_thread_function)
            ran_on = (await connection.execute(text("SELECT current_thread()"))).scalar()
        assert ran_on == threading.get_ident()
    finally:
        await engine.dispose()


async def test_core_statements_run_with_one_row_or_many(sqlite_url: str):
    engine = create_async_engine(sqlite_driver.on_the_loop(sqlite_url))
    try:
        async with engine.begin() as connection:
            await connection.execute(text("CREATE TABLE marks (n INTEGER)"))
            await connection.execute(text("INSERT INTO marks VALUES (:n)"), [{"n": 1}, {"n": 2}])
            await connection.execute(text("INSERT INTO marks VALUES (:n)"), {"n": 3})
            total = (await connection.execute(text("SELECT sum(n) FROM marks"))).scalar()
        assert total == 6
    finally:
        await engine.dispose()
