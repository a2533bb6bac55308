"""Finding the feelings a speaker names, and whom each one is about.

A feeling word counts only in a frame that makes it the speaker's: "I (really) feel sad",
"I'm so sad", "it makes me sad", "I miss you", or a clause that opens with it ("Sad today.").
"Are you angry?" names a feeling, but not the speaker's.

Who a feeling is about sets the level: you / us / this moment -> immediate; a third person, thing
or situation -> others; oneself, or nothing at all -> self.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum
from typing import Final

from .inflect import is_english, superlative, word_tags
from .lexicon import Entry, FauxWord, FeelingWord, Grammar, Tag
from .model import Level
from .phrases import Hit
from .reading import Reading

# Tags and kinds read on every statement, bound once: on Python 3.11 an Enum member read
# from its class goes through EnumType's slow attribute hook (as in reading.py).
_FEELING: Final = Tag.FEELING
_FAUX: Final = Tag.FAUX
_EVALUATION: Final = Tag.EVALUATION
_DISCOURSE: Final = Tag.DISCOURSE
_LAUGH: Final = Tag.LAUGH
_SENSATION: Final = Tag.SENSATION
_HEDGE: Final = Tag.HEDGE
_SPEAKING_NOW: Final = Tag.SPEAKING_NOW


class FrameKind(Enum):
    SPEAKER = "speaker"  # "I am / I feel / I was … sad"
    CAUSED = "caused"  # "X makes me (feel) sad"
    BARE = "bare"  # a clause that opens with the feeling: "So sad today."
    VERB = "verb"  # "I love you", "I miss my dad"
    SENSATION = "sensation"  # "my heart is racing"


_VERB_FRAME: Final = FrameKind.VERB  # bound once: read in target_of for every feeling


# compared on every feeling found, bound once (see the Tags above)
_BARE: Final = FrameKind.BARE
_SPEAKER: Final = FrameKind.SPEAKER
_CAUSED: Final = FrameKind.CAUSED


# Frames and mentions are made on nearly every statement: their __init__ is written out, which
# the compiled build compiles (a dataclass's generated one runs interpreted, see tokens.Tokens).
# Not frozen either: a frozen one sets every field through object.__setattr__. Nothing changes
# them once made.
@dataclass(init=False)
class Frame:
    """How a feeling (or faux feeling) is attached to the speaker."""

    kind: FrameKind
    start: int  # first token of the frame (the subject, or the cause)
    fillers: tuple[int, int]  # the words between subject and feeling, [a, b)
    via_feel: bool  # the linking verb is a form of "feel"
    past: bool
    negated: bool
    cause: tuple[int, int] | None  # for CAUSED: the tokens of the cause
    # joined by "but also" to an earlier feeling with an object: where that feeling ends, so an
    # objectless second one shares its object ("happy for him but also a bit jealous")
    joined_after: int | None

    def __init__(
        self,
        kind: FrameKind,
        start: int,
        fillers: tuple[int, int],
        via_feel: bool,
        past: bool,
        negated: bool,
        cause: tuple[int, int] | None = None,
        joined_after: int | None = None,
    ) -> None:
        self.kind, self.start, self.fillers, self.via_feel = kind, start, fillers, via_feel
        self.past, self.negated, self.cause, self.joined_after = past, negated, cause, joined_after


@dataclass(init=False)
class Mention:
    """A feeling the speaker names, and what it is about."""

    start: int
    end: int
    frame: Frame
    feeling: FeelingWord | None  # None for a feeling verb or a sensation
    word: str
    target: Level
    pleasant: bool  # a feeling verb or body state known to be good ("my heart is full")
    unlisted: bool  # a word no list has, a feeling by its place ("i feel ROTTEN")

    def __init__(
        self,
        start: int,
        end: int,
        frame: Frame,
        feeling: FeelingWord | None,
        word: str,
        target: Level,
        pleasant: bool = False,
        unlisted: bool = False,
    ) -> None:
        self.start, self.end, self.frame, self.feeling = start, end, frame, feeling
        self.word, self.target, self.pleasant, self.unlisted = word, target, pleasant, unlisted

    @property
    def painful(self) -> bool:
        if self.pleasant:
            return False
        return self.feeling is None or self.feeling.valence.value != "positive"


@dataclass(init=False)
class FauxMention:
    start: int
    end: int
    frame: Frame
    faux: FauxWord

    def __init__(self, start: int, end: int, frame: Frame, faux: FauxWord) -> None:
        self.start, self.end, self.frame, self.faux = start, end, frame, faux


def _shrinks(r: Reading, k: int) -> bool:
    """Whether word k only grades what follows: a hedge ("a smidge", "borderline") or a word
    that can only be an adverb ("partially", "genuinely"), so "i'm partially upset" is a frame."""
    for hit in r.tagged(_HEDGE):
        if hit.start <= k < hit.end:
            return True
    w = r.words[k]
    return w.endswith("ly") and word_tags(w) == _ADVERB  # the adverbs that grade: -ly ones


_ADVERB = frozenset({"ADV"})
_ADJECTIVE = frozenset({"ADJ"})
_GERUND = frozenset({"VBG"})


_COORDINATED_REACH = 4  # words an earlier feeling's object may take before "but also…"


def _coordinated(r: Reading, k: int, earlier: dict[int, Frame]) -> tuple[Frame, int] | None:
    """The frame of a feeling that the coordinator at k joins this one to: right after it
    ("tired and numb"), or after its object in the same sentence ("happy for him but also
    kinda jealous")."""
    if k in earlier:
        return earlier[k], k
    sentence = r.sentence_of[k]
    for end in range(k - 1, max(k - 1 - _COORDINATED_REACH, -1), -1):
        if end in earlier and r.sentence_of[end - 1] == sentence:
            return earlier[end], end
    return None


_SHARED_REACH = 3  # words of a state that is no feeling before "and" ("im at work and bored")


def _may_be_a_deed(word: str) -> bool:
    """A feeling word that is also a verb's past and never an adjective ("moved", "bored"):
    after "and" it may be a second deed ("i was born in leeds and moved to york")."""
    tags = word_tags(word)
    return "VBD" in tags and "ADJ" not in tags


def _shared_subject(r: Reading, k: int) -> Frame | None:
    """The speaker's frame across a state that is no feeling, to the feeling the coordinator
    at k joins to it: "im freezing and furious", "i was at home and sad" (a feeling that may
    be a second deed, "bored", is left alone: _may_be_a_deed)."""
    for j in range(k - 1, max(k - 1 - _SHARED_REACH, -1), -1):
        if not r.is_word(j) or r.words[j] in r.lex.grammar.coordinators:
            return None
        frame = frame_before(r, j)
        if frame is not None:
            return frame if frame.kind is _SPEAKER else None
    return None


def frame_before(r: Reading, start: int, earlier: dict[int, Frame] | None = None) -> Frame | None:
    """The frame that makes the word at `start` the speaker's feeling, if there is one.

    `earlier` maps the end of each feeling already framed to its frame, so a second feeling
    joined by "and"/"or" shares the first one's ("I feel tired and a little numb").
    """
    g = r.lex.grammar
    k = start - 1
    linking: list[str] = []
    negated = False
    clause_start = r.clause_span(start)[0] if r.clause_of else 0
    while k >= clause_start:
        w = r.words[k]
        if w in g.linking_present or w in g.linking_past:
            linking.append(w)
        elif w in g.negations:
            negated = True
        elif not (
            w in g.frame_fillers
            # "the happiest", "the most tired"
            or (w in g.superlative_fillers and (superlative(r.words[start]) or _most(r, k, start)))
            or (w in g.intensifiers and k == start - 1)  # "im proper gutted"
            or w.isdigit()  # "im like 2% jealous"
            or _shrinks(r, k)
        ):
            break
        k -= 1
    fillers = (k + 1, start)
    via_feel = bool(linking) and linking[0] in g.feel_forms
    if earlier and r.word(k) in g.fine_words and (k + 1) in earlier:
        first = earlier[k + 1]  # "im ok just a lil sad": the "im" of "ok" frames "sad" too
        return Frame(first.kind, first.start, fillers, first.via_feel, first.past, negated)
    joined = None
    if earlier is not None and r.word(k) in g.coordinators:
        joined = _coordinated(r, k, earlier) if earlier else None
        shared = None if joined or _may_be_a_deed(r.words[start]) else _shared_subject(r, k)
        if shared is not None:
            return Frame(shared.kind, shared.start, fillers, shared.via_feel, shared.past, negated)
    if joined is not None:
        first, end = joined
        return Frame(
            first.kind,
            first.start,
            fillers,
            first.via_feel,
            first.past,
            negated,
            first.cause,
            joined_after=end if end < k else None,
        )
    if k >= clause_start and r.words[k] == "i" and linking:
        return Frame(FrameKind.SPEAKER, k, fillers, via_feel, _is_past(linking, r, k), negated)
    if k >= clause_start and r.words[k] == "used" and r.word(k - 1) == "i":
        return Frame(FrameKind.SPEAKER, k - 1, fillers, via_feel, True, negated)
    if k == clause_start and r.words[k] == "used" and r.word(k + 1) == "to":
        return Frame(FrameKind.BARE, k, fillers, via_feel, True, negated)  # its "I" left out
    if k >= clause_start + 1 and r.words[k] == "me" and r.words[k - 1] in g.cause_verbs:
        cause_start = r.clause_span(k)[0]
        # "it made me sad" is past; "the news has left me numb" is the present perfect
        past = r.words[k - 1] in g.cause_verbs_past and r.word(k - 2) not in g.perfect_auxiliaries
        return Frame(
            FrameKind.CAUSED,
            cause_start,
            fillers,
            via_feel,
            past,
            negated,
            cause=(cause_start, k - 1),
        )
    if k < clause_start and "be" in linking:
        return None  # "dont be sad": said to someone else, not the speaker's feeling
    if k < clause_start and (not linking or via_feel or linking[-1] in g.speaker_links):
        # "tired af", "feeling low", "was sad all weekend": the I left out
        past = "felt" in linking or any(w in g.linking_past for w in linking)
        return Frame(FrameKind.BARE, clause_start, fillers, via_feel, past, negated)
    return None


def _is_past(linking: list[str], r: Reading, subject: int) -> bool:
    """'I was sad', 'I felt sad' are past; 'I have felt', 'I've been feeling' are not."""
    g = r.lex.grammar
    if not any(w in g.linking_past for w in linking):
        return False
    between = r.words[subject + 1 : subject + 4]
    return not any(w in g.perfect_auxiliaries for w in between)


def _most(r: Reading, k: int, start: int) -> bool:
    """Whether "most" stands right before the feeling, after k: "the most tired"."""
    return r.words[start - 1] == "most" and k <= start - 1


def find_frames(r: Reading) -> dict[int, Frame]:
    """The frame of every feeling and faux feeling, keyed by the token where the word starts.

    Found left to right, so a feeling joined by "and" can take the frame of the one before it.
    """
    by_start: dict[int, Frame] = {}
    if not r.any_tagged(_FRAMED):
        return by_start  # most statements name no feeling
    by_end: dict[int, Frame] = {}
    hits = r.tagged(_FEELING) + r.tagged(_FAUX)
    if len(hits) > 1:
        hits.sort(key=lambda h: h.start)
    for hit in hits:
        frame = by_start.get(hit.start) or frame_before(r, hit.start, by_end)
        if frame is not None:
            by_start[hit.start] = frame
            if frame.kind is not _BARE:
                by_end[hit.end] = frame
    return by_start


_FRAMED = (_FEELING, _FAUX)


def find_mentions(r: Reading, frames: dict[int, Frame]) -> list[Mention]:
    mentions: list[Mention] = []
    taken: set[int] = set()
    for hit in r.tagged(_FEELING):
        if hit.start in taken:
            continue
        feeling = hit.payload.feeling
        assert feeling is not None
        frame = frames.get(hit.start)
        if frame is None or not _frame_fits(r, frame, feeling, hit.end):
            continue
        if frame.kind is _BARE and _said_as_apology(r, hit.start, hit.end):
            continue
        taken.update(range(hit.start, hit.end))
        target = target_of(r, frame, hit.end, feeling.self_conscious, _aimed(r, feeling))
        mentions.append(Mention(hit.start, hit.end, frame, feeling, feeling.word, target))
    mentions.extend(_verb_mentions(r, taken))
    if r.any_tagged(_CAUSES):  # most statements name no cause or body part: skip three passes
        mentions.extend(_stimulus_mentions(r))
        mentions.extend(_stimulus_adjective_mentions(r, taken))
        mentions.extend(_body_mentions(r, taken))
    if r.tagged(_SENSATION):  # most statements: no racing heart
        mentions.extend(_sensation_mentions(r))
    if not r.lex.grammar.feel_forms.isdisjoint(r.words):
        mentions.extend(_unlisted_mentions(r, taken))
    mentions.extend(_noun_mentions(r, taken))
    return mentions


def _said_as_apology(r: Reading, start: int, end: int) -> bool:
    """Whether a feeling with no subject is an apology's formula, not regret: "sorry, im
    stressed about money", "sorry to whine, im gutted", "sorry lol" (grammar.yaml,
    `apology_words`). Said before what it is sorry for ("sorry i yelled at you")
    it is the feeling."""
    if r.words[start] not in r.lex.grammar.apology_words:
        return False
    if r.hit_at(Tag.APOLOGY, start) is not None:
        return True  # "sorry to whine", "sorry for being so dramatic": softening (softening.py)
    laugh = r.hit_at(Tag.LAUGH, end)
    if laugh is not None and all(not r.is_word(k) for k in range(laugh.end, len(r.words))):
        return True  # "sorry lol": the whole message an apology, laughed
    return end < len(r.words) - 1 and r.is_punct(end) and r.words[end] != "?"


def _noun_mentions(r: Reading, taken: set[int]) -> list[Mention]:
    """A feeling named as a noun, when its place makes it the speaker's (feelings.yaml, above
    `noun_amounts`): "my anxiety is through the roof", "i have so much anger toward my dad",
    "full of dread", "so much guilt today", "grief hits me every time i walk past his cafe"."""
    out: list[Mention] = []
    ends: dict[Tag, dict[int, Hit[Entry]]] | None = None  # the frames' words, by where they end
    for hit in r.tagged(_FEELING):
        feeling = hit.payload.feeling
        assert feeling is not None
        if not feeling.feel_only or hit.start in taken or hit.end - hit.start != 1:
            continue  # (a feeling an adjective names has its frames above)
        tags = word_tags(r.words[hit.start])
        if "NOUN" not in tags:
            continue
        if ends is None:  # once per statement: a long one must not look them up per noun
            ends = {tag: {h.end: h for h in r.tagged(tag)} for tag in _NOUN_FRAMES}
        found = _noun_frame(r, hit.start, "ADJ" not in tags, ends)
        if found is None:
            continue
        frame, after = found
        taken.add(hit.start)
        target = target_of(r, frame, after, feeling.self_conscious, _aimed(r, feeling))
        out.append(Mention(hit.start, hit.end, frame, feeling, feeling.word, target))
    return out


_NOUN_FRAMES = (Tag.FEELING_AMOUNT, Tag.FEELING_HOLDER, Tag.FEELING_HAVING)


def _noun_frame(
    r: Reading, i: int, only_noun: bool, ends: dict[Tag, dict[int, Hit[Entry]]]
) -> tuple[Frame, int] | None:
    """How the feeling noun at token i is the speaker's, and where what it is about is read
    from; None when it is not theirs. `only_noun`: the word is no adjective too ("anxiety", not
    "safe"), so "my" before it makes it a feeling ("my safe place" is none)."""
    g = r.lex.grammar
    c0 = r.clause_span(i)[0]
    amount = ends[Tag.FEELING_AMOUNT].get(i)
    before = amount.start if amount is not None else i
    fillers = (before, i)

    def framed(kind: FrameKind, start: int, past: bool = False) -> Frame:
        return Frame(kind, start, fillers, via_feel=False, past=past, negated=False)

    if r.word(before - 1) == "my" and only_noun and amount is None:
        # "my anxiety is through the roof" as the subject (not "working on my anxiety", "made my
        # peace with it", "my anxiety meds", "my love, how was your day"); what follows a
        # linking verb is no object
        linked = r.word(i + 1) in g.linking_present or r.word(i + 1) in g.linking_past
        if not _opens(r, c0, before - 1):
            return None
        if r.hit_at(Tag.ENDEARMENT, i) is not None and not r.is_word(i + 1):
            return None  # "my love, how was your day?" (but "my love for you is so strong")
        if not linked and not _verb_after_noun(r, i + 1):
            return None
        return framed(_SPEAKER, before - 1), (r.clause_span(i)[1] if linked else i + 1)
    holder = ends[Tag.FEELING_HOLDER].get(before)
    if holder is not None and _speakers_clause(r, c0, holder.start):
        return framed(_SPEAKER, holder.start), i + 1
    having = ends[Tag.FEELING_HAVING].get(before)
    if (
        having is not None
        and amount is not None
        and (only_noun or r.words[before] not in g.determiners)  # not "carrying the whole team"
        and _speakers_clause(r, c0, having.start)
    ):
        past = r.words[having.start] in g.linking_past or r.words[having.start] == "had"
        return framed(_SPEAKER, having.start, past), i + 1
    subject = only_noun and all(
        article(g, r.words[k]) or not r.is_word(k) for k in range(c0, before)
    )
    if subject and _singular_verb(r, i + 1):  # "grief hits me", "so much anxiety hits me"
        return _noun_as_subject(r, i, framed(_SPEAKER, c0))
    if (
        only_noun
        and amount is not None
        and _opens(r, c0, before)
        and r.words[before] not in g.determiners
    ):
        return framed(_BARE, before), i + 1  # "so much guilt today", "🙃 so much guilt 🙃"
    if subject:  # "the fear of losing her keeps me up", not "his anger"
        return _noun_as_subject(r, i, framed(_SPEAKER, c0))
    return None


def _verb_after_noun(r: Reading, k: int) -> bool:
    """Whether token k, after "my" and a feeling noun, is its verb, or ends the phrase ("my
    anxiety spiked", "my anger, honestly"), not a noun the feeling names the kind of ("my
    anxiety meds", "my stress levels", "my love language")."""
    if k >= len(r.words) or not r.is_word(k):
        return True
    w = r.words[k]
    g = r.lex.grammar
    if w in g.prepositions or w in g.auxiliaries or w in g.conjunctions or w in g.coordinators:
        return True
    tags = word_tags(w)
    if not _SINGULAR_VERB.isdisjoint(tags):  # "my anger builds up", "my anxiety makes me": a
        nxt = r.word(k + 1)  # verb, unless a verb follows it ("my stress levels are high")
        return nxt not in g.auxiliaries and nxt not in g.linking_present
    return bool(tags) and "NOUN" not in tags


def _opens(r: Reading, c0: int, i: int) -> bool:
    """Whether only a joining word, a discourse marker or a mark (a quote, an emoji) stands
    before token i in its clause."""
    g = r.lex.grammar
    return all(
        r.words[k] in g.coordinators or r.hit_at(_DISCOURSE, k) is not None or not r.is_word(k)
        for k in range(c0, i)
    )


def _speakers_clause(r: Reading, c0: int, i: int) -> bool:
    """Whether the clause before token i has the speaker as its subject ("im full of", "i have
    so much"), or none at all ("full of dread today"), not someone else ("she has such anger")."""
    g = r.lex.grammar
    dropped = True
    for k in range(i - 1, c0 - 1, -1):
        w = r.words[k]
        if w in g.subject_pronouns or r.hit_at(Tag.PERSON, k) is not None:
            return _speaker_subject(r, k)  # (a capital is no name here: phones capitalise)
        if not (
            w in g.linking_present
            or w in g.linking_past
            or w in g.frame_fillers
            or w in g.degree_words
            or w in g.auxiliaries
            or r.hit_at(_DISCOURSE, k) is not None
        ):
            dropped = False
    return dropped


def _noun_as_subject(r: Reading, i: int, frame: Frame) -> tuple[Frame, int] | None:
    """The feeling noun opening its clause and acting on the speaker within a few words
    ("grief hits me", "the guilt is eating me alive", "a wave of sadness hit me"). What it is
    about is read after its own object ("the fear of losing her keeps me up") or after "me"."""
    g = r.lex.grammar
    c1 = r.clause_span(i)[1]
    own = r.word(i + 1) in g.object_prepositions  # "the fear of losing her keeps me up"
    if not own and not _singular_verb(r, i + 1):
        return None  # "anger management helped me", "hope to see me there": no verb of its own
    for k in range(i + 1, min(c1, i + 6)):
        w = r.words[k]
        if w in g.subject_pronouns and w != "i":
            return None  # "anxiety, she said, …": another subject
        if w in ("me", "myself"):
            return frame, (i + 1 if own else k + 1)
    return None


_SINGULAR_VERB: Final = frozenset({"VBZ", "VBD"})


def _singular_verb(r: Reading, k: int) -> bool:
    """Whether token k is a verb a singular subject takes ("hits", "hit", "is", "keeps"), past
    the fillers ("grief just hits me")."""
    g = r.lex.grammar
    while k < len(r.words) and r.words[k] in g.frame_fillers:
        k += 1
    w = r.word(k)
    return w in g.auxiliaries or not _SINGULAR_VERB.isdisjoint(word_tags(w))


def _unlisted_mentions(r: Reading, taken: set[int]) -> list[Mention]:
    """ "i feel rotten", "feeling human again": an adjective no list knows, after the speaker's
    "feel", is a feeling too; unless it judges, or tells a belief ("i feel sure")."""
    g = r.lex.grammar
    out: list[Mention] = []
    words = r.words
    for k in range(len(words) - 1):
        if words[k] not in g.feel_forms:
            continue
        j = k + 1  # the first word after "feel" and its fillers ("feel SO rotten")
        while j < len(words) - 1 and words[j] in g.frame_fillers:
            j += 1
        if j in taken:
            continue
        w = words[j]
        tags = word_tags(w)
        if "ADJ" not in tags or not tags.isdisjoint(_PARTICIPLES):
            continue  # a participle after "feel" says what was done to one: a faux feeling
        if w in g.not_feelings or w in g.frame_fillers or r.word(j - 1) == "like":
            continue  # "i feel like going for a walk": a wish
        if r.hit_at(_FEELING, j) or r.hit_at(_FAUX, j) or r.hit_at(_EVALUATION, j):
            continue
        if _shrinks(r, j) or not r.is_word(j):
            continue  # "kinda", "a bit": a hedge, not the feeling
        frame = frame_before(r, j)
        if frame is None or not frame.via_feel or frame.kind not in _SPEAKING:
            continue
        if not _ends_here(r, j + 1) and r.word(j + 1) not in g.prepositions:
            continue
        target = target_of(r, frame, j + 1, False)
        out.append(Mention(j, j + 1, frame, None, w, target, unlisted=True))
    return out


_PARTICIPLES = frozenset({"VBG", "VBN", "VBD"})
_SPEAKING = frozenset({FrameKind.SPEAKER, FrameKind.BARE})


_CAUSES = (Tag.STIMULUS, Tag.STIMULUS_PAST, Tag.STIMULUS_ADJ, Tag.BODY_PART)


def _ends_here(r: Reading, end: int) -> bool:
    """Nothing of the clause follows but a time ("im a bit low today", "so down rn 😞")."""
    return (
        end >= r.clause_span(end - 1)[1]
        or r.is_punct(end)
        or r.is_symbol(end)
        or r.hit_at(_DISCOURSE, end) is not None
        or r.hit_at(_LAUGH, end) is not None
        or (r.word(end) in r.lex.grammar.no_object_words and _ends_here(r, end + 1))
    )


def _frame_fits(r: Reading, frame: Frame, feeling: FeelingWord, end: int) -> bool:
    if feeling.feel_only and not frame.via_feel and frame.kind is not _CAUSED:
        g = r.lex.grammar
        # "im SO down", not "im down" (i'm in)
        graded = any(
            r.words[j] not in g.linking_present and r.words[j] not in g.linking_past
            for j in range(*frame.fillers)
        )
        return graded and feeling.word in g.closing_feelings and _ends_here(r, end)
    if frame.kind is _BARE:
        # "Happy birthday" is a greeting: a clause-opening feeling must end its clause or be
        # followed by what a feeling takes (about…, that…, you…, today).
        g = r.lex.grammar
        nxt = r.word(end)
        clause_end = r.clause_span(frame.start)[1]
        if _deed_not_feeling(r, end - 1, nxt):
            return False  # "lost my job", "moved to leeds": a deed with its "I" left out
        return (
            end >= clause_end
            or r.is_punct(end)
            or r.is_symbol(end)  # an emoji after it: "so tired 🙈"
            or r.hit_at(Tag.DISCOURSE, end) is not None
            or r.hit_at(Tag.LAUGH, end) is not None
            or nxt in g.prepositions
            or nxt in g.conjunctions
            or nxt in g.subject_pronouns
            or nxt in g.coordinators
            or nxt in g.determiners
            or nxt in g.no_object_words
            or r.words[end - 1] in g.no_object_words
            or word_tags(nxt) == _GERUND
            # a gerund with what it takes after it: "so tired dealing with it", "happy sitting
            # here with you", "content being single" (not "sad ending")
            or (r.gerund(end) and r.is_word(end + 1))
            or _opens_a_clause(r, end)  # "a bit sad tom didnt say bye"
        )
    return True


def _opens_a_clause(r: Reading, k: int) -> bool:
    """Whether a person or a name at token k opens a clause of its own, its verb next ("sad
    TOM DIDNT say bye", "so happy jess called"): what the feeling is about, not a noun it
    describes ("happy birthday tom", "a sad ending")."""
    w = r.word(k)
    if not w or w in r.lex.grammar.function_words or not r.finite(k + 1):
        return False
    return (
        r.hit_at(Tag.PERSON, k) is not None
        or r.capitalised(k)
        or (w.isalpha() and w not in r.lex.vocabulary)
        or "NOUN" in word_tags(w)
    )


def find_faux(r: Reading, frames: dict[int, Frame]) -> list[FauxMention]:
    found: list[FauxMention] = []
    for hit in r.tagged(_FAUX):
        faux = hit.payload.faux
        assert faux is not None
        if r.word(hit.end) in faux.not_before and r.hit_at(Tag.DISCOURSE, hit.end) is None:
            continue  # "used to", but not "used tbh" ("to be honest")
        frame = frames.get(hit.start)
        if frame is not None:
            found.append(FauxMention(hit.start, hit.end, frame, faux))
    present = r.lex.grammar.feel_forms.intersection(r.words)
    if not present:
        return found  # most statements: no "feel" for an unlisted participle to follow
    return found + _unlisted_faux(r, present)


def _unlisted_faux(r: Reading, present: frozenset[str]) -> list[FauxMention]:
    """ "i feel lectured", "i feel so undervalued", "i feel friendzoned": after the speaker's
    "feel", a verb's participle that no list knows says what someone did to them. (Participles
    that are feelings, "i feel drained", are in the feelings lexicon and tagged first.)"""
    g = r.lex.grammar
    out: list[FauxMention] = []
    words = r.words
    places = sorted(i for form in present for i in _places(words, form))
    for f in places:
        j = f + 1
        while r.word(j) in g.degree_words or r.word(j) in g.negations:
            j += 1
        if not r.is_word(j) or not _participle(r.words[j]) or _tagged_at(r, j):
            continue
        frame = frame_before(r, j)
        if frame is not None and frame.kind is FrameKind.SPEAKER and frame.via_feel:
            out.append(FauxMention(j, j + 1, frame, FauxWord(r.words[j], ())))
    return out


def _places(words: list[str], word: str) -> list[int]:
    """Every index of `word` in `words` (list.index scans in C)."""
    out: list[int] = []
    start = 0
    while True:
        try:
            start = words.index(word, start)
        except ValueError:
            return out
        out.append(start)
        start += 1


def _participle(word: str) -> bool:
    if not word.endswith(_PARTICIPLE_ENDINGS):
        return False  # "feel like", "feel so", "feel sad": most words after "feel" end otherwise
    tags = word_tags(word)
    if tags:
        return tags <= _PARTICIPLE or (word.startswith("un") and word.endswith("ed"))
    return word.endswith("ed") and len(word) > 5  # "friendzoned", "gaslighted"


_PARTICIPLE = frozenset({"VBD", "VBN"})
_PARTICIPLE_ENDINGS = ("ed", "en", "wn", "lt", "nt", "ght")  # lectured, forgotten, shown, dealt…


def _tagged_at(r: Reading, j: int) -> bool:
    return any(hit.start <= j < hit.end for tag in (_FEELING, _FAUX) for hit in r.tagged(tag))


_FEELING_VERBS = (Tag.FEELING_VERB, Tag.FEELING_VERB_PAST)
_VERBS_AND_TENSES = ((Tag.FEELING_VERB, False), (Tag.FEELING_VERB_PAST, True))  # (tag, past)


def _verb_mentions(r: Reading, taken: set[int]) -> list[Mention]:
    """'I love you', 'I really miss my dad', 'I hated that job'."""
    g = r.lex.grammar
    out: list[Mention] = []
    if not r.any_tagged(_FEELING_VERBS):
        return out  # most statements: no "love", "miss", "hate"
    for tag, past in _VERBS_AND_TENSES:
        for hit in r.tagged(tag):
            if hit.start in taken:
                continue
            k = hit.start - 1
            negated = False
            while k >= 0 and r.words[k] in g.frame_fillers and r.words[k] not in g.linking_words:
                negated = negated or r.words[k] in g.negations
                k -= 1
            was = past
            if r.words[hit.start].endswith("ing") and r.word(k) in g.progressive_be:
                was = past or r.word(k) in g.linking_past  # "im dreading", "i was missing him"
                k -= 1
            if r.word(k) == "used" and r.word(k + 1) == "to":
                was = True  # "i used to love it", "used to resent my mom"
                k -= 1
            c0 = r.clause_span(hit.start)[0]
            dropped = k < c0 and not _asked(r, hit.start)
            if dropped and r.words[c0] == "do" and r.word(c0 + 1) == "not" and _told(r, hit.end):
                continue  # "dont hate me", "dont panic": said to someone, not felt
            if dropped:  # "kinda miss u ngl": the "I" left out
                k = r.clause_span(hit.start)[0] - 1
            elif r.word(k) != "i":
                continue  # not the speaker's
            if r.word(hit.end) == "to" or r.word(hit.start - 1) == "would":
                continue  # a preference ("I love to dance") or a wish
            frame = Frame(FrameKind.VERB, k + dropped, (k + 1, hit.start), False, was, negated)
            target = target_of(r, frame, hit.end, False)
            out.append(
                Mention(
                    hit.start, hit.end, frame, None, r.quote(hit.start, hit.end).lower(), target
                )
            )
    return out


def _told(r: Reading, end: int) -> bool:
    """After "dont" and a feeling verb, what shows it is said to someone: nothing more ("dont
    panic"), or the speaker as its object ("dont hate me", "dont worry about me"); "dont
    trust myself" is the speaker's own, with its "I" left out."""
    g = r.lex.grammar
    nxt = r.word(end)
    return (
        end >= r.clause_span(end - 1)[1] or nxt in g.first_person_objects or nxt in g.conjunctions
    )


_STIMULI_AND_TENSES = ((Tag.STIMULUS, False), (Tag.STIMULUS_PAST, True))  # (tag, past)


def _stimulus_mentions(r: Reading) -> list[Mention]:
    """ "the news scares me", "it stings when u ignore my texts", "this breaks my heart": the
    cause is the subject and the speaker the object, or (for "it hurts") left unsaid."""
    g = r.lex.grammar
    out: list[Mention] = []
    for tag, past in _STIMULI_AND_TENSES:
        for hit in r.tagged(tag):
            feeling = hit.payload.feeling
            assert feeling is not None
            nxt = r.word(hit.end)
            # Whom it happens to, first (cheap): "scares me", "breaks my heart", or "it hurts"
            named = nxt in g.first_person_objects  # "scares me", not "moved my meeting"
            speaker = named or any(w in g.first_person for w in r.words[hit.start : hit.end])
            closes = not speaker and _closes_alone(r, hit.start, hit.end, nxt)
            if not (speaker or closes):
                continue  # "it scares the dog", "im upset": not this frame
            c0 = r.clause_span(hit.start)[0]
            k = hit.start - 1
            while k >= c0 and (
                (r.words[k] in g.frame_fillers and r.words[k] not in g.negations)
                or r.words[k] in g.auxiliaries
            ):
                k -= 1
            if k < c0 or r.words[k] in g.first_person or r.words[k] in g.auxiliaries:
                continue  # no cause before it, "I scare", or "does it scare…"
            if r.words[k] in g.infinitive_markers:
                continue  # "to scare", "gonna upset": not happening
            between = r.words[k + 1 : hit.start]
            negated = any(w in g.negations for w in between)
            was = past or any(w in g.linking_past for w in between)
            cause = (c0, k + 1)
            frame = Frame(FrameKind.CAUSED, c0, (k + 1, hit.start), False, was, negated, cause)
            target = target_of(
                r, frame, hit.end + named, feeling.self_conscious, _aimed(r, feeling)
            )
            out.append(Mention(hit.start, hit.end, frame, feeling, feeling.word, target))
    return out


def _closes_alone(r: Reading, start: int, end: int, nxt: str) -> bool:
    """ "it hurts", "that stung a little": a verb that carries the feeling with no "me", ending
    its clause (or followed by a time, a hedge, "when…")."""
    if r.hit_at(Tag.STIMULUS_ALONE, start) is None:
        return False
    g = r.lex.grammar
    return (
        end >= r.clause_span(start)[1]
        or r.is_punct(end)
        or nxt in g.conjunctions
        or (nxt in g.no_object_words and nxt not in g.determiners)
        or r.hit_at(_HEDGE, end) is not None  # "stung a little"
    )


def _stimulus_adjective_mentions(r: Reading, taken: set[int]) -> list[Mention]:
    """ "its so embarrassing", "the wait is scary", "humiliating.": what a thing or a situation is
    like, said of it, names the feeling it gives. Said of a person ("he is so annoying") it is a
    verdict, left to the judgments."""
    g = r.lex.grammar
    out: list[Mention] = []
    for hit in r.tagged(Tag.STIMULUS_ADJ):
        if hit.start in taken:
            continue
        feeling = hit.payload.feeling
        assert feeling is not None
        c0 = r.clause_span(hit.start)[0]
        k = hit.start - 1
        while k >= c0 and r.words[k] in g.frame_fillers and r.words[k] not in g.linking_words:
            if r.words[k] in g.determiners:
                break  # "a scary movie": it describes a noun
            k -= 1
        linked = k >= c0 and r.words[k] in g.linking_words
        if linked:
            link = k
            k -= 1
            while k >= c0 and r.words[k] in g.frame_fillers:
                k -= 1
            if k >= c0 and (r.words[k] in g.person_pronouns or r.words[k] in g.first_person):
                continue  # "he is so annoying", "I was weird": said of a person
            if k >= c0 and r.hit_at(Tag.PERSON, k) is not None:
                continue
            if k < c0 and r.words[link] == "be":
                continue  # "dont be sad": said to someone else
            past = r.words[link] in g.linking_past
        elif k >= c0:
            found = _found_by_speaker(r, c0, k)
            if found is None:
                continue  # "a scary movie": it describes a noun, no feeling of the speaker's
            # "i find my boss so annoying": how the speaker finds someone or something
            past, c0 = r.words[found] in g.linking_past or r.words[found] == "found", found + 1
        else:
            past = False  # "humiliating." / "so cringe lol": the clause opens with it
        cause = (c0, max(k + 1, c0))
        frame = Frame(FrameKind.CAUSED, c0, (k + 1, hit.start), False, past, False, cause)
        target = target_of(r, frame, hit.end, feeling.self_conscious, _aimed(r, feeling))
        if target is Level.SELF and linked:
            target = Level.OTHERS  # "this is so frustrating": a situation, not oneself
        out.append(Mention(hit.start, hit.end, frame, feeling, feeling.word, target))
    return out


def _found_by_speaker(r: Reading, c0: int, k: int) -> int | None:
    """Where "find" stands in "i find him so annoying", said by the speaker ("i") before the
    adjective at k; None when no such verb stands there. (With its "I" left out, "find ur texts
    confusing" reads as telling someone to.)"""
    g = r.lex.grammar
    for j in range(k, max(c0, k - 4) - 1, -1):
        if r.words[j] in g.appraisal_verbs and j < k:
            return j if j > c0 and r.words[j - 1] in g.first_person else None
    return None


def _asked(r: Reading, i: int) -> bool:
    """Whether the sentence around token i ends with a question mark ("love it?")."""
    s1 = r.sentence_span(i)[1]
    return r.word(s1 - 1) == "?"


def _sensation_mentions(r: Reading) -> list[Mention]:
    """'I feel my heart racing', 'my hands are shaking': a feeling in the body."""
    out: list[Mention] = []
    for hit in r.tagged(_SENSATION):
        s0, s1 = r.sentence_span(hit.start)
        if not any(r.words[i] in r.lex.grammar.first_person for i in range(s0, s1)):
            continue
        past = any(r.words[i] in ("was", "were", "felt") for i in range(s0, hit.start))
        frame = Frame(FrameKind.SENSATION, s0, (s0, hit.start), False, past, False)
        if _speaking_now(r, hit.start):
            target = Level.IMMEDIATE
        else:  # what a "when" clause after it or opening the sentence tells of, else oneself
            target = _when_after(r, hit.end) or _set_off_by(r, hit.start) or Level.SELF
        out.append(
            Mention(hit.start, hit.end, frame, None, r.quote(hit.start, hit.end).lower(), target)
        )
    return out


def _body_mentions(r: Reading, taken: set[int]) -> list[Mention]:
    """ "my stomach is in knots", "my whole body feels tense", "my hands are sweaty typing this to
    u": the speaker's body, a linking verb, then its state."""
    g = r.lex.grammar
    out: list[Mention] = []
    for part in r.tagged(Tag.BODY_PART):
        k = part.start - 1
        while k >= 0 and r.words[k] in g.degree_words | {"whole"}:
            k -= 1
        if r.word(k) != "my":
            continue  # someone else's body, or no owner
        i = part.end
        linked = False
        while i < len(r.words) and (
            r.words[i] in g.linking_present
            or r.words[i] in g.linking_past
            or r.words[i] in g.frame_fillers
        ):
            linked = linked or r.words[i] in g.linking_present or r.words[i] in g.linking_past
            i += 1
        state = r.hit_at(Tag.BODY_STATE, i)
        if not linked or state is None or state.start in taken:
            continue
        past = any(r.words[j] in g.linking_past for j in range(part.end, state.start))
        frame = Frame(FrameKind.SENSATION, k, (part.end, state.start), False, past, False)
        if _speaking_now(r, state.start):
            target = Level.IMMEDIATE
        elif (when := _when_after(r, state.end)) is not None:
            target = when  # "my chest gets tight whenever my dad calls"
        else:  # "my nephew called me his best friend, my heart is so full"
            target = _context_level(r, r.clause_of[state.start], k)
        word = r.quote(state.start, state.end).lower()
        pleasant = r.hit_at(Tag.PLEASANT_STATE, state.start) is not None
        out.append(Mention(state.start, state.end, frame, None, word, target, pleasant))
    return out


def _when_after(r: Reading, end: int) -> Level | None:
    """Whom a feeling is about when a "when" clause follows it in its sentence (past a time or
    a filler): None when none does."""
    g = r.lex.grammar
    s1 = r.sentence_span(end - 1)[1]
    i = end
    while i < s1 and (r.words[i] in g.frame_fillers or r.words[i] in g.durations):
        i += 1
    if i + 1 < s1 and r.words[i] in _WHEN:
        c1 = r.clause_span(i + 1)[1]
        if _addresses_you(r, i + 1, c1):
            return Level.IMMEDIATE  # "my chest gets tight when you raise your voice"
        return _when_level(r, i + 1, c1, False)
    return None


def _speaking_now(r: Reading, i: int) -> bool:
    s0, s1 = r.sentence_span(i)
    return r.any_within(_SPEAKING_NOW, s0, s1) is not None


def _addresses_you(r: Reading, start: int, end: int) -> bool:
    """A 'you' or 'us' in [start, end), leaving out "you know" and "thank you"."""
    g = r.lex.grammar
    for i in range(start, end):
        w = r.words[i]
        if w in g.you_or_us:
            if w == "you" and (r.word(i + 1) == "know" or r.word(i - 1) == "thank"):
                continue
            return True
        if w in g.we_us and _about_us_two(r, i + 1):
            return True  # "we barely talk anymore", "where we stand"
    return False


def _opens_with_you(r: Reading, start: int, end: int) -> bool:
    """Whether a clause's subject is the listener ("u always forget…", "you never say sorry")."""
    start = _opening(r, start, end, r.lex.grammar.joiners)
    return start < end and r.words[start] in r.lex.grammar.you_or_us


def _about_us_two(r: Reading, i: int) -> bool:
    """Whether "we" / "our" is the two in the conversation: a verb or noun of being together
    follows it closely ("we keep having the same fight"), not "we lost the final"."""
    nouns = r.lex.grammar.relationship_nouns
    return any(r.word(k) in nouns or r.word(k) in r.lex.together_verbs for k in range(i, i + 4))


def _aimed(r: Reading, feeling: FeelingWord) -> bool:
    return feeling.family in r.lex.grammar.aimed_families


def target_of(
    r: Reading, frame: Frame, after: int, self_conscious: bool, aimed: bool = False
) -> Level:
    """Whom the feeling that ends at token `after` is about. `aimed`: a feeling aimed at what
    follows "at" (anger, not joy)."""
    g = r.lex.grammar
    _s0, s1 = r.sentence_span(after - 1)
    clause_end = r.clause_span(after - 1)[1]
    # "it makes me sad when…": the cause is a placeholder; read on past the clause.
    if frame.cause is not None:
        c0, c1 = frame.cause
        if _addresses_you(r, c0, c1):
            return Level.IMMEDIATE
        if c0 < c1 and r.words[c0] in g.joiners and r.words[c0] not in g.contrasts and c0 > 0:
            # "u always forget the important stuff and it hurts": "it" is the clause before
            # (not after a contrast: "no big deal but it hurt when u walked off")
            before = r.clause_span(c0 - 1)
            return Level.IMMEDIATE if _opens_with_you(r, *before) else Level.OTHERS
        while c0 < c1 and r.words[c0] in g.joiners:
            c0 += 1  # "…but it hurt when u walked off": the cause is "it", read on past it
        placeholder = all(r.words[i] in g.dummy_subjects for i in range(c0, c1))
        if c1 > c0 and not placeholder:
            if r.words[c0] == "my" and r.word(c0 + 1) in g.self_nouns:
                return Level.SELF  # "my voice makes me self-conscious"
            return Level.OTHERS
        clause_end = s1
    if _speaking_now(r, after - 1) or _addresses_you(r, after, clause_end):
        return Level.IMMEDIATE
    level = _object_level(r, after, clause_end, self_conscious, aimed, frame.kind is _VERB_FRAME)
    if level is None and frame.joined_after is not None:  # the object of the feeling it joins
        level = _object_level(r, frame.joined_after, r.clause_span(frame.joined_after)[1], False)
    if level is None:  # no object in its clause: what set it off, or the clause beside it
        return _set_off_by(r, frame.start) or _context_level(r, r.clause_of[after - 1], frame.start)
    return level


def _set_off_by(r: Reading, subject: int) -> Level | None:
    """Whom a "when" clause opening the sentence tells of, for the feeling after it ("when u
    yell i get scared", "When my manager gives me a task at five on Friday, I feel tense");
    None when there is none. Not a "when" inside a clause ("i dont know when youll be back")."""
    g = r.lex.grammar
    k = _opening(r, r.sentence_span(subject)[0], subject)
    if k >= subject or r.words[k] not in g.cause_openers:
        return None
    i = k + 1
    perceived = r.words[i] in g.first_person and r.word(i + 1) in g.perception_verbs
    if perceived:
        i += 2  # "When I hear you sigh": what is heard tells of whom
        if r.word(i) in g.topic_prepositions:
            i += 1  # "when i think ABOUT last summer"
    if r.word(i) in g.second_person:
        return Level.IMMEDIATE
    if perceived and i < subject:
        # what the speaker hears, sees or thinks of tells whom the feeling is about: the
        # listener, oneself ("when i think about how i acted"), or else someone or something
        # ("when i think about last summer i get so sad")
        heard = r.words[i:subject]
        if not g.second_person.isdisjoint(heard):
            return Level.IMMEDIATE
        if not (g.first_person - g.possessives).isdisjoint(heard):
            return Level.SELF
        told = _told_by(r, i, subject)
        return told if told is Level.SELF else Level.OTHERS
    told = _told_by(r, k + 1, subject)
    return told if told is not _PASS else None


def _context_level(r: Reading, clause: int, subject: int) -> Level:
    """ "my sister drove 4 hours to help me move, im so grateful", "ur advice helped, im really
    thankful": a feeling with no object of its own answers what the clause nearest to it told,
    when that clause tells what someone else did. A clause about the speaker ("i had a panic
    attack, im still shaky") leaves it about oneself. Clauses that only soften ("its no big
    deal") or name another feeling of the speaker's ("im not even sad") are passed over."""
    # the nearest dozen clauses only: a long message of feelings must not read back to its start
    # for every one of them (time linear in length)
    nearest = range(clause - 1, max(-1, clause - 1 - _CONTEXT_REACH), -1)
    before = [c for c in nearest if r.clauses[c][1] <= subject]
    after = list(range(clause + 1, len(r.clauses)))
    for numbers in (before, after[:1]):
        for number in numbers:
            level = _told_by(r, *r.clauses[number])
            if level is Level.OTHERS and number > clause and _set_against(r, number):
                return Level.SELF  # "happy today, my boss is still a clown tho"
            if level is not _PASS:
                return level if level is not None else Level.SELF
    return Level.SELF


_CONTEXT_REACH = 12  # clauses read back for what a feeling with no object answers


def _set_against(r: Reading, clause: int) -> bool:
    """Whether a clause opens set against the feeling before it ("relieved, but the kids are
    sick"): a contrast, not what moved them. (Said to the listener it still answers whom the
    feeling is toward: "im hurt, but ur a sweetheart". A trailing "tho" was tried as a sign too:
    it is as often the cause's ("im annoyed, my sister ate my lunch tho").)"""
    return r.word(r.clauses[clause][0]) in r.lex.grammar.contrasts


_PASS = Level.NONE  # what _told_by answers for a clause that tells nothing about the feeling


def _opening(r: Reading, c0: int, c1: int, skips: frozenset[str] | None = None) -> int:
    """Where a clause's own words start, past marks and openers ("and", "wow", "haha"), or past
    marks and the `skips` given."""
    if skips is None:
        skips = r.lex.grammar.context_skips
    while c0 < c1 and (r.is_punct(c0) or r.words[c0] in skips):
        c0 += 1
    return c0


def _told_by(r: Reading, c0: int, c1: int) -> Level | None:
    """Whom a neighbouring clause tells of: OTHERS, IMMEDIATE, SELF; None when it says nothing
    (a question, a greeting); _PASS when it only softens or shares another feeling."""
    g = r.lex.grammar
    c0 = _opening(r, c0, c1)
    if c0 >= c1 or r.word(c1 - 1) == "?" or r.hit_at(Tag.DISCOURSE, c0) is not None:
        return None
    if r.any_within(Tag.MINIMIZER, c0, c1) or r.any_within(Tag.STANDALONE_MINIMIZER, c0, c1):
        return _PASS  # "its no big deal"
    believed = _believed(r, c0, c1)
    if believed is not None and r.words[believed] in g.second_person:
        # "im scared, i feel like u already have one foot out the door": the feeling answers a
        # belief about the listener. (A belief about everyone else, "im sad. i feel like nobody
        # texts me back", stays one's own: labellers read it so.)
        return Level.IMMEDIATE
    if believed is not None and _someone_at(r, believed):
        return Level.OTHERS  # "im worried, i feel like my dad isnt telling me everything"
    w = r.words[c0]
    if w == "i" and r.any_within(_FEELING, c0, c1) is not None:
        return _PASS  # "he cheated. im not even sad, im just so mad"
    if w in g.second_person:
        return Level.IMMEDIATE
    if w == "my":
        return Level.SELF if r.word(c0 + 1) in g.self_nouns else Level.OTHERS
    if w in g.first_person or w in g.dummy_subjects or w in g.we_us:
        return Level.SELF
    if w.isalpha() and w not in r.lex.vocabulary and not is_english(w):
        return Level.OTHERS  # a name: "jess didnt invite me. im hurt"
    if w in g.person_pronouns or w in g.determiners or r.hit_at(Tag.PERSON, c0) is not None:
        return Level.OTHERS
    if r.capitalised(c0) and c0 > 0 and not r.is_punct(c0 - 1):
        return Level.OTHERS
    if w not in g.function_words and "NOUN" in word_tags(w) and r.finite(c0 + 1):
        # "Tom cooked for everyone", "work was chaos"; but "legs are dead" is one's body
        return Level.SELF if w in g.self_nouns else Level.OTHERS
    if r.finite(c0):
        return Level.SELF  # "sat in the park for an hour": the speaker's deed, its "I" left out
    return _PASS  # a fragment with no subject ("still sharp as a tack"): look further back


def _someone_at(r: Reading, i: int) -> bool:
    """Whether a particular other person is named at token i: "he", "my dad", "the doctors",
    "Priya" (not "nobody", "everyone", "people": a belief about everyone is one's own)."""
    g = r.lex.grammar
    w = r.words[i]
    if w in g.everyone_words:
        return False
    if w in g.person_pronouns or r.hit_at(Tag.PERSON, i) is not None:
        return True
    if (w in g.determiners and not article(g, w)) or w == "the":
        nxt = r.word(i + 1)  # "my dad", "the doctors"
        return nxt not in g.everyone_words and r.hit_at(Tag.PERSON, i + 1) is not None
    return r.capitalised(i) and w not in r.lex.vocabulary


def _believed(r: Reading, c0: int, c1: int) -> int | None:
    """Where what is believed starts, in a clause that opens with the speaker's thought ("i
    feel like u…", "i think that she…"); None for any other clause. The clause tells of whom
    the belief is about, not of the speaker who holds it."""
    g = r.lex.grammar
    if r.words[c0] not in g.first_person:
        return None
    k = c0 + 1
    while k < c1 and r.words[k] in g.thought_gap:
        k += 1
    verb = r.hit_at(Tag.THOUGHT_VERB, k)
    if verb is not None:
        k = verb.end
    elif k < c1 and r.words[k] in g.feel_forms:
        k += 1
    else:
        return None
    while k < c1 and r.words[k] in g.thought_links:
        k += 1
    return k if k < c1 else None


def _speaker_subject(r: Reading, i: int) -> bool:
    """Whether the speaker is the subject at token i ("i", not "my")."""
    w = r.word(i)
    return w in r.lex.grammar.first_person and w not in r.lex.grammar.possessives


def _object_level(
    r: Reading, i: int, end: int, self_conscious: bool, aimed: bool = False, verb: bool = False
) -> Level | None:
    """What follows a feeling, read up to the end of its clause: an object makes it about others.

    After "about", "of", "for"… even a time is an object ("stoked for the weekend"); after
    "after", "since", "at"… what follows is only the circumstance ("alive after that hike"),
    unless a person stands in it. None: nothing in the clause says what it is about.
    """
    g = r.lex.grammar
    if verb and _timed_object(g, r.word(i)):
        return Level.OTHERS  # a feeling verb's object, even a time: "i hate mondays"
    governed = False  # the last word skipped was a preposition that takes an object
    while i < end:
        w = r.words[i]
        if w in ("i", "me", "myself", "mine"):
            return Level.SELF
        if w == "my":
            nxt = r.word(i + 1)
            if nxt in g.self_nouns or (self_conscious and not _person_ahead(r, i + 1, end)):
                return Level.SELF  # "my mistakes"; "ashamed of my tattoos"
            return Level.OTHERS
        if w in _WHEN and (r.word(i + 1) == "i" or r.word(i + 1) in g.we_us):
            return _when_level(r, i + 1, end, self_conscious)
        if w in g.question_words and (
            _speaker_subject(r, i + 1)
            or (w not in _WHEN and "i" in r.words[i + 2 : min(end, i + 5)])
        ):  # "proud of who i am", "ashamed of how much debt ive got"
            return Level.SELF
        if w == "our" and r.word(i + 1) not in g.relationship_nouns:
            return Level.OTHERS  # "our dog", but "our relationship" is about the two of us
        if self_conscious and governed and w in g.dummy_subjects:
            return Level.SELF  # "ashamed of it": one's own act
        if self_conscious and w == "to" and _verb_next(r, i + 1):
            return Level.SELF  # "embarrassed to ask": one's own act
        if self_conscious and w in g.presence_prepositions:  # "shy around new people"
            return Level.IMMEDIATE if r.word(i + 1) in g.you_or_us else Level.SELF
        if w in g.circumstance_prepositions:
            if r.word(i + 1) in ("myself", "me"):
                return Level.SELF  # "angry at myself for snapping at my mom"
            if aimed and w == "at":
                return Level.OTHERS  # "angry at the bank", "at what i found": what it is aimed at
            if r.word(i + 1) in g.question_words and _speaker_subject(r, i + 2):
                return Level.SELF  # "disappointed in how i handled the fight with my sister"
            return Level.OTHERS if _person_ahead(r, i + 1, end) else Level.SELF
        if w in g.likeness_words and article(g, r.word(i + 1)):
            return None  # "calm as a lake": what it is like, not what it is about ("upset
            # as he never called" reads on: a cause)
        if w in g.coordinators and _deed_follows(r, i + 1):
            return None  # "overwhelmed right now and need a minute": a deed of its own follows
        if w in g.conjunctions or w in g.prepositions or w in g.negations or w in g.coordinators:
            governed = w in g.object_prepositions
            i += 1
            continue
        also = (
            r.hit_at(_FEELING, i)
            or r.hit_at(_FAUX, i)
            or r.hit_at(Tag.DISCOURSE, i)
            or r.hit_at(Tag.LAUGH, i)
        )
        if also is not None:  # "tired and numb", "sad and abandoned": no object
            i = also.end
            continue
        if governed and w in g.everything_words and not _third_party_ahead(r, i + 1, end):
            return Level.SELF  # "anxious about everything": a state of one's own, no object
        if governed and _timed_object(g, w):
            return Level.OTHERS  # "excited for tonight"
        if governed and r.gerund(i) and not self_conscious:  # "scared of getting old": a
            # gerund after "of" is one's own doing, even one that is also a filler elsewhere
            return Level.OTHERS if _third_party_ahead(r, i + 1, end) else Level.SELF
        if w in g.no_object_words or w in g.frame_fillers or w in g.durations or not r.is_word(i):
            i += 1
            continue  # a time, a filler, a mark or an emoji ("cute today 💅")
        if r.gerund(i):
            if self_conscious:
                return Level.SELF
            return Level.OTHERS if _third_party_ahead(r, i + 1, end) else Level.SELF
        if word_tags(w) == _ADJECTIVE and r.word(i - 1) in g.coordinators:
            i += 1
            continue  # "sad and hungry": a state beside the feeling, no object
        return Level.OTHERS
    return None  # nothing after the feeling names what it is about


_WHEN = frozenset({"when", "whenever"})


def _deed_follows(r: Reading, i: int) -> bool:
    """Whether a verb with its own object or complement starts at token i, its subject left
    out: "…and cried on the train", "…and need a minute", "…and miss my dad" (not "…and work",
    a noun that may be the feeling's object)."""
    g = r.lex.grammar
    w = r.word(i)
    if w in g.auxiliaries or r.hit_at(_FEELING, i) is not None or r.hit_at(_FAUX, i) is not None:
        return False  # "nervous and excited for uni": a second feeling, read on
    if r.finite(i):
        return True
    nxt = r.word(i + 1)
    return "VBP" in word_tags(w) and (nxt == "to" or nxt in g.determiners or nxt in g.possessives)


def article(g: Grammar, w: str) -> bool:
    """A determiner that is no one's: "a", "the", "this" (not "my", "his")."""
    return w in g.determiners and w not in g.possessives


def _when_level(r: Reading, i: int, end: int, self_conscious: bool) -> Level:
    """ "i feel calm when we walk together" is about the two of us; "i feel anxious when i
    havent heard from my daughter" about her; "i feel ashamed when i remember how i spoke to my
    brother" and "i feel nervous when i have to speak" about oneself."""
    if r.words[i] in r.lex.grammar.we_us:
        return Level.IMMEDIATE
    if self_conscious or _feeling_within(r, i, end):
        return Level.SELF
    g = r.lex.grammar
    if r.word(i + 1) in g.linking_present:
        return Level.SELF  # "lonely even when im with people": one's own state, wherever
    if any(_speaker_subject(r, k) for k in range(i + 2, end)):
        return Level.SELF  # "sad when i notice how little time i give my friends"
    k = i + 1
    while k < end and r.words[k] not in ("myself", "me"):
        k += 1
    if k < end:
        return Level.SELF  # "when i compare myself to my sister"
    return Level.OTHERS if _third_party_ahead(r, i + 1, end) else Level.SELF


def _feeling_within(r: Reading, i: int, end: int) -> bool:
    """Whether a feeling is named in tokens [i, end); not a participle after "have" ("when i
    havent heard from my daughter": a deed, where "when i feel heard" names a feeling)."""
    g = r.lex.grammar
    for hit in r.tagged(_FEELING):
        if i <= hit.start and hit.end <= end:
            k = hit.start - 1
            while k > i and r.words[k] in g.negations:
                k -= 1
            if r.words[k] not in g.perfect_auxiliaries or k < i:
                return True
    return False


def _deed_not_feeling(r: Reading, i: int, nxt: str) -> bool:
    """A clause-opening word that is also a past verb, followed by an object ("lost my job") or
    a place ("moved to leeds"), tells a deed, not a feeling."""
    g = r.lex.grammar
    if (nxt != "to" and nxt not in g.possessives) or not word_tags(r.words[i]) & _PAST_VERB:
        return False
    if nxt == "to":
        return not _verb_next(r, i + 2)  # "moved to leeds", but "scared to tell"
    if nxt not in g.possessives:
        return False
    end = r.clause_span(i)[1]
    # "lost my job"; but "bummed my flight got cancelled" goes on with a clause of its own
    return not any(r.finite(k) for k in range(i + 2, min(end, i + 6)))


_PAST_VERB = frozenset({"VBD", "VBN"})


def _verb_next(r: Reading, i: int) -> bool:
    return "VB" in word_tags(r.word(i))


def _timed_object(g: Grammar, w: str) -> bool:
    """A time that is the object of a feeling's preposition: "tonight", "the weekend"."""
    return (
        w in g.no_object_words
        and w not in g.durations
        and w not in g.determiners
        and w not in g.frame_fillers
    )


def _person_ahead(r: Reading, i: int, end: int) -> bool:
    g = r.lex.grammar
    for k in range(i, end):
        w = r.words[k]
        if w in g.person_pronouns or w in g.you_or_us or r.hit_at(Tag.PERSON, k) is not None:
            return True
    return False


def _third_party_ahead(r: Reading, i: int, end: int) -> bool:
    g = r.lex.grammar
    k = i - 1
    while k + 1 < end:
        k += 1
        w = r.words[k]
        if w in g.likeness_words and article(g, r.word(k + 1)):
            k += 2  # "quitting piano as a teen": the speaker's role, no one else
            continue
        if (w in g.determiners and w != "my") or (
            w in g.third_person and w not in g.no_object_words
        ):
            return True
        if r.hit_at(Tag.PERSON, k) is not None or r.capitalised(k):
            return True
        if w == "my" and r.word(k + 1) not in g.self_nouns:
            return True
    return False
