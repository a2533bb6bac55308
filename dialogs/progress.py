"""Progress from what the store keeps (days and records, never words): streaks that forgive,
statements by level, and the redirects that became rarer. Pure: every date is passed in."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum

from .analysis.model import Issue, IssueKind
from .ladder import LADDER

REST_GAP = 7  # one rest day a week: two forgiven days must be at least a week apart
TREND_DAYS = 14  # "rarer" compares the last two weeks with the two weeks before


class Pattern(StrEnum):
    """What gets in the way of a statement, as a record keeps it and /progress names it: the
    analyzer's issue kinds, with a faux feeling ("I feel ignored") told apart from a judgment."""

    THOUGHT = IssueKind.THOUGHT.value
    FAUX_FEELING = "faux_feeling"
    JUDGMENT = IssueKind.JUDGMENT.value
    SUGAR_COATING = IssueKind.SUGAR_COATING.value
    PAST = IssueKind.PAST.value
    QUESTION = IssueKind.QUESTION.value
    ADVICE = IssueKind.ADVICE.value


def pattern_of(issue: Issue) -> Pattern | None:
    """The pattern a record keeps for an issue; None for danger, which is never recorded."""
    if issue.kind is IssueKind.JUDGMENT and issue.may_hide:
        return Pattern.FAUX_FEELING
    try:
        return Pattern(issue.kind.value)
    except ValueError:
        return None


@dataclass(frozen=True)
class RecordRow:
    """One statement as progress sees it: when, at which step, how it went."""

    day: date
    reached: str
    issues: tuple[str, ...]
    outcome: str


@dataclass(frozen=True)
class Rarer:
    kind: str
    before: float  # share of statements with this redirect, earlier period
    recent: float  # share in the recent period


@dataclass(frozen=True)
class Summary:
    streak: int
    rest_days_used: int
    by_level: dict[str, int]
    rarer: tuple[Rarer, ...]


def streak(days: Iterable[date], today: date) -> tuple[int, int]:
    """(practised days in the current streak, rest days it forgave).

    Today still counts as open: not having practised yet today breaks nothing. Walking back,
    a missed day is forgiven as a rest day when no other rest day lies within the week after
    it; two misses too close together end the streak.
    """
    done = set(days)
    if not done:
        return 0, 0
    first = min(done)
    day = today if today in done else today - timedelta(days=1)
    count = 0
    rests: list[date] = []
    while day >= first:
        if day in done:
            count += 1
        elif rests and (rests[-1] - day).days < REST_GAP:
            break  # a second rest day within a week
        elif day - timedelta(days=1) not in done:
            break  # two missed days in a row: a rest day is one day between practised days
        else:
            rests.append(day)
        day -= timedelta(days=1)
    return count, len(rests)


def by_level(records: Iterable[RecordRow]) -> dict[str, int]:
    """Statements that landed, by the level they reached."""
    counts = Counter(
        r.reached for r in records if r.outcome in ("accepted", "own_word") and r.reached in LADDER
    )
    return {level: counts.get(level, 0) for level in LADDER}


def rarer_redirects(records: Sequence[RecordRow], today: date) -> tuple[Rarer, ...]:
    """Issue kinds whose share of statements dropped from the earlier two weeks to the last two.

    Only statements the person wrote count (not skips), and a kind needs at least two
    occurrences before, so one stray redirect does not make a trend.
    """
    split = today - timedelta(days=TREND_DAYS - 1)
    start = split - timedelta(days=TREND_DAYS)
    written = [r for r in records if r.outcome != "skipped"]
    before = [r for r in written if start <= r.day < split]
    recent = [r for r in written if r.day >= split]
    if not before or not recent:
        return ()
    known = frozenset(Pattern)
    count_before = Counter(k for r in before for k in set(r.issues) if k in known)
    count_recent = Counter(k for r in recent for k in set(r.issues))
    found = []
    for kind, n in sorted(count_before.items()):
        share_before = n / len(before)
        share_recent = count_recent.get(kind, 0) / len(recent)
        if n >= 2 and share_recent < share_before:
            found.append(Rarer(kind, share_before, share_recent))
    return tuple(sorted(found, key=lambda r: r.recent - r.before))


def summarize(days: Iterable[date], records: Sequence[RecordRow], today: date) -> Summary:
    count, rests = streak(days, today)
    return Summary(
        streak=count,
        rest_days_used=rests,
        by_level=by_level(records),
        rarer=rarer_redirects(records, today),
    )


def daily_counts(
    records: Iterable[RecordRow], today: date, weeks: int
) -> tuple[list[date], dict[str, list[int]]]:
    """Per day over the last `weeks` weeks: statements that landed, by level (for the chart)."""
    first = today - timedelta(days=7 * weeks - 1)
    dates = [first + timedelta(days=i) for i in range(7 * weeks)]
    index = {d: i for i, d in enumerate(dates)}
    series = {level: [0] * len(dates) for level in LADDER}
    for r in records:
        if r.day in index and r.reached in series and r.outcome in ("accepted", "own_word"):
            series[r.reached][index[r.day]] += 1
    return dates, series
