"""A broken lexicon fails at load with the file, the key and the line."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from dialogs.analysis.lexicon import load_lexicon
from dialogs.content import pack_dir
from dialogs.yamlfile import ContentError


@pytest.fixture
def lexicon_copy(tmp_path: Path) -> Path:
    target = tmp_path / "lexicon"
    shutil.copytree(pack_dir() / "lexicon", target)
    return target


def _break(folder: Path, file: str, old: str, new: str) -> None:
    path = folder / file
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_the_shipped_lexicon_loads() -> None:
    assert load_lexicon() is not None


def test_invalid_yaml_names_the_file_and_line(lexicon_copy: Path) -> None:
    _break(
        lexicon_copy,
        "hedges.yaml" if (lexicon_copy / "hedges.yaml").exists() else "softening.yaml",
        "hedges: [",
        "hedges: [[",
    )
    with pytest.raises(ContentError) as err:
        load_lexicon(root=lexicon_copy)
    assert "softening.yaml" in str(err.value)
    assert err.value.line is not None


def test_a_missing_key_is_named(lexicon_copy: Path) -> None:
    _break(lexicon_copy, "time.yaml", "speaking_now:", "speaking_later:")
    with pytest.raises(ContentError, match=r"time\.yaml.*missing key 'speaking_now'"):
        load_lexicon(root=lexicon_copy)


def test_a_hidden_feeling_must_be_a_known_feeling(lexicon_copy: Path) -> None:
    _break(
        lexicon_copy,
        "faux_feelings.yaml",
        "may_hide: [lonely, scared, hurt, sad]",
        "may_hide: [lonely, grumbleful]",
    )
    with pytest.raises(ContentError, match=r"entries\[0\]\.may_hide\[1\].*grumbleful") as err:
        load_lexicon(root=lexicon_copy)
    assert err.value.file.endswith("faux_feelings.yaml")


def test_a_word_in_two_families_is_refused(lexicon_copy: Path) -> None:
    _break(lexicon_copy, "feelings.yaml", "words: [hopeful,", "words: [sad, hopeful,")
    with pytest.raises(ContentError, match="already in family"):
        load_lexicon(root=lexicon_copy)


def test_an_empty_list_is_refused(lexicon_copy: Path) -> None:
    _break(
        lexicon_copy,
        "speech.yaml",
        "question_words: [how, what, why, when, where, who, which, whose, whom]",
        "question_words: []",
    )
    with pytest.raises(ContentError, match=r"question_words.*non-empty"):
        load_lexicon(root=lexicon_copy)


def test_a_phrase_in_a_list_of_single_words_is_refused(lexicon_copy: Path) -> None:
    # its words would each count alone: "screen time" made every "time" one's own
    _break(lexicon_copy, "grammar.yaml", "self_nouns: [mistake,", "self_nouns: [screen time,")
    with pytest.raises(ContentError, match=r"self_nouns\[0\].*'screen time' is a phrase"):
        load_lexicon(root=lexicon_copy)


@pytest.mark.parametrize("key", ["soften", "reassure"])
def test_a_danger_softener_must_be_a_concept_of_the_file(lexicon_copy: Path, key: str) -> None:
    old = {"soften": "soften: [past,", "reassure": "reassure: [reassured"}[key]
    _break(lexicon_copy, "danger.yaml", old, old.replace("[", "[nowhere, "))
    with pytest.raises(ContentError, match=r"danger\.yaml.*'nowhere' is not a concept"):
        load_lexicon(root=lexicon_copy)
