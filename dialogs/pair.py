"""Partner mode: two people practise together, each coached in private, and exchange what they
wrote on purpose, both ways. Two pure machines, like sharing's:

    a person's statement for one round (a Note):
    empty --written (the coach accepted it)--> draft --send [theirs sent]--> delivered (reveal)
                                               draft --send [waiting]--> sent
    sent --send_alone [waited 36 h]--> delivered;  sent --withdraw--> withdrawn
    draft --edit--> empty (the coach asks again);  draft --keep--> kept

    answering what the partner sent:
    idle --heard--> line --line [a plain line]--> idle (delivered);  idle --thanks--> idle

`bot/` reads a round as it stands (both notes, how long mine has waited, whether the pair can
be reached), hands in an event and keeps what comes back: the note's new status, and effects
(a message to the writer, one to the partner, the reveal) in one transaction.

Decided here, where the issue was silent: a waiting statement can be withdrawn at any time
(it is still the writer's until it is delivered), sent on its own only after 36 hours; a round
stays open while a statement in it waits; a pair's ladder rises after two reveals at its level.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import timedelta
from enum import StrEnum
from typing import Any

from transitions import Machine

from dialogs import machines
from dialogs.callbacks import (
    PairAlone,
    PairEdit,
    PairHeard,
    PairKeep,
    PairLineSkip,
    PairSend,
    PairThanks,
    PairWithdraw,
    PairWrite,
)
from dialogs.effects import Choice, Say
from dialogs.ladder import LADDER

WAIT_ALONE = timedelta(hours=36)  # then a waiting statement may go on its own
INVITE_DAYS = 7
FIRST_LEVEL = "others"  # a pair starts at feelings about others, and climbs together
REVEALS_TO_CLIMB = 2
MAX_LINE_CHARS = 300  # an answer is one line of one's own
# An answer honours the other's separateness: no verdict on them, no advice, no question.
LINE_ISSUES = frozenset({"judgment", "thought", "advice", "question"})


class Note(StrEnum):
    EMPTY = "empty"  # not written (yet) this round
    DRAFT = "draft"  # accepted by the coach; the preview is shown: send, edit or keep
    SENT = "sent"  # sent, waiting for the partner's
    DELIVERED = "delivered"
    KEPT = "kept"  # kept to themselves
    WITHDRAWN = "withdrawn"  # taken back while it waited


# A round is settled for a person when nothing of theirs is in the air.
SETTLED = frozenset({Note.EMPTY, Note.DELIVERED, Note.KEPT, Note.WITHDRAWN})


@dataclass(frozen=True)
class Round:
    """One round as `bot/` read it, from the side of the person the event is about."""

    mine: Note
    theirs: Note
    partner: str  # the partner's name
    name: str  # the writer's name, as the partner knows them
    waited: timedelta = timedelta(0)  # since mine was sent
    reachable: bool = True  # False while either has blocked the bot (a 403)


# --- events ---------------------------------------------------------------------------------
@dataclass(frozen=True)
class Written:
    """The coach accepted their statement for the round: as they chose to send it."""

    text: str


@dataclass(frozen=True)
class Send:
    """The preview's "Send to <partner>"."""


@dataclass(frozen=True)
class Edit:
    """The preview's "Edit": the coach asks the round's question again."""


@dataclass(frozen=True)
class Keep:
    """The preview's "Keep it to myself"."""


@dataclass(frozen=True)
class SendAlone:
    """After 36 hours of waiting: "send mine on its own"."""


@dataclass(frozen=True)
class Withdraw:
    """A waiting statement taken back."""


Event = Written | Send | Edit | Keep | SendAlone | Withdraw


# --- effects --------------------------------------------------------------------------------
@dataclass(frozen=True)
class Tell:
    """A message to the partner (content key, parameters, buttons)."""

    say: Say


@dataclass(frozen=True)
class Reveal:
    """Deliver: mine to them, and theirs to me when `both` (the mutual reveal). `alone`: mine
    goes on its own after waiting (said so to them)."""

    both: bool
    alone: bool = False


@dataclass(frozen=True)
class AskAgain:
    """The coach asks the round's question again (an edit)."""


Effect = Say | Tell | Reveal | AskAgain

# Every key partner mode says, with its placeholders: bot/texts.py requires them in content.
MESSAGES: dict[str, tuple[str, ...]] = {
    "pair.about": (),
    "pair.status": ("partner", "round"),
    "pair.round_open": ("partner",),
    "pair.round_new": ("partner",),
    "pair.round_waiting_mine": ("partner",),
    "pair.round_waiting_theirs": ("partner",),
    "pair.round_done": ("partner",),
    "pair.round_waiting_resting": ("partner",),
    "pair.resting_self": ("partner",),
    "pair.preview_waiting": ("partner",),
    "pair.delivered_alone": ("partner", "text"),
    "pair.line_dropped": (),
    "pair.round_kept": ("partner",),
    "pair.paused_status": ("partner",),
    "pair.invite": ("link",),
    "pair.invite_already": ("partner",),
    "pair.invite_open": ("name",),
    "pair.invite_own": (),
    "pair.invite_gone": (),
    "pair.invite_taken": ("partner",),
    "pair.invite_inviter_taken": ("name",),
    "pair.invite_declined": (),
    "pair.invite_was_declined": (),
    "pair.paired": ("partner",),
    "pair.question": ("partner", "prompt"),
    "pair.question_opened": ("partner", "prompt"),
    "pair.preview": ("partner", "text"),
    "pair.sent_waiting": ("partner",),
    "pair.partner_wrote": ("partner",),
    "pair.delivered": ("partner", "text"),
    "pair.revealed": ("partner",),
    "pair.sent_alone": ("partner",),
    "pair.kept": (),
    "pair.edit": ("partner",),
    "pair.withdrawn": (),
    "pair.not_yet": ("hours",),
    "pair.stale": (),
    "pair.paused": ("partner",),
    "pair.skipped": ("partner",),
    "pair.resting": ("partner",),
    "pair.thanked": ("partner",),
    "pair.thanks_sent": ("partner",),
    "pair.line_ask": ("partner",),
    "pair.line_again": ("partner",),
    "pair.line_too_long": ("limit",),
    "pair.line": ("partner", "text"),
    "pair.line_sent": ("partner",),
    "pair.line_held": ("partner",),
    "pair.leave_ask": ("partner",),
    "pair.left": ("partner",),
    "pair.partner_left": ("partner",),
    "pair.stayed": ("partner",),
    "pair.none": (),
    "pair.unreachable": ("partner",),
}
BUTTONS: dict[str, tuple[str, ...]] = {
    "pair_accept": ("name",),
    "pair_decline": (),
    "pair_write": (),
    "pair_write_to": ("partner",),
    "pair_send": ("partner",),
    "pair_edit": (),
    "pair_keep": (),
    "pair_alone": (),
    "pair_withdraw": (),
    "pair_thanks": (),
    "pair_heard": (),
    "pair_leave": (),
    "pair_leave_yes": (),
    "pair_leave_no": (),
    "pair_invite": (),
    "pair_line_skip": (),
}


@dataclass(frozen=True)
class Outcome:
    note: Note
    text: str | None  # the statement's words while they are still the writer's to send
    effects: tuple[Effect, ...]


# --- the note's machine ---------------------------------------------------------------------
THEIRS_SENT = machines.when(
    "theirs_sent", "round", lambda r: r.theirs in (Note.SENT, Note.DELIVERED)
)
REACHABLE = machines.when("reachable", "round", lambda r: r.reachable)
WAITED = machines.when("waited_36h", "round", lambda r: r.waited >= WAIT_ALONE)


def definitions() -> dict[str, Any]:
    """States and transitions, shared by the runtime machine and the diagram. Of a trigger's
    transitions, the first whose conditions hold is taken."""
    empty, draft, sent, delivered = Note.EMPTY, Note.DRAFT, Note.SENT, Note.DELIVERED
    rewritable = [empty.value, draft.value, Note.KEPT.value, Note.WITHDRAWN.value]
    transitions = [
        {"trigger": "written", "source": rewritable, "dest": draft.value},
        {
            "trigger": "send",
            "source": draft.value,
            "dest": delivered.value,
            "conditions": [REACHABLE, THEIRS_SENT],
        },
        {"trigger": "send", "source": draft.value, "dest": sent.value, "conditions": REACHABLE},
        {"trigger": "edit", "source": draft.value, "dest": empty.value},
        {"trigger": "keep", "source": draft.value, "dest": Note.KEPT.value},
        {
            "trigger": "send_alone",
            "source": sent.value,
            "dest": delivered.value,
            "conditions": [REACHABLE, WAITED],
        },
        {"trigger": "withdraw", "source": sent.value, "dest": Note.WITHDRAWN.value},
    ]
    return {
        "states": [note.value for note in Note],
        "transitions": transitions,
        "initial": empty.value,
        "auto_transitions": False,
        "send_event": True,
        "ignore_invalid_triggers": True,  # a stale button: the state stays, and they are told
    }


MACHINE = Machine(model=None, **definitions())
TRIGGERS: dict[type, str] = {
    Written: "written",
    Send: "send",
    Edit: "edit",
    Keep: "keep",
    SendAlone: "send_alone",
    Withdraw: "withdraw",
}


def mermaid() -> str:
    return machines.mermaid(definitions(), "A partner statement")


@dataclass
class _Model:
    state: str


def handle(now: Round, text: str | None, event: Event) -> Outcome:
    """One event for one person's statement this round: its new status, and what to do."""
    model = _Model(now.mine.value)
    MACHINE.events[TRIGGERS[type(event)]].trigger(model, round=now)
    after = Note(model.state)
    moved = after is not now.mine or isinstance(event, Written)
    partner = {"partner": now.partner}
    effects: tuple[Effect, ...]
    kept_text = text if after in (Note.DRAFT, Note.SENT) else None
    match event:
        case Written():
            kept_text = " ".join(event.text.split())
            effects = (preview(now.partner, kept_text),)
        case _ if not moved:
            effects = (_why_not(now, event),)
        case Send() if after is Note.DELIVERED:
            effects = (Reveal(both=now.theirs is Note.SENT), Say("pair.revealed", partner))
        case Send():
            effects = (
                Say("pair.sent_waiting", partner),
                Tell(Say("pair.partner_wrote", {"partner": now.name}, (write_choice(),))),
            )
        case Edit():
            effects = (Say("pair.edit", partner), AskAgain())
        case Keep():
            effects = (Say("pair.kept"),)
        case SendAlone():
            effects = (Reveal(both=False, alone=True), Say("pair.sent_alone", partner))
        case Withdraw():
            effects = (Say("pair.withdrawn"),)
    return Outcome(after, kept_text, effects)


def _why_not(now: Round, event: Event) -> Say:
    """An event the statement's status does not allow: said plainly, nothing changes."""
    if not now.reachable and isinstance(event, Send | SendAlone):
        return Say("pair.paused", {"partner": now.partner})
    if isinstance(event, SendAlone) and now.mine is Note.SENT:
        left = WAIT_ALONE - now.waited
        return Say("pair.not_yet", {"hours": str(max(1, round(left.total_seconds() / 3600)))})
    return Say("pair.stale")


def preview(partner: str, text: str) -> Say:
    """Exactly what the partner will read, and the three choices."""
    return Say(
        "pair.preview",
        {"partner": partner, "text": text},
        (
            Choice("pair_send", PairSend(), {"partner": partner}),
            Choice("pair_edit", PairEdit()),
            Choice("pair_keep", PairKeep()),
        ),
    )


def write_choice() -> Choice:
    return Choice("pair_write", PairWrite())


def waiting_choices() -> tuple[Choice, ...]:
    """What a writer may do with a statement that has waited 36 hours."""
    return (Choice("pair_alone", PairAlone()), Choice("pair_withdraw", PairWithdraw()))


def answer_choices(round_: int) -> tuple[Choice, ...]:
    """Under a delivered statement: thanks, or "I heard you" with a line of one's own. No
    reaction scores the other's feelings; saying nothing needs no button."""
    return (Choice("pair_thanks", PairThanks(round_)), Choice("pair_heard", PairHeard(round_)))


# --- rounds and the pair's ladder ------------------------------------------------------------
def may_open(mine: Note, theirs: Note, opened_days_ago: int) -> bool:
    """Whether a new round opens now: on a later day than the last one opened, and only
    when nothing of either is in the air (a waiting statement keeps its round open)."""
    return opened_days_ago >= 1 and mine in SETTLED and theirs in SETTLED


def climb(level: str, reveals: int) -> tuple[str, int]:
    """After a reveal: the pair's level and its count of reveals there. Two reveals at a
    level take the pair one step up, to the last (immediate)."""
    reveals += 1
    at = LADDER.index(level)
    if reveals >= REVEALS_TO_CLIMB and at + 1 < len(LADDER):
        return LADDER[at + 1], 0
    return level, reveals


def choose_prompt(ids: Sequence[str], pair_id: int, round_: int, last: str | None) -> str:
    """The round's question: the same for both, chosen by the pair and the round (not by
    either person), never the last one again."""
    fresh = [i for i in ids if i != last] or list(ids)
    digest = hashlib.sha256(f"pair|{pair_id}|{round_}".encode()).digest()
    return fresh[int.from_bytes(digest[:8], "big") % len(fresh)]


# --- answering a delivered statement ----------------------------------------------------------
class AnswerStep(StrEnum):
    IDLE = "idle"
    LINE = "line"  # asked for the one line that says what they heard


@dataclass(frozen=True)
class Thanks:
    round: int


@dataclass(frozen=True)
class Heard:
    round: int


@dataclass(frozen=True)
class Line:
    """What they wrote while asked for their line: `issues` are the analyzer's kinds."""

    text: str
    issues: frozenset[str]
    danger: bool


@dataclass(frozen=True)
class Drop:
    """Anything else arrived (a command, another button): answering ends quietly."""


@dataclass(frozen=True)
class Skip:
    """The "Never mind" under the request for a line: answering ends, nothing is sent."""


AnswerEvent = Thanks | Heard | Line | Drop | Skip


@dataclass(frozen=True)
class ToCoach:
    """The event is not the answer's: the coach takes it (danger included)."""


@dataclass(frozen=True)
class AnswerOutcome:
    step: AnswerStep
    round: int | None
    effects: tuple[Say | Tell | ToCoach, ...]


def answer_definitions() -> dict[str, Any]:
    idle, line = AnswerStep.IDLE.value, AnswerStep.LINE.value
    danger = machines.when("danger", "event", lambda e: e.danger)
    fits = machines.when(
        "fits", "event", lambda e: 0 < len(" ".join(e.text.split())) <= MAX_LINE_CHARS
    )
    plain = machines.when("plain", "event", lambda e: not (e.issues & LINE_ISSUES))
    return {
        "states": [step.value for step in AnswerStep],
        "transitions": [
            {"trigger": "thanks", "source": "*", "dest": idle},
            {"trigger": "heard", "source": "*", "dest": line},
            {"trigger": "line", "source": line, "dest": idle, "conditions": danger},
            {"trigger": "line", "source": line, "dest": idle, "conditions": [fits, plain]},
            {"trigger": "line", "source": line, "dest": line},
            {"trigger": "drop", "source": "*", "dest": idle},
            {"trigger": "skip", "source": "*", "dest": idle},
        ],
        "initial": idle,
        "auto_transitions": False,
        "send_event": True,
    }


ANSWER_MACHINE = Machine(model=None, **answer_definitions())


def answer_mermaid() -> str:
    return machines.mermaid(answer_definitions(), "Answering a partner")


def _skip_choice() -> Choice:
    return Choice("pair_line_skip", PairLineSkip())


def _line_ask(named: dict[str, str]) -> Say:
    return Say("pair.line_ask", named, (_skip_choice(),))


def answer(
    step: AnswerStep, round_: int | None, partner: str, name: str, event: AnswerEvent
) -> AnswerOutcome:
    """One event while answering what the partner sent: the new step and its round, and
    what to do. `partner`: the one whose statement is answered; `name`: the one answering,
    as the partner knows them."""
    if isinstance(event, Line) and step is AnswerStep.IDLE:
        return AnswerOutcome(step, None, (ToCoach(),))  # not answering: the coach's
    model = _Model(step.value)
    trigger = {Thanks: "thanks", Heard: "heard", Line: "line", Drop: "drop", Skip: "skip"}[
        type(event)
    ]
    ANSWER_MACHINE.events[trigger].trigger(model, event=event)
    after = AnswerStep(model.state)
    named, me = {"partner": partner}, {"partner": name}
    effects: tuple[Say | Tell | ToCoach, ...]
    match event:
        case Thanks():
            effects = (Say("pair.thanks_sent", named), Tell(Say("pair.thanked", me)))
            return AnswerOutcome(after, None, effects)
        case Heard():
            return AnswerOutcome(after, event.round, (_line_ask(named),))
        case Line() if event.danger:  # never delivered: the coach's care
            return AnswerOutcome(after, None, (Say("pair.line_held", named), ToCoach()))
        case Line() if after is AnswerStep.IDLE:
            line = " ".join(event.text.split())
            effects = (Say("pair.line_sent", named), Tell(Say("pair.line", {**me, "text": line})))
            return AnswerOutcome(after, None, effects)
        case Line() if " ".join(event.text.split()):
            too_long = len(" ".join(event.text.split())) > MAX_LINE_CHARS
            key, params = (
                ("pair.line_too_long", {"limit": MAX_LINE_CHARS})
                if too_long
                else ("pair.line_again", named)
            )
            return AnswerOutcome(after, round_, (Say(key, params, (_skip_choice(),)),))
        case Line():
            return AnswerOutcome(after, round_, (_line_ask(named),))
        case Drop():
            return AnswerOutcome(after, None, (ToCoach(),))
        case Skip() if step is AnswerStep.LINE:
            return AnswerOutcome(after, None, (Say("pair.line_dropped"),))
        case Skip():
            return AnswerOutcome(after, None, (Say("pair.stale"),))
    raise AssertionError(event)  # pragma: no cover
