"""What every conversation machine shares: its Mermaid diagram, drawn from the same
definitions its runtime `transitions.Machine` is built from, so the README cannot drift from
the code (tests/test_machines.py).

Each conversation (the coach, sharing with a circle, a circle's life) is a `transitions`
machine built once per process and fired on light per-person or per-circle models; see
`dialogs/coach/machine.py` for the pattern.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from transitions import EventData


def mermaid(definitions: dict[str, Any], title: str, **model_fields: Any) -> str:
    """The machine as a Mermaid state diagram: no styling, no "active" state (it shows the
    machine, not one model). `model_fields` are attributes its conditions read, as a model
    that never fires needs them only to exist."""
    from transitions.extensions import GraphMachine  # graph support is only for the diagram

    graph = GraphMachine(
        model=None, graph_engine="mermaid", show_conditions=True, title=title, **definitions
    )
    diagram = type("Diagram", (), {"state": definitions["initial"], **model_fields})()
    graph.add_model(diagram)
    source = diagram.get_graph().draw(None)  # type: ignore[attr-defined]
    body = [
        line.rstrip()
        for line in source.splitlines()
        if line.strip()
        and not line.strip().startswith(("classDef", "Class ", "---"))
        and line.strip() != title
    ]
    return "\n".join(["---", f"title: {title}", "---", *body])


def when(name: str, argument: str, test: Callable[[Any], bool]) -> Callable[[EventData], bool]:
    """A transition's condition: `test` of the keyword argument the event is fired with
    (`machine.events[trigger].trigger(model, event=...)`), named for the diagram."""

    def condition(data: EventData) -> bool:
        return test(data.kwargs[argument])

    condition.__name__ = name  # shown in the diagram
    return condition
