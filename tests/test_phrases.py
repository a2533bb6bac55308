"""The phrase index: choices spelled out, every occurrence found, longest first."""

from __future__ import annotations

import pytest

from dialogs.analysis.phrases import PhraseIndex, expand


def test_choices_spell_out_every_variant() -> None:
    assert expand("it is (totally|really|) fine") == [
        "it is fine",
        "it is really fine",
        "it is totally fine",
    ]


def test_parentheses_without_a_choice_stay_literal() -> None:
    assert expand(":)") == [":)"]


def test_a_stray_bar_is_refused() -> None:
    with pytest.raises(ValueError, match="outside"):
        expand("a|b")


def test_every_occurrence_is_found_longest_first_at_each_position() -> None:
    index: PhraseIndex[str] = PhraseIndex()
    for phrase in ("a", "a b", "a b c", "b"):
        index.add(tuple(phrase.split()), phrase)
    found = [(h.start, h.end, h.payload) for h in index.find(["x", "a", "b", "c", "b"])]
    assert found == [(1, 4, "a b c"), (1, 3, "a b"), (1, 2, "a"), (2, 3, "b"), (4, 5, "b")]
