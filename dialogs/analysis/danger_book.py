"""The danger rules of every language, as the lexicon loads them (dialogs.analysis.danger reads
statements with them). Kept apart from the matcher so the lexicon can build them without a cycle.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass, field

from .model import IssueKind


@dataclass(frozen=True)
class Rule:
    """Concepts (by id) that together mean danger. `orders` holds every order the concepts may
    come in: one for `seq`, all of them for `near`."""

    kind: IssueKind
    orders: tuple[tuple[int, ...], ...]
    gaps: tuple[int, ...]  # the most words between one concept and the next
    unless: frozenset[int]
    needs: frozenset[int]
    language: str
    name: str  # "crisis:wish+die": stable while the file's words change, for the model
    # clear danger alone (the "crisis:" phrases, a rule marked certain): never doubted; softened
    # in its sentence, it still asks. A concern rule marked certain always asks.
    certain: bool = False
    # concepts that, in the same sentence, make this rule's match one step calmer: "i wanna
    # die, this is so embarrassing" asks whether they are safe rather than stopping
    soften: frozenset[int] = frozenset()


@dataclass
class DangerBook:
    """Every language's danger rules, with the concept names they were written with."""

    names: list[str] = field(default_factory=list)  # concept id -> "en:wish"
    ids: dict[str, int] = field(default_factory=dict)  # "en:wish" -> concept id
    rules: list[Rule] = field(default_factory=list)
    by_concept: dict[int, tuple[int, ...]] = field(default_factory=dict)  # concept -> rule ids
    roles: set[int] = field(default_factory=set)  # who, not what: never enough to look further
    negations: frozenset[str] = frozenset()
    # concepts that soften every match one step when found anywhere in the statement (the past,
    # recovery, fiction: "used to", "years ago", "in the movie"); each one present is one step
    softeners: set[int] = field(default_factory=set)
    # concepts that say the speaker is safe ("im fine", "not going to do anything"): one step
    # calmer, like a softener, but a clear danger said beside them still asks (a death wish
    # said with a reassurance is a reason to ask, not to look away)
    reassurers: set[int] = field(default_factory=set)
    # concept -> the rules filed under it (see `keyed`); built on first use, once all are added
    _keyed: dict[int, tuple[int, ...]] | None = None

    def concept(self, name: str) -> int:
        """The id of a concept, made on first use."""
        if name not in self.ids:
            self.ids[name] = len(self.names)
            self.names.append(name)
        return self.ids[name]

    def keyed(self) -> dict[int, tuple[int, ...]]:
        """Every rule filed under ONE concept it needs, never a role (who alone is never enough
        to look further): a rule can match only when that concept is present, so a statement
        looks only at the rules filed under its concepts, and most statements at none. The
        concept chosen is the one the fewest rules share: the least common, as a rule goes."""
        if self._keyed is None:
            keyed: dict[int, tuple[int, ...]] = {}
            for index, rule in enumerate(self.rules):
                what = [c for c in rule.needs if c not in self.roles]
                if what:
                    key = min(what, key=lambda c: (len(self.by_concept[c]), c))
                    keyed[key] = (*keyed.get(key, ()), index)
            self._keyed = keyed
        return self._keyed

    def add_rule(
        self,
        kind: IssueKind,
        concepts: tuple[int, ...],
        *,
        ordered: bool,
        gaps: tuple[int, ...],
        unless: frozenset[int],
        language: str,
        certain: bool = False,
        soften: frozenset[int] = frozenset(),
    ) -> None:
        orders = (concepts,) if ordered else tuple(dict.fromkeys(itertools.permutations(concepts)))
        name = f"{kind.value}:{'+'.join(self.names[c] for c in concepts)}"
        rule = Rule(
            kind, orders, gaps, unless, frozenset(concepts), language, name, certain, soften
        )
        index = len(self.rules)
        self.rules.append(rule)
        for concept in rule.needs:
            self.by_concept[concept] = (*self.by_concept.get(concept, ()), index)
        self._keyed = None
