"""Bad input gets an answer, never an exception: level none, no issues."""

from __future__ import annotations

import pytest

from dialogs.analysis import Level, analyze

NOISE = [
    "",
    "   ",
    "\n\t",
    "👍",
    "😂😂😂",
    "\x00\x01\x02\x7f",
    "\u200b\u200d\ufeff",
    "a" * 4096,
    "🙂" * 4096,
    "Ich bin heute sehr traurig",
    "أنا حزين جدا اليوم",
    "我今天很难过",
    "...???!!!",
    "\U0001f469\u200d\u2764\ufe0f\u200d\U0001f468",
    "e\u0301\u0301\u0301\u0301",
]


@pytest.mark.parametrize("text", NOISE, ids=lambda t: repr(t[:12]))
def test_noise_is_level_none_with_no_issues(text: str) -> None:
    analysis = analyze(text)
    assert analysis.level is Level.NONE
    assert analysis.issues == ()


def test_a_long_real_statement_is_still_read() -> None:
    text = ("I feel sad. " * 400)[:4096]
    assert analyze(text).level is Level.SELF
