"""Partner mode's rounds, kept: what the machines in `dialogs.pair` decide, written in the
caller's transaction. The partner's messages go through the outbox (Kind.PARTNER); a reveal
writes both deliveries in one transaction, so a restart delivers both or neither, each once.
Used by the handlers (bot.partners.pair) and by the coach's turn (bot.practice.chat), which
hands a statement the coach accepted in partner mode to the preview.
"""

from __future__ import annotations

import logging
from datetime import datetime, timedelta

from sqlalchemy.ext.asyncio import AsyncSession

from bot.delivery.messages import Outgoing, said, say_text
from bot.runtime import Closer
from bot.storage import circles as circle_store
from bot.storage import partners as pair_store
from bot.storage import store
from bot.storage.partners import Together
from bot.storage.store import Person
from bot.storage.tables import Kind, PairNote
from dialogs import pair
from dialogs.callbacks import PairInviteNew, PairLeave, PairLeaveChoice, PairWithdraw
from dialogs.coach import Command
from dialogs.content import fill
from dialogs.effects import Choice, Say

log = logging.getLogger(__name__)


# --- sending to the partner -----------------------------------------------------------------
async def tell(
    s: AsyncSession,
    closer: Closer,
    to: Person,
    message: Outgoing,
    now: datetime,
    author: int | None = None,
) -> None:
    """A message to the partner, through the outbox at Telegram's pace. `author`: whose words
    it carries (erased with them, /forget before it goes stops it); else it is the
    recipient's own (erased with them)."""
    await circle_store.enqueue(
        s,
        chat_id=to.chat_id,
        kind=Kind.PARTNER,
        now=now,
        user_id=author if author is not None else to.id,
        text=message.text,
        buttons=[list(button) for button in message.buttons] or None,
    )
    closer.posts_waiting.set()


async def reachable_now(s: AsyncSession, user_id: int, now: datetime) -> Person | None:
    """The partner, if a message unasked may go to them now: active, not in a quiet day."""
    person = await store.get_user(s, user_id)
    if person is None or not person.active or person.quiet_at(now):
        return None
    return person


async def status(s: AsyncSession, closer: Closer, person: Person, now: datetime) -> Outgoing:
    """Who they practise with and where the round stands; or what partner mode is."""
    found = await pair_store.together(s, person.id)
    if found is None:
        return said(closer, Say("pair.about", choices=(Choice("pair_invite", PairInviteNew()),)))
    partner = found.other.name
    leave = Choice("pair_leave", PairLeave(PairLeaveChoice.ASK))
    if person.quiet_at(now):  # the day after their crisis: no way back in, only out
        line, choices = Say("pair.resting_self", {"partner": partner}), ()
    else:
        mine, theirs = await notes(s, found)
        other = await store.get_user(s, found.other.user_id)
        resting = other is not None and other.quiet_at(now)
        due = round_due(closer, person, found, mine, theirs)
        line, choices = round_line(found, mine, theirs, now, due=due, resting=resting)
    params = {"partner": partner, "round": say_text(closer, line)}
    return said(closer, Say("pair.status", params, (*choices, leave)))


def round_due(
    closer: Closer, person: Person, found: Together, mine: PairNote | None, theirs: PairNote | None
) -> bool:
    """Whether a new round would open if they tapped "Write" now."""
    days = (closer.today(person) - found.pair.round_opened).days
    return pair.may_open(pair_store.status(mine), pair_store.status(theirs), days)


def round_line(
    found: Together,
    mine: PairNote | None,
    theirs: PairNote | None,
    now: datetime,
    due: bool = False,
    resting: bool = False,
) -> tuple[Say, tuple[Choice, ...]]:
    """Where the round stands for the person, in a line, with what they may do now.
    `resting`: the partner is in the day after a crisis (only "not practising today" is
    said of it)."""
    partner = {"partner": found.other.name}
    write = (pair.write_choice(),)
    if found.pair.paused_by is not None:
        return Say("pair.paused_status", partner), ()
    if due:
        return Say("pair.round_new", partner), write
    match pair_store.status(mine), pair_store.status(theirs):
        case pair.Note.SENT, _:
            assert mine is not None
            waited = now - (mine.sent_at or now)
            choices = (
                pair.waiting_choices()
                if waited >= pair.WAIT_ALONE
                else (Choice("pair_withdraw", PairWithdraw()),)
            )
            key = "pair.round_waiting_resting" if resting else "pair.round_waiting_mine"
            return Say(key, partner), choices
        case pair.Note.DELIVERED, _:
            return Say("pair.round_done", partner), ()
        case pair.Note.DRAFT, _:
            assert mine is not None
            return pair.preview(found.other.name, mine.text or ""), ()
        case _, pair.Note.SENT:
            return Say("pair.round_waiting_theirs", partner), write
        case pair.Note.KEPT, _:
            return Say("pair.round_kept", partner), write
    return Say("pair.round_open", partner), write


async def notes(s: AsyncSession, found: Together) -> tuple[PairNote | None, PairNote | None]:
    p = found.pair
    return (
        await pair_store.note(s, p.id, p.round, found.me.user_id),
        await pair_store.note(s, p.id, p.round, found.other.user_id),
    )


def prompt_for(closer: Closer, pair_id: int, round_: int, level: str, last: str | None) -> str:
    ids = [p.id for p in closer.coach.content.pair_prompts[level]]
    return pair.choose_prompt(ids, pair_id, round_, last)


def question(closer: Closer, prompt_id: str, partner: str, key: str) -> Outgoing:
    prompt = fill(closer.coach.content.prompt_text(prompt_id), {"partner": partner})
    return said(
        closer,
        Say(key, {"partner": partner, "prompt": prompt}, (pair.write_choice(),)),
    )


async def handle_note(
    s: AsyncSession,
    closer: Closer,
    person: Person,
    found: Together,
    event: pair.Event,
    now: datetime,
) -> tuple[list[Outgoing], Command | None]:
    """One event for the person's statement this round, kept: the replies, and the coach's
    session to open after the commit (an edit)."""
    p = found.pair
    mine, theirs = await notes(s, found)
    sent = mine.sent_at if mine is not None else None
    at = pair.Round(
        mine=pair_store.status(mine),
        theirs=pair_store.status(theirs),
        partner=found.other.name,
        name=found.me.name,
        waited=now - sent if sent is not None else timedelta(0),
        reachable=p.paused_by is None,
    )
    words = mine.text if mine is not None else None
    outcome = pair.handle(at, words, event)
    sent_at = now if outcome.note is pair.Note.SENT and at.mine is not pair.Note.SENT else None
    mine = await pair_store.keep_note(
        s, p.id, p.round, person.id, outcome.note, outcome.text, sent_at=sent_at
    )
    replies: list[Outgoing] = []
    again: Command | None = None
    other = await store.get_user(s, found.other.user_id)
    for effect in outcome.effects:
        match effect:
            case Say():
                replies.append(said(closer, effect))
            case pair.Tell() if other is not None and not other.quiet_at(now):
                await tell(s, closer, other, said(closer, effect.say), now)  # not a nudge in a
                # day after their crisis: the statement's delivery itself is not held
            case pair.Reveal():
                await reveal(
                    s, closer, (person, other), found, (mine, theirs), words or "", effect, now
                )
            case pair.AskAgain():
                again = Command("pair", focus=p.level, prompt=p.prompt)
    return replies, again


async def reveal(
    s: AsyncSession,
    closer: Closer,
    people: tuple[Person, Person | None],
    found: Together,
    round_notes: tuple[PairNote, PairNote | None],
    words: str,
    effect: pair.Reveal,
    now: datetime,
) -> None:
    """Deliver: mine (`words`) to them, and theirs to me when both were sent. One transaction:
    a restart delivers both or neither, each once (the outbox's promise). The words are then
    erased, unless both keep a journal. `round_notes`: mine and theirs, as the event read them."""
    person, other = people
    written, waiting = round_notes
    both = effect.both
    p = found.pair
    keep_words = person.journal and other is not None and other.journal
    if other is not None:
        mine = delivery(closer, found.me.name, words, p.round, alone=effect.alone)
        await tell(s, closer, other, mine, now, author=person.id)
    if both and waiting is not None:
        theirs = delivery(closer, found.other.name, waiting.text or "", p.round)
        await tell(s, closer, person, theirs, now, author=found.other.user_id)
    written.text = words if keep_words else None
    written.delivered_at = now
    if both and waiting is not None:
        waiting.status = pair.Note.DELIVERED.value
        waiting.delivered_at = now
        waiting.text = waiting.text if keep_words else None
        p.level, p.level_rounds = pair.climb(p.level, p.level_rounds)
    log.info("pair %s round %s delivered (%s)", p.id, p.round, "both" if both else "one")


def delivery(closer: Closer, writer: str, words: str, round_: int, alone: bool = False) -> Outgoing:
    return said(
        closer,
        Say(
            "pair.delivered_alone" if alone else "pair.delivered",
            {"partner": writer, "text": words},
            pair.answer_choices(round_),
        ),
    )


async def answer(
    s: AsyncSession,
    closer: Closer,
    person: Person,
    found: Together,
    event: pair.AnswerEvent,
    now: datetime,
) -> tuple[list[Outgoing], bool]:
    """One event through the answer's machine, kept: the replies, and whether the event goes
    on to the coach."""
    me = found.me
    step = pair.AnswerStep(me.answer_step or pair.AnswerStep.IDLE.value)
    asked = getattr(event, "round", None)
    if asked is not None and asked <= me.answered_round:  # one answer a round: a double tap
        return [said(closer, Say("pair.stale"))], False
    answering = me.answer_round
    outcome = pair.answer(step, me.answer_round, found.other.name, me.name, event)
    me.answer_step = None if outcome.step is pair.AnswerStep.IDLE else outcome.step.value
    me.answer_round = outcome.round
    replies: list[Outgoing] = []
    to_coach = False
    other = await store.get_user(s, found.other.user_id)
    for effect in outcome.effects:
        match effect:
            case Say():
                replies.append(said(closer, effect))
            case pair.Tell():
                me.answered_round = max(me.answered_round, asked or answering or 0)
                if other is not None:
                    await tell(s, closer, other, said(closer, effect.say), now, person.id)
            case pair.ToCoach():
                to_coach = True
    return replies, to_coach


async def leave(s: AsyncSession, closer: Closer, user_id: int, now: datetime) -> None:
    """End the person's pair (leaving, or /forget): the other is told kindly; what waited is
    not delivered; each one's own practice stays."""
    found = await pair_store.together(s, user_id)
    if found is None:
        return
    other = await store.get_user(s, found.other.user_id)
    await pair_store.end_pair(s, found.pair.id)
    me = await store.get_user(s, user_id)
    if me is not None:  # nothing of the pair still waiting for them goes
        await circle_store.drop_waiting_posts(s, me.chat_id, Kind.PARTNER)
    if other is not None:
        await circle_store.drop_waiting_posts(s, other.chat_id, Kind.PARTNER)
        await tell(
            s,
            closer,
            other,
            said(closer, Say("pair.partner_left", {"partner": found.me.name})),
            now,
        )
    log.info("pair %s ended", found.pair.id)


async def written(
    s: AsyncSession, closer: Closer, person: Person, kept: str | None, now: datetime
) -> list[Outgoing]:
    """The coach's session for the partner ended: the statement it accepted, with its preview
    (exactly what the partner will read); or, skipped or stopped, a word that nothing went."""
    found = await pair_store.together(s, person.id)
    if found is None:
        return [said(closer, Say("pair.none"))]
    if kept is None:
        return [said(closer, Say("pair.skipped", {"partner": found.other.name}))]
    replies, _ = await handle_note(s, closer, person, found, pair.Written(kept), now)
    return replies


async def resting(s: AsyncSession, closer: Closer, person: Person, now: datetime) -> None:
    """A crisis or a "not safe" while writing for the partner: nothing of it is kept or sent.
    A partner waiting on this round hears only that they are not practising today."""
    found = await pair_store.together(s, person.id)
    if found is None:
        return
    mine, theirs = await notes(s, found)
    if mine is not None and pair_store.status(mine) is pair.Note.DRAFT:
        mine.status, mine.text = pair.Note.EMPTY.value, None
    other = await store.get_user(s, found.other.user_id)
    if other is not None and pair_store.status(theirs) is pair.Note.SENT:
        message = said(closer, Say("pair.resting", {"partner": found.me.name}))
        await tell(s, closer, other, message, now)


async def open_round(
    s: AsyncSession, closer: Closer, person: Person, found: Together, now: datetime
) -> tuple[Outgoing | None, Command | None]:
    """Open a new round if one is due (a new local day, nothing of either in the air), and
    give the partner the question too; then the coach's session for the round, or a word on
    why there is nothing to write now."""
    p = found.pair
    if p.paused_by is not None:
        return said(closer, Say("pair.paused", {"partner": found.other.name})), None
    if person.quiet_at(now):  # a day after a crisis: partner mode waits for them
        return said(closer, Say("pair.resting_self", {"partner": found.other.name})), None
    mine, theirs = await notes(s, found)
    if round_due(closer, person, found, mine, theirs):
        p.round += 1
        p.round_opened = closer.today(person)
        p.prompt = prompt_for(closer, p.id, p.round, p.level, p.prompt)
        mine = theirs = None
        other = await reachable_now(s, found.other.user_id, now)
        if other is not None:
            opened = question(closer, p.prompt, found.me.name, "pair.question_opened")
            await tell(s, closer, other, opened, now)
    if pair_store.status(mine) in (pair.Note.SENT, pair.Note.DELIVERED, pair.Note.DRAFT):
        line, choices = round_line(found, mine, theirs, now)
        return said(closer, Say(line.key, line.params, choices or line.choices)), None
    return None, Command("pair", focus=p.level, prompt=p.prompt)


async def draft_waiting(s: AsyncSession, closer: Closer, person: Person) -> list[Outgoing]:
    """Words typed while their statement's preview waits for a choice: the preview again
    (typing does not change it; "Edit" does), so nothing is lost or sent by surprise."""
    found = await pair_store.together(s, person.id)
    if found is None:
        return []
    mine, _ = await notes(s, found)
    if pair_store.status(mine) is not pair.Note.DRAFT or mine is None:
        return []
    partner = found.other.name
    return [
        said(closer, Say("pair.preview_waiting", {"partner": partner})),
        said(closer, pair.preview(partner, mine.text or "")),
    ]
