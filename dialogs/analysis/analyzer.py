"""analyze(text) -> Analysis: the pipeline, in the order a careful reader would go."""

from __future__ import annotations

from functools import partial
from typing import Final

from . import danger, judgments, softening, speech, thoughts
from .feelings import FrameKind, Mention, find_faux, find_frames, find_mentions
from .inflect import word_tags
from .language import ENGLISH
from .lexicon import Lexicon, Tag, load_lexicon
from .model import Analysis, Issue, IssueKind, Level
from .reading import read
from .rewrite import unsoftened

MAX_CHARS = 4096  # Telegram's own limit for one message; anything longer is read up to here

_DEED_TAGS = frozenset({"VBD", "VBG", "VBN"})
_ORDER = {kind: i for i, kind in enumerate(IssueKind)}
_VERB: Final = FrameKind.VERB  # bound once: an Enum member read from its class is slow on 3.11


class Analyzer:
    """Reads statements with one lexicon. Deterministic: the same text, the same Analysis."""

    def __init__(self, lexicon: Lexicon) -> None:
        self.lex = lexicon

    def words(self, text: str) -> tuple[str, ...]:
        """The normalised words of a text, as the analyzer reads them ("im ok" -> i, am, ok)."""
        return self.lex.tokenizer.words(text)

    def analyze(self, text: str) -> Analysis:
        text = text[:MAX_CHARS]
        r = read(text, self.lex)
        if not r.words:
            return Analysis(text, Level.NONE)
        alarms = danger.find(r, self.lex.danger, self.lex.danger_model)
        language = self.lex.languages.detect(text, r.words)
        if language != ENGLISH:  # coaching is in English; the safety floor is in every language
            return Analysis(text, Level.NONE, tuple(alarms), language=language)
        frames = find_frames(r)
        mentions = find_mentions(r, frames)
        faux = find_faux(r, frames)
        soft = softening.find(r, mentions, faux)
        asked = speech.questions(r, mentions)
        judged = judgments.find(r, faux, mentions)
        issues: list[Issue] = [
            *alarms,
            *thoughts.find(r),
            *judged,
            *soft.issues,
            *_past(r, mentions, faux),
            *asked,
            *speech.advice(r),
        ]
        issues += _past_claims(r, issues)
        issues = _dedupe(issues)
        level = _level(r, mentions, speech.is_only_questions(r, asked))
        # the feeling words, and the verbs that carry a feeling ("i love you", "im dreading it")
        feelings: tuple[str, ...] = ()
        if mentions:  # most statements name none
            feelings = tuple(
                dict.fromkeys(
                    m.word
                    for m in mentions
                    if m.feeling is not None or m.frame.kind is _VERB or m.unlisted
                )
            )
        # Praise said to mean its opposite ("love getting left on read 🙃") has no plain version
        # to offer by taking words out: the coach asks for the feeling instead.
        sarcastic = bool(judged) and any(i.kind is IssueKind.SUGAR_COATING for i in judged)
        rewrite = partial(unsoftened, r, soft) if soft.issues and not sarcastic else None
        return Analysis(text, level, tuple(issues), feelings, rewrite=rewrite)


def _past(r, mentions: list[Mention], faux) -> list[Issue]:
    out: list[Issue] = []
    if not mentions and not faux:
        return out  # most statements: no feeling to place in the past
    past = [m for m in [*mentions, *faux] if m.frame.past]
    if not past:
        return out
    now = [m.start for m in mentions if not m.frame.past]
    for m in past:
        if not any(
            n < m.start and r.sentence_of[n] == r.sentence_of[m.start] for n in now
        ):  # "im embarrassed that i got so heated": the feeling is now, its cause was then
            start = min(m.frame.start, m.start)
            out.append(Issue(IssueKind.PAST, r.span(start, m.end), r.quote(start, m.end)))
    return out


def _past_claims(r, issues: list[Issue]) -> list[Issue]:
    """ "last year i felt like my boss hated me", "back then i felt so worthless": a thought or
    verdict said with "I felt" is placed in the past too."""
    g = r.lex.grammar
    out: list[Issue] = []
    if "felt" not in r.words:
        return out  # most statements: nothing to place
    claims = [i for i in issues if i.kind in (IssueKind.THOUGHT, IssueKind.JUDGMENT)]
    for k, w in enumerate(r.words):
        if w not in g.linking_past or w not in g.feel_forms:
            continue  # only "felt": "was" alone is as often a plain fact
        j = k - 1
        while j >= 0 and r.words[j] in g.frame_fillers:
            j -= 1
        if r.word(j) != "i" or any(w in g.perfect_auxiliaries for w in r.words[j:k]):
            continue  # not the speaker's, or "I have felt": the present perfect
        a, b = r.span(j, k + 1)
        s0, s1 = r.span(*r.sentence_span(k))
        if any(s0 <= c.span[0] < s1 for c in claims):
            out.append(Issue(IssueKind.PAST, (a, b), r.text[a:b]))
    return out


def _level(r, mentions: list[Mention], only_questions: bool) -> Level:
    if only_questions and not any(m.frame.kind is FrameKind.SPEAKER for m in mentions):
        return Level.NONE  # "are you angry?"; but "why am I always so anxious" shares a feeling
    if mentions:
        return max((m.target for m in mentions), key=lambda level: level.rank)
    g = r.lex.grammar
    if _no_answer(r):
        return Level.NONE  # "idk tbh": an "I" that tells nothing
    if not g.speaker_words.isdisjoint(r.words):
        return Level.FACT
    if any(_tells_own_deed(r, s0) for s0, _ in r.sentences):
        return Level.FACT
    return Level.NONE


def _no_answer(r) -> bool:
    """Whether the whole message is a non-answer ("idk", "i dont know tbh", "no idea lol")."""
    if not r.tagged(Tag.NON_ANSWER):
        return False  # most statements: no "idk" to be found
    found = False
    i = 0
    while i < len(r.words):
        hit = r.hit_at(Tag.NON_ANSWER, i)
        if hit is not None:
            found, i = True, hit.end
            continue
        other = r.hit_at(Tag.DISCOURSE, i) or r.hit_at(Tag.LAUGH, i)
        if other is not None:
            i = other.end
        elif not r.is_word(i):
            i += 1
        else:
            return False
    return found


def _tells_own_deed(r, s0: int) -> bool:
    """ "got promoted last week", "taking the kids camping": a sentence that opens with a past
    or -ing verb tells what the speaker did, with the "I" left out."""
    tags = word_tags(r.word(s0)) if r.is_word(s0) else frozenset()
    return bool(tags & _DEED_TAGS) and "VB" not in tags and not speech.asks(r, s0)


def _dedupe(issues: list[Issue]) -> list[Issue]:
    if len(issues) < 2:
        return issues
    seen: set[tuple[IssueKind, tuple[int, int]]] = set()
    out = []
    nested = len({i.kind for i in issues}) < len(issues)  # two of one kind: one may hold the other
    for issue in sorted(issues, key=lambda i: (_ORDER[i.kind], i.span)):
        key = (issue.kind, issue.span)
        if key not in seen and not (nested and _inside_another(issue, issues)):
            seen.add(key)
            out.append(issue)
    return out


def _inside_another(issue: Issue, issues: list[Issue]) -> bool:
    """ "he guilt" inside "he guilt trips me constantly": the longer finding is the one to quote.
    (A faux feeling keeps its own finding: it carries the feelings it may hide.)"""
    if issue.may_hide:
        return False
    start, end = issue.span
    return any(
        other.kind is issue.kind
        and other.span != issue.span
        and other.span[0] <= start
        and end <= other.span[1]
        for other in issues
    )


_default: Analyzer | None = None


def default_analyzer() -> Analyzer:
    global _default
    if _default is None:
        _default = Analyzer(load_lexicon())
    return _default


def analyze(text: str) -> Analysis:
    """Read one statement with the English pack."""
    return default_analyzer().analyze(text)
