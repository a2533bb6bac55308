"""Properties that must hold for any text at all."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from dialogs.analysis import MAX_CHARS, Level, analyze

any_text = st.text(max_size=4096)
chatty_text = st.lists(
    st.sampled_from(
        [
            "I",
            "feel",
            "like",
            "you",
            "never",
            "a bit",
            "sad",
            "lol",
            "im",
            "dont",
            "?",
            ",",
            ".",
            "my",
            "mom",
            "was",
            "so",
            "ignored",
            "kill",
            "me",
            "want",
            "to",
            "die",
            "of",
            "😂",
            "not",
            "because",
            "always",
            "should",
            "u",
            "rn",
            "tbh",
            "😊",
            "hit",
            "he",
            "really",
        ]
    ),
    max_size=40,
).map(" ".join)


@settings(max_examples=300, deadline=None)
@given(st.one_of(any_text, chatty_text))
def test_any_text_gets_an_answer_with_spans_inside_it(text: str) -> None:
    analysis = analyze(text)
    assert isinstance(analysis.level, Level)
    for issue in analysis.issues:
        start, end = issue.span
        assert 0 <= start < end <= len(text)
        assert text[start:end] == issue.evidence


@settings(max_examples=150, deadline=None)
@given(st.one_of(any_text, chatty_text))
def test_the_same_text_always_reads_the_same(text: str) -> None:
    assert analyze(text) == analyze(text)


@settings(max_examples=50, deadline=None)
@given(st.text(min_size=1, max_size=50))
def test_long_text_is_read_up_to_the_limit(piece: str) -> None:
    text = piece * (MAX_CHARS // len(piece) + 2)
    analysis = analyze(text)
    assert len(analysis.text) <= MAX_CHARS
    assert all(end <= MAX_CHARS for _, end in (issue.span for issue in analysis.issues))
