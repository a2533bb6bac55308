"""What each finding carries for the coach: evidence, spans, hidden feelings, the rewrite."""

from __future__ import annotations

import pytest

from dialogs.analysis import IssueKind, Level, analyze


def test_every_issue_quotes_the_words_that_caused_it() -> None:
    text = "I feel like you never listen to me."
    for issue in analyze(text).issues:
        start, end = issue.span
        assert text[start:end] == issue.evidence


def test_a_thought_is_quoted_as_feel_like() -> None:
    issue = analyze("I feel like you never listen to me.").first(IssueKind.THOUGHT)
    assert issue is not None
    assert issue.evidence == "feel like"


@pytest.mark.parametrize(
    ("text", "hidden"),
    [
        ("I feel ignored.", "lonely"),
        ("I feel rejected by you.", "hurt"),
        ("I feel taken for granted.", "sad"),
    ],
)
def test_a_faux_feeling_offers_the_feelings_it_may_hide(text: str, hidden: str) -> None:
    issue = analyze(text).first(IssueKind.JUDGMENT)
    assert issue is not None
    assert hidden in issue.may_hide


@pytest.mark.parametrize(
    ("text", "plain"),
    [
        ("I'm a little bit annoyed, but it's no big deal", "I'm annoyed."),
        ("It's no big deal, I'm just a bit sad.", "I'm sad."),
        ("Maybe I'm slightly jealous, haha", "I'm jealous."),
        ("I guess I'm kind of hurt.", "I'm hurt."),
        ("I'm sort of lonely but I'm okay.", "I'm lonely."),
    ],
)
def test_sugar_coating_comes_with_the_statement_unsoftened(text: str, plain: str) -> None:
    assert analyze(text).unsoftened == plain


def test_a_clean_statement_has_no_rewrite() -> None:
    assert analyze("I feel sad.").unsoftened is None


def test_feelings_are_reported_normalised() -> None:
    assert analyze("Im soooo SAD and kinda scared").feelings == ("sad", "scared")


def test_negated_feelings_are_still_feelings() -> None:
    analysis = analyze("I don't feel close to you right now.")
    assert analysis.level is Level.IMMEDIATE
    assert analysis.feelings == ("close",)


def test_a_wish_is_not_a_feeling() -> None:
    analysis = analyze("I don't feel like cooking.")
    assert analysis.level is Level.FACT
    assert analysis.feelings == ()


@pytest.mark.parametrize(
    "variant",
    [
        "I’m happy you’re here",
        "im happy ur here",
        "I'M HAPPY YOU'RE HERE",
        "I'm   happy    you're here",
        "i'm happyyyy u r here",
    ],
)
def test_spelling_and_case_do_not_change_the_reading(variant: str) -> None:
    reference = analyze("I'm happy you're here")
    analysis = analyze(variant)
    assert analysis.level is reference.level
    assert analysis.kinds == reference.kinds


def test_issues_come_in_the_order_the_coach_takes_them() -> None:
    kinds = [i.kind for i in analyze("Last night I felt kind of ignored lol").issues]
    assert kinds == sorted(kinds, key=list(IssueKind).index)


def test_json_follows_the_contract() -> None:
    data = analyze("I feel like you never listen to me.").to_json()
    assert set(data) >= {"text", "level", "issues", "feelings"}
    assert data["issues"][0]["kind"] == "thought"
    assert data["issues"][0]["span"] == [2, 11]
