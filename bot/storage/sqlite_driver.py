"""SQLite for an asyncio bot, on the event loop's own thread.

aiosqlite runs every call on a worker thread: cursor, execute, fetch and close each cost a hop
there and back (about 0.15 ms, and the two threads then take turns at the GIL). Closer's
statements against a local file take microseconds, so the hops were most of the time spent in
the database. This dialect calls Python's sqlite3 directly instead.

What must never happen on the loop's thread is a wait: SQLite's own busy handler would sleep
there while another process holds the file's write lock, and freeze the whole bot. So the
connection's busy timeout is zero, and a statement that finds the file locked before its
transaction has begun (in practice our `BEGIN IMMEDIATE`) yields to the loop and tries again,
until the `timeout` the connection was given (seconds, like sqlite3's) runs out. Inside a
transaction we already hold the write lock (WAL mode, immediate transactions), so a busy answer
there is an error like any other.
"""

from __future__ import annotations

import asyncio
import sqlite3
import time
from typing import Any

from sqlalchemy import pool
from sqlalchemy.dialects import registry
from sqlalchemy.dialects.sqlite.pysqlite import SQLiteDialect_pysqlite
from sqlalchemy.engine import URL, make_url
from sqlalchemy.util import await_

DRIVER = "closer_loop"
FIRST_RETRY_S = 0.001
LONGEST_RETRY_S = 0.05


async def _done_at_once() -> None:
    return None


class PatientCursor(sqlite3.Cursor):
    """A sqlite3 cursor whose wait for a lock held elsewhere is an await, not a sleep."""

    def execute(self, sql: str, parameters: Any = (), /) -> PatientCursor:
        # SQLAlchemy's asyncio layer takes an await during a statement as the sign of an async
        # driver, and refuses Core statements without one; this await finishes at once.
        await_(_done_at_once())
        connection = self.connection
        assert isinstance(connection, PatientConnection)
        deadline: float | None = None
        delay = FIRST_RETRY_S
        while True:
            try:
                super().execute(sql, parameters)
                return self
            except sqlite3.OperationalError as error:
                if not _busy(error) or connection.in_transaction:
                    raise
                now = time.monotonic()
                deadline = deadline if deadline is not None else now + connection.patience
                if now >= deadline:
                    raise
            await_(asyncio.sleep(delay))
            delay = min(delay * 2, LONGEST_RETRY_S)

    def executemany(self, sql: str, seq_of_parameters: Any, /) -> PatientCursor:
        await_(_done_at_once())  # as in execute
        super().executemany(sql, seq_of_parameters)
        return self

    async def _async_soft_close(self) -> None:
        # SQLAlchemy's asyncio results call this on the cursors of its async drivers, to
        # release them early; a sqlite3 cursor holds nothing that needs it.
        return None


class PatientConnection(sqlite3.Connection):
    """A sqlite3 connection that never waits for a lock on the calling thread."""

    def __init__(self, *args: Any, timeout: float = 5.0, **kwargs: Any) -> None:
        super().__init__(*args, timeout=0, **kwargs)
        self.patience = timeout

    def cursor(self, factory: Any = PatientCursor) -> Any:  # type: ignore[override]
        return super().cursor(factory)


class LoopSQLiteDialect(SQLiteDialect_pysqlite):
    """pysqlite, declared fit for asyncio: its calls return at once, and lock waits yield."""

    driver = DRIVER
    is_async = True
    supports_statement_cache = True

    @classmethod
    def get_pool_class(cls, url: URL) -> type[pool.Pool]:
        # A checkout that has to wait for a connection must wait without blocking the loop.
        if cls._is_url_file_db(url):
            return pool.AsyncAdaptedQueuePool
        return pool.StaticPool

    def connect(self, *cargs: Any, **cparams: Any) -> Any:
        cparams["factory"] = PatientConnection
        cparams["check_same_thread"] = False
        return super().connect(*cargs, **cparams)


def _busy(error: sqlite3.OperationalError) -> bool:
    code = getattr(error, "sqlite_errorcode", None)
    return code is not None and code & 0xFF == sqlite3.SQLITE_BUSY


def on_the_loop(url: str) -> URL:
    """The same SQLite database, reached through this module's dialect."""
    return make_url(url).set(drivername=f"sqlite+{DRIVER}")


registry.register(f"sqlite.{DRIVER}", __name__, "LoopSQLiteDialect")
