"""Thoughts presented as feelings: "I feel like/that/as if…", "I feel you're…", "I think you…".

"I feel like going out" is a wish and "I feel like crying" a feeling; neither is flagged.
"""

from __future__ import annotations

from typing import Final

from .inflect import FINITE_TAGS, plural_noun, word_tags
from .lexicon import Tag
from .model import Issue, IssueKind
from .reading import Reading

# Tags and kinds read on every statement, bound once: on Python 3.11 an Enum member read
# from its class goes through EnumType's slow attribute hook (as in reading.py).
_THOUGHT_VERB: Final = Tag.THOUGHT_VERB
_IMPERSONAL_THOUGHT: Final = Tag.IMPERSONAL_THOUGHT


def find(r: Reading) -> list[Issue]:
    issues: list[Issue] = []
    feel_forms = r.lex.grammar.feel_forms
    if not feel_forms.isdisjoint(r.words):  # most statements have no "feel" at all
        for i, w in enumerate(r.words):
            if w in feel_forms and _speaker_or_it(r, i):
                issue = _feel_thought(r, i)
                if issue:
                    issues.append(issue)
    for hit in r.tagged(_THOUGHT_VERB):
        if _speaker_before(r, hit.start):
            j = hit.end + (r.word(hit.end) == "that")
            if _clause_about_someone(r, j, allow_i=False):
                issues.append(_issue(r, hit.start, hit.end))
    for hit in r.tagged(_IMPERSONAL_THOUGHT):
        if (
            r.word(hit.start) in r.lex.grammar.feel_forms
            and hit.start > 0
            and r.word(hit.start - 1) == "i"
        ):
            continue  # "I feel like…" is handled above
        if _clause_about_someone(r, hit.end, allow_i=True):
            issues.append(_issue(r, hit.start, hit.end))
    return _dedupe(issues)


def _speaker_or_it(r: Reading, i: int) -> bool:
    k = i - 1
    g = r.lex.grammar
    while k >= 0 and (r.words[k] in g.frame_fillers or r.words[k] in g.linking_present):
        k -= 1
    return k < 0 or r.words[k] in ("i", "it") or r.is_punct(k)


def _speaker_before(r: Reading, i: int) -> bool:
    k = i - 1
    while k >= 0 and r.words[k] in r.lex.grammar.thought_gap | {"do", "really", "honestly"}:
        k -= 1
    return r.word(k) == "i"


def _feel_thought(r: Reading, i: int) -> Issue | None:
    j = i + 1
    while r.word(j) in r.lex.grammar.thought_gap and r.word(j) != "like":
        j += 1
    w = r.word(j)
    if w == "like":
        after = j + 1
        if r.hit_at(Tag.FEELING, j) or _wish(r, after) or r.gerund(after):
            return None  # "feel like crying" (a feeling), "feel like a nap" / "going out" (a wish)
        if after >= r.clause_span(j)[1]:
            return None
        if not _clause_about_someone(r, after, allow_i=True):
            return None  # "feel like a zombie", "feel like tacos": a likeness or a wish, no belief
        # a whole clause after it, its subject and verb ("i feel like i wasted my twenties") is
        # the contract's shape of a thought, as surely as "i feel that…"
        return _issue(r, i, j + 1, sure=_subject_and_verb(r, after))
    if w == "that":
        if r.word(j + 1) in ("way", "too", "also") or j + 1 >= r.clause_span(j)[1]:
            return None
        return _issue(r, i, j + 1, sure=True)  # the contract's own shape of a thought
    if w == "as" and r.word(j + 1) in ("if", "though"):
        return _issue(r, i, j + 2, sure=True)
    if r.hit_at(Tag.FEELING, j) or r.hit_at(Tag.FAUX, j) or r.any_within(Tag.SENSATION, j, j + 3):
        return None
    if (
        w in r.lex.grammar.clausal_subjects
        and w not in ("that", "i")
        and _clause_about_someone(r, j, False)
    ):
        return _issue(r, i, j + 1)
    return None


_SUBJECT_WORDS = 5  # "no one at the office would…": a subject of up to five words, then a verb


def _clause_about_someone(r: Reading, j: int, allow_i: bool) -> bool:
    """A clause that starts at j with a subject and a verb: "you are…", "my sister takes…"."""
    g = r.lex.grammar
    w = r.word(j)
    if not w or (w == "i" and not allow_i):
        return False
    if w not in g.clausal_subjects:
        return _named_clause(r, j)
    k = j + 1
    if w in g.subject_determiners:
        while r.word(k) and r.word(k) not in g.auxiliaries and not _verbish(r, r.word(k)):
            if plural_noun(r.word(k - 1)) and "VBP" in word_tags(r.word(k)):
                return True  # "my parents FAVOR my brother": a plural subject, then its verb
            k += 1
            if k - j > _SUBJECT_WORDS:
                return False
        return bool(r.word(k))
    nxt = r.word(k)
    if not nxt or r.is_punct(k):
        return False
    if nxt in g.prepositions and w not in g.dummy_subjects:
        return _named_clause(r, j)  # "everyone IN my cohort is…", "nobody AT school gets me"
    while nxt in g.act_fillers and r.word(k + 1):
        k += 1  # "i ALWAYS say", "she JUST ignores"
        nxt = r.word(k)
    return not (nxt in g.prepositions or nxt in g.no_object_words or nxt in g.degree_words)


def _named_clause(r: Reading, j: int) -> bool:
    """A clause whose subject is a name or a noun phrase ("jess is hiding…", "everyone in my
    cohort is…", "god forgot…"): a few words, then a verb."""
    g = r.lex.grammar
    subject = r.words[j] if r.is_word(j) else ""
    if not subject or r.hit_at(Tag.FEELING, j):
        return False
    if subject in g.function_words and subject not in g.clausal_subjects:
        return False
    end = min(r.clause_span(j)[1], j + 5)
    for k in range(j + 1, end):
        w = r.words[k]
        if w in g.auxiliaries or w in g.linking_present or w in g.linking_past:
            return True
        if word_tags(w) & FINITE_TAGS and not word_tags(w) & _NOUNISH:
            return True  # "forgot", "hides"
    return False


_NOUNISH = frozenset({"NOUN", "ADJ"})


def _verbish(r: Reading, w: str) -> bool:
    """A word that shows a clause's verb has come: an adverb before it or a verb with a tense."""
    g = r.lex.grammar
    return w in g.negations or w in g.act_fillers or bool(word_tags(w) & _TENSED)


_TENSED = frozenset({"VBD", "VBZ", "VBN"})


def _wish(r: Reading, i: int) -> bool:
    """ "feel like a nap", "feel like it (today)": a wish object with nothing clausal after it."""
    hit = r.hit_at(Tag.WISH_OBJECT, i)
    if hit is None:
        return False
    g = r.lex.grammar
    for k in range(hit.end, r.clause_span(i)[1]):
        if r.words[k] in g.prepositions:
            return True  # "a walk in the park": what follows only places the wish
        if not (r.is_punct(k) or r.words[k] in g.no_object_words):
            return False  # "it is pointless": a clause, so a thought
    return True


def _subject_and_verb(r: Reading, k: int) -> bool:
    """Whether a clause opens at k with a subject ("i", "he", "my sister", "the kids") and its
    verb with a tense right after."""
    g = r.lex.grammar
    if r.word(k) in g.subject_pronouns:
        return r.finite(k + 1)
    if r.word(k) in g.determiners:  # "my sister gets", "the kids are"
        return r.finite(k + 2) and not r.finite(k + 1)
    return False


def _issue(r: Reading, start: int, end: int, sure: bool = False) -> Issue:
    return Issue(IssueKind.THOUGHT, r.span(start, end), r.quote(start, end), sure=sure)


def _dedupe(issues: list[Issue]) -> list[Issue]:
    seen: set[tuple[int, int]] = set()
    out = []
    for issue in issues:
        if issue.span not in seen:
            seen.add(issue.span)
            out.append(issue)
    return out
