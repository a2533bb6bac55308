"""The letters model (dialogs/analysis/letters_model.py): what it reads of a word, and that it
only ever adds a check-in to a statement in another language that no rule found danger in."""

from __future__ import annotations

from dataclasses import replace

import pytest

from dialogs.analysis.analyzer import Analyzer, default_analyzer
from dialogs.analysis.letters_model import LettersModel, letter_runs
from dialogs.analysis.model import IssueKind


def test_a_word_is_read_lower_case_without_accents_and_marked_at_its_edges() -> None:
    assert letter_runs("Mourir") == letter_runs("mourir")
    assert letter_runs("fatiguée") == letter_runs("fatiguee")
    assert "<mo" in letter_runs("mourir")
    assert "rir>" in letter_runs("mourir")


def test_marks_and_emoji_are_no_letters() -> None:
    assert letter_runs("...") == ()
    assert letter_runs("😭") == ()
    assert letter_runs("hoy,") == letter_runs("hoy")


@pytest.fixture
def toy() -> LettersModel:
    """A model that hears one made-up stem, "zarpit", and nothing else: no rule knows it."""
    return LettersModel(bias=-3.0, weights={"zarp": 2.0, "arpi": 2.0}, hear=0.0)


def test_the_score_is_the_bias_and_each_run_once(toy: LettersModel) -> None:
    assert toy.score("zarpit") == pytest.approx(1.0)
    assert toy.score("zarpit zarpito") == pytest.approx(1.0)
    assert toy.score("hola") == pytest.approx(-3.0)


def test_the_word_that_weighs_most_is_quoted(toy: LettersModel) -> None:
    text = "a veces me siento zarpito, jaja"
    start, end = toy.heaviest_word(text) or (0, 0)
    assert text[start:end] == "zarpito,"


def _with(model: LettersModel | None) -> Analyzer:
    return Analyzer(replace(default_analyzer().lex, letters_model=model))


def test_another_language_it_hears_is_asked_about(toy: LettersModel) -> None:
    found = _with(toy).analyze("a veces me siento zarpito, no se")
    assert [i.kind for i in found.issues] == [IssueKind.CONCERN]
    assert found.issues[0].evidence == "zarpito,"


def test_without_it_the_same_statement_passes(toy: LettersModel) -> None:
    assert _with(None).analyze("a veces me siento zarpito, no se").issues == ()


def test_english_is_never_read_by_it(toy: LettersModel) -> None:
    loud = replace(toy, weights={**toy.weights, "<so": 9.0, "<tired": 9.0})
    found = _with(loud).analyze("so tired of this week, zarpit lol")
    assert not {IssueKind.CONCERN, IssueKind.CRISIS} & {i.kind for i in found.issues}


def test_it_never_softens_what_a_rule_found(toy: LettersModel) -> None:
    quiet = replace(toy, hear=99.0)
    kinds = {i.kind for i in _with(quiet).analyze("quiero suicidarme esta noche").issues}
    assert IssueKind.CRISIS in kinds


def test_a_short_answer_is_too_little_to_judge_by_letters(toy: LettersModel) -> None:
    assert not toy.hears("zarpit zarpito zarpa")  # three words: the rules' alone
    assert toy.hears("zarpit zarpito zarpa hoy")


def test_the_shipped_model_is_loaded() -> None:
    model = default_analyzer().lex.letters_model
    assert model is not None
    assert len(model.weights) > 1000
