"""A circle's life, as a pure machine: announced, running, paused, ended; its days, its end
and who hears about it.

    announced --day_due--> running (day 1) --day_due--> running (the next day) ...
    running --day_due [last day done]--> ended (complete: the recap)
    announced/running --pause--> paused --resume--> running (or announced, before day 1)
    any live --end--> ended (early: a facilitator's /end)
    any live --removed--> ended (Closer was taken out of the group: nothing more is posted there)

`bot/` hands in the circle as it stands (a `Circle`) and an event carrying what the event needs
from the database (members' days, who may be nudged); it gets back the circle's new status, day
and next theme time, and the effects: the answer to the command, the day's post, a board edit,
the recap, private messages. It keeps them in one transaction; nothing else decides.

Participation only: what anyone wrote never reaches this module.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime, time
from typing import Any
from zoneinfo import ZoneInfo

from transitions import Machine

from dialogs import machines
from dialogs.callbacks import CircleDay, NudgesOff
from dialogs.challenges import LIVE, Status
from dialogs.effects import Choice, Say
from dialogs.schedule import next_fire, same_local_day

NUDGE_HOURS = (8, 22)  # local hours, where the circle meets, when a nudge may go out


@dataclass(frozen=True)
class Circle:
    """What the machine reads of a circle."""

    id: int
    status: Status
    day: int  # the current challenge day, 0 before the first theme
    days: int  # how many days its template has
    title: str  # how private messages name it
    at: time  # the daily time, local
    zone: ZoneInfo
    next_post_at: datetime
    theme: str | None  # the current day's theme, once there is one

    @property
    def started(self) -> bool:
        return self.day >= 1


@dataclass(frozen=True)
class Member:
    """A member as an ending or a nudge needs them."""

    user_id: int
    days: int = 0  # challenge days practised
    practised_today: bool = False
    nudges: bool = True  # they have not turned this circle's nudges off
    reachable: bool = True  # active (not blocked), and not within a day of a crisis
    nudged_today: bool = False  # by any circle: one nudge a person a day


# --- events ---------------------------------------------------------------------------------
@dataclass(frozen=True)
class DayDue:
    """The circle's time has come: the next theme, or the end after the last day."""

    now: datetime
    members: tuple[Member, ...] = ()  # read only when it may end


@dataclass(frozen=True)
class Pause:
    pass


@dataclass(frozen=True)
class Resume:
    now: datetime


@dataclass(frozen=True)
class End:
    """A facilitator's /end."""

    members: tuple[Member, ...]


@dataclass(frozen=True)
class Removed:
    """Closer was removed from the group."""

    members: tuple[Member, ...]


@dataclass(frozen=True)
class Nudge:
    """A facilitator's /nudge. `members.nudged_today`: since midnight where the circle meets."""

    members: tuple[Member, ...]
    now: datetime


Event = DayDue | Pause | Resume | End | Removed | Nudge


# --- effects --------------------------------------------------------------------------------
@dataclass(frozen=True)
class Answer:
    """The answer to the command, in the group."""

    say: Say


@dataclass(frozen=True)
class PostDay:
    """The day's theme with the board under it, as a new message the board is then edited in."""


@dataclass(frozen=True)
class EditBoard:
    pass


@dataclass(frozen=True)
class Recap:
    """The end, in the group: participation by day (its words say whether it ran its course,
    read from the circle when it is sent)."""


@dataclass(frozen=True)
class Tell:
    """A private message to one member. `day`: a nudge's challenge day (one a day)."""

    user_id: int
    say: Say
    day: int | None = None


Effect = Answer | PostDay | EditBoard | Recap | Tell

# Every key this machine says, with its placeholders (bot/texts.py requires them in content).
MESSAGES: dict[str, tuple[str, ...]] = {
    "circle.paused": (),
    "circle.already_paused": (),
    "circle.resumed": ("time", "when", "zone"),
    "circle.not_paused": (),
    "circle.ended": (),
    "circle.ended_unstarted": (),
    "circle.ended_complete": ("title",),
    "circle.ended_early": ("title",),
    "circle.ended_removed": ("title",),
    "circle.member_recap": ("days", "done", "why"),
    "circle.member_recap_none": ("why",),
    "circle.nudge": ("theme", "title"),
    "circle.nudged": ("count",),
    "circle.nudge_none": (),
    "circle.nudge_night": (),
    "circle.nudge_no_theme": (),
    "circle.nudged_already": (),
    "circle.when_today": (),
    "circle.when_tomorrow": (),
}
BUTTONS: dict[str, tuple[str, ...]] = {"nudge_start": (), "nudges_off": ()}


@dataclass(frozen=True)
class Outcome:
    circle: Circle  # as it is now
    effects: tuple[Effect, ...]


# --- the machine ----------------------------------------------------------------------------
MORE_DAYS = machines.when("more_days", "circle", lambda c: c.day < c.days)
STARTED = machines.when("started", "circle", lambda c: c.started)


def definitions() -> dict[str, Any]:
    announced, running, paused, ended = (s.value for s in Status)
    live = [s.value for s in LIVE]
    transitions = [
        {"trigger": "day_due", "source": [announced, running], "dest": running,
         "conditions": MORE_DAYS},
        {"trigger": "day_due", "source": [announced, running], "dest": ended,
         "unless": MORE_DAYS},
        {"trigger": "pause", "source": [announced, running], "dest": paused},
        {"trigger": "resume", "source": paused, "dest": running, "conditions": STARTED},
        {"trigger": "resume", "source": paused, "dest": announced, "unless": STARTED},
        {"trigger": "end", "source": live, "dest": ended},
        {"trigger": "removed", "source": live, "dest": ended},
    ]  # fmt: skip
    return {
        "states": [s.value for s in Status],
        "transitions": transitions,
        "initial": announced,
        "auto_transitions": False,
        "send_event": True,
    }


MACHINE = Machine(model=None, **definitions())


def mermaid() -> str:
    return machines.mermaid(definitions(), "A circle's life")


@dataclass
class _Model:
    state: str


def _fire(trigger: str, circle: Circle) -> Status:
    model = _Model(circle.status.value)
    MACHINE.events[trigger].trigger(model, circle=circle)
    return Status(model.state)


def handle(circle: Circle, event: Event) -> Outcome:
    """One event in a circle's life: the circle as it is after it, and what to do."""
    match event:
        case DayDue():
            return _day_due(circle, event)
        case Pause():
            return _pause(circle)
        case Resume():
            return _resume(circle, event.now)
        case End():
            ended = replace(circle, status=_fire("end", circle))
            if circle.started:
                effects: tuple[Effect, ...] = (Answer(Say("circle.ended")), Recap(), EditBoard())
            else:  # nothing to recap before the first theme
                effects = (Answer(Say("circle.ended_unstarted")), EditBoard())
            return Outcome(ended, effects + _recaps(circle, event.members, "circle.ended_early"))
        case Removed():  # nothing more can be posted in the group
            ended = replace(circle, status=_fire("removed", circle))
            return Outcome(ended, _recaps(circle, event.members, "circle.ended_removed"))
        case Nudge():
            return Outcome(circle, _nudges(circle, event.members, event.now))


def _day_due(circle: Circle, event: DayDue) -> Outcome:
    status = _fire("day_due", circle)
    if status is Status.ENDED:
        effects = (Recap(), EditBoard())
        recaps = _recaps(circle, event.members, "circle.ended_complete")
        return Outcome(replace(circle, status=status), effects + recaps)
    # A time missed while the bot was down is posted late rather than dropped, and only once.
    moved = replace(
        circle,
        status=status,
        day=circle.day + 1,
        next_post_at=next_fire(circle.at, circle.zone, event.now),
    )
    return Outcome(moved, (PostDay(),))


def _pause(circle: Circle) -> Outcome:
    if circle.status is Status.PAUSED:
        return Outcome(circle, (Answer(Say("circle.already_paused")),))
    paused = replace(circle, status=_fire("pause", circle))
    return Outcome(paused, (Answer(Say("circle.paused")), EditBoard()))


def _resume(circle: Circle, now: datetime) -> Outcome:
    if circle.status is not Status.PAUSED:
        return Outcome(circle, (Answer(Say("circle.not_paused")),))
    nxt = next_fire(circle.at, circle.zone, now)
    resumed = replace(circle, status=_fire("resume", circle), next_post_at=nxt)
    today = same_local_day(nxt, now, circle.zone)
    when = Say("circle.when_today" if today else "circle.when_tomorrow")
    said = Say(
        "circle.resumed",
        {"when": when, "time": circle.at.strftime("%H:%M"), "zone": circle.zone.key},
    )
    return Outcome(resumed, (Answer(said), EditBoard()))


def _recaps(circle: Circle, members: tuple[Member, ...], why: str) -> tuple[Effect, ...]:
    """Each member's own end, privately, saying why it ended: their days practised, or (when
    there were none) no count of days missed, as being there was something."""
    reason = Say(why, {"title": circle.title})
    days = min(circle.day, circle.days)
    told: list[Effect] = []
    for member in members:
        if member.days:
            said = Say("circle.member_recap", {"why": reason, "done": member.days, "days": days})
        else:
            said = Say("circle.member_recap_none", {"why": reason})
        told.append(Tell(member.user_id, said))
    return tuple(told)


def _nudges(circle: Circle, members: tuple[Member, ...], now: datetime) -> tuple[Effect, ...]:
    """A private, opt-out reminder to members who have not practised on today's theme: at most
    one a person a day, whichever circle sends it, none within a day of their crisis, and none
    at night where the circle meets."""
    if circle.status is not Status.RUNNING or not circle.started or circle.theme is None:
        return (Answer(Say("circle.nudge_no_theme")),)
    if not NUDGE_HOURS[0] <= now.astimezone(circle.zone).hour < NUDGE_HOURS[1]:
        return (Answer(Say("circle.nudge_night")),)
    waiting = [m for m in members if not m.practised_today and m.nudges and m.reachable]
    due = [m for m in waiting if not m.nudged_today]
    if not due:
        return (Answer(Say("circle.nudged_already" if waiting else "circle.nudge_none")),)
    choices = (
        Choice("nudge_start", CircleDay(circle.id)),
        Choice("nudges_off", NudgesOff(circle.id)),
    )
    nudge = Say("circle.nudge", {"title": circle.title, "theme": circle.theme}, choices)
    told = tuple(Tell(m.user_id, nudge, day=circle.day) for m in due)
    return (*told, Answer(Say("circle.nudged", {"count": len(due)})))
