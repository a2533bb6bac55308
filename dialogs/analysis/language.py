"""Telling which language a statement is written in, well enough to say "coaching is in English
for now" and to keep English coaching rules off other languages.

Scripts first (Cyrillic, Arabic, Devanagari... say it at once); in Latin letters, the common
function words of each language (`markers` in content/<code>/danger.yaml) against English's own.
A statement that gives no sign either way is taken as English: most of what people send is.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable, Mapping, Sequence
from functools import lru_cache

from .inflect import is_english

ENGLISH = "en"
OTHER = "other"

# The first word of a letter's Unicode name, for scripts that name one language (or a family).
_SCRIPTS = {
    "CYRILLIC": "ru",
    "ARABIC": "ar",
    "DEVANAGARI": "hi",
    "HEBREW": "he",
    "GREEK": "el",
    "HIRAGANA": "ja",
    "KATAKANA": "ja",
    "CJK": "zh",
    "HANGUL": "ko",
    "THAI": "th",
    "BENGALI": "bn",
    "TAMIL": "ta",
    "GEORGIAN": "ka",
    "ARMENIAN": "hy",
}
_UKRAINIAN_LETTERS = frozenset("іїєґ")
# a word's entry: an English function word?, the languages it is its own word of, the languages
# it shares with English
_Entry = tuple[bool, tuple[str, ...], tuple[str, ...]]


class Languages:
    """The languages Closer can tell apart, by their common words."""

    def __init__(
        self,
        english: frozenset[str],
        markers: Mapping[str, frozenset[str]],
        also_english: Callable[[str], bool] = lambda word: False,
    ) -> None:
        self.english = english
        # word -> the languages it marks
        self.marks: dict[str, tuple[str, ...]] = {}
        for code, words in markers.items():
            for word in words:
                self.marks[word] = (*self.marks.get(word, ()), code)
        # word -> (an English function word?, the languages it is its own word of, the languages
        # it shares with English): one look-up per word. A marker that is also an English word
        # ("me", "no", "main", "net") speaks for neither side: a language wins on its own words,
        # against the English words that are not also its own.
        self.table: dict[str, tuple[bool, tuple[str, ...], tuple[str, ...]]] = dict.fromkeys(
            english, (True, (), ())
        )
        for word, codes in self.marks.items():
            if word in english or also_english(word):
                self.table[word] = (word in english, (), codes)
            else:
                self.table[word] = (False, codes, ())

    def detect(self, text: str, words: Sequence[str]) -> str:
        script = None if text.isascii() else _script(text)
        if script is not None:
            if script == "ru" and _UKRAINIAN_LETTERS & set(text.casefold()):
                return "uk"
            return script
        if self.marks.keys().isdisjoint(words):
            return ENGLISH  # most statements: no word of another language at all
        english = 0
        counts: dict[str, int] = {}  # a language's own words
        shared: dict[str, int] = {}  # English function words that are also a language's
        table = self.table
        for word in words:
            entry = table.get(word)
            if entry is None:
                continue
            is_english, own, both = entry
            english += is_english
            for code in own:
                counts[code] = counts.get(code, 0) + 1
            if is_english:
                for code in both:
                    shared[code] = shared.get(code, 0) + 1
        if not counts:
            return ENGLISH
        # the language furthest ahead of the English words that are not also its own
        code = max(counts, key=lambda c: counts[c] - english + shared.get(c, 0))
        count, against = counts[code], english - shared.get(code, 0)
        if count > against and (count >= 2 or (against == 0 and len(words) >= 4)):
            return code  # two of its own words, or one in a longer statement with no English
        if against == 0 and count == 1 and _no_english_word(words):
            return code  # "tengo miedo": one of its words, and not one English word beside it
        return ENGLISH


def _no_english_word(words: Sequence[str]) -> bool:
    """Whether a short statement of two words or more holds no word English knows."""
    said = [w for w in words if w.isalpha()]
    return len(said) >= 2 and not any(is_english(w) for w in said)


def _script(text: str) -> str | None:
    """The script most of the letters are in, when it is not Latin."""
    tally: dict[str, int] = {}
    letters = 0
    for char in text:
        if not char.isalpha():
            continue
        letters += 1
        if char.isascii():
            continue
        script = _letter_script(char)
        if script is not None:
            tally[script] = tally.get(script, 0) + 1
    if not tally:
        return None
    script, count = max(tally.items(), key=lambda item: item[1])
    return _SCRIPTS.get(script, OTHER) if count * 2 > letters else None


@lru_cache(maxsize=4096)
def _letter_script(char: str) -> str | None:
    name = unicodedata.name(char, "")
    first = name.split(" ", 1)[0]
    if first == "LATIN" or not first:
        return None
    return first
