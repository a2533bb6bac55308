"""What the analyzer says about a statement: its level, its issues, the feelings it names."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any, NamedTuple


class Level(StrEnum):
    """How deep a statement goes, shallowest first (the order is the ladder's)."""

    NONE = "none"
    FACT = "fact"
    OTHERS = "others"
    SELF = "self"
    IMMEDIATE = "immediate"

    @property
    def rank(self) -> int:
        return _RANK[self]

    def __lt__(self, other: object) -> bool:  # type: ignore[override]
        if not isinstance(other, Level):
            return NotImplemented
        return self.rank < other.rank


_RANK = {level: i for i, level in enumerate(Level)}


class IssueKind(StrEnum):
    """What gets in the way of a statement. Listed in the order the coach takes them up."""

    CRISIS = "crisis"  # clear danger: the coach stops
    CONCERN = "concern"  # possible danger: the coach asks whether they are safe
    THOUGHT = "thought"
    JUDGMENT = "judgment"
    SUGAR_COATING = "sugar_coating"
    PAST = "past"
    QUESTION = "question"
    ADVICE = "advice"


class Issue(NamedTuple):
    """One finding, with the words that caused it (so the coach can quote them back).

    `may_hide` is set for a faux feeling ("ignored"): the feelings it may stand for.
    `about_self` marks a verdict on the speaker ("I feel like a fool", "im such an idiot"):
    a coach answers it more gently than a verdict on someone else.
    `sure` marks a finding in the very shape the contract defines its kind by ("I feel that
    he…"): the coaching model may not doubt it away.
    (A NamedTuple: immutable, and cheap to make, which matters on the analyzer's hot path.)
    """

    kind: IssueKind
    span: tuple[int, int]
    evidence: str
    may_hide: tuple[str, ...] = ()
    about_self: bool = False
    sure: bool = False

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "kind": self.kind.value,
            "span": list(self.span),
            "evidence": self.evidence,
        }
        if self.may_hide:
            out["may_hide"] = list(self.may_hide)
        return out


@dataclass(eq=True, init=False)
class Analysis:
    """The analyzer's reading of one statement. Nothing changes it once made (`with_level`
    makes another).

    `unsoftened` is the statement with its sugar-coating taken out, when it had any
    ("I'm a little bit annoyed, but it's no big deal" -> "I'm annoyed.").

    (Not a frozen dataclass, and its `__init__` written out: a frozen one sets every field
    through `object.__setattr__`, and a generated one runs interpreted in the compiled build,
    where this is made once a statement; written out, mypyc compiles it.)
    """

    text: str
    level: Level
    issues: tuple[Issue, ...]
    feelings: tuple[str, ...]
    language: str  # the language it is written in, when Closer can tell
    # How to take the softening out, run only when asked: most readings never need it.
    rewrite: Callable[[], str | None] | None = field(compare=False, repr=False)

    def __init__(
        self,
        text: str,
        level: Level,
        issues: tuple[Issue, ...] = (),
        feelings: tuple[str, ...] = (),
        language: str = "en",
        rewrite: Callable[[], str | None] | None = None,
    ) -> None:
        self.text, self.level, self.issues, self.feelings = text, level, issues, feelings
        self.language, self.rewrite = language, rewrite

    @property
    def unsoftened(self) -> str | None:
        return self.rewrite() if self.rewrite is not None else None

    @property
    def kinds(self) -> frozenset[IssueKind]:
        return frozenset(issue.kind for issue in self.issues)

    def with_level(self, level: Level) -> Analysis:
        """The same reading at another level."""
        return Analysis(
            self.text, level, self.issues, self.feelings, self.language, rewrite=self.rewrite
        )

    def has(self, kind: IssueKind) -> bool:
        return any(issue.kind is kind for issue in self.issues)

    def first(self, kind: IssueKind) -> Issue | None:
        return next((issue for issue in self.issues if issue.kind is kind), None)

    @property
    def is_clean(self) -> bool:
        return not self.issues

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "text": self.text,
            "level": self.level.value,
            "issues": [issue.to_json() for issue in self.issues],
            "feelings": list(self.feelings),
        }
        unsoftened = self.unsoftened  # worked out on each read: read once
        if unsoftened is not None:
            out["unsoftened"] = unsoftened
        if self.language != "en":
            out["language"] = self.language
        return out

    @property
    def danger(self) -> IssueKind | None:
        """CRISIS or CONCERN when the statement signals danger, else None."""
        if self.has(IssueKind.CRISIS):
            return IssueKind.CRISIS
        return IssueKind.CONCERN if self.has(IssueKind.CONCERN) else None
