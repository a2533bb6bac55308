"""Danger, read by meaning: the analyzer's safety floor (`crisis` and `concern`).

People rarely write danger in a hotline leaflet's words. They write "been keeping pills aside",
"everyone would cope better without me", "he said hed kill me if i go". So danger is read as
meaning, from word classes that content defines (content/<lang>/lexicon/danger.yaml,
content/<lang>/danger.yaml):

- roles (who: the speaker, a partner, a child) and concepts (what: a wish, dying, a means, a
  harmful act), every English word expanded into its inflections at load;
- rules that join them: these roles and concepts in one sentence, in order or in any order,
  with at most `gap` words between one and the next ("wish" ... "not exist"; "someone" ...
  "harm" ... "me"); a rule may name concepts that calm it anywhere in the sentence (a laugh after
  "my boss will kill me", an accident beside "cut myself");
- calm phrases, the look-alikes: a match whose words (after its first) lie inside one is excused
  ("hit me up", "die of embarrassment"), so hyperbole stays calm by meaning, not by a list of
  exceptions for one word;
- a negation just before a match ("i would never hurt myself") softens it one step: a crisis
  becomes a concern, a concern calm; so does each softening concept (the past, recovery,
  fiction: "used to", "years ago", "in the movie") found anywhere in the statement.

Recall comes first: a missed danger can cost a life; a check-in on hyperbole costs a moment.

This is our own small matcher rather than a library's: the patterns are a few word classes with
gaps, matched once per statement over the lexicon hits the analyzer already has, and every match
keeps the words it rests on, so the coach can say what it heard. A general rule engine (spaCy's
Matcher and the like) would bring a model pipeline for a job the phrase index already does.
"""

from __future__ import annotations

from typing import Final

from .danger_book import DangerBook, Rule
from .danger_model import DangerModel
from .inflect import word_tags
from .lexicon import Tag
from .model import Issue, IssueKind
from .reading import Reading

# Tags and kinds read on every statement, bound once: on Python 3.11 an Enum member read
# from its class goes through EnumType's slow attribute hook (as in reading.py).
_DANGER: Final = Tag.DANGER
_DANGER_CALM: Final = Tag.DANGER_CALM

DANGER_KINDS = (IssueKind.CRISIS, IssueKind.CONCERN)
_NEGATION_REACH = 3  # words before a match in which a negation softens it


class Match:
    """One rule matched: the hits it rests on, as token spans, and what it raises."""

    __slots__ = ("asks", "kind", "rule", "spans")

    def __init__(
        self, kind: IssueKind, rule: Rule, spans: list[tuple[int, int]], asks: bool = False
    ) -> None:
        self.kind = kind
        self.rule = rule
        self.spans = spans
        # clear danger made one step calmer by its own sentence ("i wanna die lol"): whatever
        # the model says, Closer still asks whether they are safe
        self.asks = asks

    @property
    def start(self) -> int:
        return self.spans[0][0]

    @property
    def end(self) -> int:
        return self.spans[-1][1]


def find(
    r: Reading,
    book: DangerBook,
    model: DangerModel | None = None,
    words: float | None = None,
    english: bool = True,
) -> list[Issue]:
    """Danger in a statement: crisis issues when there is clear danger, else concern issues.
    The model weighs what the English rules found, and may hear what they missed. `words`: the
    model's sum over the words, when it was taken already (word_weights.py). `english`: the
    statement reads as English, so another language's rule counts only on a word of its own."""
    matches = matches_of(r, book)
    if english and matches:
        matches = [m for m in matches if m.rule.language == "en" or _foreign_word_in(r, m)]
    if model is not None and not matches:  # most statements: the model alone
        if model.verdict(None, model.score(r, (), words)) is None:
            return []
        a, b = model.heaviest(r) or (0, len(r.words))
        return [Issue(IssueKind.CONCERN, r.span(a, b), r.quote(a, b))]
    if model is None or any(m.rule.language != "en" for m in matches):
        return _issues(r, matches)
    by_rules = _strongest(matches)
    kind = model.verdict(by_rules, model.score(r, fired(matches), words), certain(matches))
    if kind is None and any(m.asks or _sure_to_ask(m) for m in matches):
        kind = IssueKind.CONCERN
    if kind is None:
        return []
    if matches:
        return _issues(r, [Match(kind, m.rule, m.spans) for m in matches if m.kind is by_rules])
    a, b = model.heaviest(r) or (0, len(r.words))  # the words that weighed most, or all of it
    return [Issue(kind, r.span(a, b), r.quote(a, b))]


def _foreign_word_in(r: Reading, match: Match) -> bool:
    """Whether another language's match holds a word English does not have. Hinglish and
    other packs borrow English words ("relapse", "blade", "suicide note"): in an English
    statement those are the English rules' and the model's to weigh, not a rule that skips
    the model ("relapse anniversary, 5 years without a blade" was stopped)."""
    return any(not word_tags(r.words[i]) for start, end in match.spans for i in range(start, end))


def fired(matches: list[Match]) -> list[str]:
    """What the model knows of the rules' findings: each rule's name and what it raised, once
    negations and softeners had their say ("concern/crisis:en:someone+en:harm_act+en:me")."""
    return [f"{m.kind.value}/{m.rule.name}" for m in matches]


def _sure_to_ask(match: Match) -> bool:
    """A concern rule marked certain: specific enough that asking is always right, so the
    model (which never saw it) may not wave it through."""
    concern = IssueKind.CONCERN
    return match.rule.certain and match.rule.kind is concern and match.kind is concern


def certain(matches: list[Match]) -> bool:
    """Whether a phrase that is clear danger alone was found (as a crisis: not negated)."""
    return any(m.rule.certain and m.kind is IssueKind.CRISIS for m in matches)


def _strongest(matches: list[Match]) -> IssueKind | None:
    kinds = {m.kind for m in matches}
    return next((kind for kind in DANGER_KINDS if kind in kinds), None)


def matches_of(r: Reading, book: DangerBook) -> list[Match]:
    """Every rule's matches, softened by negations and the softening concepts."""
    hits = r.tagged(_DANGER)
    if not hits:
        return []
    present: set[int] = set()
    for hit in hits:
        present.update(hit.payload.concepts)
    keyed, rules = book.keyed(), book.rules
    # only rules whose every concept is here; each is filed under one of them (DangerBook.keyed)
    candidates = [i for c in present for i in keyed.get(c, ()) if rules[i].needs <= present]
    if not candidates:
        return []  # most statements
    by_concept: dict[int, list[tuple[int, int]]] = {}
    for hit in hits:
        span = (hit.start, hit.end)
        for concept in hit.payload.concepts:
            spans = by_concept.get(concept)
            if spans is None:
                by_concept[concept] = [span]
            else:
                spans.append(span)
    steps = len(book.softeners & present)  # the past, recovery, fiction: one step each
    # where a reassurance was said: one inside a match is part of it, not a reassurance
    # ("im not gonna do anything stupid. probably" takes its promise back)
    reassurances = [
        (hit.start, hit.end) for hit in hits if not book.reassurers.isdisjoint(hit.payload.concepts)
    ]
    calm = [(h.start, h.end) for h in r.tagged(_DANGER_CALM)]
    matches: list[Match] = []
    for index in sorted(candidates):
        rule = rules[index]
        for found in _matches(r, rule, by_concept, calm):
            if _calmed(r, book, rule, found, by_concept):
                continue
            kind: IssueKind | None = _softened(r, book, rule, found)
            for _ in range(steps):
                kind = _step_down(kind)
            asks = False
            if _reassured(found, reassurances):  # "im fine, i just wish i was dead": still asked
                # a concern marked certain as well, unless already softened: "im fine, just
                # thinking about the bridge more than normal" (but "no i dont want to die lol
                # just venting" is calm)
                asks = rule.certain and (kind is IssueKind.CRISIS or kind is rule.kind)
                kind = _step_down(kind)
            if _in_sentence(r, rule.soften, found, by_concept):
                asks = asks or (rule.certain and kind is IssueKind.CRISIS)
                kind = _step_down(kind)
            if asks and kind is None:
                kind = IssueKind.CONCERN  # asked, never silenced: "im fine lol i just want to die"
            if kind is not None:
                matches.append(Match(kind, rule, found, asks))
    return matches


def _reassured(spans: list[tuple[int, int]], reassurances: list[tuple[int, int]]) -> bool:
    """Whether a reassurance counts against the match: not when a phrase of the match holds
    it with more around it, a promise taken back ("not gonna do anything stupid. probably")."""
    return any(
        not any(a <= start and end <= b and (start, end) != (a, b) for a, b in spans)
        for start, end in reassurances
    )


def _matches(
    r: Reading,
    rule: Rule,
    by_concept: dict[int, list[tuple[int, int]]],
    calm: list[tuple[int, int]],
) -> list[list[tuple[int, int]]]:
    """Every first hit's match, skipping look-alikes: an excused chain gives way to the next
    ("pills saved up in case": "saved up" is calm, "in case" is not)."""
    out: list[list[tuple[int, int]]] = []
    for order in rule.orders:
        for first in by_concept[order[0]]:
            chain = _chain(r, order, 1, [first], rule.gaps, by_concept, calm)
            if chain is not None:
                out.append(chain)
    return out


def _chain(
    r: Reading,
    order: tuple[int, ...],
    i: int,
    chain: list[tuple[int, int]],
    gaps: tuple[int, ...],
    by_concept: dict[int, list[tuple[int, int]]],
    calm: list[tuple[int, int]],
) -> list[tuple[int, int]] | None:
    """Extend a partial match with the next concept of the order, searching depth first; a
    complete chain that a look-alike excuses is no match, so the search goes on."""
    if i == len(order):
        return None if _excused(chain, calm) else chain
    last_end = chain[-1][1]
    reach = last_end + gaps[i - 1]
    sentence = r.sentence_of[chain[0][0]]
    for start, end in by_concept[order[i]]:
        if last_end <= start <= reach and r.sentence_of[end - 1] == sentence:
            found = _chain(r, order, i + 1, [*chain, (start, end)], gaps, by_concept, calm)
            if found is not None:
                return found
    return None


def _excused(spans: list[tuple[int, int]], calm: list[tuple[int, int]]) -> bool:
    """Whether a look-alike holds the match's words after its first (its subject may stand
    outside: "he" in "he hit me up"), or one of them ("gonna HIT THE GYM tonight": the act is
    the look-alike's, whatever stands around it), or the whole of a one-hit match."""
    if not calm:
        return False
    core = spans[1:] or spans
    a, b = min(s for s, _ in core), max(e for _, e in core)
    if any(start <= a and b <= end for start, end in calm):
        return True
    return len(core) > 1 and any(
        start <= s0 and e0 <= end for s0, e0 in core for start, end in calm
    )


def _calmed(
    r: Reading,
    book: DangerBook,
    rule: Rule,
    spans: list[tuple[int, int]],
    by_concept: dict[int, list[tuple[int, int]]],
) -> bool:
    """Whether a concept that calms this rule stands in the same sentence, said, not denied
    ("she thinks im moving. im NOT moving" explains nothing away)."""
    return _in_sentence(r, rule.unless, spans, by_concept, unless_denied_by=book.negations)


def _in_sentence(
    r: Reading,
    concepts: frozenset[int],
    spans: list[tuple[int, int]],
    by_concept: dict[int, list[tuple[int, int]]],
    unless_denied_by: frozenset[str] = frozenset(),
) -> bool:
    """Whether one of `concepts` stands in the sentence of the match; with `unless_denied_by`,
    not counting one with one of those negations just before it ("not moving")."""
    if not concepts:
        return False
    sentence = r.sentence_of[spans[0][0]]
    for concept in concepts:
        for start, _ in by_concept.get(concept, ()):
            if r.sentence_of[start] == sentence and not (
                unless_denied_by
                and any(r.word(k) in unless_denied_by for k in range(max(0, start - 2), start))
            ):
                return True
    return False


def _softened(
    r: Reading, book: DangerBook, rule: Rule, spans: list[tuple[int, int]]
) -> IssueKind | None:
    """A negation just before the match ("i would never hurt myself") softens it one step:
    a crisis to a concern, a concern to nothing. English only: the negation words are English,
    and other languages' files spell their negations into their phrases."""
    if rule.language != "en":
        return rule.kind
    start = spans[0][0]
    clause_start = r.clause_span(start)[0]
    g = r.lex.grammar
    for i in range(start, max(clause_start, start - _NEGATION_REACH) - 1, -1):
        if r.words[i] in g.subordinators:
            break  # "so he isnt stuck AFTER im gone": the "not" stays in its own clause
        if r.words[i] in book.negations and i < start:
            return _step_down(rule.kind)
    return rule.kind


def _step_down(kind: IssueKind | None) -> IssueKind | None:
    """One step calmer: a crisis to a concern, a concern to nothing."""
    return IssueKind.CONCERN if kind is IssueKind.CRISIS else None


def _issues(r: Reading, matches: list[Match]) -> list[Issue]:
    """Crisis issues if any; else concern issues. One issue per distinct span."""
    for kind in DANGER_KINDS:
        spans = sorted({(m.start, m.end) for m in matches if m.kind is kind})
        if spans:
            return [Issue(kind, r.span(a, b), r.quote(a, b)) for a, b in _outermost(spans)]
    return []


def _outermost(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Drop spans inside another: "kill myself" inside "want to kill myself"."""
    return [s for s in spans if not any(o != s and o[0] <= s[0] and s[1] <= o[1] for o in spans)]
