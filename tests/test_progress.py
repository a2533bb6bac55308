"""Streaks that forgive one rest day a week, levels, and redirects that became rarer."""

from __future__ import annotations

from datetime import date, timedelta
from types import SimpleNamespace

import pytest

from bot.practice.progress import summary_text
from bot.texts import load_bot_texts
from dialogs.analysis import IssueKind, analyze
from dialogs.progress import (
    Pattern,
    Rarer,
    RecordRow,
    Summary,
    by_level,
    pattern_of,
    rarer_redirects,
    streak,
)

TODAY = date(2026, 11, 21)


def days_ago(*offsets: int) -> list[date]:
    return [TODAY - timedelta(days=n) for n in offsets]


@pytest.mark.parametrize(
    ("practised", "expected"),
    [
        ([], (0, 0)),
        (days_ago(0), (1, 0)),
        (days_ago(1), (1, 0)),  # today is still open: not practised yet breaks nothing
        (days_ago(0, 1, 2), (3, 0)),
        (days_ago(0, 2, 3), (3, 1)),  # one rest day is forgiven
        (days_ago(0, 3, 4), (1, 0)),  # two missed days in a row end it
        (days_ago(0, 2, 4, 5), (2, 1)),  # a second rest within the week ends it
        (days_ago(0, 2, 3, 4, 5, 6, 7, 8, 10), (9, 2)),  # rests a week apart both forgiven
        (days_ago(2), (1, 1)),  # yesterday was a rest day; today is still open
        (days_ago(3), (0, 0)),
    ],
)
def test_streak_forgives_one_rest_day_a_week(practised: list[date], expected: tuple[int, int]):
    assert streak(practised, TODAY) == expected


def row(day: int, reached: str = "others", issues: tuple[str, ...] = (), outcome: str = "accepted"):  # type: ignore[no-untyped-def]
    return RecordRow(TODAY - timedelta(days=day), reached, issues, outcome)


def test_statements_that_landed_are_counted_by_level():
    records = [
        row(0, "fact"),
        row(0, "self"),
        row(1, "self", outcome="own_word"),
        row(1, "self", ("thought",), "redirected"),
        row(2, "none", outcome="skipped"),
    ]
    assert by_level(records) == {"fact": 1, "others": 0, "self": 2, "immediate": 0}


def test_a_redirect_that_became_rarer_is_reported():
    before = [row(20, issues=("thought",), outcome="redirected") for _ in range(3)] + [row(20)]
    recent = [row(2), row(1), row(1, issues=("thought",), outcome="redirected"), row(0)]
    found = rarer_redirects(before + recent, TODAY)
    assert [(r.kind, r.before, r.recent) for r in found] == [("thought", 0.75, 0.25)]


def test_one_stray_redirect_is_not_a_trend():
    records = [row(20, issues=("judgment",), outcome="redirected"), row(20), row(1)]
    assert rarer_redirects(records, TODAY) == ()


def test_a_faux_feeling_is_kept_apart_from_a_judgment():
    faux = analyze("I feel ignored when you are on your phone.").first(IssueKind.JUDGMENT)
    verdict = analyze("my boss is an idiot").first(IssueKind.JUDGMENT)
    assert faux is not None
    assert verdict is not None
    assert pattern_of(faux) is Pattern.FAUX_FEELING
    assert pattern_of(verdict) is Pattern.JUDGMENT


@pytest.mark.parametrize("pattern", list(Pattern))
def test_progress_names_every_pattern_that_became_rarer(pattern: Pattern):
    closer = SimpleNamespace(texts=load_bot_texts())
    summary = Summary(1, 0, {"fact": 1}, (Rarer(pattern.value, 0.5, 0.1),))
    text = summary_text(closer, summary, "others")  # type: ignore[arg-type]
    assert closer.texts.say(f"issue.{pattern.value}") in text
    assert "50% → 10%" in text


@pytest.mark.parametrize(
    ("streak", "rests", "line"),
    [
        (0, 0, "Your streak begins on the day you finish a session."),  # statements, unfinished
        (1, 0, "Streak: 1 day\n"),
        (6, 1, "Streak: 6 days (with 1 rest day forgiven)"),  # the space kept
    ],
)
def test_the_streak_line_reads_right_for_none_one_and_a_forgiven_day(
    streak: int, rests: int, line: str
):
    closer = SimpleNamespace(texts=load_bot_texts())
    text = summary_text(closer, Summary(streak, rests, {"fact": 1}, ()), "others")  # type: ignore[arg-type]
    assert line in text
    assert "0 days" not in text
