"""One statement, read once: its normalised words, the lexicon phrases found in it, its clauses.

Every rule module takes a Reading; none of them tokenises or scans again.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from .lexicon import Entry, Lexicon, Tag
from .phrases import Hit
from .tokens import TokenKind, Tokens

_TAGS = range(max(Tag) + 1)
_SENTENCE_END = frozenset(".!?…")
_CONTRASTS = frozenset({"but", "though", "although", "however", "yet"})


@dataclass
class Reading:
    text: str
    tokens: Tokens
    words: list[str]
    lex: Lexicon
    hits: list[list[Hit[Entry]]] = field(default_factory=list)  # indexed by Tag
    clause_of: list[int] = field(default_factory=list)  # token index -> clause number
    clauses: list[tuple[int, int]] = field(default_factory=list)  # clause number -> [start, end)
    sentence_of: list[int] = field(default_factory=list)
    sentences: list[tuple[int, int]] = field(default_factory=list)

    # --- looking things up -----------------------------------------------------------------
    def tagged(self, tag: Tag) -> list[Hit[Entry]]:
        return self.hits[tag]

    def hit_at(self, tag: Tag, i: int) -> Hit[Entry] | None:
        """The longest hit of this tag starting at token i."""
        for hit in self.hits[tag]:
            if hit.start == i:
                return hit
        return None

    def any_within(self, tag: Tag, start: int, end: int) -> Hit[Entry] | None:
        for hit in self.hits[tag]:
            if start <= hit.start and hit.end <= end:
                return hit
        return None

    def word(self, i: int) -> str:
        return self.words[i] if 0 <= i < len(self.words) else ""

    def is_punct(self, i: int) -> bool:
        return 0 <= i < len(self.words) and self.tokens.kinds[i] is TokenKind.PUNCT

    def is_word(self, i: int) -> bool:
        return 0 <= i < len(self.words) and self.tokens.kinds[i] is TokenKind.WORD

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


def read(text: str, lex: Lexicon) -> Reading:
    tokens = lex.tokenizer.tokens(text)
    words = tokens.words
    reading = Reading(text, tokens, words, lex)
    grouped: list[list[Hit[Entry]]] = [[] for _ in _TAGS]
    for hit in lex.index.find(words):
        grouped[hit.payload.tag].append(hit)
    reading.hits = grouped
    _segment(reading)
    return reading


def _segment(r: Reading) -> None:
    """Split into sentences (. ! ?) and clauses (also , ; : and contrasts like "but")."""
    g = r.lex.grammar
    clause_starts = [0]
    sentence_starts = [0]
    words, kinds = r.words, r.tokens.kinds
    n = len(words)
    for i in range(n):
        w = words[i]
        if kinds[i] is TokenKind.PUNCT:
            if i + 1 < n:
                clause_starts.append(i + 1)
                if w in _SENTENCE_END:
                    sentence_starts.append(i + 1)
        elif (w in _CONTRASTS and i > 0) or (
            w in g.clause_breaks and i + 1 < n and words[i + 1] in g.subject_pronouns
        ):
            clause_starts.append(i)
    r.clauses, r.clause_of = _ranges(sorted(set(clause_starts)), n)
    r.sentences, r.sentence_of = _ranges(sorted(set(sentence_starts)), n)


def _ranges(starts: list[int], n: int) -> tuple[list[tuple[int, int]], list[int]]:
    spans = [(s, e) for s, e in zip(starts, [*starts[1:], n], strict=True) if s < e] or [(0, 0)]
    owner = [0] * n
    for k, (s, e) in enumerate(spans):
        for i in range(s, e):
            owner[i] = k
    return spans, owner
