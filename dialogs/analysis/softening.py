"""Sugar-coating: hedges beside a feeling ("a bit hurt"), minimizers ("no big deal"), laughing
pain off ("lol"), apologising for a feeling, praise as padding, and litotes ("not thrilled").

Besides the issues, `find` returns the token ranges the softening occupies, so the statement can be
shown with it taken out (see rewrite.py).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final

from .feelings import FauxMention, FrameKind, Mention
from .inflect import word_tags
from .lexicon import ARTICLES, Entry, Tag
from .model import Issue, IssueKind
from .phrases import Hit
from .reading import Reading

# Tags and kinds read on every statement, bound once: on Python 3.11 an Enum member read
# from its class goes through EnumType's slow attribute hook (as in reading.py).
_HEDGE: Final = Tag.HEDGE
_CLAUSE_HEDGE: Final = Tag.CLAUSE_HEDGE
_MINIMIZER: Final = Tag.MINIMIZER
_STANDALONE_MINIMIZER: Final = Tag.STANDALONE_MINIMIZER
_DISMISSAL: Final = Tag.DISMISSAL
_CONTRAST: Final = Tag.CONTRAST
_COMPLIMENT: Final = Tag.COMPLIMENT
_APOLOGY: Final = Tag.APOLOGY


@dataclass(init=False)  # its __init__ written out: compiled, see tokens.Tokens
class Softening:
    issues: list[Issue]
    words: list[tuple[int, int]]  # token ranges to drop
    clauses: list[int]  # clause numbers to drop whole
    # clauses that hold the feeling itself: a minimizer inside one goes alone, not with the clause
    felt: set[int]
    # "im fine lol", "im ok i guess": the speaker's own state, hidden; what it says is about
    # oneself (level self), though no feeling is named
    masked: bool

    def __init__(self) -> None:
        self.issues, self.words, self.clauses, self.felt = [], [], [], set()
        self.masked = False


_SOFT_TAGS = (
    Tag.CLOSING_APOLOGY,
    _DISMISSAL,
    _HEDGE,
    _CLAUSE_HEDGE,
    _MINIMIZER,
    _STANDALONE_MINIMIZER,
    Tag.REASSURANCE,
    Tag.LAUGH,
    _APOLOGY,
    _COMPLIMENT,
    Tag.LITOTES_MODIFIER,
    Tag.LITOTES_FEELING,
)


def find(r: Reading, mentions: list[Mention], faux: list[FauxMention]) -> Softening:
    out = Softening()
    if not r.any_tagged(_SOFT_TAGS):
        return out  # most statements: nothing that could soften them
    framed = [(m.start, m.end, m.frame) for m in mentions] + [
        (f.start, f.end, f.frame) for f in faux
    ]
    out.felt = {r.clause_of[start] for start, _end, _frame in framed}
    # whether the statement tells of pain: only reassurances, laughs and closing apologies ask
    painful = r.any_tagged(_PAIN_SOFTENERS) and (
        any(m.painful for m in mentions)
        or bool(faux)
        or _painful_event(r)
        or _self_verdict(r)  # "im such a failure lol"
    )
    _hedges(r, framed, out)
    _minimizers(r, painful, out)
    if painful:
        _laughs(r, out)
    if framed:
        _apologies(r, out)
        _apology_for_feeling(r, mentions, out)
    if painful:
        _closing_apologies(r, out)
    _padding_praise(r, mentions, out)
    _litotes(r, mentions, out)
    return out


_PAIN_SOFTENERS = (Tag.REASSURANCE, Tag.LAUGH, Tag.CLOSING_APOLOGY)


def _painful_event(r: Reading) -> bool:
    """A painful event, unless a laugh stands right beside it ("crying laughing", "lmao im
    crying"): then it is laughter."""
    laughs = r.tagged(Tag.LAUGH)
    for hit in r.tagged(Tag.PAINFUL_EVENT):
        # the laugh just before ("lmao im crying") or right after ("crying laughing")
        if not any(0 < hit.start - laugh.start <= 3 or laugh.start == hit.end for laugh in laughs):
            return True
    return False


def _closing_apologies(r: Reading, out: Softening) -> None:
    """ "im so dramatic sorry": an apology that closes the statement."""
    last = len(r.words)
    while last > 0 and not r.is_word(last - 1):
        last -= 1
    for hit in r.tagged(Tag.CLOSING_APOLOGY):
        if hit.end == last and hit.start > 0:
            _flag(r, out, hit.start, hit.end)
            out.words.append((hit.start, hit.end))


def _self_verdict(r: Reading) -> bool:
    """Whether the speaker passes a verdict on themselves ("im such a mess")."""
    for hit in r.tagged(Tag.EVALUATION):
        if any(r.word(k) == "i" for k in range(hit.start - 4, hit.start)):
            return True
    return False


def _flag(r: Reading, out: Softening, start: int, end: int) -> None:
    out.issues.append(Issue(IssueKind.SUGAR_COATING, r.span(start, end), r.quote(start, end)))


def _hedges(r: Reading, framed: list, out: Softening) -> None:
    hedges = r.tagged(_HEDGE)
    clause_hedges = r.tagged(_CLAUSE_HEDGE)
    if not hedges and not clause_hedges:
        return  # no hedge to find, and no padding without one
    for start, end, frame in framed:
        a, b = frame.fillers
        inside = [h for h in hedges if a <= h.start and h.end <= b]
        # after "a quiet", "a strange" a hedge names a kind: "a quiet kind of pride"
        named_kind = r.word(start - 1) in ARTICLES
        after = [
            h
            for h in hedges
            if not named_kind and h.start in (end, end + 1) and h.start < r.clause_span(start)[1]
        ]
        c0 = r.clause_span(frame.start)[0] if frame.start < len(r.words) else 0
        opening = [
            h for h in clause_hedges if h.end <= frame.start and h.start >= _prev_clause(r, c0)
        ]
        for h in _outermost(inside + after + opening):
            _flag(r, out, h.start, h.end)
            out.words.append((h.start, h.end))
        if inside:
            out.words.extend((h.start, h.end) for h in r.tagged(Tag.PADDING) if a <= h.start < b)


def _prev_clause(r: Reading, c0: int) -> int:
    """Clause hedges may stand in the clause before ("Maybe, I'm…") but no further."""
    return r.clauses[max(r.clause_of[c0] - 1, 0)][0] if r.clause_of else 0


def _outermost(hits: list[Hit[Entry]]) -> list[Hit[Entry]]:
    keep: list[Hit[Entry]] = []
    for h in sorted(hits, key=lambda h: (h.start, -(h.end - h.start))):
        if not any(k.start <= h.start and h.end <= k.end for k in keep):
            keep.append(h)
    return keep


def _minimizers(r: Reading, painful: bool, out: Softening) -> None:
    for hit in r.tagged(_MINIMIZER):
        _flag_clause(r, out, hit.start, hit.end)
    many_clauses = len(r.clauses) > 1
    breaks = r.lex.grammar.clause_breaks
    for hit in r.tagged(_STANDALONE_MINIMIZER):
        c0, c1 = r.clause_span(hit.start)
        # it opens its clause, or follows only the "but" that opened it ("im hurt but doesnt
        # matter"); a single word there tells a state ("nervous but ok"), not a dismissal
        after_break = hit.start == c0 + 1 and r.words[c0] in breaks and hit.end - hit.start > 1
        opens = hit.start == c0 or after_break
        if many_clauses and opens and _ends_clause(r, hit.end, c1):
            _flag_clause(r, out, hit.start, hit.end)
    for hit in r.tagged(_DISMISSAL):
        c1 = r.clause_span(hit.start)[1]
        if _ends_clause(r, hit.end, c1) or r.hit_at(Tag.LAUGH, hit.end) is not None:
            _flag_clause(r, out, hit.start, hit.end)
    for hit in r.tagged(Tag.REASSURANCE):
        insisted = _insisted(r, hit.end)
        if painful or insisted:
            _flag_clause(r, out, hit.start, hit.end)
        out.masked = out.masked or insisted


_INSISTING_REACH = 3  # words after "im fine" in which a laugh or a "really" may follow it


def _insisted(r: Reading, end: int) -> bool:
    """ "im fine lol", "im ok i guess", "im fine. really.", "im fine, just tired": a "fine"
    laughed off, hedged, insisted on or followed by what it stood for hides a feeling, though
    none was named; a plain "im fine, thanks", "im good lol what about you" does not."""
    g = r.lex.grammar
    for k in range(end, min(end + _INSISTING_REACH, len(r.words))):
        w = r.words[k]
        laugh = r.hit_at(Tag.LAUGH, k)
        if laugh is not None:  # laughed off: when nothing but more of the same follows it
            return _insisted(r, laugh.end) or not any(
                map(r.is_word, range(laugh.end, len(r.words)))
            )
        if w in g.reassurance_companions and (w not in g.plea_words or _names_a_state(r, k + 1)):
            return True  # "really", "i guess"; "just" only before what it stood for
        if w in g.first_person:
            continue  # "im ok i guess"
        if r.is_word(k) and w not in g.frame_fillers:
            return False  # "im fine thanks": something else follows
    return False


def _names_a_state(r: Reading, k: int) -> bool:
    """ "just TIRED", "just a bit LOW": a feeling or a state follows "just" (not "just wanted
    to say thanks": a verb before "to" is a deed)."""
    while k < len(r.words) and r.words[k] in r.lex.grammar.frame_fillers:
        k += 1
    if k >= len(r.words) or r.word(k + 1) in r.lex.grammar.infinitive_markers:
        return False
    return r.hit_at(Tag.FEELING, k) is not None or "ADJ" in word_tags(r.words[k])


def _ends_clause(r: Reading, i: int, clause_end: int) -> bool:
    return i >= clause_end or all(r.is_punct(k) for k in range(i, clause_end))


def _flag_clause(r: Reading, out: Softening, start: int, end: int) -> None:
    if any(i.span == r.span(start, end) for i in out.issues):
        return
    _flag(r, out, start, end)
    clause = r.clause_of[start]
    if clause in out.felt:  # "im kinda sad lol its fine": keep "im sad"
        out.words.append((start, end))
    else:
        out.clauses.append(clause)


def _laughs(r: Reading, out: Softening) -> None:
    for hit in r.tagged(Tag.LAUGH):
        _flag(r, out, hit.start, hit.end)
        out.words.append((hit.start, hit.end))


def _apologies(r: Reading, out: Softening) -> None:
    for hit in _outermost(r.tagged(_APOLOGY)):
        _flag_clause(r, out, hit.start, hit.end)


def _apology_for_feeling(r: Reading, mentions: list[Mention], out: Softening) -> None:
    """ "sorry, im just emotional today", "im so sorry that im angry with you": an apology said
    right before one's own feeling apologises for the feeling. (Before a deed it apologises for
    the deed: "sorry i forgot your birthday, i feel awful".)"""
    opens = {
        m.frame.start
        for m in mentions
        if m.painful and m.frame.kind in _OWN_FRAMES and r.word(m.end) != "for"
    }  # not sympathy: "so sorry, im just devastated for her"
    if not opens:
        return
    skip = r.lex.grammar.contrasts | _JOINS
    for hit in r.tagged(Tag.CLOSING_APOLOGY):
        k, joined = hit.end, False
        while k < len(r.words) and (r.is_punct(k) or r.words[k] in skip):
            joined = joined or r.words[k] in skip
            k += 1
        # "sorry, but", "sorry that", "sorry, im just": the apology leans on the feeling
        if (
            (joined or r.word(k + 2) in _JOINS)
            and k in opens
            and not any(hit.start >= a and hit.end <= b for a, b in out.words)
        ):
            _flag(r, out, hit.start, hit.end)
            out.words.append((hit.start, hit.end))


_JOINS = frozenset({"that", "but", "just"})
_OWN_FRAMES = (FrameKind.SPEAKER, FrameKind.BARE, FrameKind.VERB)  # the speaker's feeling


def _padding_praise(r: Reading, mentions: list[Mention], out: Softening) -> None:
    """Praise, then 'but' / 'it's just that', then a painful feeling."""
    contrasts = r.tagged(_CONTRAST)
    for praise in r.tagged(_COMPLIMENT):
        for turn in contrasts:
            if turn.start < praise.end:
                continue
            if any(m.painful and m.start >= turn.end for m in mentions):
                _flag(r, out, praise.start, turn.end)
                first, last = r.clause_of[praise.start], r.clause_of[turn.start]
                out.clauses.extend(range(first, last))
                out.words.append((turn.start, turn.end))
                return


def _litotes(r: Reading, mentions: list[Mention], out: Softening) -> None:
    for m in mentions:
        if not m.frame.negated or m.feeling is None:
            continue
        a, b = m.frame.fillers
        modifier = r.any_within(Tag.LITOTES_MODIFIER, a, b)
        strong = r.hit_at(Tag.LITOTES_FEELING, m.start)
        if (modifier and m.feeling.valence.value == "positive") or strong:
            start = modifier.start if modifier else m.start
            _flag(r, out, _negation_before(r, start), m.end)
            if modifier:
                out.words.append((modifier.start, modifier.end))


def _negation_before(r: Reading, i: int) -> int:
    for k in range(i - 1, max(i - 4, -1), -1):
        if r.words[k] in ("not", "never"):
            return k
    return i
