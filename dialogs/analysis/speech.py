"""Asking or advising instead of sharing: "how do you feel about me?", "you should…"."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Final

from .feelings import Mention, article
from .inflect import word_tags
from .lexicon import Tag
from .model import Issue, IssueKind
from .reading import Reading
from .tokens import TokenKind

# Tags and kinds read on every statement, bound once: on Python 3.11 an Enum member read
# from its class goes through EnumType's slow attribute hook (as in reading.py).
_ADVICE_MODAL: Final = Tag.ADVICE_MODAL
_ADVICE_PHRASE: Final = Tag.ADVICE_PHRASE
_MINIMIZER: Final = Tag.MINIMIZER
_IMPERATIVE: Final = Tag.IMPERATIVE
_LOGISTICS: Final = Tag.LOGISTICS
_TAG_QUESTION: Final = Tag.TAG_QUESTION
# An auxiliary before "you" that makes a condition, not a question, with no "?" after it; and
# the words after which the order only echoes ("so are you", "nor do i", "as do you")
_CONDITIONAL_INVERTERS = frozenset({"had", "should", "were"})
_ECHOES = frozenset({"so", "nor", "neither", "as", "than"})


def questions(r: Reading, mentions: Sequence[Mention] = ()) -> list[Issue]:
    """Sentences that ask instead of sharing. Not a question: a statement said with a rising
    "?" ("i think im actually happy??"), nor a practical question beside a feeling shared in
    another sentence ("so excited for tonight. should i bring wine?")."""
    out: list[Issue] = []
    g = r.lex.grammar
    words = r.words
    marks = "?" in words
    shared: set[int] | None = None
    for number, (s0, s1) in enumerate(r.sentences):
        if not marks and words[s0] not in g.question_openers:
            # most sentences: no "?", and no question word order; but a clause may still turn
            # to the other person unmarked ("im so angry, why would u say that", "anyway hbu")
            turns = _unmarked_ask(r, s0, s1)
            if turns is None and s1 == len(words):
                turns = _trailing_ask(r, s0, s1)
            arranges = turns is not None and r.any_within(_LOGISTICS, turns, s1) is not None
            if turns is not None and (words[turns] in g.asking_after or not arranges):
                out.append(Issue(IssueKind.QUESTION, r.span(turns, s1), r.quote(turns, s1)))
            continue
        last = _last_mark(r, s0, s1)
        first = _first_word(r, s0, s1)
        if first is None:
            continue
        inverted = _inverted(r, first, s1)
        marked = last is not None and r.words[last] == "?"
        asks = last is not None and marked and (inverted or not _tag_before(r, last))
        if not (asks or inverted):
            continue
        # "im hurt u didnt come, DO U EVEN CARE?", "im worried. SHOULD I CALL HIM?": the
        # clause that carries the "?" asks, whatever the sentence shared before it
        turns = None
        if marked and last is not None:
            turns = _last_clause_asks(r, first, last)
            if turns is None:
                turns = _guidance(r, s0, s1)
        if turns is not None and r.any_within(_LOGISTICS, turns, s1) is not None:
            turns = None  # "…, should i bring cake?": it only arranges a time or a thing
        if shared is None:
            shared = {r.sentence_of[m.start] for m in mentions if not m.frame.negated}
        if not inverted and turns is None and number in shared:
            continue  # a feeling said with a rising voice
        if shared - {number} and turns is None and not _about_feelings(r, s0, s1):
            continue  # a practical question beside a feeling already shared
        end = last + 1 if marked and last is not None else s1
        if turns is not None and not inverted:
            first = turns  # quote the clause that asks, not the feeling before it
        out.append(Issue(IssueKind.QUESTION, r.span(first, end), r.quote(first, end)))
    return out


def _inverted(r: Reading, first: int, s1: int) -> bool:
    """Question word order: "how long IS…", "DOES everyone feel…", "what if…"."""
    g = r.lex.grammar
    w0, w1 = r.words[first], r.word(first + 1)
    if w0 in g.auxiliaries:
        return w1 in g.subject_pronouns or w1 in g.dummy_subjects or w1 in g.third_person
    if w0 not in g.question_words:
        return False
    if w1 in g.conditional_words:
        return True  # "what if im not enough"
    if w1 in g.auxiliaries:
        return True
    # "how LONG is…", "what TIME is…"; but "when I was a kid" is no question
    return (
        w0 in g.noun_question_words
        and w1 not in g.subject_pronouns
        and first + 2 < s1
        and r.word(first + 2) in g.auxiliaries
    )


def _last_clause_asks(r: Reading, first: int, last: int) -> int | None:
    """Where the clause that ends at the "?" opens, if it opens in question order after a
    clause that did not ("im scared ur gonna leave, ARE U?")."""
    c0 = r.clause_span(last)[0]
    start = _first_word(r, c0, last)
    if start is not None and start > first and _inverted(r, start, last):
        return start
    return None


def _unmarked_ask(r: Reading, s0: int, s1: int) -> int | None:
    """Where a clause with no "?" opens by asking the other person, in question order and
    with "you" in it ("…, why would u say that", "lol anyway hows ur day"); None if none
    does. A clause opens at its start, past any "and", "lol", "anyway", or right after one."""
    g = r.lex.grammar
    said = r.words[s0:s1]
    if g.second_person.isdisjoint(said):
        return None  # most sentences: no "you" to ask
    if g.question_words.isdisjoint(said) and g.auxiliaries.isdisjoint(said):
        return None
    k = s0
    while k < s1:
        c1 = r.clause_span(k)[1]
        for start in range(k, c1):
            opens = start == k or r.words[start - 1] in g.context_skips or not r.is_word(start - 1)
            if not opens:
                continue
            w = r.words[start]
            if (
                w in g.question_words
                and _inverted(r, start, c1)
                and any(r.words[i] in g.second_person for i in range(start, c1))
            ):
                return start
            if (
                w in g.auxiliaries
                and start > s0
                and r.word(start + 1) in g.second_person
                and w not in _CONDITIONAL_INVERTERS  # "had you been there", "should you want"
                and r.words[start - 1] not in _ECHOES  # "im tired and so are you"
                and r.words[start - 1] not in g.infinitive_markers  # "so lucky to have you"
            ):
                return start  # "…, do u even notice": a later clause asks in question order
        k = max(c1, k + 1)
    return None


def _trailing_ask(r: Reading, s0: int, s1: int) -> int | None:
    """Where the message's last clause opens, if it asks in question order or for guidance
    with its "?" left off, as chat drops it ("son moved out, how do i stop checking on him",
    "presentation tmrw, any tips"); None if it does not. Only the last: "how i see it is…"
    mid-message is no question, and the word order already tells one from the other."""
    c0 = r.clause_span(s1 - 1)[0]
    start = _first_word(r, max(c0, s0), s1)
    if start is None:
        return None
    if start == s0:  # one clause: only a plea for guidance that closes it asks ("…any tips")
        pleas = r.tagged(Tag.GUIDANCE)
        if not pleas:
            return None  # most messages: no word of the last clause is looked at again
        words = [k for k in range(s0, s1) if r.is_word(k) and r.hit_at(Tag.LAUGH, k) is None]
        g = r.lex.grammar
        for h in pleas:
            if words and s0 <= h.start and h.end == words[-1] + 1:
                if r.words[h.start] in g.auxiliaries and _after_its_subject(r, s0, h.start):
                    continue  # "the fight was that petty": a verb in its clause, not a question
                return h.start
        return None
    g = r.lex.grammar
    if r.words[start] in g.relative_openers or r.hit_at(Tag.RHETORICAL, start) is not None:
        return None  # "…, which is new for me" tells more; "…, whats the point" only sighs
    # a question word in question order ("how do i…", "when does it…"), not a bare verb first:
    # "so proud, did it all by myself" tells, and "what if he leaves" is a worry said aloud
    if (
        r.words[start] in g.question_words
        and r.word(start + 1) not in g.conditional_words
        and _inverted(r, start, s1)
    ):
        return start
    return _guidance(r, start, s1)


def _after_its_subject(r: Reading, s0: int, k: int) -> bool:
    """Whether the auxiliary at token k follows a noun phrase that is its subject ("the fight
    WAS that petty"), not a whole clause before it ("i feel jealous IS that dumb")."""
    g = r.lex.grammar
    return any(article(g, r.words[j]) for j in range(max(s0, k - 2), k))  # "the", not "her"


def _guidance(r: Reading, s0: int, s1: int) -> int | None:
    """Where a clause of the sentence opens by asking what to do ("should i…", "any tips"), if
    one does. (The caller leaves out a question that only arranges a time, a place or a thing.)"""
    for h in r.tagged(Tag.GUIDANCE):
        if s0 <= h.start < s1 and _first_word(r, r.clause_span(h.start)[0], s1) == h.start:
            return h.start
    return None


def _about_feelings(r: Reading, s0: int, s1: int) -> bool:
    g = r.lex.grammar
    if any(r.words[i] in g.second_person for i in range(s0, s1)):
        return True  # asked of the person: "why didnt u say anything?"
    said = r.words[s0:s1]
    if g.first_person.isdisjoint(said) and r.any_within(_LOGISTICS, s0, s1) is None:
        # "im lonely. how do adults even make friends": asked about people, not a practical
        # thing ("nervous. is it open book?")
        if not g.everyone_words.isdisjoint(said) or not g.person_pronouns.isdisjoint(said):
            return True
        if r.any_within(Tag.PERSON, s0, s1) is not None:
            return True
    return any(
        r.any_within(tag, s0, s1) is not None
        for tag in (Tag.FEELING, Tag.FAUX, Tag.FEELING_VERB, Tag.EVALUATION, Tag.STIMULUS)
    ) or any(r.words[i] in r.lex.grammar.feel_forms for i in range(s0, s1))


def asks(r: Reading, s0: int) -> bool:
    """Whether the sentence that starts at token s0 ends with a question mark."""
    last = _last_mark(r, s0, r.sentence_span(s0)[1])
    return last is not None and r.words[last] == "?"


def is_only_questions(r: Reading, issues: list[Issue]) -> bool:
    """Whether the message only asks: a question in every sentence, with no "I" told before
    it ("I'm 40 and still renting, is that normal?" tells something first; "hey, do you think
    im annoying?" does not)."""
    if not issues:
        return False
    if len(issues) != len([s for s in r.sentences if _first_word(r, *s) is not None]):
        return False
    speaker = r.lex.grammar.speaker_words
    for issue in issues:
        k = r.token_at(issue.span[0])
        s0 = r.sentence_span(k)[0]
        if any(r.words[j] in speaker or r.finite(j) for j in range(s0, k)):
            return False  # told before it asks: by "I", or by a verb ("son moved out, how…")
    return True


def _last_mark(r: Reading, s0: int, s1: int) -> int | None:
    for k in range(s1 - 1, s0 - 1, -1):
        if r.words[k] in ("?", ".", "!", "…"):
            return k
        if r.is_word(k):
            return None
    return None


def _first_word(r: Reading, s0: int, s1: int) -> int | None:
    for k in range(s0, s1):
        if r.is_word(k):
            return k
    return None


def _tag_before(r: Reading, q: int) -> bool:
    return any(h.end == q and h.start > r.sentence_span(q)[0] for h in r.tagged(_TAG_QUESTION))


def advice(r: Reading) -> list[Issue]:
    out = []
    g = r.lex.grammar
    for hit in r.tagged(_ADVICE_MODAL):
        k = hit.start - 1
        while k >= 0 and r.words[k] in g.advice_gap:
            k -= 1
        if r.word(hit.end) in g.perfect_auxiliaries:
            continue  # "you should have seen his face": a wish about the past, not advice
        if r.word(k) == "you" and r.word(k - 1) not in g.auxiliaries:
            out.append(Issue(IssueKind.ADVICE, r.span(k, hit.end), r.quote(k, hit.end)))
    for hit in r.tagged(_ADVICE_PHRASE):
        out.append(Issue(IssueKind.ADVICE, r.span(hit.start, hit.end), r.quote(hit.start, hit.end)))
    minimizers = r.tagged(_MINIMIZER)
    for hit in r.tagged(_IMPERATIVE):
        c0 = r.clause_span(hit.start)[0]
        opens = hit.start == c0 or all(
            r.words[k] in ("just", "please", "so", "oh", "and", "but") for k in range(c0, hit.start)
        )
        inside_minimizer = any(m.start <= hit.start < m.end for m in minimizers)
        if opens and not inside_minimizer:
            out.append(
                Issue(IssueKind.ADVICE, r.span(hit.start, hit.end), r.quote(hit.start, hit.end))
            )
    out.extend(_commands(r, minimizers))
    return out


def _commands(r: Reading, minimizers: list) -> list[Issue]:
    """A clause that opens with a verb in its plain form, said to someone: "just text her back",
    "smile more", "dont be so hard on yourself"."""
    g = r.lex.grammar
    words, kinds = r.words, r.tokens.kinds
    never, contrasts = g.never_commands, g.contrasts
    out = []
    for c0, c1, plea in _command_starts(r):
        w = words[c0]
        if w in never:
            continue  # most clauses open with their subject, an article, a question word…
        if c0 > 0 and kinds[c0 - 1] is not TokenKind.PUNCT and w not in contrasts and not plea:
            continue  # "and made dinner" goes on a sentence with its subject
        i = c0
        while i < c1 and words[i] in g.command_openers:
            i += 1
        negative = i < c1 and words[i] == "do" and r.word(i + 1) == "not"
        if negative:
            i += 2
        if i >= c1 or words[i] in never:
            continue  # "honestly I…"
        if any(m.start <= i < m.end for m in minimizers):
            continue
        if _invites(r, c0) or r.any_within(Tag.PAST, c0, c1) is not None:
            continue  # "sit with me?" invites; "quit smoking 40 days ago" tells a deed
        # "dont overthink it": after "do not", a word no dictionary knows is still the verb
        unknown_verb = negative and not word_tags(words[i]) and words[i].isalpha()
        # "dont go": a plain verb alone after "do not" is a command, though it is a noun too
        bare_negative = negative and (i + 1 >= c1 or r.is_punct(i + 1))
        bare_negative = bare_negative and "VB" in word_tags(words[i])
        bare_negative = bare_negative and words[i] not in g.not_commands
        if (
            _command_verb(r, i, c1)
            or bare_negative
            or (unknown_verb and r.word(i + 1) in g.object_words)
        ) and not _subject_of_a_verb(r, i, c1):
            out.append(Issue(IssueKind.ADVICE, r.span(c0, i + 1), r.quote(c0, i + 1)))
    return out


def _subject_of_a_verb(r: Reading, i: int, c1: int) -> bool:
    """Whether the words from i are the subject of a verb with a tense later in the clause,
    with no person or new clause between: "rain on a sunday MAKES me cosy", "walking the dog
    IS my favourite bit" (a command's verb is the one it opens with: "tell him it makes…")."""
    g = r.lex.grammar
    for j in range(i + 1, c1):
        w = r.words[j]
        if w in g.subject_pronouns or w in g.third_person_objects or w in g.conjunctions:
            return False
        if not r.is_word(j):
            return False  # "eat something, dinner is ready": a clause of its own
        tags = word_tags(w)
        # a plural noun reads as a verb too ("stop leaving wet TOWELS on the bed"): a verb
        # only when no noun, or when it takes an object ("makes me")
        nxt, before = r.word(j + 1), r.words[j - 1]
        verb = (
            "VBZ" in tags
            and ("NOUN" not in tags or nxt in g.object_words or nxt in g.first_person_objects)
            and before not in g.determiners  # "pass the CRISPS": a noun after its article
            and "ADJ" not in word_tags(before)  # "wet TOWELS"
        )
        if j > i + 1 and verb:
            return True
    return False


def _command_starts(r: Reading) -> list[tuple[int, int, bool]]:
    """Where a command may open, and whether it opens with a plea: each clause, and a plea
    after a conjunction inside one ("im worried about u so PLS eat something")."""
    g = r.lex.grammar
    starts = [(c0, c1, False) for c0, c1 in r.clauses]
    if g.plea_words.isdisjoint(r.words):
        return starts  # most statements: no "pls" at all
    for k in range(1, len(r.words)):
        if r.words[k] in g.plea_words and r.words[k - 1] in g.clause_breaks:
            starts.append((k, r.clause_span(k)[1], True))
    return starts


def _invites(r: Reading, c0: int) -> bool:
    """Whether the sentence asks ("sit with me?"): a "?" after a tag ("…, ok?") does not."""
    s0, s1 = r.sentence_span(c0)
    last = _last_mark(r, s0, s1)
    return last is not None and r.words[last] == "?" and not _tag_before(r, last)


def _command_verb(r: Reading, i: int, c1: int) -> bool:
    g = r.lex.grammar
    w = r.words[i]
    tags = word_tags(w)
    nxt = r.word(i + 1)
    if "VB" not in tags:
        # "text her back": a noun used as a verb, shown by the person it is done to
        return tags == _NOUN_ONLY and nxt in g.third_person_objects and r.is_word(i)
    if w in g.adjective_commands:
        nxt_tags = word_tags(nxt)  # "be nicer to yourself", "stay strong"; not "be right back"
        return "ADJ" in nxt_tags and "ADV" not in nxt_tags
    if w in g.not_commands or w in g.auxiliaries or not r.is_word(i):
        return False
    if r.hit_at(Tag.FEELING, i) or r.hit_at(Tag.FEELING_VERB, i):
        return False  # "miss u", "lonely tonight": a feeling with its "I" left out
    if nxt in g.first_person_objects:
        return False  # "call me", "tell me": asking for oneself, not telling them what to do
    if i + 1 >= c1 or r.is_punct(i + 1):
        return "NOUN" not in tags and "ADJ" not in tags  # "breathe." but not "sleep." or "cool."
    if "ADJ" in tags or "ADV" in tags:  # "right now", "clean af": a verb only before its object
        return nxt in g.command_objects and nxt in g.object_words
    if nxt in g.command_objects:
        return True
    nxt_tags = word_tags(nxt)
    if w in g.motion_commands and "VB" in nxt_tags:
        return True  # "go talk to him"
    return w in g.gerund_commands and ("VBG" in nxt_tags or not nxt_tags)


_NOUN_ONLY = frozenset({"NOUN"})
