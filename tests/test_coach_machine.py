"""The machine is built once per process."""

from __future__ import annotations

import transitions

from tests.coach_client import CoachUser


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
