"""The analyzer, statement by statement, from tests/data/statements.yaml."""

from __future__ import annotations

import pytest
import yaml

from dialogs.analysis import analyze
from tests.conftest import DATA

CASES = yaml.safe_load((DATA / "statements.yaml").read_text(encoding="utf-8"))


@pytest.mark.parametrize("case", CASES, ids=[c["text"][:60] for c in CASES])
def test_statement_reads_as_labelled(case: dict) -> None:
    analysis = analyze(case["text"])
    kinds = {issue.kind.value for issue in analysis.issues}
    if "level" in case:
        wanted = case["level"] if isinstance(case["level"], list) else [case["level"]]
        assert analysis.level.value in wanted
    for kind in case.get("issues", []):
        assert kind in kinds, f"expected {kind}, got {sorted(kinds)}"
    for kind in case.get("not", []):
        assert kind not in kinds, f"did not expect {kind}"
    if case.get("clean"):
        assert not kinds, (
            f"expected no issue, got {[(i.kind.value, i.evidence) for i in analysis.issues]}"
        )
