"""The coach judges fairly: a clean statement the analyzer reads at a step's level is accepted
at that step, whatever its shape, for every such statement in Closer's labelled sets."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from dialogs.analysis import Level, analyze
from dialogs.coach.judge import judge
from dialogs.coach.machine import LEVEL_STEP
from dialogs.ladder import LADDER
from tests.conftest import ROOT

SETS = (
    ROOT / "tests" / "data" / "statements.yaml",
    ROOT / "tests" / "data" / "coach_tune.yaml",
    ROOT.parent / "shared" / "eval" / "dev.yaml",
)


def clean_statements(level: str) -> list[str]:
    found = []
    for path in SETS:
        for item in yaml.safe_load(Path(path).read_text(encoding="utf-8")):
            text = item["text"]
            analysis = analyze(text)
            if analysis.level is Level(level) and analysis.is_clean:
                found.append(text)
    return found


@pytest.mark.parametrize("level", LADDER)
def test_every_clean_statement_at_a_steps_level_is_accepted_there(level: str) -> None:
    step = LEVEL_STEP[level]
    statements = clean_statements(level)
    assert len(statements) >= 20, level
    refused = [t for t in statements if not judge(step, analyze(t)).accepted]
    assert not refused, refused[:5]


@pytest.mark.parametrize("level", LADDER[1:])
def test_a_clean_statement_below_a_step_is_asked_to_go_further(level: str) -> None:
    below = LADDER[LADDER.index(level) - 1]
    step = LEVEL_STEP[level]
    for text in clean_statements(below)[:30]:
        assert not judge(step, analyze(text)).accepted, text
