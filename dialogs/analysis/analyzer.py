"""analyze(text) -> Analysis: the pipeline, in the order a careful reader would go."""

from __future__ import annotations

from functools import partial
from typing import Final

from . import danger, judgments, softening, speech, thoughts
from .coaching_model import CoachingModel, Family
from .feelings import FrameKind, Mention, find_faux, find_frames, find_mentions
from .inflect import word_tags
from .language import ENGLISH
from .letters_model import LettersModel
from .lexicon import Lexicon, Tag, load_lexicon
from .model import Analysis, Issue, IssueKind, Level
from .reading import read
from .rewrite import unsoftened
from .word_weights import WordWeights

MAX_CHARS = 4096  # Telegram's own limit for one message; anything longer is read up to here

_DEED_TAGS = frozenset({"VBD", "VBG", "VBN"})
_VERBS = frozenset({"VB", "VBD", "VBG", "VBN", "VBP", "VBZ"})
_ADVERB = "ADV"
_ORDER = {kind: i for i, kind in enumerate(IssueKind)}
_VERB: Final = FrameKind.VERB  # bound once: an Enum member read from its class is slow on 3.11


class Analyzer:
    """Reads statements with one lexicon. Deterministic: the same text, the same Analysis."""

    def __init__(self, lexicon: Lexicon) -> None:
        self.lex = lexicon
        self.weights = WordWeights(lexicon.danger_model, lexicon.coaching_model)

    def words(self, text: str) -> tuple[str, ...]:
        """The normalised words of a text, as the analyzer reads them ("im ok" -> i, am, ok)."""
        return self.lex.tokenizer.words(text)

    def analyze(self, text: str) -> Analysis:
        text = text[:MAX_CHARS]
        r = read(text, self.lex)
        if not r.words:
            return Analysis(text, Level.NONE)
        danger_words, coaching_words = self.weights.sums(r)  # both models' words, in one pass
        language = self.lex.languages.detect(text, r.words)
        english = language == ENGLISH
        alarms = danger.find(r, self.lex.danger, self.lex.danger_model, danger_words, english)
        if alarms and _no_answer(r):
            alarms = []  # "not sure what to put here tbh": about the exercise, whatever it weighs
        if not english:  # coaching is in English; the safety floor is in every language
            if not alarms:
                alarms = _heard_by_letters(text, self.lex.letters_model)
            return Analysis(text, Level.NONE, tuple(alarms), language=language)
        frames = find_frames(r)
        mentions = find_mentions(r, frames)
        faux = find_faux(r, frames)
        soft = softening.find(r, mentions, faux)
        asked = speech.questions(r, mentions)
        judged = judgments.find(r, faux, mentions)
        advised = speech.advice(r)
        issues: list[Issue] = [
            *alarms,
            *thoughts.find(r),
            *judged,
            *soft.issues,
            *_past(r, mentions, faux),
            *asked,
            *advised,
        ]
        issues += _past_claims(r, issues)
        level = _level(r, mentions, speech.is_only_questions(r, asked), soft.masked, advised)
        model = self.lex.coaching_model
        if model is not None and not alarms:
            issues = _weighed(r, model, issues, level, coaching_words)
        issues = _dedupe(issues)
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
        still_soft = any(i in issues for i in soft.issues)  # the model may have doubted them
        rewrite = partial(unsoftened, r, soft) if still_soft and not sarcastic else None
        return Analysis(text, level, tuple(issues), feelings, rewrite=rewrite)


def _heard_by_letters(text: str, model: LettersModel | None) -> list[Issue]:
    """Danger in another language that no rule of its pack found, heard by the letters of its
    words (letters_model.py): a check-in, quoting the word that weighed most."""
    if model is None or not model.hears(text):
        return []
    span = model.heaviest_word(text) or (0, len(text))
    return [Issue(IssueKind.CONCERN, span, text[span[0] : span[1]])]


_JUDGED = frozenset({IssueKind.THOUGHT, IssueKind.JUDGMENT})
_THOUGHT_CUES = (Tag.THOUGHT_VERB, Tag.IMPERSONAL_THOUGHT)
_SUGAR_COATING: Final = IssueKind.SUGAR_COATING  # bound once, as _VERB


def _weighed(
    r, model: CoachingModel, issues: list[Issue], level: Level, words: tuple[float, float]
) -> list[Issue]:
    """The coaching model's word on the two families the rules miss most (coaching_model.py):
    a family the rules found and the model doubts is dropped; one they missed and the model
    hears is raised, quoting the words that weighed most for it. (Written out for the two
    families rather than looped over them: it runs on nearly every statement.)"""
    raised = {i.kind for i in issues}
    judged, softened = model.weigh(r, raised, level, words)  # StrEnums: their values
    if not issues and judged <= model.add[0] and softened <= model.add[1]:
        return issues  # most statements: nothing found, and nothing the model would raise
    judged_found = not _JUDGED.isdisjoint(raised)
    softened_found = _SUGAR_COATING in raised
    add, drop = model.add, model.drop
    judged_stands = judged > (drop[0] if judged_found else add[0])
    softened_stands = softened > (drop[1] if softened_found else add[1])
    if judged_found is judged_stands and softened_found is softened_stands:
        return issues  # the model agrees with the rules: most statements
    if judged_found and not judged_stands:
        issues = [i for i in issues if i.kind not in _JUDGED or i.sure]
    if softened_found and not softened_stands:
        issues = [i for i in issues if i.kind is not _SUGAR_COATING]
    if judged_stands and not judged_found:
        _raise(r, model, issues, Family.JUDGED, _judged_kind(r))
    if softened_stands and not softened_found:
        _raise(r, model, issues, Family.SOFTENED, _SUGAR_COATING)
    return issues


def _raise(r, model: CoachingModel, issues: list[Issue], family: Family, kind: IssueKind) -> None:
    """The finding quotes the clause that holds the words that weighed most: the coach quotes
    it back ("my bf gets so defensive whenever i bring up money"), and two words of it alone
    ("bring up") would read as nothing."""
    span = model.heaviest(r, family)
    if span is None:
        return
    c0, c1 = r.clause_span(span[0])
    while c1 > c0 + 1 and not r.is_word(c1 - 1):
        c1 -= 1  # the clause without the mark or emoji that closes it
    while c0 < c1 - 1 and not r.is_word(c0):
        c0 += 1
    issues.append(Issue(kind, r.span(c0, c1), r.quote(c0, c1)))


def _judged_kind(r) -> IssueKind:
    """A thought when the statement says it thinks ("i bet", "it seems like"), else a verdict."""
    return IssueKind.THOUGHT if r.any_tagged(_THOUGHT_CUES) else IssueKind.JUDGMENT


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


def _level(
    r,
    mentions: list[Mention],
    only_questions: bool,
    masked: bool,
    advised: list[Issue],
) -> Level:
    if only_questions and not any(m.frame.kind is FrameKind.SPEAKER for m in mentions):
        return Level.NONE  # "are you angry?"; but "why am I always so anxious" shares a feeling
    if mentions:
        return max((m.target for m in mentions), key=lambda level: level.rank)
    if masked:
        return Level.SELF  # "im fine lol": one's own state, hidden, not a fact
    g = r.lex.grammar
    if _no_answer(r):
        return Level.NONE  # "idk tbh": an "I" that tells nothing
    if not g.speaker_words.isdisjoint(r.words) and _tells_of_speaker(r, advised):
        return Level.FACT
    if any(_tells_own_deed(r, s0) for s0, _ in r.sentences):
        return Level.FACT
    return Level.NONE


def _tells_of_speaker(r, advised: list[Issue]) -> bool:
    """Whether an "I" or "me" stands outside the clauses that give advice: "stop interrupting
    me" and "if i were u id dump him" tell the other what to do, nothing of the speaker; "you
    need to call me, i got the job" tells a fact beside it."""
    speaker = r.lex.grammar.speaker_words
    advising = {r.clause_of[r.token_at(a.span[0])] for a in advised}
    return any(w in speaker and r.clause_of[k] not in advising for k, w in enumerate(r.words))


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
    or -ing verb tells what the speaker did, with the "I" left out; so does one that opens with
    an adverb before it ("literally just woke up"), or with what was not done ("havent slept in
    2 days", not "dont be sad", which tells someone else what to do)."""
    g = r.lex.grammar
    s1 = r.sentence_span(s0)[1]
    k = s0
    while k < s1 - 1 and _ADVERB in word_tags(r.words[k]) and not word_tags(r.words[k]) & _VERBS:
        k += 1  # "literally just woke up", "finally finished my thesis"
    aux = r.words[k]
    done = aux in g.perfect_auxiliaries or "VBD" in word_tags(aux)  # not "dont be sad": advice
    if done and aux in g.auxiliaries and r.word(k + 1) in g.negations:
        # "havent slept in 2 days", "didnt sleep at all": what the speaker has not done
        return bool(word_tags(r.word(k + 2)) & _VERBS) and not speech.asks(r, s0)
    tags = word_tags(r.word(k)) if r.is_word(k) else frozenset()
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
