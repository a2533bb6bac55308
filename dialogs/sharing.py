"""Sharing one statement with a circle, on purpose: a pure machine, like the coach.

    idle --session_ended--> idle (offered, where a circle welcomes shares)
    idle --offer [open]--> write --write [fits]--> confirm --post [open]--> idle (posted)
    confirm --keep--> idle;  any --leave (a command, a coach button)--> idle
    write/confirm --write [danger]--> idle: danger is never shared, nor kept as a draft

`bot/` hands in an event with what it read from the database (the circles the person may share
with right now) and gets back the new step, the draft and the effects: what to say to the
person, the post for the group, or that the event is the coach's. It persists the step and the
draft and queues the effects in one transaction; nothing else decides.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from transitions import Machine

from dialogs import machines
from dialogs.callbacks import ShareLater, ShareNo, ShareOffer, ShareTo
from dialogs.effects import Choice, Say

MAX_CHARS = 500  # a shared statement is a sentence or two


class Step(StrEnum):
    IDLE = "idle"  # not sharing
    WRITE = "write"  # asked for the statement
    CONFIRM = "confirm"  # shown the preview: post it, or keep it


@dataclass(frozen=True)
class Target:
    """A circle the person may share with now: sharing on, a theme out, not shared today."""

    circle: int
    title: str  # how private messages name it
    name: str  # the name the post shows (their alias, or the board's name for them)


# --- events ---------------------------------------------------------------------------------
@dataclass(frozen=True)
class SessionEnded:
    """A daily session has ended: where a circle welcomes shares, sharing is offered (only
    offered)."""

    targets: tuple[Target, ...]


@dataclass(frozen=True)
class Offer:
    """They tapped "Share a statement". `safety_open`: the coach is asking whether they are
    safe (or has stopped for their safety); sharing waits, whatever button is tapped."""

    targets: tuple[Target, ...]
    safety_open: bool = False


@dataclass(frozen=True)
class Write:
    """They wrote while sharing. `danger`: the analyzer found a crisis or a concern in it."""

    text: str
    danger: bool
    targets: tuple[Target, ...]


@dataclass(frozen=True)
class Post:
    """They tapped "Post to <circle>" under the preview."""

    circle: int
    targets: tuple[Target, ...]


@dataclass(frozen=True)
class Keep:
    """They tapped "Don't share" under the preview."""


@dataclass(frozen=True)
class Decline:
    """They tapped "Not today" under the offer."""


@dataclass(frozen=True)
class Leave:
    """Anything else arrived (a command, a coach button): sharing ends quietly."""


Event = SessionEnded | Offer | Write | Post | Keep | Decline | Leave


# --- effects --------------------------------------------------------------------------------
@dataclass(frozen=True)
class GroupPost:
    """The statement, for the circle's group (content key `circle.share_post`)."""

    circle: int
    name: str
    text: str


@dataclass(frozen=True)
class ToCoach:
    """The event is not sharing's: the coach answers it (a crisis or a concern included)."""


Effect = Say | GroupPost | ToCoach

# Every key this machine says, with its placeholders: bot/texts.py requires them in content.
MESSAGES: dict[str, tuple[str, ...]] = {
    "circle.share_ask": (),
    "circle.share_closed": (),
    "circle.share_declined": (),
    "circle.share_held": (),
    "circle.share_kept": (),
    "circle.share_not_now": (),
    "circle.share_stale": (),
    "circle.share_offer": (),
    "circle.share_post": ("name", "text"),
    "circle.share_posted": ("title",),
    "circle.share_preview": ("post",),
    "circle.share_too_long": ("limit",),
}
BUTTONS: dict[str, tuple[str, ...]] = {
    "share_offer": (),
    "share_later": (),
    "share_post": ("title",),
    "share_no": (),
}


@dataclass(frozen=True)
class Outcome:
    step: Step
    draft: str | None
    effects: tuple[Effect, ...]


# --- the machine ----------------------------------------------------------------------------
def _clean(text: str) -> str:
    return " ".join(text.split())


OPEN = machines.when(
    "open", "event", lambda e: bool(e.targets) and not getattr(e, "safety_open", False)
)
DANGER = machines.when("danger", "event", lambda e: e.danger)
BLANK_OR_LONG = machines.when(
    "blank_or_long", "event", lambda e: not 0 < len(_clean(e.text)) <= MAX_CHARS
)


def definitions() -> dict[str, Any]:
    """States and transitions, shared by the runtime machine and the diagram. Of a trigger's
    transitions, the first whose conditions hold is taken."""
    idle, write, confirm = Step.IDLE.value, Step.WRITE.value, Step.CONFIRM.value
    asked = [write, confirm]
    transitions = [
        {"trigger": "session_ended", "source": "*", "dest": idle},
        {"trigger": "offer", "source": "*", "dest": write, "conditions": OPEN},
        {"trigger": "offer", "source": "*", "dest": idle, "unless": OPEN},
        {"trigger": "write", "source": asked, "dest": idle, "conditions": DANGER},
        {"trigger": "write", "source": asked, "dest": "=", "conditions": BLANK_OR_LONG},
        {"trigger": "write", "source": asked, "dest": confirm, "conditions": OPEN},
        {"trigger": "write", "source": asked, "dest": idle, "unless": OPEN},
        {"trigger": "post", "source": "*", "dest": idle},
        {"trigger": "keep", "source": "*", "dest": idle},
        {"trigger": "decline", "source": "*", "dest": idle},
        {"trigger": "leave", "source": "*", "dest": idle},
    ]
    return {
        "states": [step.value for step in Step],
        "transitions": transitions,
        "initial": idle,
        "auto_transitions": False,
        "send_event": True,
    }


MACHINE = Machine(model=None, **definitions())


def mermaid() -> str:
    return machines.mermaid(definitions(), "Sharing with a circle")


@dataclass
class _Model:
    state: str


def handle(step: Step, draft: str | None, event: Event) -> Outcome:
    """One event for one person's sharing: the new step and draft, and what to do."""
    model = _Model(step.value)
    if isinstance(event, Write) and step is Step.IDLE:
        return Outcome(step, draft, (ToCoach(),))  # not sharing: the text is the coach's
    trigger = {
        SessionEnded: "session_ended",
        Offer: "offer",
        Write: "write",
        Post: "post",
        Keep: "keep",
        Decline: "decline",
        Leave: "leave",
    }
    MACHINE.events[trigger[type(event)]].trigger(model, event=event)
    after = Step(model.state)
    new_draft = draft if after is Step.CONFIRM or after is Step.WRITE else None
    effects: tuple[Effect, ...]
    match event:
        case SessionEnded() if event.targets:
            offer = (Choice("share_offer", ShareOffer()), Choice("share_later", ShareLater()))
            effects = (Say("circle.share_offer", choices=offer),)
        case SessionEnded():
            effects = ()
        case Offer() if event.safety_open:
            effects = (Say("circle.share_not_now"),)
        case Offer():
            effects = (Say(_asked_or_closed(after)),)
        case Write() if event.danger:  # nothing is posted: they hear so, then the coach's care
            effects = (Say("circle.share_held"), ToCoach())
        case Write() if after is Step.CONFIRM:
            new_draft = _clean(event.text)
            effects = (_preview(new_draft, event.targets),)
        case Write() if after is Step.IDLE:
            effects = (Say("circle.share_closed"),)
        case Write():
            effects = (_ask_again(event.text),)
        case Post():
            effects = _posted(step, draft, event)
        case Keep() if step is Step.IDLE:  # a preview already posted or closed
            effects = (Say("circle.share_stale"),)
        case Keep():
            effects = (Say("circle.share_kept"),)
        case Decline():
            effects = (Say("circle.share_declined"),)
        case Leave():
            effects = (ToCoach(),)
    return Outcome(after, new_draft, effects)


def _asked_or_closed(after: Step) -> str:
    return "circle.share_ask" if after is Step.WRITE else "circle.share_closed"


def _ask_again(text: str) -> Say:
    if _clean(text):
        return Say("circle.share_too_long", {"limit": MAX_CHARS})
    return Say("circle.share_ask")


def _preview(draft: str, targets: tuple[Target, ...]) -> Say:
    posts = tuple(
        Choice("share_post", ShareTo(target.circle), {"title": target.title}) for target in targets
    )
    post = Say("circle.share_post", {"name": targets[0].name, "text": draft})
    return Say("circle.share_preview", {"post": post}, (*posts, Choice("share_no", ShareNo())))


def _posted(step: Step, draft: str | None, event: Post) -> tuple[Effect, ...]:
    """The preview's post button: posted where it was still open, once; an old preview's
    button, or a circle that closed meanwhile, posts nothing."""
    target = next((t for t in event.targets if t.circle == event.circle), None)
    if step is not Step.CONFIRM or not draft:  # a double tap, or an old preview's button
        return (Say("circle.share_stale"),)
    if target is None:
        return (Say("circle.share_closed"),)
    return (
        GroupPost(target.circle, target.name, draft),
        Say("circle.share_posted", {"title": target.title}),
    )
