"""The queries Closer's features run, each inside a transaction the caller holds."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from contextvars import ContextVar
from dataclasses import dataclass, fields, replace
from datetime import date, datetime
from typing import Any

from sqlalchemy import bindparam, delete, func, insert, select, text, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncSession

from dialogs.coach import Record
from dialogs.progress import RecordRow

from . import partners
from .tables import (
    Checkin,
    Circle,
    CircleMember,
    JournalEntry,
    OutboxPost,
    Pair,
    PairInvite,
    PairMember,
    PairNote,
    PracticeDay,
    Reminder,
    SeenUpdate,
    Share,
    StatementRecord,
    User,
)

# Erased before the user row. Outbox rows addressed to the person (nudges, recaps) go too.
USER_TABLES = (
    JournalEntry,
    Reminder,
    PracticeDay,
    StatementRecord,
    Checkin,
    Share,
    CircleMember,
    PairNote,
    PairInvite,
    PairMember,
    OutboxPost,
)


def insert_of(dialect: str) -> Any:
    """The INSERT construct that knows ON CONFLICT, for a dialect's name."""
    return postgresql.insert if dialect == "postgresql" else sqlite.insert


def dialect_insert(s: AsyncSession, table: Any) -> Any:
    """INSERT with ON CONFLICT for the database in use (both dialects spell it the same)."""
    return insert_of(s.get_bind().dialect.name)(table)


# Every update runs the claim, the user's row and its records: those statements are built once
# and run as Core statements on the session's connection, which took about 30% off a practice
# transaction, measured against building them anew and going through the ORM's unit of work.
_CLAIMS = {
    name: insert_of(name)(SeenUpdate)
    .values(update_id=bindparam("update_id"), seen_at=bindparam("seen_at"))
    .on_conflict_do_nothing(index_elements=["update_id"])
    for name in ("postgresql", "sqlite")
}


# Whose update the running task is handling (the person, or the chat): set by the update
# processor (bot.delivery.processor) for the whole of a handler, so that every handler's claim
# below takes that person's lock without each of them passing it along.
TURN_OF: ContextVar[int | None] = ContextVar("turn_of", default=None)
# On PostgreSQL the claim first takes the person's advisory lock for the transaction: replicas
# on one database then run one person's turns one at a time (the lock ends with the commit),
# different people side by side. In one statement with the claim: no round trip of its own.
# The two-key form (a space of Closer's, the id folded to 32 bits) keeps clear of the one-key
# locks of migrations and jobs; two people folding alike only wait for each other a moment.
PERSON_LOCKS = int.from_bytes(b"clop", "big")
_CLAIM_IN_TURN = text(
    "WITH turn AS (SELECT pg_advisory_xact_lock(CAST(:space AS integer), CAST(:key AS integer)))"
    " INSERT INTO seen_updates (update_id, seen_at)"
    " SELECT CAST(:update_id AS bigint), CAST(:seen_at AS timestamptz) FROM turn"
    " ON CONFLICT (update_id) DO NOTHING"
)


def folded(key: int) -> int:
    """A 64-bit id as a signed 32-bit advisory lock key."""
    low = (key ^ (key >> 32)) & 0xFFFFFFFF
    return low - (1 << 32) if low >= 1 << 31 else low


async def claim_update(s: AsyncSession, update_id: int, now: datetime) -> bool:
    """True the first time an update id is seen; False for a redelivered update. Within a
    handler on PostgreSQL, the person's turn lock is taken first (TURN_OF)."""
    connection = await s.connection()
    key = TURN_OF.get()
    if key is not None and connection.dialect.name == "postgresql":
        values = {"space": PERSON_LOCKS, "key": folded(key), "update_id": update_id}
        result = await connection.execute(_CLAIM_IN_TURN, {**values, "seen_at": now})
        return bool(result.rowcount)
    claim = _CLAIMS[connection.dialect.name]
    result = await connection.execute(claim, {"update_id": update_id, "seen_at": now})
    return bool(result.rowcount)


async def forget_seen_updates(s: AsyncSession, before: datetime) -> None:
    await s.execute(delete(SeenUpdate).where(SeenUpdate.seen_at < before))


# --- people: the users table, read and written only here, as Core statements ---------------
# Every update reads and writes a person's row, so these statements are built once; loading the
# row into the ORM's session and flushing it back cost about 40% of a practice transaction
# (1,112 against 678 µs on SQLite, measured side by side). Other queries may join the table to
# read a column (a board reads the alias); none writes it.


@dataclass(frozen=True)
class Person:
    """A person's row, as plain values. Change it with `change_person`."""

    id: int
    chat_id: int
    created_on: date
    active: bool  # False once they block the bot
    journal: bool
    time_zone: str | None
    snapshot: dict[str, Any] | None  # the coach's session
    turn: int  # counts the coach's turns: a button from an earlier one is spent
    alias: str | None  # the name circles' boards show
    share_step: str | None  # dialogs.sharing.Step, while sharing with a circle
    share_draft: str | None
    quiet_until: datetime | None  # no reminders or nudges until then (after a crisis)
    in_pair: bool  # in partner mode: its turns read the pair

    def quiet_at(self, now: datetime) -> bool:
        return self.quiet_until is not None and now < self.quiet_until


_USERS = User.__table__
PERSON_FIELDS = tuple(f.name for f in fields(Person))
_PERSON_COLUMNS = tuple(_USERS.c[name] for name in PERSON_FIELDS)
_PERSON = select(*_PERSON_COLUMNS).where(_USERS.c.id == bindparam("user_id"))
_PERSON_FOR_UPDATE = _PERSON.with_for_update()
# First contact: two replicas may make the same person's row at once (a /start taken by one
# while a tap reaches another); the second finds it made and reads it.
_FIRST_CONTACT = {
    name: insert_of(name)(_USERS).on_conflict_do_nothing(index_elements=["id"])
    for name in ("postgresql", "sqlite")
}
_REACHED_AT = (
    update(_USERS)
    .where(_USERS.c.id == bindparam("user_id"))
    .values(chat_id=bindparam("chat_id"), active=True)
)
_UNPAUSE = (
    update(Pair.__table__)
    .where(Pair.__table__.c.paused_by == bindparam("user_id"))
    .values(paused_by=None)
)
_SAVE_TURN = (
    update(_USERS)
    .where(_USERS.c.id == bindparam("user_id"))
    .values(snapshot=bindparam("snapshot"), turn=bindparam("turn"))
)


async def get_user(s: AsyncSession, user_id: int) -> Person | None:
    found = (await (await s.connection()).execute(_PERSON, {"user_id": user_id})).first()
    return Person(*found) if found is not None else None


async def user_for_update(s: AsyncSession, user_id: int, chat_id: int, today: date) -> Person:
    """The person's row, locked for this transaction (PostgreSQL), made on first contact. It
    notes the chat they wrote from, and that they are active: writing to us again means they
    have not blocked the bot (any more)."""
    connection = await s.connection()
    found = (await connection.execute(_PERSON_FOR_UPDATE, {"user_id": user_id})).first()
    if found is None:
        made = Person(
            id=user_id,
            chat_id=chat_id,
            created_on=today,
            active=True,
            journal=False,
            time_zone=None,
            snapshot=None,
            turn=0,
            alias=None,
            share_step=None,
            share_draft=None,
            quiet_until=None,
            in_pair=False,
        )
        first = _FIRST_CONTACT[connection.dialect.name]
        written = await connection.execute(first, {n: getattr(made, n) for n in PERSON_FIELDS})
        if written.rowcount:
            return made
        # Made meanwhile by another transaction (it waited on the row's key, then found it).
        found = (await connection.execute(_PERSON_FOR_UPDATE, {"user_id": user_id})).first()
        assert found is not None, "a person's row made and gone within one insert"
    person = Person(*found)
    if person.chat_id != chat_id or not person.active:
        await connection.execute(_REACHED_AT, {"user_id": user_id, "chat_id": chat_id})
        if not person.active:  # back after blocking the bot: their pair goes on
            await connection.execute(_UNPAUSE, {"user_id": user_id})
        person = replace(person, chat_id=chat_id, active=True)
    return person


async def change_person(s: AsyncSession, user_id: int, **values: Any) -> None:
    """Set some of a person's columns (named as Person's fields)."""
    unknown = set(values) - set(PERSON_FIELDS) | ({"id"} & set(values))
    if unknown:
        raise TypeError(f"not a person's column to change: {sorted(unknown)}")
    await s.execute(update(_USERS).where(_USERS.c.id == user_id).values(**values))


async def save_turn(s: AsyncSession, user_id: int, snapshot: dict[str, Any], turn: int) -> None:
    """Keep the coach's snapshot and the turn counter after a coach turn."""
    await (await s.connection()).execute(
        _SAVE_TURN, {"user_id": user_id, "snapshot": snapshot, "turn": turn}
    )


async def quiet(s: AsyncSession, user_id: int, until: datetime) -> None:
    """No reminders and no nudges for this person until then (after a crisis)."""
    await change_person(s, user_id, quiet_until=until)


async def mark_inactive(s: AsyncSession, user_id: int) -> None:
    await change_person(s, user_id, active=False)


_ADD_RECORD = insert(StatementRecord)


async def add_records(s: AsyncSession, user_id: int, day: date, records: Iterable[Record]) -> None:
    rows = [
        {
            "user_id": user_id,
            "day": day,
            "mode": r.mode,
            "step": r.step,
            "reached": r.reached,
            "issues": ",".join(r.issues),
            "outcome": r.outcome.value,
        }
        for r in records
    ]
    if rows:
        await (await s.connection()).execute(_ADD_RECORD, rows)


def _issue_kinds(record: StatementRecord) -> tuple[str, ...]:
    """The issue kinds add_records stored comma-separated (none: an empty string)."""
    return tuple(filter(None, record.issues.split(",")))


async def add_practice_day(s: AsyncSession, user_id: int, day: date) -> None:
    statement = (
        dialect_insert(s, PracticeDay)
        .values(user_id=user_id, day=day)
        .on_conflict_do_nothing(index_elements=["user_id", "day"])
    )
    await s.execute(statement)


async def practice_days(s: AsyncSession, user_id: int) -> list[date]:
    rows = await s.scalars(select(PracticeDay.day).where(PracticeDay.user_id == user_id))
    return list(rows)


async def practised_on(s: AsyncSession, user_id: int, day: date) -> bool:
    found = await s.scalar(
        select(PracticeDay.day).where(PracticeDay.user_id == user_id, PracticeDay.day == day)
    )
    return found is not None


async def record_rows(s: AsyncSession, user_id: int) -> list[RecordRow]:
    rows = await s.scalars(
        select(StatementRecord)
        .where(StatementRecord.user_id == user_id)
        .order_by(StatementRecord.id)
    )
    return [RecordRow(r.day, r.reached, _issue_kinds(r), r.outcome) for r in rows]


async def add_journal(s: AsyncSession, user_id: int, at: datetime, level: str, text: str) -> None:
    s.add(JournalEntry(user_id=user_id, written_at=at, level=level, text=text))


async def journal_size(s: AsyncSession, user_id: int) -> int:
    found = await s.scalar(
        select(func.count()).select_from(JournalEntry).where(JournalEntry.user_id == user_id)
    )
    return int(found or 0)


async def clear_journal(s: AsyncSession, user_id: int) -> None:
    await s.execute(delete(JournalEntry).where(JournalEntry.user_id == user_id))


async def get_reminder(s: AsyncSession, user_id: int) -> Reminder | None:
    return await s.get(Reminder, user_id)


async def set_reminder(
    s: AsyncSession, user_id: int, at_local: str, time_zone: str, next_fire_at: datetime
) -> None:
    reminder = await s.get(Reminder, user_id)
    if reminder is None:
        s.add(
            Reminder(
                user_id=user_id, at_local=at_local, time_zone=time_zone, next_fire_at=next_fire_at
            )
        )
    else:
        reminder.at_local, reminder.time_zone = at_local, time_zone
        reminder.next_fire_at = next_fire_at


async def delete_reminder(s: AsyncSession, user_id: int) -> bool:
    result = await s.execute(delete(Reminder).where(Reminder.user_id == user_id))
    return bool(result.rowcount)


@dataclass(frozen=True)
class Due:
    reminder: Reminder
    user: Person


async def claim_due_reminders(s: AsyncSession, now: datetime, limit: int) -> Sequence[Due]:
    """Reminders due by `now`, locked so that another process skips them (PostgreSQL's
    FOR UPDATE SKIP LOCKED; SQLite has one writer at a time anyway)."""
    rows = await s.execute(
        select(Reminder, *_PERSON_COLUMNS)
        .join(_USERS, _USERS.c.id == Reminder.user_id)
        .where(Reminder.next_fire_at <= now)
        .order_by(Reminder.next_fire_at)
        .limit(limit)
        .with_for_update(skip_locked=True, of=Reminder)
    )
    return [Due(row[0], Person(*row[1:])) for row in rows]


async def export(s: AsyncSession, user_id: int) -> dict[str, Any] | None:
    """Everything held about one person, as plain JSON-ready data."""
    user = await get_user(s, user_id)
    if user is None:
        return None
    reminder = await s.get(Reminder, user_id)
    journal = await s.scalars(
        select(JournalEntry).where(JournalEntry.user_id == user_id).order_by(JournalEntry.id)
    )
    records = await s.scalars(
        select(StatementRecord)
        .where(StatementRecord.user_id == user_id)
        .order_by(StatementRecord.id)
    )
    return {
        "user": {
            "telegram_id": user.id,
            "first_contact": user.created_on.isoformat(),
            "active": user.active,
            "journal": user.journal,
            "time_zone": user.time_zone,
            "alias": user.alias,
            "share_draft": user.share_draft,
            "reminders_quiet_until": user.quiet_until.isoformat() if user.quiet_until else None,
        },
        "circles": await _export_circles(s, user_id),
        "partner": await partners.export(s, user_id),
        "session": user.snapshot,
        "reminder": None
        if reminder is None
        else {
            "time": reminder.at_local,
            "time_zone": reminder.time_zone,
            "next": reminder.next_fire_at.isoformat(),
            "last_sent_day": reminder.last_sent_day.isoformat() if reminder.last_sent_day else None,
        },
        "practice_days": sorted(d.isoformat() for d in await practice_days(s, user_id)),
        "statements": [
            {
                "day": r.day.isoformat(),
                "mode": r.mode,
                "step": r.step,
                "reached": r.reached,
                "issues": list(_issue_kinds(r)),
                "outcome": r.outcome,
            }
            for r in records
        ],
        "journal": [
            {"written_at": j.written_at.isoformat(), "level": j.level, "text": j.text}
            for j in journal
        ],
    }


async def forget(s: AsyncSession, user_id: int) -> None:
    """Erase everything held about one person."""
    for table in USER_TABLES:
        await s.execute(delete(table).where(table.user_id == user_id))
    await s.execute(delete(User).where(User.id == user_id))


async def _export_circles(s: AsyncSession, user_id: int) -> list[dict[str, Any]]:
    """Each circle the person is in: the name its board shows, their days, their shares."""
    rows = await s.execute(
        select(Circle, CircleMember)
        .join(CircleMember, CircleMember.circle_id == Circle.id)
        .where(CircleMember.user_id == user_id)
        .order_by(Circle.id)
    )
    found = []
    for circle, member in rows:
        days = await s.scalars(
            select(Checkin.day).where(Checkin.circle_id == circle.id, Checkin.user_id == user_id)
        )
        shared = await s.scalars(
            select(Share.day).where(Share.circle_id == circle.id, Share.user_id == user_id)
        )
        found.append(
            {
                "circle": circle.title,
                "challenge": circle.template,
                "status": circle.status,
                "name_on_board": member.name,
                "joined_at": member.joined_at.isoformat(),
                "facilitator": member.facilitator,
                "nudges": member.nudges,
                "days_practised": sorted(days),
                "days_shared": sorted(shared),
            }
        )
    return found
