"""The inbox's queries: take updates in, hand them out in order, let them go when handled.

A row is leased to the process that took it in or handed it out, for HELD: with several
replicas on one database (webhook mode), one replica's look for waiting updates leaves alone
those another is handling, and takes those whose lease ran out (their process died)."""

from __future__ import annotations

import json
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import (
    BigInteger,
    and_,
    bindparam,
    cast,
    column,
    delete,
    literal,
    or_,
    select,
    table,
    true,
)
from sqlalchemy import update as sql_update
from sqlalchemy.dialects.postgresql import OID
from sqlalchemy.ext.asyncio import AsyncSession

from .store import insert_of
from .tables import InboxUpdate, SeenUpdate

HELD = timedelta(minutes=2)  # an update's handling takes milliseconds; a queue, seconds


@dataclass(frozen=True)
class Waiting:
    update_id: int
    payload: str
    attempts: int


# Built once (a statement built per call cost more than running it), and of one shape whatever
# the batch's size: PostgreSQL's driver prepares each new statement text once, and an IN list
# of a new length would be a new text every time.
_TAKE = {
    name: insert_of(name)(InboxUpdate).on_conflict_do_nothing(index_elements=["update_id"])
    for name in ("postgresql", "sqlite")
}
_SEEN = {
    name: insert_of(name)(SeenUpdate).on_conflict_do_nothing(index_elements=["update_id"])
    for name in ("postgresql", "sqlite")
}
_LET_GO = delete(InboxUpdate).where(InboxUpdate.update_id == bindparam("gone"))
_KNOWN = (
    select(SeenUpdate.update_id)
    .where(SeenUpdate.update_id.between(bindparam("low"), bindparam("high")))
    .union_all(
        select(InboxUpdate.update_id).where(
            InboxUpdate.update_id.between(bindparam("low"), bindparam("high"))
        )
    )
)


async def take(
    s: AsyncSession,
    updates: Sequence[dict[str, Any]],
    now: datetime,
    people: Mapping[int, int | None] | None = None,
    holder: int | None = None,
) -> list[dict[str, Any]]:
    """Write the updates not seen before, and return them. One already handled (Telegram hands
    an update out again when its confirmation was lost) or already waiting is left out.
    `people`: whose each update is (by update id), for `earlier_waiting`; `holder`: the
    replica taking them (REPLICAS)."""
    ids = [int(u["update_id"]) for u in updates]
    if not ids:
        return []
    known = set(await s.scalars(_KNOWN, {"low": min(ids), "high": max(ids)}))
    new = []
    for update in updates:
        update_id = int(update["update_id"])
        if update_id not in known:
            known.add(update_id)
            new.append(update)
    if new:
        rows = [
            {
                "update_id": int(u["update_id"]),
                "received_at": now,
                "payload": json.dumps(u),
                "leased_until": now + HELD,  # handed out at once by whoever took it in
                "person": (people or {}).get(int(u["update_id"])),
                "leased_by": holder,
            }
            for u in new
        ]
        connection = await s.connection()  # Core executemany: one statement, many rows
        await connection.execute(_TAKE[connection.dialect.name], rows)
    return new


async def waiting(
    s: AsyncSession,
    skip: Collection[int],
    limit: int,
    now: datetime,
    shared: bool,
    holder: int | None = None,
) -> list[Waiting]:
    """The oldest updates not set aside, leaving out those in `skip` (being handled here),
    leased to this process. `shared` (replicas on one database): only those no other process
    holds; two looking at once take different rows. Else every row is this process's own.
    With `holder` (PostgreSQL), a row whose holder no longer holds its presence lock is free
    too: that replica died, and its lease need not run out."""
    query = (
        select(InboxUpdate.update_id, InboxUpdate.payload, InboxUpdate.attempts)
        .where(InboxUpdate.set_aside_at.is_(None))
        .order_by(InboxUpdate.update_id)
        .limit(limit + len(skip))
    )
    if shared:
        free = [InboxUpdate.leased_until.is_(None), InboxUpdate.leased_until < now]
        if holder is not None:
            free.append(InboxUpdate.leased_by.not_in(_LIVE_HOLDERS))
        query = query.where(or_(*free)).with_for_update(skip_locked=True)
    rows = [Waiting(i, p or "", a) for i, p, a in await s.execute(query) if i not in skip]
    rows = rows[:limit]
    if rows:
        await s.execute(
            sql_update(InboxUpdate)
            .where(InboxUpdate.update_id.in_([row.update_id for row in rows]))
            .values(leased_until=now + HELD, leased_by=holder)
        )
    return rows


# Replicas alive: each holds a session advisory lock (REPLICAS, its id) for as long as it
# runs (bot.delivery.election); PostgreSQL drops it with the session of one that died.
REPLICAS = int.from_bytes(b"clor", "big")
_LOCKS = table("pg_locks", column("locktype"), column("classid"), column("objid"),
               column("objsubid"), column("granted"))  # fmt: skip
_LIVE_HOLDERS = select(cast(_LOCKS.c.objid, BigInteger)).where(
    _LOCKS.c.locktype == "advisory",
    _LOCKS.c.classid == cast(literal(REPLICAS), OID),
    _LOCKS.c.objsubid == 2,
    _LOCKS.c.granted.is_(true()),
)


# An earlier update of the same person still to be handled: in the inbox, not set aside, never
# failed (a failing one is tried again later and may run after later ones, as within one
# process: bot.delivery.intake), and not claimed yet (a claim commits with the handler's turn,
# so a claimed one has had its turn even before its row is let go).
_EARLIER = (
    select(InboxUpdate.update_id)
    .where(
        and_(
            InboxUpdate.person == bindparam("person"),
            InboxUpdate.update_id < bindparam("update_id"),
            InboxUpdate.set_aside_at.is_(None),
            InboxUpdate.attempts == 0,
        ),
        ~select(SeenUpdate.update_id).where(SeenUpdate.update_id == InboxUpdate.update_id).exists(),
    )
    .limit(1)
)


async def earlier_waiting(s: AsyncSession, person: int, update_id: int) -> bool:
    """Whether an earlier update of this person waits to be handled (by any replica)."""
    connection = await s.connection()
    found = await connection.scalar(_EARLIER, {"person": person, "update_id": update_id})
    return found is not None


async def handled(s: AsyncSession, update_ids: Sequence[int], now: datetime) -> None:
    """These updates' handling ended: they are remembered as seen (so a redelivery is dropped,
    whichever handler took them) and their rows, with the words in them, go."""
    if not update_ids:
        return
    connection = await s.connection()  # Core executemany: one statement, many rows
    seen = _SEEN[connection.dialect.name]
    await connection.execute(seen, [{"update_id": i, "seen_at": now} for i in update_ids])
    await connection.execute(_LET_GO, [{"gone": i} for i in update_ids])


async def failed(s: AsyncSession, update_id: int, error: str, tries: int, now: datetime) -> bool:
    """An update failed (it could not be read, or its handler raised). It is tried again
    until it has failed `tries` times; then set aside without its payload. True if set aside."""
    row = await s.get(InboxUpdate, update_id)
    if row is None:
        return False
    row.attempts += 1
    row.error = error[:64]
    if row.attempts < tries:
        row.leased_until = None  # for the next look, by this process or another
        return False
    row.payload, row.set_aside_at = None, now
    return True


async def set_aside(s: AsyncSession) -> list[tuple[int, str | None]]:
    """What was set aside: ids and errors only."""
    rows = await s.execute(
        select(InboxUpdate.update_id, InboxUpdate.error)
        .where(InboxUpdate.set_aside_at.is_not(None))
        .order_by(InboxUpdate.update_id)
    )
    return [(i, e) for i, e in rows]


async def forget_set_aside(s: AsyncSession, before: datetime) -> None:
    await s.execute(delete(InboxUpdate).where(InboxUpdate.set_aside_at < before))
