"""Mending misspelt words ("anxoius", "dissapointed", "lonley") into words Closer knows.

Only Closer's own vocabulary is a target, and only a word that is no English word at all is
mended: a general spell-checker turns "u" into "a" and "lovely" into "lonely". So a word is left
alone when the lexicon knows it, or when lemminflect's dictionary knows it as an English word;
otherwise it becomes the one lexicon word within one edit (two for words of eight letters or
more), if exactly one is nearest. Shorter words are chat too often ("ur", "ill", "wat") for
that, but a four-letter word is mended when two neighbouring letters swapped make exactly one
feeling or danger word: a slip of the fingers that no chat spelling makes, and one that danger
is typed with ("i dont wnat to live", "i hate my lfie").

Our own, not a spelling library: the target list is a few thousand words and the rule is one
look-up in a table of deletions (the symmetric-delete idea), a dozen lines; a library would bring
its own dictionary and frequency model, which is exactly what must not decide here.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from itertools import combinations

MIN_LENGTH = 5  # shorter words are too often other words or chat ("ur", "ill", "wat")
SWAPPED = 4  # a word this long is mended only by a swap of two neighbouring letters
MAX_LENGTH = 20  # no feeling word is longer; a long run of letters is noise, and costly to mend
LONG = 8  # from this length, two edits are allowed (from seven, names became feelings:
# "Mohamed" was read as "ashamed")


class Speller:
    """Finds the lexicon word a misspelt word was meant to be."""

    def __init__(
        self,
        targets: Iterable[str],
        known: Callable[[str], bool],
        preferred: frozenset[str] = frozenset(),
        swapped_into: frozenset[str] = frozenset(),
    ) -> None:
        """`swapped_into`: the four-letter words a swap is mended to (feelings and danger: a
        swap into any lexicon word made names and places into words, "anna" into "nana")."""
        self._known = known
        self._preferred = preferred  # on a tie, these win: "scred" is "scared", not "screw"
        self._by_delete: dict[str, set[str]] = {}
        by_swap: dict[str, set[str]] = {}
        for word in targets:
            if not word.isalpha():
                continue
            if len(word) >= MIN_LENGTH:
                for key in _deletes(word, _edits(len(word))):
                    self._by_delete.setdefault(key, set()).add(word)
            elif len(word) == SWAPPED and word in swapped_into:
                for swapped in _swaps(word):  # (the first letter kept: "urin" is no "ruin")
                    by_swap.setdefault(swapped, set()).add(word)
        # a swap that two lexicon words could have come from is left alone
        self._by_swap = {typed: next(iter(w)) for typed, w in by_swap.items() if len(w) == 1}

    def mend(self, word: str) -> str | None:
        """The lexicon word meant, or None to leave the word as typed."""
        if len(word) == SWAPPED:
            return None if self._known(word) else self._by_swap.get(word)
        if not MIN_LENGTH <= len(word) <= MAX_LENGTH or not word.isalpha() or self._known(word):
            return None
        allowed = _edits(len(word))
        candidates: set[str] = set()
        for key in _deletes(word, allowed):
            candidates |= self._by_delete.get(key, set())
        best: list[str] = []
        best_distance = allowed + 1
        for target in candidates:
            d = distance(word, target)
            if d > allowed:
                continue  # a shared deletion is no proof of nearness: "kemal" is no "email"
            if d < best_distance:
                best, best_distance = [target], d
            elif d == best_distance:
                best.append(target)
        if len(best) > 1:  # a tie: keep the preferred ones, then those that start alike
            best = [t for t in best if t in self._preferred] or best
        if len(best) > 1:
            best = [t for t in best if t[0] == word[0]]
        if len(best) != 1:
            return None
        if best_distance > 1 and best[0][0] != word[0]:
            return None  # two edits, one of them the first letter: another word ("benching" is
            # no "punching"), not a slip; a typo keeps the first letter ("threating", "muder")
        return best[0]


def _edits(length: int) -> int:
    return 2 if length >= LONG else 1


def _swaps(word: str) -> set[str]:
    """The word with two neighbouring letters after the first swapped, each way it can be
    (itself left out): a typo keeps the first letter far more often than not."""
    out = {word[:i] + word[i + 1] + word[i] + word[i + 2 :] for i in range(1, len(word) - 1)}
    out.discard(word)
    return out


def _deletes(word: str, edits: int) -> set[str]:
    out = {word}
    for n in range(1, edits + 1):
        for gone in combinations(range(len(word)), n):
            out.add("".join(c for i, c in enumerate(word) if i not in gone))
    return out


def distance(a: str, b: str) -> int:
    """Edit distance counting a swap of two neighbours as one edit (optimal string alignment)."""
    rows = [list(range(len(b) + 1))]
    for i in range(1, len(a) + 1):
        row = [i] + [0] * len(b)
        for j in range(1, len(b) + 1):
            cost = a[i - 1] != b[j - 1]
            row[j] = min(rows[i - 1][j] + 1, row[j - 1] + 1, rows[i - 1][j - 1] + cost)
            if i > 1 and j > 1 and a[i - 1] == b[j - 2] and a[i - 2] == b[j - 1]:
                row[j] = min(row[j], rows[i - 2][j - 2] + 1)
        rows.append(row)
    return rows[-1][-1]
