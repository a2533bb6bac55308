"""What each step accepts, and the ONE thing to redirect when it does not.

Order of what to take up first: crisis (handled before this), thought or judgment, sugar-coating,
the past, a question or advice; then a statement that does not yet reach the step's level.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from dialogs.analysis import Analysis, Issue, IssueKind, Level

from .machine import STEP_LEVEL, State


class Redirect(StrEnum):
    THOUGHT = "thought"
    FAUX = "faux"  # a judgment that hides feelings we can offer
    JUDGMENT = "judgment"
    SELF_VERDICT = "self_verdict"  # a harsh word for oneself: asked gently for the feeling under it
    SUGAR = "sugar"
    PAST = "past"
    QUESTION = "question"
    ADVICE = "advice"
    NOT_ABOUT_YOU = "not_about_you"
    SHALLOW = "shallow"


@dataclass(frozen=True)
class Verdict:
    redirect: Redirect | None
    issue: Issue | None = None
    deeper: bool = False  # accepted, and it went deeper than asked

    @property
    def accepted(self) -> bool:
        return self.redirect is None


def judge(step: State, analysis: Analysis) -> Verdict:
    wanted = Level(STEP_LEVEL[step])
    if step is State.FACTS:
        return _facts(analysis)
    for kind, redirect in (
        (IssueKind.THOUGHT, Redirect.THOUGHT),
        (IssueKind.JUDGMENT, Redirect.JUDGMENT),
        (IssueKind.SUGAR_COATING, Redirect.SUGAR),
    ):
        issue = analysis.first(kind)
        if issue is not None:
            if redirect is Redirect.JUDGMENT and issue.about_self:
                redirect = Redirect.SELF_VERDICT
            elif redirect is Redirect.JUDGMENT and issue.may_hide:
                redirect = Redirect.FAUX
            return Verdict(redirect, issue)
    if step is State.IMMEDIATE and (issue := analysis.first(IssueKind.PAST)):
        return Verdict(Redirect.PAST, issue)
    for kind, redirect in (
        (IssueKind.QUESTION, Redirect.QUESTION),
        (IssueKind.ADVICE, Redirect.ADVICE),
    ):
        if issue := analysis.first(kind):
            return Verdict(redirect, issue)
    if analysis.level.rank < wanted.rank:
        return Verdict(Redirect.SHALLOW)
    return Verdict(None, deeper=analysis.level.rank > wanted.rank)


def _facts(analysis: Analysis) -> Verdict:
    """Step 1 asks only for something true about the speaker."""
    for kind, redirect in (
        (IssueKind.QUESTION, Redirect.QUESTION),
        (IssueKind.ADVICE, Redirect.ADVICE),
    ):
        if issue := analysis.first(kind):
            return Verdict(redirect, issue)
    judgment = analysis.first(IssueKind.JUDGMENT)
    if judgment is not None and judgment.about_self:
        return Verdict(Redirect.SELF_VERDICT, judgment)
    if judgment is not None and analysis.level.rank <= Level.FACT.rank and not judgment.may_hide:
        return Verdict(Redirect.NOT_ABOUT_YOU, judgment)
    if analysis.level is Level.NONE:
        return Verdict(Redirect.SHALLOW)
    sugar = analysis.first(IssueKind.SUGAR_COATING)
    if sugar is not None and analysis.level.rank > Level.FACT.rank:
        # a feeling offered beyond the step, softened ("kinda sad lol") or said as its opposite
        # ("love getting left on read 🙃"): not praised as deeper, asked for plainly
        return Verdict(Redirect.SUGAR, sugar)
    return Verdict(None, deeper=analysis.level.rank > Level.FACT.rank)
