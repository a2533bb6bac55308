"""The Dockerfile builds what the tests build. (No Docker engine runs here, so the tests check the
recipe: tests/test_compiled_analyzer.py builds the same wheel from the same files.)"""

from __future__ import annotations

import re

from bench import wheel
from tests.conftest import ROOT

STAGES = re.split(r"^FROM ", (ROOT / "Dockerfile").read_text(encoding="utf-8"), flags=re.M)[1:]


def copied(stage: str) -> set[str]:
    """The sources a stage copies from the build context (not from another stage)."""
    names: set[str] = set()
    for line in stage.splitlines():
        if line.startswith("COPY ") and "--from=" not in line:
            names.update(line.split()[1:-1])
    return names


def test_the_image_is_built_in_two_stages_on_the_same_python() -> None:
    bases = [stage.split()[0] for stage in STAGES]
    assert len(bases) == 2
    assert bases[0] == bases[1]  # the compiled modules only load on the Python they were built for


def test_the_build_stage_copies_every_source_the_wheel_needs() -> None:
    assert copied(STAGES[0]) == set(wheel.SOURCES)


def test_the_build_stage_compiles_the_analyzer_and_the_image_installs_that_wheel() -> None:
    assert "CLOSER_COMPILE=1 pip wheel" in STAGES[0]
    assert "COPY --from=wheel /wheels" in STAGES[1]
    assert "gcc" not in STAGES[1]  # the running image carries no compiler
