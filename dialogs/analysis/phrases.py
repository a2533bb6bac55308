"""Finding lexicon phrases in a list of normalised words.

Lexicon phrases may hold choices: "it is (totally|really|) fine" stands for "it is totally fine",
"it is really fine" and "it is fine". `expand` spells those out; `PhraseIndex` then finds every
phrase in one pass, keyed by its first word, longest first, so a scan costs a dictionary look-up
per word.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Callable, Sequence
from typing import Generic, TypeVar

P = TypeVar("P")

_CHOICE = re.compile(r"\(([^()]*\|[^()]*)\)")  # only groups with a "|": ":)" stays literal


def expand(phrase: str) -> list[str]:
    """All spellings of a phrase with (a|b|) choices; raises ValueError on unbalanced brackets."""
    if "|" in phrase and _CHOICE.sub("", phrase).count("|"):
        raise ValueError("a '|' outside a ( ) choice")
    pieces = _CHOICE.split(phrase)
    # split() alternates literal text and the inside of a choice.
    options = [[piece] if i % 2 == 0 else piece.split("|") for i, piece in enumerate(pieces)]
    spelled = {" ".join("".join(combo).split()) for combo in itertools.product(*options)}
    return sorted(s for s in spelled if s)


class Hit(Generic[P]):
    """A phrase found at words[start:end]. Made per match, on the hot path, so it has slots.
    (A plain class: mypyc compiles it to a native class, which a slotted dataclass cannot be.)"""

    __slots__ = ("end", "payload", "start")

    def __init__(self, start: int, end: int, payload: P) -> None:
        self.start = start
        self.end = end
        self.payload = payload

    def __repr__(self) -> str:
        return f"Hit({self.start}, {self.end}, {self.payload!r})"


class _Node(Generic[P]):
    __slots__ = ("next", "payloads")

    def __init__(self) -> None:
        self.next: dict[str, _Node[P]] = {}
        self.payloads: list[P] = []


class PhraseIndex(Generic[P]):
    """Phrases (as word tuples) with payloads, kept as a word trie: a scan costs, per position,
    as many dictionary look-ups as the longest phrase that starts there."""

    def __init__(self) -> None:
        self._root: _Node[P] = _Node()

    def add(self, words: Sequence[str], payload: P) -> None:
        if not words:
            return
        payloads = self._payloads_of(words)
        if payload not in payloads:
            payloads.append(payload)

    def add_merged(
        self, words: Sequence[str], payload: P, merge: Callable[[P, P], P | None]
    ) -> None:
        """Add a payload, or fold it into one the phrase has already when `merge` joins the two
        (a phrase that stands for several danger concepts keeps one entry for all of them)."""
        if not words:
            return
        payloads = self._payloads_of(words)
        for i, old in enumerate(payloads):
            joined = merge(old, payload)
            if joined is not None:
                payloads[i] = joined
                return
        payloads.append(payload)

    def _payloads_of(self, words: Sequence[str]) -> list[P]:
        """The payload list of a phrase, its nodes made where missing."""
        node = self._root
        for word in words:
            nxt = node.next.get(word)
            if nxt is None:  # (not setdefault: that would make a node for every word added)
                nxt = node.next[word] = _Node()
            node = nxt
        return node.payloads

    def find(self, words: Sequence[str]) -> list[Hit[P]]:
        """Every occurrence, longest phrase first at each position (overlaps allowed)."""
        hits: list[Hit[P]] = []
        add = hits.append
        get = self._root.next.get
        n = len(words)
        for i in range(n):
            node = get(words[i])
            if node is None:
                continue
            first = len(hits)
            j = i + 1
            while True:
                for payload in node.payloads:
                    add(Hit(i, j, payload))
                if j >= n:
                    break
                node = node.next.get(words[j])
                if node is None:
                    break
                j += 1
            if len(hits) - first > 1:
                hits[first:] = hits[first:][::-1]  # longest first
        return hits
