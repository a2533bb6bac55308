"""One sender for the whole deployment: replicas on one PostgreSQL elect it with a session
advisory lock, and the outbox wakes it with LISTEN/NOTIFY.

Telegram's limits are the bot's (about 30 messages a second, or 1,000 paid), not a process's,
so with several replicas only one of them sends: the one holding the advisory lock SENDER_LOCK
on a connection of its own (asyncpg's, outside SQLAlchemy's pool: the lock and the LISTEN live
as long as that one session). Its pacer (bot.delivery.pacer) then paces every message from the
outbox for all replicas. The others write their replies to the outbox unleased
(bot.delivery.outbox.queue_replies); a trigger on the outbox (migration 0008) NOTIFYs at each
commit that wrote rows, with the row's priority, and the sender's listener wakes its reply lane
for a reply (0) and its loop for the rest, with no polling: a reply written on another replica
leaves within milliseconds, before any background post waiting for a turn.

The others try for the lock every TRY_EVERY. When the sender dies its session ends and
PostgreSQL lets the lock go (at once for a killed process, whose socket the kernel closes;
within the keepalives below for a machine that vanished), and the next to try takes over: it
first releases every post leased and never tried, which only the dead sender can have held.
A sender that loses its connection stops sending at once; the post in flight may then be sent
twice, no other. SQLAlchemy has no session-lock or LISTEN of its own; asyncpg's add_listener
is the driver's own way to receive NOTIFY, so nothing here polls.

The same session holds the replica's presence lock (REPLICAS, a random id) for as long as the
replica runs: the inbox rows it takes in name it (bot.storage.inbox), and another replica's
look at the inbox takes the rows of one whose lock is gone, seconds after it died rather than
when their leases run out. While a replica reconnects its rows look free and another may take
them; the claims (bot.storage.store.claim_update) keep a turn from running twice.

On SQLite, or in polling mode (one process), there is no election: the process sends.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import secrets
from typing import Any

import asyncpg

from bot.delivery.outbox import Sender
from bot.runtime import Closer
from bot.storage import circles as circle_store
from bot.storage.inbox import REPLICAS

log = logging.getLogger(__name__)

# "closers": the sender's lock, beside the migrations' and the jobs' (bot.storage.database,
# bot.jobs).
SENDER_LOCK = int.from_bytes(b"closers", "big")
CHANNEL = "closer_outbox"  # migration 0008's trigger notifies here
TRY_EVERY = 1.0  # seconds between a waiting replica's tries for the lock
HEARTBEAT = 2.0  # seconds between the sender's checks that its session still stands
# The sender's session: the server drops it (and so the lock) about 11 s after its machine
# stops answering, rather than after the system's default two hours.
KEEPALIVE = {
    "application_name": "closer-sender",
    "tcp_keepalives_idle": "5",
    "tcp_keepalives_interval": "2",
    "tcp_keepalives_count": "3",
}


def dsn_of(closer: Closer) -> str:
    """The database's address for asyncpg, from SQLAlchemy's URL."""
    url = closer.db.engine.url.set(drivername="postgresql")
    return url.render_as_string(hide_password=False)


class Election:
    def __init__(self, closer: Closer, sender: Sender) -> None:
        self.closer = closer
        self.sender = sender
        self.dsn = dsn_of(closer)
        self.terms = 0  # times this replica became the sender
        # This replica's id, for its presence lock; positive, as pg_locks shows it (an oid).
        self.replica = 1 + secrets.randbelow(2**31 - 2)
        self._connection: asyncpg.Connection | None = None
        closer.sending_here = False  # until elected

    async def connect(self) -> None:
        """Open the session and take this replica's presence lock: before the replica takes
        any update in, so the inbox rows it holds are never mistaken for a dead one's."""
        self._connection = await self._open()
        self.closer.replica = self.replica

    async def _open(self) -> asyncpg.Connection:
        connection = await asyncpg.connect(self.dsn, server_settings=KEEPALIVE, timeout=10)
        await connection.execute(
            "SELECT pg_advisory_lock($1::integer, $2::integer)", REPLICAS, self.replica
        )
        return connection

    async def run(self, stopping: asyncio.Event) -> None:
        """Try for the lock until `stopping` is set; send while holding it."""
        while not stopping.is_set():
            try:
                await self._term(stopping)
            except Exception as exc:  # the database is away: try again in a moment
                log.warning("sender election: %s; trying again", type(exc).__name__)
            finally:
                self.closer.sending_here = False
            await _wait(TRY_EVERY, stopping)

    async def _term(self, stopping: asyncio.Event) -> None:
        connection, self._connection = self._connection or await self._open(), None
        try:
            while not stopping.is_set():
                if await connection.fetchval("SELECT pg_try_advisory_lock($1)", SENDER_LOCK):
                    await self._lead(connection, stopping)
                    return
                await _wait(TRY_EVERY, stopping)
        finally:
            # Closed, the session ends and the lock with it (unlocking first would cost a
            # round trip to a server that may be gone).
            with contextlib.suppress(Exception):
                await asyncio.wait_for(connection.close(), 2)
            connection.terminate()

    async def _lead(self, connection: asyncpg.Connection, stopping: asyncio.Event) -> None:
        lost = asyncio.Event()
        connection.add_termination_listener(lambda _: lost.set())
        await connection.add_listener(CHANNEL, self._notified)
        async with self.closer.db.transaction() as s:
            left = await circle_store.release_left_replies(s, replies_only=False)
        self.terms += 1
        self.closer.sending_here = True
        log.info("this replica sends for the deployment (%s post(s) taken over)", left)
        ending = asyncio.Event()
        sending = asyncio.create_task(self.sender.run(ending, reply_lane=True))
        try:
            while not (stopping.is_set() or lost.is_set() or sending.done()):
                await _wait(HEARTBEAT, stopping, lost)
                if stopping.is_set() or lost.is_set():
                    break
                try:
                    await asyncio.wait_for(connection.fetchval("SELECT 1"), HEARTBEAT)
                except Exception:
                    lost.set()
            if lost.is_set() and not stopping.is_set():
                log.warning("the sender's database session was lost; this replica stops sending")
        finally:
            self.closer.sending_here = False
            ending.set()
            await sending

    def _notified(self, _connection: Any, _pid: int, _channel: str, payload: str) -> None:
        if payload == "0":  # a reply: someone is waiting for it
            self.closer.replies_waiting.set()
        else:
            self.closer.posts_waiting.set()


async def _wait(seconds: float, *events: asyncio.Event) -> None:
    """Sleep `seconds`, or until one of `events` is set."""
    waits = [asyncio.ensure_future(event.wait()) for event in events]
    try:
        await asyncio.wait(waits, timeout=seconds, return_when=asyncio.FIRST_COMPLETED)
    finally:
        for wait in waits:
            wait.cancel()
