"""Normalising chat writing: what the analyzer reads for what people type."""

from __future__ import annotations

import pytest

from dialogs.analysis import load_lexicon


@pytest.fixture(scope="module")
def tokenizer():
    return load_lexicon().tokenizer


@pytest.mark.parametrize(
    ("typed", "read"),
    [
        ("I’m", ("i", "am")),
        ("im", ("i", "am")),
        ("dont", ("do", "not")),
        ("can't", ("can", "not")),
        ("won’t", ("will", "not")),
        ("u", ("you",)),
        ("ur", ("you", "are")),
        ("rn", ("right", "now")),
        ("tbh", ("to", "be", "honest")),
        ("soooo", ("so",)),
        ("happpppy", ("happy",)),
        ("hahahaha", ("haha",)),
        ("LOOOL", ("lol",)),
        ("son's", ("son", "'s")),
        ("it's", ("it", "is")),
        ("kinda", ("kind", "of")),
        ("SAD", ("sad",)),
        # shorthand with a slash is read whole: "w/o" is "without", never "with"
        ("w/o asking", ("without", "asking")),
        ("b/c, tired", ("because", ",", "tired")),
        ("w/ u", ("with", "you")),
        ("and/or", ("and", "/", "or")),
        # a capitalised word no list knows may be a name as typed: mended only into a feeling
        # or a danger word (a phone capitalises the first word of every message)
        ("Finn", ("finn",)),
        ("Kemal", ("kemal",)),
        ("Cutt", ("cut",)),
        ("Nervus", ("nervous",)),
        ("Im", ("i", "am")),  # a spelling we know stays one
        ("Sooo", ("so",)),
        ("anxoius", ("anxious",)),
    ],
)
def test_a_typed_word_reads_as(tokenizer, typed: str, read: tuple[str, ...]) -> None:
    assert tokenizer.words(typed) == read


def test_every_word_keeps_its_place_in_the_original(tokenizer) -> None:
    text = "ok so im  soooo sad rn 😂"
    tokens = tokenizer.tokens(text)
    for start, end in zip(tokens.starts, tokens.ends, strict=True):
        assert text[start:end].strip() != ""


@pytest.mark.parametrize(
    "text",
    [
        "I'm SOOO sad, tbh :( lol",
        "ur mum's car... it's fine?!",
        "कल 😂 hahaha ok-ish",
        "  ",
        "",
        "posted it w/o asking b/c, whatever",
    ],
)
def test_the_words_of_a_phrase_are_the_words_of_its_tokens(tokenizer, text: str) -> None:
    # the lexicon reads its phrases with `words`, statements with `tokens`: they must agree
    assert tokenizer.words(text) == tuple(tokenizer.tokens(text).words)
