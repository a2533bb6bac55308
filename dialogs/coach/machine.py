"""The coach's states and moves, as a `transitions` machine built once per process.

Per-person sessions are light objects with a `state` attribute; an event is fired for one of them
with `MACHINE.events[name].trigger(session)`, so no Machine is ever built per message.

    welcome -> facts -> others -> self -> immediate -> reflect -> done
                     (a daily session plans a shorter path: a warm-up step, then the frontier)
    any state --crisis--> safety --settle (they say they are safe)--> done
    a session state --stop--> done;   any --restart--> welcome
    a state --concern--> checkin (are you safe right now?) --resume--> back where they were
"""

from __future__ import annotations

from collections.abc import Callable
from enum import StrEnum
from typing import Any, Protocol

from transitions import EventData, Machine

from dialogs import machines
from dialogs.ladder import LADDER


class State(StrEnum):
    WELCOME = "welcome"
    FACTS = "facts"
    OTHERS = "others"
    SELF = "self"
    IMMEDIATE = "immediate"
    REFLECT = "reflect"
    DONE = "done"
    SAFETY = "safety"
    CHECKIN = "checkin"  # a concern: asking whether they are safe right now


# The four steps of the ladder, in order, and the analyzer level each one asks for.
STEPS: tuple[State, ...] = (State.FACTS, State.OTHERS, State.SELF, State.IMMEDIATE)
STEP_LEVEL: dict[State, str] = dict(zip(STEPS, LADDER, strict=True))
LEVEL_STEP = {level: step for step, level in STEP_LEVEL.items()}


# The states a check-in can interrupt, and so return to.
RESUMABLE: tuple[State, ...] = (State.WELCOME, *STEPS, State.REFLECT, State.DONE)


class Model(Protocol):
    state: str
    resume_to: str | None

    @property
    def upcoming(self) -> str: ...


def _upcoming_is(dest: State) -> Callable[[EventData], bool]:
    def condition(event: EventData) -> bool:
        return event.model.upcoming == dest.value

    condition.__name__ = f"next_is_{dest.value}"  # shown in the diagram
    return condition


def _resumes_to(dest: State) -> Callable[[EventData], bool]:
    def condition(event: EventData) -> bool:
        return event.model.resume_to == dest.value

    condition.__name__ = f"was_{dest.value}"
    return condition


def definitions() -> dict[str, Any]:
    """States and transitions, shared by the runtime machine and the diagram."""
    transitions: list[dict[str, Any]] = []
    for step in STEPS:  # begin: welcome -> the first step the session plans
        transitions.append(
            {
                "trigger": "begin",
                "source": State.WELCOME,
                "dest": step,
                "conditions": _upcoming_is(step),
            }
        )
    for i, step in enumerate(STEPS):  # advance: a step -> a later step, or reflect
        for dest in (*STEPS[i + 1 :], State.REFLECT):
            transitions.append(
                {
                    "trigger": "advance",
                    "source": step,
                    "dest": dest,
                    "conditions": _upcoming_is(dest),
                }
            )
    session_states = [State.WELCOME, *STEPS, State.REFLECT]
    transitions += [
        {"trigger": "finish", "source": State.REFLECT, "dest": State.DONE},
        {"trigger": "stop", "source": [*session_states, State.CHECKIN], "dest": State.DONE},
        {"trigger": "crisis", "source": "*", "dest": State.SAFETY},
        {"trigger": "settle", "source": State.SAFETY, "dest": State.DONE},
        {"trigger": "concern", "source": list(RESUMABLE), "dest": State.CHECKIN},
        *(
            {
                "trigger": "resume",
                "source": State.CHECKIN,
                "dest": dest,
                "conditions": _resumes_to(dest),
            }
            for dest in RESUMABLE
        ),
        {
            "trigger": "restart",
            "source": [*session_states, State.DONE, State.SAFETY, State.CHECKIN],
            "dest": State.WELCOME,
        },
    ]
    return {
        "states": [s.value for s in State],
        "transitions": [
            {**t, "source": _value(t["source"]), "dest": _value(t["dest"])} for t in transitions
        ],
        "initial": State.WELCOME.value,
        "auto_transitions": False,
        "send_event": True,
    }


def _value(states: Any) -> Any:
    if isinstance(states, list):
        return [s.value if isinstance(s, State) else s for s in states]
    return states.value if isinstance(states, State) else states


def build_machine() -> Machine:
    return Machine(model=None, **definitions())


MACHINE = build_machine()


def fire(trigger: str, model: Model) -> None:
    """Fire one event for one session; raises transitions.MachineError on an illegal move."""
    MACHINE.events[trigger].trigger(model)


def mermaid() -> str:
    """The machine as a Mermaid state diagram (for the README)."""
    return machines.mermaid(definitions(), "Closer coach", upcoming="", resume_to=None)
