"""Partner mode, the outside part: /partner, invitation links, the round's question, the
preview's choices, the reveal, answers and leaving. It reads what the machines in
`dialogs.pair` need (the pair, locked; both statements of the round), hands them the event and
keeps what they return in one transaction: a statement's status and words, the messages to
each person (the partner's go through the outbox, as Kind.PARTNER). A reveal writes both
deliveries in one transaction, so a restart delivers both or neither, and each once.

A bot cannot write to someone who never opened it, so an invitation is a deep link into this
chat (`/start pair_<code>`), like a circle's Join.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy.ext.asyncio import AsyncSession
from telegram import Update
from telegram.ext import Application, CallbackQueryHandler, CommandHandler, ContextTypes, filters

from bot.circles import posts as circle_posts
from bot.delivery import outbox
from bot.delivery.messages import Outgoing, guarded, said
from bot.filters import PRIVATE_COMMAND
from bot.partners import rounds
from bot.practice.chat import coach_turn
from bot.runtime import Closer, closer_of
from bot.storage import partners as pair_store
from bot.storage import store
from bot.storage.partners import Together
from bot.storage.store import Person
from dialogs import pair
from dialogs.callbacks import (
    PairAccept,
    PairAlone,
    PairDecline,
    PairEdit,
    PairHeard,
    PairInviteNew,
    PairKeep,
    PairLeave,
    PairLeaveChoice,
    PairLineSkip,
    PairSend,
    PairThanks,
    PairWithdraw,
    PairWrite,
)
from dialogs.coach import Command
from dialogs.effects import Choice, Say

log = logging.getLogger(__name__)
LINK = filters.Regex(r"^/start(@\w+)?\s+pair_[\w-]{8,32}\s*$")
MAX_NAME = 64


def register(app: Application) -> None:  # type: ignore[type-arg]
    # Before practice's /start, so that an invitation is not taken for a plain start.
    app.add_handler(CommandHandler("start", on_link, filters=PRIVATE_COMMAND & LINK))
    app.add_handler(CommandHandler("partner", on_partner, filters=PRIVATE_COMMAND))
    app.add_handler(CallbackQueryHandler(on_accept, pattern=PairAccept.pattern()))
    app.add_handler(CallbackQueryHandler(on_decline, pattern=PairDecline.pattern()))
    app.add_handler(CallbackQueryHandler(on_write, pattern=PairWrite.pattern()))
    app.add_handler(CallbackQueryHandler(on_invite_tap, pattern=PairInviteNew.pattern()))
    app.add_handler(CallbackQueryHandler(on_leave, pattern=PairLeave.pattern()))
    app.add_handler(CallbackQueryHandler(on_thanks, pattern=PairThanks.pattern()))
    app.add_handler(CallbackQueryHandler(on_heard, pattern=PairHeard.pattern()))
    app.add_handler(CallbackQueryHandler(on_line_skip, pattern=PairLineSkip.pattern()))
    for action, event in (
        (PairSend, pair.Send()),
        (PairEdit, pair.Edit()),
        (PairKeep, pair.Keep()),
        (PairAlone, pair.SendAlone()),
        (PairWithdraw, pair.Withdraw()),
    ):
        app.add_handler(CallbackQueryHandler(_note_handler(event), pattern=action.pattern()))


def first_name(update: Update) -> str:
    user = update.effective_user
    name = " ".join((user.first_name if user else "").split())[:MAX_NAME]
    return name or "?"


# --- /partner -------------------------------------------------------------------------------
async def on_partner(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    closer = closer_of(context)
    assert update.effective_user is not None and update.effective_chat is not None
    wants_invite = [a.lower() for a in context.args or []][:1] == ["invite"]
    now = closer.clock.now()
    async with closer.db.transaction() as s:
        if not await store.claim_update(s, update.update_id, now):
            return
        person = await store.user_for_update(
            s, update.effective_user.id, update.effective_chat.id, now.date()
        )
        if wants_invite:
            messages = [await _invite(s, closer, context, person, first_name(update), now)]
        else:
            messages = [await rounds.status(s, closer, person, now)]
        replies = await outbox.queue_replies(s, closer, person.id, person.chat_id, messages)
    await outbox.sender_of(context).send_now(replies)


# --- invitations ----------------------------------------------------------------------------
async def _invite(
    s: AsyncSession,
    closer: Closer,
    context: ContextTypes.DEFAULT_TYPE,
    person: Person,
    name: str,
    now: datetime,
) -> Outgoing:
    found = await pair_store.together(s, person.id)
    if found is not None:
        return said(closer, Say("pair.invite_already", {"partner": found.other.name}))
    code = await pair_store.make_invite(s, person.id, name, now, pair.INVITE_DAYS)
    link = circle_posts.link(context.bot.username, f"pair_{code}")
    return said(closer, Say("pair.invite", {"link": link}))


async def on_invite_tap(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    async def body(s: AsyncSession, closer: Closer, person: Person, now: datetime) -> _Turn:
        return _Turn([await _invite(s, closer, context, person, first_name(update), now)])

    await _tap(update, context, body, newcomer=True)


async def on_link(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Someone opened an invitation: who invited them, what partner mode is, and a choice."""
    closer = closer_of(context)
    assert update.effective_user is not None and update.effective_chat is not None
    code = (context.args or [""])[0].partition("_")[2]
    now = closer.clock.now()
    async with closer.db.transaction() as s:
        if not await store.claim_update(s, update.update_id, now):
            return
        person = await store.user_for_update(
            s, update.effective_user.id, update.effective_chat.id, now.date()
        )
        message = said(closer, await _opened(s, person, code, now))
        replies = await outbox.queue_replies(s, closer, person.id, person.chat_id, [message])
    await outbox.sender_of(context).send_now(replies)


async def _opened(s: AsyncSession, person: Person, code: str, now: datetime) -> Say:
    invite = await pair_store.find_invite(s, code, now)
    if invite is None:
        return Say("pair.invite_gone")
    if invite.user_id == person.id:
        return Say("pair.invite_own")
    mine = await pair_store.together(s, person.id)
    if mine is not None:
        return Say("pair.invite_already", {"partner": mine.other.name})
    if await pair_store.member(s, invite.user_id) is not None:  # they paired with another
        return Say("pair.invite_gone")
    choices = (
        Choice("pair_accept", PairAccept(code), {"name": invite.name}),
        Choice("pair_decline", PairDecline(code)),
    )
    return Say("pair.invite_open", {"name": invite.name}, choices)


async def on_accept(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    assert update.callback_query is not None
    tapped = PairAccept.unpack(update.callback_query.data)

    async def body(s: AsyncSession, closer: Closer, person: Person, now: datetime) -> _Turn:
        return _Turn(await _accept(s, closer, person, first_name(update), tapped, now))

    await _tap(update, context, body, newcomer=True)


async def _accept(
    s: AsyncSession,
    closer: Closer,
    person: Person,
    name: str,
    tapped: PairAccept | None,
    now: datetime,
) -> list[Outgoing]:
    """Checked again at the tap: the link may have been used, have expired, or either may
    have paired with someone else since it was opened."""
    opened = await _opened(s, person, tapped.code if tapped else "", now)
    if opened.key != "pair.invite_open" or tapped is None:
        return [said(closer, opened)]
    invite = await pair_store.find_invite(s, tapped.code, now)
    assert invite is not None
    inviter = await store.get_user(s, invite.user_id)
    if inviter is None:
        return [said(closer, Say("pair.invite_gone"))]
    today = closer.today(person)
    made = await pair_store.make_pair(
        s, (inviter.id, invite.name), (person.id, name), now, today, pair.FIRST_LEVEL
    )
    await pair_store.drop_invite(s, invite)
    made.prompt = rounds.prompt_for(closer, made.id, 1, made.level, None)
    log.info("pair %s made", made.id)
    question = rounds.question(closer, made.prompt, invite.name, "pair.question")
    await rounds.tell(
        s,
        closer,
        inviter,
        said(closer, Say("pair.invite_taken", {"partner": name})),
        now,
    )
    await rounds.tell(
        s, closer, inviter, rounds.question(closer, made.prompt, name, "pair.question"), now
    )
    return [said(closer, Say("pair.paired", {"partner": invite.name})), question]


async def on_decline(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    assert update.callback_query is not None
    tapped = PairDecline.unpack(update.callback_query.data)

    async def body(s: AsyncSession, closer: Closer, person: Person, now: datetime) -> _Turn:
        invite = await pair_store.find_invite(s, tapped.code, now) if tapped else None
        if invite is None or invite.user_id == person.id:
            return _Turn([said(closer, Say("pair.invite_gone"))])
        inviter = await store.get_user(s, invite.user_id)
        await pair_store.drop_invite(s, invite)
        if inviter is not None:
            declined = said(closer, Say("pair.invite_was_declined"))
            await rounds.tell(s, closer, inviter, declined, now)
        return _Turn([said(closer, Say("pair.invite_declined"))])

    await _tap(update, context, body, newcomer=True)


# --- the round's question -------------------------------------------------------------------
async def on_write(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """ "Write": the round's question (a new one on a new day), then the coach's session."""

    async def body(
        s: AsyncSession, closer: Closer, person: Person, found: Together, now: datetime
    ) -> _Turn:
        message, command = await rounds.open_round(s, closer, person, found, now)
        return _Turn([message] if message is not None else [], command)

    await _tap(update, context, _paired(body))


# --- the preview's choices, and a waiting statement's ----------------------------------------
def _note_handler(
    event: pair.Event,
) -> Callable[[Update, ContextTypes.DEFAULT_TYPE], Awaitable[None]]:
    async def body(
        s: AsyncSession, closer: Closer, person: Person, found: Together, now: datetime
    ) -> _Turn:
        messages, again = await rounds.handle_note(s, closer, person, found, event, now)
        return _Turn(messages, again)

    async def handler(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        await _tap(update, context, _paired(body))

    return handler


# --- answering ------------------------------------------------------------------------------
async def on_thanks(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    query = update.callback_query
    assert query is not None
    tapped = PairThanks.unpack(query.data)
    await _answer_tap(update, context, pair.Thanks(tapped.round if tapped else 0))


async def on_heard(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    query = update.callback_query
    assert query is not None
    tapped = PairHeard.unpack(query.data)
    await _answer_tap(update, context, pair.Heard(tapped.round if tapped else 0))


async def on_line_skip(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    await _answer_tap(update, context, pair.Skip())


async def _answer_tap(
    update: Update, context: ContextTypes.DEFAULT_TYPE, event: pair.AnswerEvent
) -> None:
    async def body(
        s: AsyncSession, closer: Closer, person: Person, found: Together, now: datetime
    ) -> _Turn:
        asked = getattr(event, "round", found.pair.round)
        if not 1 <= asked <= found.pair.round:  # a forged or impossible round
            return _Turn([said(closer, Say("pair.stale"))])
        messages, _ = await rounds.answer(s, closer, person, found, event, now)
        return _Turn(messages)

    await _tap(update, context, _paired(body))


# --- leaving --------------------------------------------------------------------------------
async def on_leave(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    assert update.callback_query is not None
    tapped = PairLeave.unpack(update.callback_query.data)
    choice = tapped.choice if tapped else PairLeaveChoice.NO

    async def body(
        s: AsyncSession, closer: Closer, person: Person, found: Together, now: datetime
    ) -> _Turn:
        partner = {"partner": found.other.name}
        if choice is PairLeaveChoice.ASK:
            ask = (
                Choice("pair_leave_yes", PairLeave(PairLeaveChoice.YES)),
                Choice("pair_leave_no", PairLeave(PairLeaveChoice.NO)),
            )
            return _Turn([said(closer, Say("pair.leave_ask", partner, ask))])
        if choice is PairLeaveChoice.YES:
            await rounds.leave(s, closer, person.id, now)
            return _Turn([said(closer, Say("pair.left", partner))])
        return _Turn([said(closer, Say("pair.stayed", partner))])

    await _tap(update, context, _paired(body))


# --- one tap, one transaction ---------------------------------------------------------------
@dataclass(frozen=True)
class _Turn:
    """What a tap's body decided: the replies, and the coach's session to open afterwards."""

    messages: list[Outgoing]
    then: Command | None = None


PersonBody = Callable[[AsyncSession, Closer, Person, datetime], Awaitable[_Turn]]
PairBody = Callable[[AsyncSession, Closer, Person, Together, datetime], Awaitable[_Turn]]


def _paired(body: PairBody) -> PersonBody:
    """A body for someone in a pair (the pair's row locked); anyone else hears they are not in
    one (an old button after leaving, or after /forget)."""

    async def run(s: AsyncSession, closer: Closer, person: Person, now: datetime) -> _Turn:
        found = await pair_store.together(s, person.id)
        if found is None:
            return _Turn([said(closer, Say("pair.none"))])
        return await body(s, closer, person, found, now)

    return run


async def _tap(
    update: Update, context: ContextTypes.DEFAULT_TYPE, body: PersonBody, newcomer: bool = False
) -> None:
    """One tap in one transaction: the update claimed (a redelivery is only answered), the
    person's row (made on first contact when `newcomer`: an invitation's buttons; else someone
    Closer does not know hears partner mode is not theirs), the body's replies kept in the
    outbox. Then the tap is answered (a spent button's note only on the tap), or the coach's
    session opens (it answers the tap)."""
    query = update.callback_query
    assert query is not None
    closer = closer_of(context)
    now = closer.clock.now()
    user_id = query.from_user.id
    async with closer.db.transaction() as s:
        if not await store.claim_update(s, update.update_id, now):
            await guarded(closer, user_id, query.answer)
            return
        if newcomer:
            person: Person | None = await store.user_for_update(s, user_id, user_id, now.date())
        else:
            person = await store.get_user(s, user_id)
        if person is None:
            turn = _Turn([said(closer, Say("pair.none"))])
        else:
            turn = await body(s, closer, person, now)
        messages, toast = _spent(closer, turn.messages)
        owner = person.id if person is not None else None
        replies = await outbox.queue_replies(s, closer, owner, user_id, messages)
    if toast is not None or turn.then is None:
        await _answer_and_send(closer, context, update, replies, toast)
        return
    await outbox.sender_of(context).send_now(replies)
    await coach_turn(update, context, turn.then, claim=False)


def _spent(closer: Closer, messages: list[Outgoing]) -> tuple[list[Outgoing], str | None]:
    """A button with nothing left to do says so on the tap (a toast, as the coach's spent
    buttons do), not as a new message under what it already did."""
    if [m.text for m in messages] == [closer.texts.say("pair.stale")]:
        return [], closer.texts.say("button.spent")
    return messages, None


async def _answer_and_send(
    closer: Closer,
    context: ContextTypes.DEFAULT_TYPE,
    update: Update,
    replies: outbox.Replies,
    toast: str | None = None,
) -> None:
    """Answer the tap (`toast`: a short note on it, for a spent button), take the buttons off
    the message tapped, and send the reply."""
    query = update.callback_query
    assert query is not None
    user_id = query.from_user.id
    await guarded(closer, user_id, lambda: query.answer(toast))
    if query.message is not None:
        await guarded(closer, user_id, lambda: query.edit_message_reply_markup(None), edit=True)
    await outbox.sender_of(context).send_now(replies)
