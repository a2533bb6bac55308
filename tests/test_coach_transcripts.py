"""Conversation transcripts (tests/transcripts/*.yaml): what the person does, what the coach
says and where it goes. Each runs twice: straight through, and restored from a JSON snapshot
before every single step (a restart can happen anywhere)."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import pytest
import yaml

from tests.coach_client import CoachUser

FOLDER = Path(__file__).resolve().parent / "transcripts"
CASES = [
    (path.stem, case)
    for path in sorted(FOLDER.glob("*.yaml"))
    for case in yaml.safe_load(path.read_text(encoding="utf-8"))
]


def _ids() -> list[str]:
    return [f"{stem}: {case['name']}" for stem, case in CASES]


@pytest.mark.parametrize("restore", [False, True], ids=["straight", "restored-each-step"])
@pytest.mark.parametrize(("stem", "case"), CASES, ids=_ids())
def test_transcript(stem: str, case: dict[str, Any], restore: bool) -> None:
    user = CoachUser(country=case.get("country"), restore_every_step=restore)
    for number, step in enumerate(case["steps"], 1):
        if isinstance(step, str):
            step = {"send": step}
        if "today" in step:
            user.today = date.fromisoformat(str(step["today"]))
        result = user.tap(step["tap"]) if "tap" in step else user.send(step["send"])
        where = f"step {number} ({step.get('send', step.get('tap'))!r})"
        _check(user, result, step, where)


def _starts(said: str, key: str) -> bool:
    return key.endswith("*") and said.startswith(key[:-1])


def _check(user: CoachUser, result, step: dict[str, Any], where: str) -> None:
    if "state" in step:
        assert user.state == step["state"], where
    for key in step.get("says", []):
        found = any(  # "prompt:" any prompt; "prompt:others-everyday-*" any of those
            k == key or (key.endswith(":") and k.startswith(key)) or _starts(k, key)
            for k in user.keys
        )
        assert found, f"{where}: expected {key!r} in {user.keys}"
    for key in step.get("not_says", []):
        assert key not in user.keys, f"{where}: did not expect {key!r} in {user.keys}"
    if "buttons" in step:
        assert all(b in user.buttons for b in step["buttons"]), f"{where}: {user.buttons}"
        if step["buttons"] == []:
            assert user.buttons == [], where
    for name, value in step.get("params", {}).items():
        assert user.params.get(name) == value, f"{where}: {user.params}"
    if "quote" in step:
        assert user.params.get("quote") == step["quote"], where
    if "records" in step:
        want = step["records"]
        assert len(result.records) == len(want), f"{where}: {result.records}"
        for record, expected in zip(result.records, want, strict=True):
            for field, value in expected.items():
                assert str(getattr(record, field)) == str(value), f"{where}: {record}"
    if "crisis" in step:
        assert result.crisis is step["crisis"], where
    if "concern" in step:
        assert result.concern is step["concern"], where
    if "completed" in step:
        assert result.completed == step["completed"], where
