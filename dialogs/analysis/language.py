"""Telling which language a statement is written in, well enough to say "coaching is in English
for now" and to keep English coaching rules off other languages.

Scripts first (Cyrillic, Arabic, Devanagari... say it at once); in Latin letters, the common
function words of each language (`markers` in content/<code>/danger.yaml) against English's own.
A statement that gives no sign either way is taken as English: most of what people send is.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Mapping, Sequence
from functools import lru_cache

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


class Languages:
    """The languages Closer can tell apart, by their common words."""

    def __init__(self, english: frozenset[str], markers: Mapping[str, frozenset[str]]) -> None:
        self.english = english
        # word -> the languages it marks: one look-up per word, however many languages
        self.marks: dict[str, tuple[str, ...]] = {}
        for code, words in markers.items():
            for word in words:
                self.marks[word] = (*self.marks.get(word, ()), code)

    def detect(self, text: str, words: Sequence[str]) -> str:
        script = None if text.isascii() else _script(text)
        if script is not None:
            if script == "ru" and _UKRAINIAN_LETTERS & set(text.casefold()):
                return "uk"
            return script
        marks = self.marks
        if marks.keys().isdisjoint(words):
            return ENGLISH  # most statements: no word of another language at all
        english = 0
        counts: dict[str, int] = {}
        for word in words:
            if word in self.english:
                english += 1
            for code in marks.get(word, ()):
                counts[code] = counts.get(code, 0) + 1
        if not counts:
            return ENGLISH
        code, count = max(counts.items(), key=lambda item: item[1])
        if count >= 2 and count > english:
            return code
        return ENGLISH


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
