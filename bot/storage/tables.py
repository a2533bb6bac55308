"""Closer's tables. What is kept is the least the features need (see /privacy):
no names, no usernames, and statement words only in the coach's snapshot while a session
runs, or in the journal when the person turned it on."""

from __future__ import annotations

from datetime import UTC, date, datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
)
from sqlalchemy.engine import Dialect
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column
from sqlalchemy.types import TypeDecorator


class UTCDateTime(TypeDecorator[datetime]):
    """Aware UTC datetimes on every database (SQLite keeps no zone: stored as naive UTC)."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime: Closer stores instants in UTC")
        value = value.astimezone(UTC)
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


class Base(DeclarativeBase):
    type_annotation_map = {dict[str, Any]: JSON, list[Any]: JSON}  # noqa: RUF012


class User(Base):
    """A person. Read and written only through bot.storage.store's Person functions (Core
    statements, built once): one way in, for the hottest row Closer has."""

    __tablename__ = "users"

    id: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=False)
    chat_id: Mapped[int] = mapped_column(BigInteger)
    created_on: Mapped[date] = mapped_column(Date)
    active: Mapped[bool] = mapped_column(Boolean, default=True)  # False once they block the bot
    journal: Mapped[bool] = mapped_column(Boolean, default=False)
    time_zone: Mapped[str | None] = mapped_column(String(64), default=None)
    snapshot: Mapped[dict[str, Any] | None] = mapped_column(JSON, default=None)
    # Counts the coach's turns; a button carries the turn it was sent in, and any button from
    # an earlier turn is spent (double taps, old messages).
    turn: Mapped[int] = mapped_column(Integer, default=0)
    # The name circles' boards show instead of the Telegram first name (/alias).
    alias: Mapped[str | None] = mapped_column(String(32), default=None)
    # Sharing a statement with a circle: "write" while we wait for it, "confirm" while its
    # preview is shown. The draft is erased once posted or declined.
    share_step: Mapped[str | None] = mapped_column(String(8), default=None)
    share_draft: Mapped[str | None] = mapped_column(Text, default=None)
    # After a crisis or a "not safe": no reminders and no circle nudges until then (a day).
    quiet_until: Mapped[datetime | None] = mapped_column(UTCDateTime(), default=None)
    # In partner mode (a row in pair_members): a turn reads the pair only for those who are.
    in_pair: Mapped[bool] = mapped_column(Boolean, default=False)


class StatementRecord(Base):
    """One statement for progress: the level asked and reached, the issues, how it went."""

    __tablename__ = "records"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    user_id: Mapped[int] = mapped_column(
        BigInteger, ForeignKey("users.id", ondelete="CASCADE"), index=True
    )
    day: Mapped[date] = mapped_column(Date)  # the person's local day
    mode: Mapped[str] = mapped_column(String(16))
    step: Mapped[str] = mapped_column(String(16))
    reached: Mapped[str] = mapped_column(String(16))
    issues: Mapped[str] = mapped_column(String(200))  # issue kinds, comma-separated
    outcome: Mapped[str] = mapped_column(String(16))


class PracticeDay(Base):
    """A local day on which a daily session ended: what streaks count."""

    __tablename__ = "practice_days"

    user_id: Mapped[int] = mapped_column(
        BigInteger, ForeignKey("users.id", ondelete="CASCADE"), primary_key=True
    )
    day: Mapped[date] = mapped_column(Date, primary_key=True)


class Reminder(Base):
    __tablename__ = "reminders"

    user_id: Mapped[int] = mapped_column(
        BigInteger, ForeignKey("users.id", ondelete="CASCADE"), primary_key=True
    )
    at_local: Mapped[str] = mapped_column(String(5))  # "HH:MM" on the person's clock
    time_zone: Mapped[str] = mapped_column(String(64))
    next_fire_at: Mapped[datetime] = mapped_column(UTCDateTime, index=True)
    last_sent_day: Mapped[date | None] = mapped_column(Date, default=None)


class JournalEntry(Base):
    """A statement's words, kept only while the person has the journal on."""

    __tablename__ = "journal"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    user_id: Mapped[int] = mapped_column(
        BigInteger, ForeignKey("users.id", ondelete="CASCADE"), index=True
    )
    written_at: Mapped[datetime] = mapped_column(UTCDateTime)
    level: Mapped[str] = mapped_column(String(16))
    text: Mapped[str] = mapped_column(Text)


class SeenUpdate(Base):
    """Telegram update ids already handled, so a redelivered update is not handled twice."""

    __tablename__ = "seen_updates"

    update_id: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=False)
    seen_at: Mapped[datetime] = mapped_column(UTCDateTime, index=True)


class InboxUpdate(Base):
    """An update taken from Telegram and not yet handled. It is written before Telegram is
    told it arrived (the next getUpdates confirms it), so a crash loses nothing; the row goes
    once its handling ends. One that cannot be read or keeps failing is set aside: its id and
    the error's name stay for whoever looks, its payload (a person's words) does not."""

    __tablename__ = "inbox"

    update_id: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=False)
    received_at: Mapped[datetime] = mapped_column(UTCDateTime)
    payload: Mapped[str | None] = mapped_column(Text, default=None)  # the update's JSON
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    error: Mapped[str | None] = mapped_column(String(64), default=None)
    set_aside_at: Mapped[datetime | None] = mapped_column(UTCDateTime, default=None)
    # Held by the process handling it until then (webhook replicas share one inbox); a row
    # whose lease ran out was left by a process that died, and another takes it.
    leased_until: Mapped[datetime | None] = mapped_column(UTCDateTime, default=None)
    # Whose update it is (the person, or the chat for one without a person): a replica does
    # not handle one while an earlier one of the same person waits (bot.delivery.intake).
    person: Mapped[int | None] = mapped_column(BigInteger, default=None)
    # The replica holding it (webhook replicas on PostgreSQL): alive while it holds its
    # presence lock (bot.delivery.election), so a dead one's rows go before their lease ends.
    leased_by: Mapped[int | None] = mapped_column(BigInteger, default=None)

    __table_args__ = (Index("inbox_person", "person", "update_id"),)


class Circle(Base):
    """A group challenge: one group, one template, a daily time in a time zone."""

    __tablename__ = "circles"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    code: Mapped[str] = mapped_column(String(16), unique=True)  # in the Join deep link
    chat_id: Mapped[int] = mapped_column(BigInteger, index=True)
    title: Mapped[str] = mapped_column(String(128))  # the group's name, for private messages
    template: Mapped[str] = mapped_column(String(24))
    at_local: Mapped[str] = mapped_column(String(5))
    time_zone: Mapped[str] = mapped_column(String(64))
    status: Mapped[str] = mapped_column(String(16))  # dialogs.challenges.Status
    day: Mapped[int] = mapped_column(Integer, default=0)  # the last day whose theme was posted
    next_post_at: Mapped[datetime] = mapped_column(UTCDateTime, index=True)
    sharing: Mapped[bool] = mapped_column(Boolean, default=True)
    # The message the board is edited into: the announcement, then each day's post or /board.
    board_message_id: Mapped[int | None] = mapped_column(BigInteger, default=None)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)


class CircleMember(Base):
    __tablename__ = "circle_members"

    circle_id: Mapped[int] = mapped_column(
        Integer, ForeignKey("circles.id", ondelete="CASCADE"), primary_key=True
    )
    user_id: Mapped[int] = mapped_column(
        BigInteger, ForeignKey("users.id", ondelete="CASCADE"), primary_key=True, index=True
    )
    name: Mapped[str] = mapped_column(String(64))  # Telegram first name, unless an alias is set
    facilitator: Mapped[bool] = mapped_column(Boolean, default=False)
    nudges: Mapped[bool] = mapped_column(Boolean, default=True)
    joined_at: Mapped[datetime] = mapped_column(UTCDateTime)


class Checkin(Base):
    """A member practised on a challenge day (a daily session ended)."""

    __tablename__ = "checkins"

    circle_id: Mapped[int] = mapped_column(
        Integer, ForeignKey("circles.id", ondelete="CASCADE"), primary_key=True
    )
    user_id: Mapped[int] = mapped_column(
        BigInteger, ForeignKey("users.id", ondelete="CASCADE"), primary_key=True, index=True
    )
    day: Mapped[int] = mapped_column(Integer, primary_key=True)


class Share(Base):
    """A member shared a statement with a circle on a challenge day (its words are not kept
    here: they are in the group, and in the outbox only until posted)."""

    __tablename__ = "shares"

    circle_id: Mapped[int] = mapped_column(
        Integer, ForeignKey("circles.id", ondelete="CASCADE"), primary_key=True
    )
    user_id: Mapped[int] = mapped_column(
        BigInteger, ForeignKey("users.id", ondelete="CASCADE"), primary_key=True, index=True
    )
    day: Mapped[int] = mapped_column(Integer, primary_key=True)
    shared_at: Mapped[datetime] = mapped_column(UTCDateTime)


class Kind(StrEnum):
    """What an outbox row sends, and how soon: a person waiting for an answer comes first,
    then what goes to one person unasked (a reminder, a nudge), then group posts."""

    REPLY = "reply"  # an answer to what a person just wrote or tapped
    CHART = "chart"  # their /progress chart, drawn when sent (bot.account.documents)
    EXPORT = "export"  # their /export file, made when sent (bot.account.documents)
    PRIVATE = "private"  # a message to one person: a reminder, a nudge, their own recap
    DAY = "day"  # the day's theme with the board; becomes the message the board is edited in
    REBOARD = "reboard"  # the same, posted anew (/board, a migrated group): replaces the last
    INTRO = "intro"  # Closer introducing itself to a group it was added to
    BOARD = "board"  # the board, edited in place
    SHARE = "share"  # a statement a member chose to share, posted with protect_content
    RECAP = "recap"  # the end: participation by day, as a picture
    PARTNER = "partner"  # a partner's statement or answer, delivered with protect_content

    @property
    def priority(self) -> int:
        """Lower goes first."""
        first = {
            Kind.REPLY: 0,
            Kind.CHART: 0,
            Kind.EXPORT: 0,
            Kind.REBOARD: 0,
            Kind.PRIVATE: 1,
            Kind.PARTNER: 1,
        }
        return first.get(self, 2)


class OutboxPost(Base):
    """A message waiting to go out at Telegram's pace: group posts, board edits, recaps,
    nudges. Written in the transaction that decided it, so a restart neither loses nor
    repeats it; the sender leases rows so two processes never send the same one."""

    __tablename__ = "outbox"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    chat_id: Mapped[int] = mapped_column(BigInteger)
    circle_id: Mapped[int | None] = mapped_column(
        Integer, ForeignKey("circles.id", ondelete="CASCADE"), default=None, index=True
    )
    user_id: Mapped[int | None] = mapped_column(
        BigInteger, ForeignKey("users.id", ondelete="CASCADE"), default=None, index=True
    )
    kind: Mapped[str] = mapped_column(String(16))  # Kind
    priority: Mapped[int] = mapped_column(Integer, default=2)  # Kind.priority
    text: Mapped[str | None] = mapped_column(Text, default=None)
    buttons: Mapped[list[Any] | None] = mapped_column(JSON, default=None)
    day: Mapped[int | None] = mapped_column(Integer, default=None)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    leased_until: Mapped[datetime | None] = mapped_column(UTCDateTime, default=None)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    done_at: Mapped[datetime | None] = mapped_column(UTCDateTime, default=None, index=True)
    result: Mapped[str | None] = mapped_column(String(8), default=None)  # sent, failed


class Pair(Base):
    """Two people practising together (partner mode). Its ladder is its own: `level` rises
    after `level_rounds` reveals at it (dialogs.pair.climb). A round is one question both
    answer; `round_opened` is the local day it opened for the person who opened it."""

    __tablename__ = "pairs"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    level: Mapped[str] = mapped_column(String(16))
    level_rounds: Mapped[int] = mapped_column(Integer, default=0)
    round: Mapped[int] = mapped_column(Integer, default=1)
    round_opened: Mapped[date] = mapped_column(Date)
    prompt: Mapped[str] = mapped_column(String(64))  # the round's question (a prompt id)
    # One of them blocked the bot (a 403): nothing is delivered until they write again.
    paused_by: Mapped[int | None] = mapped_column(BigInteger, default=None)


class PairMember(Base):
    """A person's place in a pair: one pair at most (the key is the person)."""

    __tablename__ = "pair_members"

    user_id: Mapped[int] = mapped_column(
        BigInteger, ForeignKey("users.id", ondelete="CASCADE"), primary_key=True
    )
    pair_id: Mapped[int] = mapped_column(
        Integer, ForeignKey("pairs.id", ondelete="CASCADE"), index=True
    )
    name: Mapped[str] = mapped_column(String(64))  # how the other sees them: first name
    joined_at: Mapped[datetime] = mapped_column(UTCDateTime)
    # dialogs.pair.AnswerStep: writing the one line that answers the partner's statement
    answer_step: Mapped[str | None] = mapped_column(String(8), default=None)
    answer_round: Mapped[int | None] = mapped_column(Integer, default=None)
    # The last round whose statement they answered (thanks, or a line): one answer a round.
    answered_round: Mapped[int] = mapped_column(Integer, default=0)


class PairInvite(Base):
    """A /partner invite link: single use, for 7 days. Only the code's hash is kept, so the
    table cannot be read back into working links."""

    __tablename__ = "pair_invites"

    code_hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    user_id: Mapped[int] = mapped_column(
        BigInteger, ForeignKey("users.id", ondelete="CASCADE"), index=True
    )
    name: Mapped[str] = mapped_column(String(64))  # the inviter's first name, shown on opening
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime)


class PairNote(Base):
    """One person's statement for one round of their pair. Its words are kept only until
    delivered or withdrawn (then erased), unless both of them keep a journal."""

    __tablename__ = "pair_notes"

    pair_id: Mapped[int] = mapped_column(
        Integer, ForeignKey("pairs.id", ondelete="CASCADE"), primary_key=True
    )
    round: Mapped[int] = mapped_column(Integer, primary_key=True)
    user_id: Mapped[int] = mapped_column(
        BigInteger, ForeignKey("users.id", ondelete="CASCADE"), primary_key=True, index=True
    )
    status: Mapped[str] = mapped_column(String(12))  # dialogs.pair.Note
    text: Mapped[str | None] = mapped_column(Text, default=None)
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime, default=None)
    delivered_at: Mapped[datetime | None] = mapped_column(UTCDateTime, default=None)
