"""The machine is built once per process, and the README shows it as it is."""

from __future__ import annotations

import transitions

from dialogs.coach import mermaid
from tests.coach_client import CoachUser
from tests.conftest import ROOT

BEGIN, END = "<!-- coach-diagram:begin -->", "<!-- coach-diagram:end -->"


def test_no_machine_is_built_per_message(monkeypatch) -> None:
    user = CoachUser()
    built: list[object] = []
    original = transitions.Machine.__init__

    def counting_init(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        built.append(self)
        original(self, *args, **kwargs)

    monkeypatch.setattr(transitions.Machine, "__init__", counting_init)
    for text in ("/start", "I have a dog.", "I'm sad about my dad.", "/stop"):
        user.send(text)
    user.tap("consent")
    assert built == []


def test_the_readme_diagram_is_current() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    shown = readme.split(BEGIN, 1)[1].split(END, 1)[0]
    assert shown.strip() == f"```mermaid\n{mermaid()}\n```", (
        "README's diagram is stale: run `python -m dialogs.coach.diagram --write`"
    )
