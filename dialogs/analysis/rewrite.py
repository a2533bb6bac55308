"""The statement with its softening taken out, in the user's own words.

"I'm a little bit annoyed, but it's no big deal" -> "I'm annoyed."
Whole clauses go (a minimizer, an apology, praise used as padding) with the comma or "but" that
joined them; single words go where they stood (hedges, laughs).
"""

from __future__ import annotations

from .lexicon import Tag
from .reading import Reading
from .softening import Softening

_ALSO_DROPPED = (Tag.LAUGH, Tag.CLAUSE_HEDGE)


def unsoftened(r: Reading, soft: Softening) -> str | None:
    if not soft.issues:
        return None
    drop = [False] * len(r.words)
    for start, end in soft.words:
        for i in range(start, end):
            drop[i] = True
    # Once some softening is taken out, every laugh and trailing hedge goes with it, flagged or
    # not: "im kinda proud of myself lol" -> "im proud of myself", not "Im proud of myself lol."
    for tag in _ALSO_DROPPED:
        for hit in r.tagged(tag):
            for i in range(hit.start, hit.end):
                drop[i] = True
    for clause in set(soft.clauses):
        c0, c1 = r.clauses[clause]
        for i in range(c0, c1):
            drop[i] = True
        # the joint goes with the clause: ", but it's fine" or "It's fine, …"
        if c0 > 0 and r.words[c0 - 1] in r.lex.grammar.joiners:
            drop[c0 - 1] = True
    kept = _spans_kept(r, drop)
    text = _join(r.text, kept)
    text = _tidy(text, r.lex.grammar.joiners)
    if text and any(c.isupper() for c in r.text):  # a person who writes in lower case keeps it
        text = text[0].upper() + text[1:]
    return text or None


def _spans_kept(r: Reading, drop: list[bool]) -> list[tuple[int, int]]:
    """Original character spans to keep; a span shared by tokens ("I'm") is kept if any is."""
    spans: dict[tuple[int, int], bool] = {}
    for start, end, gone in zip(r.tokens.starts, r.tokens.ends, drop, strict=True):
        key = (start, end)
        spans[key] = spans.get(key, False) or not gone
    return [span for span, keep in spans.items() if keep]


def _join(text: str, spans: list[tuple[int, int]]) -> str:
    out: list[str] = []
    prev_end = None
    for start, end in spans:
        piece = text[start:end]
        if prev_end is not None:
            gap = text[prev_end:start]
            out.append(gap if gap.strip() == "" and gap else (" " if not _is_mark(piece) else ""))
        out.append(piece)
        prev_end = end
    return "".join(out)


def _is_mark(piece: str) -> bool:
    return bool(piece) and not piece[0].isalnum()


def _tidy(text: str, joiners: frozenset[str]) -> str:
    text = " ".join(text.split())
    while text and (text[0] in ",;:-." or text.split(" ", 1)[0].lower() in joiners):
        text = (
            text[1:].lstrip()
            if text[0] in ",;:-."
            else text.split(" ", 1)[1]
            if " " in text
            else ""
        )
    text = text.replace(" ,", ",").replace(",.", ".").replace(", .", ".").rstrip(" ,;:-")
    while " " in text and text.rsplit(" ", 1)[1].lower() in joiners:  # a dangling "but"
        text = text.rsplit(" ", 1)[0].rstrip(" ,")
    if not text:
        return ""
    if text[-1] not in ".!?…":
        text += "."
    return text
