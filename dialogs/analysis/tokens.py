"""Splitting a statement into normalised words that still know where they stand in the original.

Every word keeps the character span of the text it came from, so a finding can quote the user's
own words back. Normalising means: case, curly quotes, stretched letters ("soooo"), missing
apostrophes ("im", "dont"), chat spellings ("u", "rn", "tbh") and contractions ("I'm" -> i am).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import Enum

from .spelling import SWAPPED, Speller


class TokenKind(Enum):
    WORD = "word"
    PUNCT = "punct"
    SYMBOL = "symbol"  # emoji, emoticons and other marks


@dataclass(init=False)
class Tokens:
    """A statement's normalised words (and marks), each with the span of original text it came
    from, as parallel lists: one list append per token is far cheaper than one object per token.

    A word that stands for several ("I'm" -> i, am) gives several entries with the same span.
    (Its `__init__` is written out, as in the analyzer's other objects made once a statement or
    more: mypyc compiles a class's own `__init__`, but the one `dataclass` generates runs
    interpreted, five times slower in the compiled build.)
    """

    words: list[str]
    starts: list[int]
    ends: list[int]
    kinds: list[TokenKind]
    capitalised: list[bool]  # a capital in the original (a name)

    def __init__(self) -> None:
        self.words, self.starts, self.ends, self.kinds, self.capitalised = [], [], [], [], []

    def __len__(self) -> int:
        return len(self.words)

    def add(self, word: str, start: int, end: int, kind: TokenKind, capital: bool) -> None:
        """One token, appended to each list."""
        self.words.append(word)
        self.starts.append(start)
        self.ends.append(end)
        self.kinds.append(kind)
        self.capitalised.append(capital)


_APOSTROPHES = str.maketrans({"’": "'", "‘": "'", "ʼ": "'", "`": "'", "´": "'", "＇": "'"})
# A word's letters, and the vowel signs and marks that Devanagari and Arabic write inside words
# (str.isalnum says no to them; without them "मुझे" would fall apart into letters).
_TOKEN = re.compile(
    r"""
    (?P<emoticon>(?<!\w)(?:[:;=][-']?[()\[\]dDpP/\\|*]|<3)(?!\w))
    |(?P<word>[^\W_](?:[^\W_]|[\u0900-\u0903\u093a-\u094f\u0951-\u0957\u0962\u0963\u064b-\u065f\u0670])*
       (?:[-'’ʼ‘`´][^\W_](?:[^\W_]|[\u0900-\u0903\u093a-\u094f\u0951-\u0957\u0962\u0963\u064b-\u065f\u0670])*)*)
    |(?P<punct>[.!?;,:…]+|[-–—]{1,3})
    |(?P<symbol>[^\w\s])
    """,
    re.VERBOSE,
)
_STRETCHED = re.compile(r"([^\W\d_])\1{2,}")
_DOUBLED = re.compile(r"([^\W\d_])\1+")
_LAUGH = re.compile(r"^(?:(?:ha|ah){2,}h?|(?:he){2,}h?|l+o+l+(?:o+l+)*|lmao+|a?ha+(?:ha+)+)$")
_CLAUSE_PUNCT = frozenset(".!?;,:…")


@dataclass(frozen=True)
class Spelling:
    """What the normaliser knows about how people type (from content/en/lexicon/chat.yaml)."""

    spellings: Mapping[str, tuple[str, ...]]
    endings: Mapping[str, str]
    s_means_is: frozenset[str]
    irregular: Mapping[str, tuple[str, ...]]
    vocabulary: frozenset[str]  # known words, to undo stretching ("sooo" -> so, "happpy" -> happy)
    # shorthand written with a slash, read as a whole chunk ("w/o" -> without, "b/c" -> because)
    slashed: Mapping[str, tuple[str, ...]] = field(default_factory=dict)


class Tokenizer:
    """Turns text into Tokens. Normalising a raw word is memoised: chat repeats itself."""

    _CACHE_LIMIT = 50_000

    def __init__(self, spelling: Spelling) -> None:
        self._s = spelling
        self._slashed_longest = max(map(len, spelling.slashed), default=0)
        self._cache: dict[str, tuple[str, ...]] = {}
        self._chunks: dict[str, Tokens] = {}
        # a chunk that is one token from end to end ("sad", "rn", "😂"): most of them, kept apart
        # so that `tokens` copies three values and no spans
        self._whole: dict[str, tuple[str, TokenKind, bool]] = {}
        self._speller: Speller | None = None
        self._guarded: frozenset[str] = frozenset()  # what a name typed may still be mended to

    def use_speller(self, speller: Speller, guarded: frozenset[str] = frozenset()) -> None:
        """Mend misspelt words from now on (set once the lexicon it mends into is read).
        `guarded`: the words (feelings, danger) a capitalised word is mended to even though it
        may be a name: a phone capitalises the first word, and "Cutt myself again" must be
        heard; "Finn" is not "fin"."""
        self._speller = speller
        self._guarded = guarded
        self._cache.clear()
        self._chunks.clear()
        self._whole.clear()

    def tokens(self, text: str) -> Tokens:
        """Tokens of the text. Work is memoised per whitespace-separated chunk: a token never
        crosses white space, and chat repeats its chunks ("I'm", "sad,", "rn") endlessly."""
        out = Tokens()
        words, starts, ends, kinds, caps = (
            out.words,
            out.starts,
            out.ends,
            out.kinds,
            out.capitalised,
        )
        whole, chunks = self._whole, self._chunks
        find = text.find
        base = 0
        for chunk in text.split():
            base = find(chunk, base)
            one = whole.get(chunk)
            if one is None:
                parts = chunks.get(chunk)
                if parts is None:
                    parts = self._learn(chunk)
                if parts is not None:  # a chunk of several tokens ("I'm", "sad,")
                    words.extend(parts.words)
                    starts.extend([base + start for start in parts.starts])
                    ends.extend([base + end for end in parts.ends])
                    kinds.extend(parts.kinds)
                    caps.extend(parts.capitalised)
                    base += len(chunk)
                    continue
                one = whole[chunk]
            words.append(one[0])
            starts.append(base)
            base += len(chunk)
            ends.append(base)
            kinds.append(one[1])
            caps.append(one[2])
        return out

    def _learn(self, chunk: str) -> Tokens | None:
        """Read a chunk not seen before into one of the two caches: None when it is one token
        from end to end (then in `_whole`), else its tokens (also in `_chunks`)."""
        if len(self._chunks) + len(self._whole) >= self._CACHE_LIMIT:
            self._chunks.clear()
            self._whole.clear()
        parts = self._chunk_parts(chunk)
        if len(parts.words) == 1 and parts.starts[0] == 0 and parts.ends[0] == len(chunk):
            self._whole[chunk] = (parts.words[0], parts.kinds[0], parts.capitalised[0])
            return None
        self._chunks[chunk] = parts
        return parts

    def _chunk_parts(self, chunk: str) -> Tokens:
        """The tokens of one chunk, with spans relative to the chunk."""
        parts = Tokens()
        skip = 0
        if "/" in chunk:  # rare: most chunks never look for shorthand
            skip = self._slashed(chunk, parts)
        for m in _TOKEN.finditer(chunk, skip):
            group = m.lastgroup
            raw = m.group()
            start, end = m.span()
            if group == "word":
                norms, kind, capital = self.normalise(raw), TokenKind.WORD, raw[0].isupper()
            elif group == "punct":
                norms, kind, capital = (
                    (raw[0] if raw[0] in _CLAUSE_PUNCT else "-",),
                    TokenKind.PUNCT,
                    False,
                )
            elif group == "emoticon":
                norms, kind, capital = (raw.lower().replace("-", ""),), TokenKind.SYMBOL, False
            else:
                norms, kind, capital = (raw,), TokenKind.SYMBOL, False
            for norm in norms:
                parts.add(norm, start, end, kind, capital)
        return parts

    def _slashed(self, chunk: str, parts: Tokens) -> int:
        """Shorthand with a slash opening the chunk ("w/o", "b/c,"): its words go into parts,
        spanning the shorthand; returns where the rest of the chunk starts (0 for none)."""
        for end in range(min(len(chunk), self._slashed_longest), 1, -1):
            said = self._s.slashed.get(chunk[:end].casefold())
            if said is not None:
                for word in said:
                    parts.add(word, 0, end, TokenKind.WORD, chunk[0].isupper())
                return end
        return 0

    def words(self, text: str) -> tuple[str, ...]:
        """The normalised words of a phrase (used to read lexicon phrases the same way as text):
        the same as `tokens`, without the spans, which the lexicon's quarter of a million
        spellings never need."""
        out: list[str] = []
        whole, chunks = self._whole, self._chunks
        for chunk in text.split():
            one = whole.get(chunk)
            if one is None:
                parts = chunks.get(chunk)
                if parts is None:
                    parts = self._learn(chunk)
                if parts is not None:
                    out.extend(parts.words)
                    continue
                one = whole[chunk]
            out.append(one[0])
        return tuple(out)

    def normalise(self, raw: str) -> tuple[str, ...]:
        cached = self._cache.get(raw)
        if cached is None:
            if len(self._cache) >= self._CACHE_LIMIT:
                self._cache.clear()
            cached = self._cache[raw] = self._normalise(raw)
        return cached

    def _normalise(self, raw: str) -> tuple[str, ...]:
        word = unicodedata.normalize("NFKC", raw).casefold().translate(_APOSTROPHES)
        word = word.replace("i\u0307", "i")  # Turkish İ casefolds to i and a combining dot
        # a capitalised word that no list knows may be a name, as typed ("Finn", "Kemal"): it is
        # undoubled or mended only into a feeling or a danger word ("Cutt", "Nervus")
        named = (
            raw[:1].isupper()
            and raw[1:].isalpha()
            and raw[1:].islower()
            and word not in self._s.vocabulary
            and word not in self._s.spellings
            and not _STRETCHED.search(word)
        )
        if not named:
            word = self._unstretch(word)
        elif (single := self._undouble(word)) in self._guarded:
            word = single
        if _LAUGH.match(word):
            return (_laugh_name(word),)
        known = self._s.spellings.get(word)
        if known is not None:
            return known
        if "'" in word:
            return self._expand_contraction(word)
        if "-" in word and word not in self._s.vocabulary:
            parts: list[str] = []
            for part in word.split("-"):
                parts.extend(self._s.spellings.get(part, (part,)))
            return tuple(parts)
        if self._speller is not None and word not in self._s.vocabulary:
            mended = self._speller.mend(word)
            # a name is mended only into a feeling or a danger word, and never by a swap of two
            # letters, which makes one of too many short names ("Hari" is no "hair")
            if mended is not None and (
                not named or (mended in self._guarded and len(word) != SWAPPED)
            ):
                return (mended,)
        return (word,)

    def _unstretch(self, word: str) -> str:
        if not _STRETCHED.search(word):
            return self._undouble(word)
        doubled = _STRETCHED.sub(r"\1\1", word)
        if doubled in self._s.vocabulary or doubled in self._s.spellings:
            return doubled
        single = _DOUBLED.sub(r"\1", doubled)
        if single in self._s.vocabulary or single in self._s.spellings:
            return single
        return doubled

    def _undouble(self, word: str) -> str:
        """A letter typed twice in a word we do not know, when the word with it once is one
        we do ("soo" -> so, "sadd" -> sad); a known word ("too", "feeling") is left alone."""
        vocabulary, spellings = self._s.vocabulary, self._s.spellings
        if word in vocabulary or word in spellings or not _DOUBLED.search(word):
            return word
        single = _DOUBLED.sub(r"\1", word)
        return single if single in vocabulary or single in spellings else word

    def _expand_contraction(self, word: str) -> tuple[str, ...]:
        irregular = self._s.irregular.get(word)
        if irregular is not None:
            return irregular
        for ending, meaning in self._s.endings.items():
            if word.endswith(ending) and len(word) > len(ending):
                stem = word[: -len(ending)]
                return (*self._s.spellings.get(stem, (stem,)), meaning)
        if word.endswith("'s") and len(word) > 2:
            stem = word[:-2]
            return (stem, "is") if stem in self._s.s_means_is else (stem, "'s")
        return (word.replace("'", ""),)


def _laugh_name(word: str) -> str:
    if word.startswith("lm"):
        return "lmao"
    return "lol" if word.startswith("l") else "haha"
