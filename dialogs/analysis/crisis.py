"""Danger: suicide, self-harm, violence from someone else. Matched as phrases in context; the
look-alike idioms ("this homework is killing me") excuse a phrase inside them.
"""

from __future__ import annotations

from .lexicon import Tag
from .model import Issue, IssueKind
from .phrases import Hit
from .reading import Reading

_NEAR = 6  # tokens between a means and its preparation ("pills saved up")


_DANGER_TAGS = (
    Tag.SUICIDE,
    Tag.VIOLENCE_PHRASE,
    Tag.SELF_HARM,
    Tag.MEANS,
    Tag.VIOLENCE_ACT,
)  # every finding starts from one of these


def find(r: Reading) -> list[Issue]:
    if not r.any_tagged(_DANGER_TAGS):
        return []  # most statements: nothing that could be danger
    idioms = r.tagged(Tag.IDIOM)
    found: list[tuple[int, int]] = []

    def add(start: int, end: int, core: tuple[int, int] | None = None) -> None:
        """Record [start, end) unless its core (the phrase itself) stands inside an idiom."""
        a, b = core or (start, end)
        if not any(h.start <= a and b <= h.end for h in idioms):
            found.append((start, end))

    for hit in r.tagged(Tag.SUICIDE) + r.tagged(Tag.VIOLENCE_PHRASE):
        add(hit.start, hit.end)
    for hit in r.tagged(Tag.SELF_HARM):
        s0, s1 = r.sentence_span(hit.start)
        if r.any_within(Tag.ACCIDENT, s0, s1) is None:
            add(hit.start, hit.end)
    for means in r.tagged(Tag.MEANS):
        prep = _near(r.tagged(Tag.PREPARATION), means)
        s0, s1 = r.sentence_span(means.start)
        if prep and r.any_within(Tag.ACCIDENT, s0, s1) is None:
            add(min(means.start, prep.start), max(means.end, prep.end))
    for act in r.tagged(Tag.VIOLENCE_ACT):
        target = next(
            (t for t in r.tagged(Tag.VIOLENCE_TARGET) if act.end <= t.start <= act.end + 1), None
        )
        actor = next((a for a in r.tagged(Tag.VIOLENCE_ACTOR) if 0 <= act.start - a.end <= 4), None)
        if target and actor:
            add(actor.start, target.end, core=(act.start, target.end))
    return [Issue(IssueKind.CRISIS, r.span(a, b), r.quote(a, b)) for a, b in sorted(set(found))]


def _near(candidates: list[Hit], hit: Hit) -> Hit | None:
    for c in candidates:
        if abs(c.start - hit.start) <= _NEAR and c.start != hit.start:
            return c
    return None
