"""The coaching model (dialogs/analysis/coaching_model.py): its fast sums are the sums its trainer
sees, the one pass shared with the danger model gives both models' own numbers, and what it adds
names its words."""

from __future__ import annotations

from dataclasses import replace

import pytest
import yaml

from dialogs.analysis import IssueKind
from dialogs.analysis.analyzer import Analyzer, default_analyzer
from dialogs.analysis.coaching_model import LEVEL, RULE
from dialogs.analysis.reading import read
from tests.conftest import DATA

TEXTS = [
    item["text"]
    for name in ("coach_tune_v.yaml", "statements.yaml", "safety_tune_b.yaml")
    for item in yaml.safe_load((DATA / name).read_text(encoding="utf-8"))
]


@pytest.mark.parametrize("chunk", range(3))
def test_the_fast_sums_equal_the_sums_over_the_features(chunk: int) -> None:
    lex = default_analyzer().lex
    model = lex.coaching_model
    assert model is not None
    for text in TEXTS[chunk::3]:
        r = read(text, lex)
        found, level = ["judgment", "sugar_coating"], "self"
        features = [f for f, _, _ in model.features(r)]
        features += [RULE + kind for kind in found] + [LEVEL + level]
        for family, got in enumerate(model.weigh(r, found, level)):
            expected = model.bias[family] + sum(
                model.weights.get(f, (0.0, 0.0))[family] for f in features
            )
            assert got == pytest.approx(expected), text


def test_one_pass_gives_each_model_its_own_sum_over_the_words() -> None:
    analyzer = default_analyzer()
    lex = analyzer.lex
    assert lex.danger_model is not None
    assert lex.coaching_model is not None
    for text in TEXTS[::2]:
        r = read(text, lex)
        danger, coaching = analyzer.weights.sums(r)
        assert lex.danger_model.score(r, (), danger) == pytest.approx(
            lex.danger_model.score(r, ())
        ), text
        assert lex.coaching_model.weigh(r, (), "fact", coaching) == pytest.approx(
            lex.coaching_model.weigh(r, (), "fact")
        ), text


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("my boss is such a dinosaur about remote work", IssueKind.JUDGMENT),
        ("i kinda want to call my ex but i know i shouldnt lol", IssueKind.SUGAR_COATING),
    ],
)
def test_what_the_model_hears_and_the_rules_miss_quotes_its_words(
    text: str, kind: IssueKind
) -> None:
    rules_only = Analyzer(replace(default_analyzer().lex, coaching_model=None))
    assert kind not in rules_only.analyze(text).kinds
    found = [i for i in default_analyzer().analyze(text).issues if i.kind is kind]
    assert found
    # the clause that holds the words that weighed most, to be quoted back
    assert all(len(i.evidence.split()) >= 3 and i.evidence in text for i in found)
