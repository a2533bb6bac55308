"""The database: an async engine for SQLite or PostgreSQL, Alembic migrations at start-up, and
one transaction per unit of work."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

from alembic import command
from alembic.config import Config
from sqlalchemy import Connection, event
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker, create_async_engine

MIGRATIONS = Path(__file__).resolve().parent / "migrations"
MIGRATION_LOCK = 0x636C6F736572  # "closer": the advisory lock migrations hold on PostgreSQL


class Database:
    def __init__(self, url: str) -> None:
        self.url = url
        self.is_sqlite = url.startswith("sqlite")
        options: dict[str, Any] = {}
        if self.is_sqlite:
            # How long a statement waits for another process's write lock (SQLite's busy
            # timeout, in seconds). aiosqlite runs each connection's statements on a thread of
            # its own, so the wait happens there and the loop goes on.
            options["connect_args"] = {"timeout": 30}
        else:
            # No pre-ping: it costs a round trip for every transaction (a third of a coach
            # turn's). A connection the server dropped fails one transaction instead;
            # SQLAlchemy then drops the pool's stale connections, and the update is tried
            # again from the inbox (bot.delivery.intake), a job at its next tick.
            options.update(pool_size=10, max_overflow=10, pool_recycle=1800)
        # hide_parameters: a database error names the statement, never the values in it (a
        # person's words, a partner's name), in the exception and so in the log.
        self.engine = create_async_engine(url, hide_parameters=True, **options)
        if self.is_sqlite:
            event.listen(self.engine.sync_engine, "connect", _sqlite_connect)
            event.listen(self.engine.sync_engine, "begin", _sqlite_begin)
        self.sessions = async_sessionmaker(self.engine, expire_on_commit=False)
        # SQLite has one writer at a time; queueing writers here is faster and calmer than
        # letting them collide on the file lock. PostgreSQL locks rows instead.
        self._write_lock: asyncio.Lock | None = asyncio.Lock() if self.is_sqlite else None

    @property
    def dialect(self) -> str:
        return "sqlite" if self.is_sqlite else "postgresql"

    async def migrate(self) -> None:
        """Bring the schema to the newest migration (run at every start; cheap when current).
        On PostgreSQL, under a lock: processes starting together migrate one after the other,
        and the later ones find the schema current (SQLite's write lock does this there)."""
        async with self.engine.begin() as connection:
            if not self.is_sqlite:
                await connection.exec_driver_sql(f"SELECT pg_advisory_xact_lock({MIGRATION_LOCK})")
            await connection.run_sync(_upgrade)

    @contextlib.asynccontextmanager
    async def transaction(self) -> AsyncIterator[AsyncSession]:
        """One transaction: committed when the block ends, rolled back if it raises."""
        async with contextlib.AsyncExitStack() as stack:
            if self._write_lock is not None:
                await stack.enter_async_context(self._write_lock)
            session = await stack.enter_async_context(self.sessions())
            await stack.enter_async_context(session.begin())
            yield session

    @contextlib.asynccontextmanager
    async def alone(self, key: int) -> AsyncIterator[bool]:
        """Whether this process may go ahead as the only one: on PostgreSQL, True while it
        holds the advisory lock `key` (held on a connection of its own for the whole block, so
        the block commits as many transactions as it likes), False at once if another process
        holds it; on SQLite, where there is one process, always True."""
        if self.is_sqlite:
            yield True
            return
        async with self.engine.connect() as connection:
            # Outside any transaction: a session lock, not one that ends with a commit.
            autocommit = await connection.execution_options(isolation_level="AUTOCOMMIT")
            held = await autocommit.exec_driver_sql(f"SELECT pg_try_advisory_lock({key})")
            ours = bool(held.scalar())
            try:
                yield ours
            finally:
                if ours:
                    try:
                        await autocommit.exec_driver_sql(f"SELECT pg_advisory_unlock({key})")
                    except BaseException:
                        # Back in the pool still holding the lock, the connection would keep
                        # every other process out for good; closed, the server lets it go.
                        await connection.invalidate()
                        raise

    async def ping(self) -> None:
        """One round trip to the database (the health check); raises if it does not answer.
        Outside any transaction: on SQLite a transaction would take the write lock."""
        async with self.engine.connect() as connection:
            autocommit = await connection.execution_options(isolation_level="AUTOCOMMIT")
            await autocommit.exec_driver_sql("SELECT 1")

    async def scrub(self) -> None:
        """After an erase: on SQLite, fold the write-ahead log into the file and empty it, so
        the erased rows' old pages are not left in the -wal file (secure_delete has already
        overwritten them in the file itself). PostgreSQL's own storage is for its operator."""
        if not self.is_sqlite:
            return
        async with self.engine.connect() as connection:
            autocommit = await connection.execution_options(isolation_level="AUTOCOMMIT")
            await autocommit.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")

    async def close(self) -> None:
        await self.engine.dispose()


def alembic_config(connection: Connection | None = None) -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.attributes["connection"] = connection
    return config


def _upgrade(connection: Connection) -> None:
    command.upgrade(alembic_config(connection), "head")


def _sqlite_connect(dbapi_connection: Any, _record: Any) -> None:
    # The driver would start transactions lazily, at the first write, so two processes could
    # both read a due reminder before either writes. We begin them ourselves (_sqlite_begin).
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    # What is deleted is overwritten, not left in free pages of the file for anyone who opens it.
    cursor.execute("PRAGMA secure_delete=ON")
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()


def _sqlite_begin(connection: Connection) -> None:
    """Take SQLite's write lock when the transaction starts: a second process waits its turn
    (busy timeout) instead of acting on what it read before the first one wrote."""
    if connection.get_execution_options().get("isolation_level") == "AUTOCOMMIT":
        return  # Database.scrub: a checkpoint runs outside any transaction
    connection.exec_driver_sql("BEGIN IMMEDIATE")
