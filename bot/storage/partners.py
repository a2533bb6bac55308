"""Partner mode's queries: pairs, their members, invite links and each round's statements,
each inside a transaction the caller holds. A pair is read with its row locked (PostgreSQL),
so the two people's turns on one pair take turns: a reveal is decided once."""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from sqlalchemy import delete, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from dialogs.pair import Note

from .tables import Pair, PairInvite, PairMember, PairNote, User

CODE_BYTES = 12  # 16 characters in the link: not guessable, and short enough to paste


def _hash(code: str) -> str:
    return hashlib.sha256(code.encode()).hexdigest()


@dataclass(frozen=True)
class Together:
    """A pair as one of its people sees it."""

    pair: Pair
    me: PairMember
    other: PairMember


async def member(s: AsyncSession, user_id: int) -> PairMember | None:
    return await s.get(PairMember, user_id)


async def together(s: AsyncSession, user_id: int) -> Together | None:
    """The person's pair, its row locked for the transaction, with both members."""
    me = await s.get(PairMember, user_id)
    if me is None:
        return None
    pair = (await s.scalars(select(Pair).where(Pair.id == me.pair_id).with_for_update())).first()
    other = (
        await s.scalars(
            select(PairMember).where(
                PairMember.pair_id == me.pair_id, PairMember.user_id != user_id
            )
        )
    ).first()
    if pair is None or other is None:
        return None
    return Together(pair, me, other)


# --- invites --------------------------------------------------------------------------------
async def make_invite(s: AsyncSession, user_id: int, name: str, now: datetime, days: int) -> str:
    """A new link's code; the person's older links stop working (one invitation at a time)."""
    await s.execute(delete(PairInvite).where(PairInvite.user_id == user_id))
    code = secrets.token_urlsafe(CODE_BYTES)
    s.add(
        PairInvite(
            code_hash=_hash(code), user_id=user_id, name=name, expires_at=now + timedelta(days=days)
        )
    )
    return code


async def find_invite(s: AsyncSession, code: str, now: datetime) -> PairInvite | None:
    """A link still good: made, not used, not expired. An expired one is dropped here."""
    invite = await s.get(PairInvite, _hash(code), with_for_update=True)
    if invite is None:
        return None
    if invite.expires_at <= now:
        await s.delete(invite)
        return None
    return invite


async def drop_invite(s: AsyncSession, invite: PairInvite) -> None:
    await s.delete(invite)


# --- pairs ----------------------------------------------------------------------------------
async def make_pair(
    s: AsyncSession,
    first: tuple[int, str],
    second: tuple[int, str],
    now: datetime,
    today: date,
    level: str,
) -> Pair:
    pair = Pair(created_at=now, level=level, level_rounds=0, round=1, round_opened=today, prompt="")
    s.add(pair)
    await s.flush()
    await _mark(s, [first[0], second[0]], True)
    for user_id, name in (first, second):
        s.add(
            PairMember(user_id=user_id, pair_id=pair.id, name=name, joined_at=now, answered_round=0)
        )
    await s.flush()
    return pair


async def end_pair(s: AsyncSession, pair_id: int) -> None:
    """The pair, its members and every statement not yet delivered, gone."""
    members = list(await s.scalars(select(PairMember.user_id).where(PairMember.pair_id == pair_id)))
    await _mark(s, members, False)
    await s.execute(delete(PairNote).where(PairNote.pair_id == pair_id))
    await s.execute(delete(PairMember).where(PairMember.pair_id == pair_id))
    await s.execute(delete(Pair).where(Pair.id == pair_id))


async def _mark(s: AsyncSession, user_ids: list[int], in_pair: bool) -> None:
    """The users rows say who is in a pair, so a coach turn reads pairs only for them."""
    await s.execute(update(User).where(User.id.in_(user_ids)).values(in_pair=in_pair))


# --- a round's statements -------------------------------------------------------------------
async def note(s: AsyncSession, pair_id: int, round_: int, user_id: int) -> PairNote | None:
    return await s.get(PairNote, (pair_id, round_, user_id))


def status(found: PairNote | None) -> Note:
    return Note(found.status) if found is not None else Note.EMPTY


async def keep_note(
    s: AsyncSession,
    pair_id: int,
    round_: int,
    user_id: int,
    status_: Note,
    text: str | None,
    sent_at: datetime | None = None,
) -> PairNote:
    found = await note(s, pair_id, round_, user_id)
    if found is None:
        found = PairNote(pair_id=pair_id, round=round_, user_id=user_id, status=status_.value)
        s.add(found)
    found.status, found.text = status_.value, text
    if sent_at is not None:
        found.sent_at = sent_at
    return found


async def kept_notes(s: AsyncSession, user_id: int) -> list[PairNote]:
    """What the person wrote that is still held (while waiting, or kept by two journals)."""
    return list(
        await s.scalars(
            select(PairNote).where(PairNote.user_id == user_id).order_by(PairNote.round)
        )
    )


async def received_notes(s: AsyncSession, pair_id: int, user_id: int) -> list[PairNote]:
    """The partner's statements delivered to this person and still held (two journals)."""
    return list(
        await s.scalars(
            select(PairNote)
            .where(
                PairNote.pair_id == pair_id,
                PairNote.user_id != user_id,
                PairNote.status == Note.DELIVERED.value,
                PairNote.text.is_not(None),
            )
            .order_by(PairNote.round)
        )
    )


@dataclass(frozen=True)
class InTurn:
    """What a coach turn needs of the person's pair: who the partner is, and whether they are
    writing their line in answer to them."""

    partner: str
    answering: bool


async def in_turn(s: AsyncSession, user_id: int) -> InTurn | None:
    """The person's pair as a coach turn sees it, in one query (every turn asks)."""
    me, other = PairMember.__table__.alias("me"), PairMember.__table__.alias("other")
    query = (
        select(other.c.name, me.c.answer_step)
        .select_from(me.join(other, me.c.pair_id == other.c.pair_id))
        .where(me.c.user_id == user_id, other.c.user_id != user_id)
    )
    found = (await s.execute(query)).first()
    return InTurn(found[0], found[1] is not None) if found is not None else None


async def export(s: AsyncSession, user_id: int) -> dict[str, object] | None:
    """For /export: the pair, what the person wrote that is still held, and what they
    received that is still held (words are kept after delivery only when both keep a
    journal)."""
    found = await together(s, user_id)
    written = await kept_notes(s, user_id)
    if found is None:
        return None
    received = await received_notes(s, found.pair.id, user_id)
    return {
        "partner": found.other.name,
        "your_name_there": found.me.name,
        "since": found.me.joined_at.isoformat(),
        "level": found.pair.level,
        "round": found.pair.round,
        "written": [{"round": n.round, "status": n.status, "text": n.text} for n in written],
        "received": [{"round": n.round, "text": n.text} for n in received],
    }


async def partner_names(s: AsyncSession, user_ids: list[int]) -> dict[int, str]:
    """Each of these people's partner's name, for those in a pair, in one query (a batch of
    reminders)."""
    if not user_ids:
        return {}
    me, other = PairMember.__table__.alias("me"), PairMember.__table__.alias("other")
    query = (
        select(me.c.user_id, other.c.name)
        .select_from(me.join(other, me.c.pair_id == other.c.pair_id))
        .where(me.c.user_id.in_(user_ids), other.c.user_id != me.c.user_id)
    )
    return {row[0]: row[1] for row in (await s.execute(query)).all()}
