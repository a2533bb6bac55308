"""Sharing one statement with a circle, as a machine: each event from each step, and what it
returns. The Telegram side of it is in test_telegram_circles.py."""

from __future__ import annotations

import pytest

from dialogs.callbacks import ShareLater, ShareNo, ShareOffer, ShareTo
from dialogs.sharing import (
    MAX_CHARS,
    Decline,
    GroupPost,
    Keep,
    Leave,
    Offer,
    Post,
    Say,
    SessionEnded,
    Step,
    Target,
    ToCoach,
    Write,
    handle,
)

TUESDAY = Target(1, "Tuesday circle", "Ben")
FRIDAY = Target(2, "Friday circle", "Benny")
OPEN = (TUESDAY, FRIDAY)
DRAFT = "I'm grateful for this group."


def keys(effects: tuple[object, ...]) -> list[str]:
    return [e.key if isinstance(e, Say) else type(e).__name__ for e in effects]


def test_a_session_ending_offers_sharing_only_where_a_circle_welcomes_it():
    offered = handle(Step.IDLE, None, SessionEnded(OPEN))
    assert keys(offered.effects) == ["circle.share_offer"]
    assert [c.action for c in offered.effects[0].choices] == [ShareOffer(), ShareLater()]
    assert handle(Step.IDLE, None, SessionEnded(())).effects == ()


@pytest.mark.parametrize(
    ("targets", "step", "said"),
    [(OPEN, Step.WRITE, "circle.share_ask"), ((), Step.IDLE, "circle.share_closed")],
)
def test_the_offer_asks_for_the_statement_while_a_circle_is_open(targets, step, said):
    outcome = handle(Step.IDLE, None, Offer(targets))
    assert (outcome.step, keys(outcome.effects)) == (step, [said])


def test_a_statement_becomes_the_draft_and_its_preview_offers_each_circle_and_no():
    outcome = handle(Step.WRITE, None, Write(f"  {DRAFT}\n ", danger=False, targets=OPEN))
    assert (outcome.step, outcome.draft) == (Step.CONFIRM, DRAFT)
    (preview,) = outcome.effects
    assert isinstance(preview, Say)
    assert preview.key == "circle.share_preview"
    post = preview.params["post"]
    assert post == Say("circle.share_post", {"name": "Ben", "text": DRAFT})
    assert [c.action for c in preview.choices] == [ShareTo(1), ShareTo(2), ShareNo()]
    assert preview.choices[1].params == {"title": "Friday circle"}


@pytest.mark.parametrize(
    ("text", "said"),
    [("   ", "circle.share_ask"), ("x" * (MAX_CHARS + 1), "circle.share_too_long")],
)
def test_a_blank_or_long_statement_is_asked_again_and_nothing_is_kept(text, said):
    outcome = handle(Step.WRITE, None, Write(text, danger=False, targets=OPEN))
    assert (outcome.step, outcome.draft, keys(outcome.effects)) == (Step.WRITE, None, [said])


@pytest.mark.parametrize("step", [Step.WRITE, Step.CONFIRM])
def test_danger_while_writing_is_never_kept_and_goes_to_the_coach(step):
    outcome = handle(step, DRAFT, Write("i want to disappear", danger=True, targets=OPEN))
    assert (outcome.step, outcome.draft) == (Step.IDLE, None)
    assert outcome.effects == (Say("circle.share_held"), ToCoach())  # told nothing was posted


def test_a_statement_written_after_the_circles_closed_is_not_kept():
    outcome = handle(Step.WRITE, None, Write(DRAFT, danger=False, targets=()))
    assert (outcome.step, outcome.draft) == (Step.IDLE, None)
    assert keys(outcome.effects) == ["circle.share_closed"]


def test_writing_again_at_the_preview_replaces_the_draft():
    outcome = handle(Step.CONFIRM, "first", Write("second", danger=False, targets=OPEN))
    assert (outcome.step, outcome.draft) == (Step.CONFIRM, "second")


def test_post_sends_the_draft_to_the_chosen_circle_under_its_name_there_and_ends():
    outcome = handle(Step.CONFIRM, DRAFT, Post(2, OPEN))
    assert (outcome.step, outcome.draft) == (Step.IDLE, None)
    assert outcome.effects == (
        GroupPost(2, "Benny", DRAFT),
        Say("circle.share_posted", {"title": "Friday circle"}),
    )


@pytest.mark.parametrize(
    ("step", "draft", "event", "said"),
    [
        (Step.IDLE, None, Post(1, OPEN), "circle.share_stale"),  # a double tap, an old preview
        (Step.WRITE, None, Post(1, OPEN), "circle.share_stale"),  # no draft yet
        (Step.CONFIRM, DRAFT, Post(3, OPEN), "circle.share_closed"),  # not (now) theirs
        (Step.CONFIRM, DRAFT, Post(1, ()), "circle.share_closed"),  # closed since the preview
    ],
)
def test_a_post_that_cannot_go_says_why_and_posts_nothing(step, draft, event, said):
    outcome = handle(step, draft, event)
    assert (outcome.step, keys(outcome.effects)) == (Step.IDLE, [said])


def test_an_offer_tapped_while_the_coach_asks_about_safety_waits():
    outcome = handle(Step.IDLE, None, Offer(OPEN, safety_open=True))
    assert (outcome.step, keys(outcome.effects)) == (Step.IDLE, ["circle.share_not_now"])


def test_not_today_under_the_offer_is_heard():
    outcome = handle(Step.IDLE, None, Decline())
    assert (outcome.step, keys(outcome.effects)) == (Step.IDLE, ["circle.share_declined"])


def test_a_late_dont_share_after_posting_never_claims_nothing_was_shared():
    outcome = handle(Step.IDLE, None, Keep())
    assert keys(outcome.effects) == ["circle.share_stale"]


@pytest.mark.parametrize("step", [Step.WRITE, Step.CONFIRM])
def test_keeping_it_ends_sharing_and_says_nothing_was_shared(step):
    outcome = handle(step, DRAFT, Keep())
    assert (outcome.step, outcome.draft, keys(outcome.effects)) == (
        Step.IDLE,
        None,
        ["circle.share_kept"],
    )


@pytest.mark.parametrize("step", [Step.WRITE, Step.CONFIRM])
def test_anything_else_leaves_sharing_quietly_for_the_coach(step):
    outcome = handle(step, DRAFT, Leave())
    assert (outcome.step, outcome.draft, outcome.effects) == (Step.IDLE, None, (ToCoach(),))


def test_text_when_not_sharing_is_the_coachs():
    outcome = handle(Step.IDLE, None, Write(DRAFT, danger=False, targets=OPEN))
    assert outcome.effects == (ToCoach(),)
