"""One statement, read once: its normalised words, the lexicon phrases found in it, its clauses.

Every rule module takes a Reading; none of them tokenises or scans again.
"""

from __future__ import annotations

from bisect import bisect_right
from typing import Final

from .inflect import FINITE_TAGS, word_tags
from .lexicon import Entry, Lexicon, Tag
from .phrases import Hit
from .tokens import TokenKind, Tokens

_NONE: list[Hit[Entry]] = []  # what tagged() answers for a tag with no hits; never mutated
# Read from the module, not the class: on Python 3.11 an Enum's members are class attributes that
# go through EnumType's slow attribute hook, and these are tested for nearly every token.
_PUNCT: Final = TokenKind.PUNCT
_SYMBOL: Final = TokenKind.SYMBOL
_WORD: Final = TokenKind.WORD
_SENTENCE_END = frozenset(".!?…")


class Reading:
    """A statement as the rules see it. Built by `read`; the rules only look."""

    __slots__ = (
        "clause_of",
        "clauses",
        "hits",
        "lex",
        "sentence_of",
        "sentences",
        "text",
        "tokens",
        "words",
    )

    def __init__(self, text: str, tokens: Tokens, lex: Lexicon) -> None:
        self.text = text
        self.tokens = tokens
        self.words: list[str] = tokens.words
        self.lex = lex
        self.hits: dict[Tag, list[Hit[Entry]]] = {}
        self.clause_of: list[int] = []  # token index -> clause number
        self.clauses: list[tuple[int, int]] = []  # clause number -> [start, end)
        self.sentence_of: list[int] = []
        self.sentences: list[tuple[int, int]] = []

    # --- looking things up -----------------------------------------------------------------
    def tagged(self, tag: Tag) -> list[Hit[Entry]]:
        return self.hits.get(tag, _NONE)

    def any_tagged(self, tags: tuple[Tag, ...]) -> bool:
        """Whether any of these tags was found: lets a pass skip most statements at once."""
        return not self.hits.keys().isdisjoint(tags)

    def hit_at(self, tag: Tag, i: int) -> Hit[Entry] | None:
        """The longest hit of this tag starting at token i."""
        for hit in self.hits.get(tag, _NONE):
            if hit.start == i:
                return hit
        return None

    def any_within(self, tag: Tag, start: int, end: int) -> Hit[Entry] | None:
        for hit in self.hits.get(tag, _NONE):
            if start <= hit.start and hit.end <= end:
                return hit
        return None

    def word(self, i: int) -> str:
        return self.words[i] if 0 <= i < len(self.words) else ""

    def is_punct(self, i: int) -> bool:
        return 0 <= i < len(self.words) and self.tokens.kinds[i] is _PUNCT

    def is_symbol(self, i: int) -> bool:
        """An emoji or another mark that is no word ("so tired 🙈")."""
        return 0 <= i < len(self.words) and self.tokens.kinds[i] is _SYMBOL

    def finite(self, i: int) -> bool:
        """Whether token i is a verb with a tense ("cooked", "is", "wont")."""
        w = self.word(i)
        return w in self.lex.grammar.auxiliaries or bool(word_tags(w) & FINITE_TAGS)

    def is_word(self, i: int) -> bool:
        return 0 <= i < len(self.words) and self.tokens.kinds[i] is _WORD

    def gerund(self, i: int) -> bool:
        """Whether word i is an -ing form of a verb ("crying", "starting"), not a noun like
        "morning" (from the dictionary's tags, not the spelling)."""
        w = self.word(i)
        return "VBG" in word_tags(w) and w not in self.lex.grammar.ing_nouns

    def capitalised(self, i: int) -> bool:
        return self.tokens.capitalised[i]

    def clause_span(self, i: int) -> tuple[int, int]:
        return self.clauses[self.clause_of[i]]

    def sentence_span(self, i: int) -> tuple[int, int]:
        return self.sentences[self.sentence_of[i]]

    # --- quoting the user back ----------------------------------------------------------------
    def span(self, start: int, end: int) -> tuple[int, int]:
        """Character span of tokens [start, end) in the original text."""
        return self.tokens.starts[start], self.tokens.ends[end - 1]

    def quote(self, start: int, end: int) -> str:
        a, b = self.span(start, end)
        return self.text[a:b]

    def token_at(self, char: int) -> int:
        """The token a character offset falls in (or the last one before it)."""
        return max(bisect_right(self.tokens.starts, char) - 1, 0)


def read(text: str, lex: Lexicon) -> Reading:
    tokens = _possessives(text, lex.tokenizer.tokens(text), lex)
    reading = Reading(text, _we_are(_i_will(tokens, lex), lex), lex)
    grouped: dict[Tag, list[Hit[Entry]]] = {}
    for hit in lex.index.find(reading.words):
        tag = hit.payload.tag
        same = grouped.get(tag)
        if same is None:
            grouped[tag] = [hit]
        else:
            same.append(hit)
    reading.hits = grouped
    _segment(reading)
    return reading


def _segment(r: Reading) -> None:
    """Split into sentences (. ! ?) and clauses (also , ; : and contrasts like "but")."""
    g = r.lex.grammar
    words, kinds = r.words, r.tokens.kinds
    contrasts, breaks, subjects = g.contrasts, g.clause_breaks, g.subject_pronouns
    n = len(words)
    clause_of, sentence_of = [0] * n, [0] * n
    marks = g.laugh_marks
    if (
        contrasts.isdisjoint(words)
        and breaks.isdisjoint(words)
        and _PUNCT not in kinds[:-1]
        and marks.isdisjoint(words[:-1])
    ):  # one clause, one sentence (a mark at the very end closes nothing): most chat lines
        r.clauses, r.clause_of = [(0, n)], clause_of
        r.sentences, r.sentence_of = [(0, n)], sentence_of
        return
    clauses: list[tuple[int, int]] = []
    sentences: list[tuple[int, int]] = []
    c_start = s_start = 0
    for i in range(n):
        w = words[i]
        # a contrast ("but") or "and I…" opens a clause at itself
        if i > c_start and (
            w in contrasts or (w in breaks and i + 1 < n and words[i + 1] in subjects)
        ):
            clauses.append((c_start, i))
            c_start = i
        clause_of[i] = len(clauses)
        sentence_of[i] = len(sentences)
        # punctuation closes a clause after itself, and so does a laugh typed as one ("im
        # fine lol just tired")
        if (kinds[i] is _PUNCT or w in marks) and i + 1 < n:
            clauses.append((c_start, i + 1))
            c_start = i + 1
            if w in _SENTENCE_END:
                sentences.append((s_start, i + 1))
                s_start = i + 1
    clauses.append((c_start, n))
    sentences.append((s_start, n))
    r.clauses, r.clause_of = clauses, clause_of
    r.sentences, r.sentence_of = sentences, sentence_of


def _possessives(text: str, tokens: Tokens, lex: Lexicon) -> Tokens:
    """ "ur" is "you are" in "ur late" but "your" in "ur mum": read it as "your" before a noun.
    (Chat spellings are read one word at a time; this one needs the word after it.)"""
    words = tokens.words
    if "are" not in words:
        return tokens  # most statements: no "ur" to read
    i = 0
    while "are" in words[i + 1 :]:
        i = words.index("are", i + 1)
        start = tokens.starts[i]
        if words[i - 1] != "you" or text[start : tokens.ends[i]].lower() not in lex.your_spellings:
            continue  # not one typed word ("ur") that may stand for both
        nxt = words[i + 1] if i + 1 < len(words) else ""
        tags = word_tags(nxt)
        if "NOUN" in tags and not tags & _NOT_NOUN and nxt not in lex.grammar.function_words:
            words[i - 1] = "your"
            for column in (words, tokens.starts, tokens.ends, tokens.kinds, tokens.capitalised):
                del column[i]
    return tokens


def _i_will(tokens: Tokens, lex: Lexicon) -> Tokens:
    """ "ill" is "i will" in "ill never be enough" but unwell in "im ill today": read it as
    "i will" before a plain verb or a word that goes with one ("never", "just", "probably"),
    unless a linking word stands before it ("am ill", "feeling ill")."""
    words = tokens.words
    if lex.i_will_spellings.isdisjoint(words):
        return tokens
    g = lex.grammar
    for i in range(len(words) - 2, -1, -1):
        if words[i] not in lex.i_will_spellings:
            continue
        before, nxt = (words[i - 1] if i else ""), words[i + 1]
        if before in g.linking_present or before in g.linking_past or before in g.feel_forms:
            continue
        if nxt in lex.i_will_before or ("VB" in word_tags(nxt) and "NOUN" not in word_tags(nxt)):
            _read_as_two(tokens, i, "i", "will")
    return tokens


def _we_are(tokens: Tokens, lex: Lexicon) -> Tokens:
    """ "were" is "we are" in "i feel like were drifting apart" but the past in "we were
    close": read it as "we are" where a clause opens (at the start, or after "like", "that",
    "so"…) and an -ing form or a word such as "not", "fine", "together" follows."""
    words = tokens.words
    if lex.we_are_spellings.isdisjoint(words):
        return tokens
    for i in range(len(words) - 2, -1, -1):
        if words[i] not in lex.we_are_spellings:
            continue
        if i and words[i - 1] not in lex.we_are_after:
            continue
        nxt = words[i + 1]
        if nxt in lex.we_are_before or "VBG" in word_tags(nxt):
            _read_as_two(tokens, i, "we", "are")
    return tokens


def _read_as_two(tokens: Tokens, i: int, first: str, second: str) -> None:
    """Read the typed word at i as two words, both spanning what was typed."""
    tokens.words[i : i + 1] = [first, second]
    tokens.starts.insert(i, tokens.starts[i])
    tokens.ends.insert(i, tokens.ends[i])
    tokens.kinds.insert(i, tokens.kinds[i])
    tokens.capitalised.insert(i, tokens.capitalised[i])


_NOT_NOUN = frozenset({"ADJ", "ADV", "VBG", "VBN", "VBD", "VB", "VBP", "VBZ"})
