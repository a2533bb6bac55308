"""Reading one language's danger file into the DangerBook and the phrase index.

The same schema serves English (content/en/lexicon/danger.yaml, whose words are expanded into
their inflections) and every other language (content/<code>/danger.yaml, whose authors list the
forms people type). Anything unknown or inconsistent fails at load with the file and the line:
an unknown key, a rule naming a concept nobody defined, a concept no rule uses.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import replace
from typing import TYPE_CHECKING

from dialogs.yamlfile import Node

from .danger_book import DangerBook
from .inflect import forms
from .model import IssueKind
from .phrases import PhraseIndex, expand

if TYPE_CHECKING:
    from .lexicon import Entry

_KEYS = frozenset(
    {
        "language",
        "name",
        "markers",
        "not_inflections",
        "roles",
        "concepts",
        "rules",
        "crisis",
        "concern",
        "calm",
        "soften",
        "reassure",
    }
)
_RULE_KEYS = frozenset({"kind", "seq", "near", "gap", "unless", "soften", "certain"})
_KINDS = {"crisis": IssueKind.CRISIS, "concern": IssueKind.CONCERN}
# A crisis stops the exercise; a concern asks. A rule whose words may stand further apart than
# this joins them loosely, and a loose join is a guess: it asks rather than stops.
LOOSE_GAP = 6
_MAX_FORMS = 20_000  # spellings one phrase may expand into; more means a phrase to split


def add_danger(
    doc: Node,
    book: DangerBook,
    index: PhraseIndex,  # type: ignore[type-arg]
    words: Callable[[str], tuple[str, ...]],
    *,
    inflect: bool,
) -> str:
    """Add one file's roles, concepts, rules and look-alikes; return its language code."""
    from .lexicon import Entry, Tag  # the lexicon calls this while it builds

    doc.only(_KEYS)
    code = doc["language"].text()
    skip = frozenset(doc["not_inflections"].texts()) if doc.get("not_inflections") else frozenset()

    def spellings(item: Node) -> list[tuple[str, ...]]:
        text = item.text()
        try:
            phrases = expand(_inflected(text, skip) if inflect else text)
        except ValueError as exc:
            raise item.fail(str(exc)) from exc
        out: list[tuple[str, ...]] = []
        for phrase in phrases:
            said = words(phrase)
            if not said:
                raise item.fail(f"{phrase!r} has no words")
            out.append(said)
        if len(out) > _MAX_FORMS:
            raise item.fail(f"expands into {len(out)} spellings; split it")
        return out

    defined: dict[str, int] = {}
    for section, is_role in (("roles", True), ("concepts", False)):
        node = doc.get(section)
        if node is None:
            continue
        for name, phrases in node.items():
            if name in defined:
                raise phrases.fail(f"{name!r} is defined twice")
            concept = defined[name] = book.concept(f"{code}:{name}")
            if is_role:
                book.roles.add(concept)
            for item in phrases.seq():
                for said in spellings(item):
                    index.add_merged(said, Entry(Tag.DANGER, concepts=(concept,)), _joined)
        if section == "concepts" and not defined:
            raise node.fail("expected at least one concept")
    used: set[str] = set()
    rules = doc.get("rules")
    for rule in rules.seq() if rules is not None else []:
        _add_rule(rule, book, defined, used, code)
    for key, into in (("soften", book.softeners), ("reassure", book.reassurers)):
        listed = doc.get(key)
        if listed is None:
            continue
        for name in listed.texts():
            if name not in defined or defined[name] in book.roles:
                raise listed.fail(f"{name!r} is not a concept of this file")
            used.add(name)
            into.add(defined[name])
    for name in defined.keys() - used:
        raise doc.fail(f"{name!r} is defined but no rule uses it")
    for key, kind in _KINDS.items():  # phrases that are enough alone: a one-concept rule each
        node = doc.get(key)
        if node is None:
            continue
        concept = book.concept(f"{code}:!{key}")
        for item in node.seq():
            for said in spellings(item):
                index.add_merged(said, Entry(Tag.DANGER, concepts=(concept,)), _joined)
        book.add_rule(
            kind,
            (concept,),
            ordered=True,
            gaps=(),
            unless=frozenset(),
            language=code,
            certain=kind is IssueKind.CRISIS,
        )
    calm = doc.get("calm")
    for item in calm.seq() if calm is not None else []:
        for said in spellings(item):
            index.add(said, Entry(Tag.DANGER_CALM))
    return code


def _joined(old: Entry, new: Entry) -> Entry | None:
    """One danger entry per phrase, holding every concept the phrase stands for."""
    if old.tag is not new.tag:
        return None
    more = tuple(c for c in new.concepts if c not in old.concepts)
    return replace(old, concepts=old.concepts + more)


def _inflected(phrase: str, skip: frozenset[str]) -> str:
    """The phrase with each word outside a ( ) choice turned into a choice of its inflections:
    "cut my (arm|wrist)" -> "(cut|cuts|cutting) my (arm|wrist)". Words inside a choice are taken
    as spelled: there the author has already said which forms they mean."""
    out: list[str] = []
    depth = 0
    for piece in re.split(r"([()\s])", phrase):
        if piece == "(":
            depth += 1
        elif piece == ")":
            depth -= 1
        if depth == 0 and piece.isalpha():
            spelled = [f for f in forms(piece.casefold()) if f not in skip]
            if len(spelled) > 1:
                piece = f"({'|'.join(spelled)})"
        out.append(piece)
    return "".join(out)


def _add_rule(
    rule: Node, book: DangerBook, defined: dict[str, int], used: set[str], code: str
) -> None:
    rule.only(_RULE_KEYS)
    kind_name = rule["kind"].text()
    if kind_name not in _KINDS:
        raise rule["kind"].fail("kind must be crisis or concern")
    ordered = rule.get("seq") is not None
    if ordered == (rule.get("near") is not None):
        raise rule.fail("a rule has either seq (in order) or near (any order)")
    names_node = rule["seq"] if ordered else rule["near"]
    names = names_node.texts()

    def ids(node: Node, names: list[str]) -> tuple[int, ...]:
        for name in names:
            if name not in defined:
                raise node.fail(f"{name!r} is not a role or concept of this file")
        used.update(names)
        return tuple(defined[name] for name in names)

    concepts = ids(names_node, names)
    gaps = _gaps(rule["gap"], len(concepts), ordered)
    unless_node = rule.get("unless")
    unless = frozenset(ids(unless_node, unless_node.texts())) if unless_node else frozenset()
    soften_node = rule.get("soften")
    soften = frozenset(ids(soften_node, soften_node.texts())) if soften_node else frozenset()
    kind = _KINDS[kind_name]
    if kind is IssueKind.CRISIS and max(gaps, default=0) > LOOSE_GAP:
        kind = IssueKind.CONCERN
    sure = rule.get("certain")
    book.add_rule(
        kind,
        concepts,
        ordered=ordered,
        gaps=gaps,
        unless=unless,
        language=code,
        certain=sure is not None and sure.text() == "true",
        soften=soften,
    )


def _gaps(node: Node, count: int, ordered: bool) -> tuple[int, ...]:
    """`gap: 3` for every link, or (in order only) `gap: [4, 1]`, one per link."""
    values = [item.text() for item in node.seq()] if ordered and node.is_seq else [node.text()]
    if not all(v.isdigit() for v in values):
        raise node.fail("gap is a whole number of words (or, with seq, a list of them)")
    gaps = [int(v) for v in values]
    links = max(count - 1, 0)
    if len(gaps) == 1:
        return tuple(gaps * links)
    if len(gaps) != links:
        raise node.fail(f"{links} links need {links} gaps, found {len(gaps)}")
    return tuple(gaps)
