"""The coach: a state machine that walks a person up the four levels of sharing.

coach = Coach.load()                 # once per process
session = coach.restore(snapshot)    # per person, per message
result = session.handle(Text("I feel sad"), Context(today=date.today(), seed="42"))
snapshot = session.snapshot()        # keep it with result.records, in one transaction
"""

from .content import CoachContent, load_coach_content
from .events import Button, Command, Context, Event, Line, Outcome, Record, Reply, Result, Tap, Text
from .machine import State, mermaid
from .render import Rendered, render
from .session import Coach, Session

__all__ = [
    "Button",
    "Coach",
    "CoachContent",
    "Command",
    "Context",
    "Event",
    "Line",
    "Outcome",
    "Record",
    "Rendered",
    "Reply",
    "Result",
    "Session",
    "State",
    "Tap",
    "Text",
    "load_coach_content",
    "mermaid",
    "render",
]
