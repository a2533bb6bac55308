"""Judgments: faux feelings ("I feel ignored"), verdicts on a person ("you're so selfish",
"my boss is an idiot", "I'm worthless"), rules made of one event ("you never…") and blame
("you make me so angry").
"""

from __future__ import annotations

from typing import Final

from .feelings import FauxMention, FrameKind, Mention
from .inflect import is_english, word_tags
from .lexicon import Entry, Tag, Valence
from .model import Issue, IssueKind
from .phrases import Hit
from .reading import Reading

# Tags and kinds read on every statement, bound once: on Python 3.11 an Enum member read
# from its class goes through EnumType's slow attribute hook (as in reading.py).
_SELF_VERDICT: Final = Tag.SELF_VERDICT
# any verb that may take an object ("i miss U too much")
_OBJECT_VERB_TAGS: Final = frozenset({"VB", "VBP", "VBD", "VBZ"})
_EVALUATION: Final = Tag.EVALUATION
_INTERPRETIVE: Final = Tag.INTERPRETIVE
_GENERALISER: Final = Tag.GENERALISER
_BLAME: Final = Tag.BLAME
_SARCASTIC_PRAISE: Final = Tag.SARCASTIC_PRAISE
_FEELING: Final = Tag.FEELING


def find(r: Reading, faux: list[FauxMention], mentions: list[Mention]) -> list[Issue]:
    issues = [
        Issue(IssueKind.JUDGMENT, r.span(m.start, m.end), r.quote(m.start, m.end), m.faux.may_hide)
        for m in faux
    ]
    # the passes that read one tag only are called only when it was found (most statements:
    # no verdict, interpretation, sarcasm or loathing of oneself)
    if r.tagged(_EVALUATION):
        issues += _verdicts(r)
    issues += _generalisations(r)
    if r.tagged(Tag.EXCESS):
        issues += _excesses(r)
    issues += _blame(r, mentions)
    if r.tagged(_INTERPRETIVE):
        issues += _interpretations(r)
    if r.any_tagged(_ANY_SARCASM):
        issues += _sarcasm(r)
    if r.tagged(_SELF_VERDICT):
        issues += _self_verdicts(r)
    return issues


def _self_verdicts(r: Reading) -> list[Issue]:
    """ "i hate myself", "cant stand myself": loathing turned on oneself is a verdict, not a
    feeling about oneself to praise (another's "he hates himself" is not the speaker's)."""
    return [
        Issue(IssueKind.JUDGMENT, r.span(h.start, h.end), r.quote(h.start, h.end), about_self=True)
        for h in r.tagged(_SELF_VERDICT)
    ]


def _verdicts(r: Reading) -> list[Issue]:
    out: list[Issue] = []
    for hit in r.tagged(_EVALUATION):
        felt = r.hit_at(_FEELING, hit.start) is not None and _after_feel(r, hit.start)
        if felt and r.words[hit.start] not in r.lex.grammar.felt_verdicts:
            continue  # "I feel hopeless" names a feeling; "I'm hopeless" is a verdict
        if _grades_a_feeling(r, hit.start, hit.end):
            continue  # "im crazy nervous": how nervous, not a verdict
        subject = _subject_before(r, hit.start)
        if subject is None:
            if _bare_verdict(r, hit.start, hit.end) and not any(
                i.span[0] <= r.span(hit.start, hit.end)[0] < i.span[1] for i in out
            ):  # "so immature", "liars, all of them"
                out.append(_judged(r, hit.start, hit.end))
            continue
        g = r.lex.grammar
        on_self = r.words[subject] in g.first_person and r.words[subject] not in g.possessives
        span, quote = r.span(subject, hit.end), r.quote(subject, hit.end)
        out.append(Issue(IssueKind.JUDGMENT, span, quote, about_self=on_self))
    return out


def _interpretations(r: Reading) -> list[Issue]:
    """ "you brushed me off again", "she twists my words": a person's act told as its meaning."""
    out = []
    g = r.lex.grammar
    for hit in r.tagged(_INTERPRETIVE):
        k = hit.start - 1
        while k >= 0 and (r.words[k] in g.generaliser_gap or r.words[k] in g.act_fillers):
            k -= 1
        subject = _person_at(r, k)  # a person: "sorry to whine" judges no one
        if subject is None or r.words[subject] == "i" or _asks(r, subject):
            continue
        out.append(Issue(IssueKind.JUDGMENT, r.span(subject, hit.end), r.quote(subject, hit.end)))
    return out


def _subject_at(r: Reading, k: int) -> int | None:
    """Where the subject ending at token k begins: a person, a name, or any noun phrase that opens
    its clause ("my cousins", "tom", "the new guy"); None for "it", "this", "there" and the like,
    which stand for a thing or nothing, and for a word that cannot be a subject."""
    person = _person_at(r, k)
    if person is not None:
        return person
    if k < 0 or not r.is_word(k):
        return None
    g = r.lex.grammar
    w = r.words[k]
    if w in g.dummy_subjects or w in g.function_words or w in r.lex.grammar.first_person:
        return None
    c0 = r.clause_span(k)[0]
    start = k
    # back over the noun phrase ("the last one", "my brother in law", "karen from accounting"),
    # to where a clause opens: its start, a joint ("and", "but"), or a conjunction ("because")
    while start > c0 and k - start < 4:
        before = r.words[start - 1]
        if before in g.coordinators or before in g.conjunctions:
            break
        if before in g.function_words and before not in g.determiners | g.prepositions:
            return None  # a verb or an auxiliary: this is no subject
        start -= 1
    opens = (
        start == c0 or r.words[start - 1] in g.coordinators or r.words[start - 1] in g.conjunctions
    )
    return start if opens else None


_SARCASM_TAGS = (Tag.SARCASTIC_PHRASE, Tag.SARCASM_MARK, Tag.REPEAT_MARK)
_ANY_SARCASM = (*_SARCASM_TAGS, Tag.SARCASTIC_PRAISE)  # with none of them, `_sarcasm` finds none


def _sarcasm(r: Reading) -> list[Issue]:
    """Praise that means blame: beside an eye-roll ("love that for me 🙄"), in a set phrase
    ("thanks for nothing"), or alone before what went wrong once more ("Fantastic. He took the
    car and brought it back empty. Again.")."""
    if not r.any_tagged(_SARCASM_TAGS):
        if not r.any_tagged((_SARCASTIC_PRAISE,)):
            return []
        return _praise_then_more(r) + _praise_set_off_before_pain(r)
    out: list[Issue] = []
    for hit in r.tagged(Tag.SARCASTIC_PHRASE):  # "thanks for nothing", "oh great another"
        s0, s1 = r.sentence_span(hit.start)
        if _thanked(r, hit.start, hit.end) or _someone_in(r, s0, s1):
            out.append(_judged(r, hit.start, hit.end))  # aimed at a person: blame
        else:  # "oh great another monday": the day, no one; the groan said as praise
            span, quote = r.span(hit.start, hit.end), r.quote(hit.start, hit.end)
            out.append(Issue(IssueKind.SUGAR_COATING, span, quote))
    for mark in r.tagged(Tag.SARCASM_MARK):
        s0 = r.sentence_span(mark.start)[0]
        s0 = r.sentence_span(s0 - 1)[0] if s0 > 0 and mark.start == s0 else s0
        praise = _praise_within(r, s0, mark.start)
        if praise is None:
            if r.words[mark.start] in r.lex.grammar.eye_rolls and _addressed(r, s0, mark.start):
                out.append(_judged(r, s0, mark.end))  # "yeah youre sooo busy, i get it 🙄"
            continue
        if _thanked(r, s0, mark.end) or _someone_in(
            r, 0, len(r.words)
        ):  # "u forgot again. love that 🙃"
            out.append(_judged(r, praise.start, mark.end))  # aimed at a person: blame
        # and always the hurt dressed as its opposite ("parenting is fun 🙃")
        span, quote = r.span(praise.start, mark.end), r.quote(praise.start, mark.end)
        out.append(Issue(IssueKind.SUGAR_COATING, span, quote))
    out += _praise_then_more(r)
    out += _praise_set_off_before_pain(r)
    if len(r.sentences) > 1 and r.tagged(Tag.REPEAT_MARK):
        for s0, s1 in r.sentences:
            praise = r.hit_at(_SARCASTIC_PRAISE, s0)
            if praise is not None and all(r.is_punct(k) for k in range(praise.end, s1)):
                out.append(_judged(r, s0, praise.end))  # a sentence of praise alone
    return out


def _praise_then_more(r: Reading) -> list[Issue]:
    """Praise opening a sentence, then more of something ("great, another family meltdown",
    "yay more paperwork"): the groan said as praise; blame when someone is in it."""
    out: list[Issue] = []
    more_of = r.lex.grammar.more_of
    for hit in r.tagged(_SARCASTIC_PRAISE):
        s0, s1 = r.sentence_span(hit.start)
        if hit.start != s0:
            continue
        k = hit.end
        while k < s1 and r.is_punct(k):
            k += 1
        if k >= s1 or r.words[k] not in more_of or _glad_after(r, k):
            continue
        if _someone_in(r, k, s1):
            out.append(_judged(r, hit.start, s1))
        else:
            out.append(
                Issue(IssueKind.SUGAR_COATING, r.span(hit.start, k + 1), r.quote(hit.start, k + 1))
            )
    return out


_VERB_TAGS = frozenset({"VBD", "VBZ", "VBN", "VBG", "VBP"})


def _praise_set_off_before_pain(r: Reading) -> list[Issue]:
    """Praise set off on its own at the start, then what hurt: "best birthday ever, mum forgot
    and dad cancelled", "cool cool cool, nobody showed up". The groan said as praise; blame
    when someone is in it."""
    if not r.clauses:
        return []
    first = r.hit_at(_SARCASTIC_PRAISE, 0)
    c1 = r.clauses[0][1]
    # its clause holds the praise and at most two words more ("best day ever,")
    if first is None or len(r.clauses) < 2 or c1 - first.end > 2:
        return []
    rest = (c1, len(r.words))
    g = r.lex.grammar
    after = r.words[c1:]
    # a hurtful act ("forgot", "cancelled"), not a hard thing that may have gone well ("great,
    # my surgery went well")
    pained = any(
        c1 <= hit.start and not word_tags(r.words[hit.start]).isdisjoint(_VERB_TAGS)
        for hit in r.tagged(Tag.PAINFUL_EVENT)
    )
    no_show = _nobody_came(r, c1)  # "nobody showed up"; not "nobody got hurt"
    # "great, it didnt rain", "great, nobody got hurt": relief, not a groan
    negated = not g.negations.isdisjoint(after) or (
        not no_show and not g.nobody_words.isdisjoint(after)
    )
    if not (pained or no_show) or negated:
        return []
    # blame when someone is in it; "nobody came" is hurt laughed off, no one's fault in words
    if not no_show and _someone_in(r, *rest):
        return [_judged(r, 0, len(r.words))]
    return [Issue(IssueKind.SUGAR_COATING, r.span(first.start, first.end), r.quote(0, first.end))]


def _nobody_came(r: Reading, start: int) -> bool:
    """ "nobody came", "no one replied": no one did what the speaker hoped for, after `start`."""
    g = r.lex.grammar
    return any(
        r.words[k] in g.nobody_words and not g.no_show_verbs.isdisjoint(r.words[k + 1 : k + 3])
        for k in range(start, len(r.words))
    )


def _glad_after(r: Reading, start: int) -> bool:
    """A glad feeling said after it ("great, another promotion for my sister, im so proud"):
    the praise was meant."""
    for hit in r.tagged(_FEELING):
        feeling = hit.payload.feeling
        if hit.start >= start and feeling is not None and feeling.valence is Valence.POSITIVE:
            return True
    return False


def _thanked(r: Reading, start: int, end: int) -> bool:
    """Whether a "thanks" stands in [start, end): thanks are said to someone."""
    return any(r.words[k] in r.lex.grammar.thanks_words for k in range(start, end))


def _praise_within(r: Reading, start: int, end: int) -> Hit[Entry] | None:
    """Praise, or any glad feeling ("so thrilled to host again 🙃"), in [start, end)."""
    praise = r.any_within(_SARCASTIC_PRAISE, start, end)
    if praise is not None:
        return praise
    for hit in r.tagged(_FEELING):
        feeling = hit.payload.feeling
        if feeling is None or not start <= hit.start or hit.end != hit.start + 1 or hit.end > end:
            continue  # a single word in the range: not "at home"
        if feeling.valence is Valence.POSITIVE and not feeling.feel_only:
            return hit
    return None


def _someone_in(r: Reading, start: int, end: int) -> bool:
    """Whether a person other than the speaker is named or addressed in [start, end)."""
    g = r.lex.grammar
    for k in range(start, end):
        w = r.words[k]
        if w in g.person_pronouns or w in g.second_person or w in g.third_person_objects:
            return True
        if r.hit_at(Tag.PERSON, k) is not None or _name_like(r, k):
            return True
    return False


def _addressed(r: Reading, start: int, end: int) -> bool:
    """Whether "you" is spoken to in [start, end)."""
    return any(r.words[k] in r.lex.grammar.second_person for k in range(start, end))


def _judged(r: Reading, start: int, end: int) -> Issue:
    return Issue(IssueKind.JUDGMENT, r.span(start, end), r.quote(start, end))


def _after_feel(r: Reading, i: int) -> bool:
    k = i - 1
    while k >= 0 and r.words[k] in r.lex.grammar.verdict_fillers:
        k -= 1
    return r.word(k) in ("feel", "feels", "feeling", "felt")


def _subject_before(r: Reading, i: int) -> int | None:
    """Where the judged person stands, for '<person> is (so) <verdict>'; else None."""
    k = i - 1
    while k >= 0 and r.words[k] in r.lex.grammar.verdict_fillers:
        k -= 1
    if k >= 0 and r.words[k] == "you":  # "you idiot!": a bare verdict must close its clause
        # and "you" must not be a verb's object: "i miss u too much" measures the missing
        before = r.word(k - 1)
        if before not in r.lex.grammar.prepositions and word_tags(before) & _OBJECT_VERB_TAGS:
            return None
        return k if _closes_clause(r, i) else None
    g = r.lex.grammar
    if k >= 0 and r.words[k] in g.feel_forms:
        # "I feel pathetic" is a self-verdict; "it feels stupid" is about a thing
        while k >= 0 and (r.words[k] in g.feel_forms or r.words[k] in g.frame_fillers):
            k -= 1
        if r.word(k) == "i":
            return k
        if r.word(k) in g.first_person and r.word(k - 1) in g.blame_verbs:
            return k - 1  # "my dad makes me feel like a failure": a verdict put on the speaker
        likened = any(r.words[j] == "like" for j in range(k + 1, i))  # "feel like a loser"
        return k + 1 if likened and k < r.clause_span(i)[0] else None  # the I left out
    if k >= 0 and _is_left_out(r, k):
        return _subject_at(r, k)  # "omars a snake", "my dads a narcissist"
    modifiers = 0  # "a micromanaging clown", "such a cold selfish person"
    while k >= 0 and modifiers < 2 and not _copula(r, k) and _modifies(r, k):
        modifiers += 1
        k -= 1
        while k >= 0 and r.words[k] in g.verdict_fillers:
            k -= 1
    if k < 0 or not _copula(r, k):
        return None
    clitic = r.words[k] != r.words[k].lstrip("'’") and r.words[k + 1] not in g.verdict_fillers
    # "mark's lazy" is a verdict; "dad's racist jokes", "grandpa's jokes" are possessives
    if clitic and not (_closes_clause(r, i) and "ADJ" in word_tags(r.words[i])):
        return None
    while k >= 0 and (_copula(r, k) or r.words[k] in g.verdict_fillers):
        k -= 1
    while k > 0 and r.words[k] in g.subject_tails:
        k -= 1  # "the doctors HERE are clueless"
    return _subject_at(r, k)


def _is_left_out(r: Reading, k: int) -> bool:
    """Whether the word at k is a name or a person with its "'s" (is) typed as a bare "s":
    "omars a snake", "my dads a narcissist" (a plural before "a" cannot be the subject)."""
    w = r.words[k]
    if len(w) < 4 or not w.endswith("s") or not w.isalpha():
        return False
    nxt = r.word(k + 1)
    name = not is_english(w) and w not in r.lex.vocabulary
    if nxt in ("a", "an"):
        return name or r.hit_at(Tag.PERSON, k) is not None
    return name and nxt in r.lex.grammar.verdict_fillers


def _bare_verdict(r: Reading, start: int, end: int) -> bool:
    """A verdict that is its whole clause, its subject left out: "cant believe u did that, so
    immature", "liars, all of them", "total jerk tbh". Not one that describes a noun after it
    ("lazy sunday", "stupid me")."""
    g = r.lex.grammar
    c0, c1 = r.clause_span(start)
    k = start - 1
    while k >= c0 and (r.words[k] in g.verdict_fillers or r.words[k] in _EXCLAIM):
        k -= 1
    if k >= c0:
        return False
    if r.hit_at(Tag.STIMULUS_ADJ, start) is not None:
        return False  # "so annoying", "boring.": what a situation is like, a feeling about it
    if r.word(end) == "for" and r.gerund(end + 1):
        return True  # "so stupid for believing him": the verdict, and the deed it is for
    rest = [r.words[j] for j in range(end, c1) if r.is_word(j)]
    return all(w in g.context_skips or w in _WHOLE_LOT for w in rest)


_EXCLAIM = frozenset({"what", "how", "ugh", "omg", "wow"})
_WHOLE_LOT = frozenset({"all", "of", "them", "the", "whole", "lot", "tbh", "ngl", "honestly", "af"})


def _grades_a_feeling(r: Reading, start: int, end: int) -> bool:
    """An intensifier that judges alone ("crazy", "insanely") standing right before a feeling."""
    return (
        end == start + 1
        and r.words[start] in r.lex.grammar.intensifiers
        and r.hit_at(_FEELING, end) is not None
    )


def _copula(r: Reading, k: int) -> bool:
    """ "is", "seems", or the "'s" of "mark's a slob" (the lexicon keeps words without their
    apostrophes, the reading keeps the clitic as written)."""
    return r.words[k].lstrip("'’") in r.lex.grammar.verdict_copulas


def _modifies(r: Reading, k: int) -> bool:
    """An adjective or participle that may stand before a verdict noun."""
    w = r.words[k]
    if not r.is_word(k) or w in r.lex.grammar.function_words:
        return False
    tags = word_tags(w)
    return bool(tags & _MODIFIER_TAGS) or (not tags and w not in r.lex.vocabulary)


_MODIFIER_TAGS = frozenset({"ADJ", "VBG", "VBN"})


def _closes_clause(r: Reading, i: int) -> bool:
    for hit in r.tagged(_EVALUATION):
        if hit.start == i:
            return hit.end >= r.clause_span(i)[1] or r.is_punct(hit.end)
    return False


def _person_at(r: Reading, k: int) -> int | None:
    """Index where a person subject ending at token k begins ('you', 'he', 'my boss', 'Sam')."""
    if k < 0:
        return None
    w = r.words[k]
    if w in r.lex.grammar.relative_pronouns and k > 0:
        return _person_at(r, k - 1)  # "a husband WHO never lifts a finger"
    if w in r.lex.grammar.person_pronouns or w == "i":
        return k
    if r.capitalised(k) and k > 0 and not r.is_punct(k - 1) and w != "i":
        return k  # a name mid-sentence
    if _name_like(r, k):
        return k
    for hit in r.tagged(Tag.PERSON):
        if hit.end == k + 1:
            owner = hit.start - 1
            return (
                owner if owner >= 0 and r.words[owner] in r.lex.grammar.determiners else hit.start
            )
    return None


def _name_like(r: Reading, k: int) -> bool:
    """A word no dictionary knows, opening its clause: a name typed in lower case ("tom is…")."""
    w = r.words[k]
    if not r.is_word(k) or not w.isalpha() or w in r.lex.vocabulary:
        return False
    opens = k == 0 or r.is_punct(k - 1) or r.words[k - 1] in r.lex.grammar.coordinators
    return opens and not is_english(w)


def _generalisations(r: Reading) -> list[Issue]:
    out = _habits(r)
    g = r.lex.grammar
    for hit in r.tagged(_GENERALISER):
        if r.words[hit.start] in g.third_person:  # "nobody ever…", "everyone always…"
            out.append(
                Issue(IssueKind.JUDGMENT, r.span(hit.start, hit.end), r.quote(hit.start, hit.end))
            )
            continue
        k = hit.start - 1
        while k >= 0 and r.words[k] in g.generaliser_gap:
            k -= 1
        subject = _person_at(r, k)
        if subject is None and r.hit_at(Tag.TRAILING_GENERALISER, hit.start) is not None:
            subject = _clause_subject(r, hit.start)  # "u interrupt me every single time"
        if subject is None or r.words[subject] == "i":
            continue
        if _closes_a_noun_phrase(r, hit.start, hit.end):
            continue  # "the best partner ever": the end of a superlative, no act made a rule
        if k + 1 < hit.start and r.words[k + 1] in g.auxiliaries and _asks(r, k):
            continue  # "have you ever…" is a question, not a rule
        if _asked_in_order(r, subject) and r.words[hit.start] == "ever":
            continue  # "do you ever think about us": asked in question order, "?" or not
        if (
            r.word(hit.end) in g.obligation_verbs
            and r.word(hit.end + 1) == "to"
            and any(w in g.negations for w in r.words[hit.start : hit.end])
        ):
            continue  # "you never have to ask", "u dont even need to bring anything": a kindness
        out.append(Issue(IssueKind.JUDGMENT, r.span(subject, hit.end), r.quote(subject, hit.end)))
    return out


def _asked_in_order(r: Reading, subject: int) -> bool:
    """Whether an auxiliary opens the clause right before its subject: "DO you ever…"."""
    c0 = r.clause_span(subject)[0]
    k = subject - 1
    while k > c0 and r.words[k] in r.lex.grammar.context_skips:
        k -= 1
    return k >= c0 and r.words[k] in r.lex.grammar.auxiliaries and (k == c0 or not r.is_word(k - 1))


def _excesses(r: Reading) -> list[Issue]:
    """Another person's deed measured against a standard: "Finn drives too fast", "she cancels
    on me far too often". The speaker's own ("i ate too much") and a feeling's strength ("i miss
    u too much", "it hurts too much") are no verdict on anyone."""
    out: list[Issue] = []
    g = r.lex.grammar
    speaker = (g.first_person - g.possessives) | g.we_us  # "my sister" is another's deed
    for hit in r.tagged(Tag.EXCESS):
        subject = _clause_subject(r, hit.start)  # "my sister": the determiner opens it
        if subject is None or r.words[subject] in speaker:
            continue
        if r.any_tagged(_FELT) and _person_at(r, hit.start - 1) is not None:
            continue  # "i love u too much": the feeling's strength, with its object before it
        out.append(Issue(IssueKind.JUDGMENT, r.span(subject, hit.end), r.quote(subject, hit.end)))
    return out


def _closes_a_noun_phrase(r: Reading, start: int, end: int) -> bool:
    """A generaliser that ends its clause right after a noun, with no verb to make a rule of
    ("the best partner ever", "worst. day. ever."); a trailing one ("every time") still counts."""
    if r.hit_at(Tag.TRAILING_GENERALISER, start) is not None:
        return False
    g = r.lex.grammar
    nxt = r.word(end)
    return (
        end >= r.clause_span(start)[1]
        or r.is_punct(end)
        or nxt in g.conjunctions
        or nxt in g.coordinators
    ) and not r.finite(start - 1)


# A feeling, said in any of its shapes ("im sad", "it hurts", "its so annoying", "scares me").
_FELT = (_FEELING, Tag.STIMULUS, Tag.STIMULUS_PAST, Tag.STIMULUS_ADJ, Tag.STIMULUS_ALONE)


def _habits(r: Reading) -> list[Issue]:
    """A person who "keeps doing" something: one act made a habit ("you keep bringing up my
    ex", "she keeps on texting him"), where "you keep me sane" is no charge. Beside a feeling
    it is what moved them ("im frustrated that u keep interrupting me"): no charge either."""
    out: list[Issue] = []
    g = r.lex.grammar
    if g.habit_verbs.isdisjoint(r.words) or r.any_tagged(_FELT):
        return out  # most statements: no "keep" at all
    for k, w in enumerate(r.words):
        if w not in g.habit_verbs:
            continue
        doing = k + 1 + (r.word(k + 1) == "on")
        subject = _person_at(r, k - 1)
        if subject is None or r.words[subject] == "i" or not r.gerund(doing):
            continue
        if r.words[doing] in g.encouragements and (
            doing + 1 == len(r.words) or r.is_punct(doing + 1)
        ):
            continue  # "you keep going!": cheering on
        out.append(
            Issue(IssueKind.JUDGMENT, r.span(subject, doing + 1), r.quote(subject, doing + 1))
        )
    return out


def _clause_subject(r: Reading, i: int) -> int | None:
    """The person who opens the clause of token i, if a person does ("he", "my mum", "tom")."""
    g = r.lex.grammar
    c0 = r.clause_span(i)[0]
    while c0 < i and (r.is_punct(c0) or r.words[c0] in g.context_skips):
        c0 += 1
    w = r.word(c0)
    if w in g.person_pronouns or r.hit_at(Tag.PERSON, c0) is not None:
        return c0
    if w in g.determiners and r.hit_at(Tag.PERSON, c0 + 1) is not None:
        return c0  # "my mum", "the new guy"
    return c0 if c0 < i and _name_like(r, c0) else None


def _asks(r: Reading, k: int) -> bool:
    return r.word(k - 1) in r.lex.grammar.auxiliaries


def _blame(r: Reading, mentions: list[Mention]) -> list[Issue]:
    out = []
    for hit in r.tagged(_BLAME):
        caused = [
            m
            for m in mentions
            if m.frame.kind is FrameKind.CAUSED
            and hit.start <= m.frame.start + 3
            and m.start >= hit.start
        ]
        if caused and all(not m.painful for m in caused):
            continue  # "you make me so happy" is gratitude, not blame
        out.append(
            Issue(IssueKind.JUDGMENT, r.span(hit.start, hit.end), r.quote(hit.start, hit.end))
        )
    out.extend(_made_by_someone(r, mentions))
    return out


def _made_by_someone(r: Reading, mentions: list[Mention]) -> list[Issue]:
    """ "my mom makes me feel guilty": a person made responsible for a painful feeling. A thing as
    the cause ("politics makes me furious") is no blame."""
    out: list[Issue] = []
    g = r.lex.grammar
    if g.blame_verbs.isdisjoint(r.words):
        return out  # no "makes me" at all
    for m in mentions:
        cause = m.frame.cause
        if cause is None or not m.painful or m.frame.kind is not FrameKind.CAUSED:
            continue
        verb = cause[1]  # the cause verb stands right after the cause
        if r.word(verb) not in g.blame_verbs:
            continue
        k = cause[1] - 1
        while k >= cause[0] and r.words[k] in g.act_fillers:
            k -= 1
        person = _person_at(r, k)
        if person is None or r.words[person] in ("i", "you"):
            continue  # "you make me" is in the blame list; "I make myself…" is no blame
        out.append(Issue(IssueKind.JUDGMENT, r.span(person, m.end), r.quote(person, m.end)))
    return out
