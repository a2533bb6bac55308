"""The danger model's fast score is the sum its trainer sees: the bias, and each feature of
`features` (and each rule that fired) once."""

from __future__ import annotations

import pytest
import yaml

from dialogs.analysis.analyzer import default_analyzer
from dialogs.analysis.danger import fired, matches_of
from dialogs.analysis.danger_model import RULE
from dialogs.analysis.reading import read
from tests.conftest import DATA

TEXTS = [
    item["text"]
    for name in ("safety_tune_b.yaml", "statements.yaml")
    for item in yaml.safe_load((DATA / name).read_text(encoding="utf-8"))
]


@pytest.mark.parametrize("chunk", range(4))
def test_the_fast_score_equals_the_sum_over_the_features(chunk: int) -> None:
    lex = default_analyzer().lex
    model = lex.danger_model
    assert model is not None
    for text in TEXTS[chunk::4]:
        r = read(text, lex)
        rules = fired(matches_of(r, lex.danger))
        features = {f for f, _, _ in model.features(r)} | {RULE + f for f in rules}
        expected = model.bias + sum(model.weights.get(f, 0.0) for f in features)
        assert model.score(r, rules) == pytest.approx(expected), text


def test_a_word_pair_never_reads_as_a_rule() -> None:
    lex = default_analyzer().lex
    model = lex.danger_model
    assert model is not None
    r = read("we have a no phones at dinner rule. took me a while. c u", lex)
    assert all(":" not in f for f, _, _ in model.features(r))
