"""A circle's life, as a machine: each event from each status, and what it returns. Its
Telegram side is in test_telegram_circles.py."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime, time
from zoneinfo import ZoneInfo

import pytest
from transitions import MachineError

from dialogs.callbacks import CircleDay, NudgesOff
from dialogs.challenges import Status
from dialogs.circle import (
    Answer,
    Circle,
    DayDue,
    End,
    Member,
    Nudge,
    Pause,
    PostDay,
    Removed,
    Resume,
    Tell,
    handle,
)
from dialogs.effects import Say

BERLIN = ZoneInfo("Europe/Berlin")
NOON = datetime.fromisoformat("2026-11-21T12:00:00+00:00")  # 13:00 in Berlin
EVENING = datetime.fromisoformat("2026-11-21T18:00:00+00:00")  # 19:00 in Berlin
ANNOUNCED = Circle(
    id=7,
    status=Status.ANNOUNCED,
    day=0,
    days=3,
    title="Tuesday circle",
    at=time(19, 0),
    zone=BERLIN,
    next_post_at=EVENING,
    theme=None,
)
RUNNING = replace(ANNOUNCED, status=Status.RUNNING, day=2, theme="A feeling about yourself.")
LAST_DAY = replace(RUNNING, day=3)
BEN, CLEO = Member(1, days=2), Member(2, days=0)


def keys(effects: tuple[object, ...]) -> list[str]:
    """Effects in short: an answer or a message by its key, anything else by its name."""
    shown = []
    for effect in effects:
        if isinstance(effect, Answer):
            shown.append(effect.say.key)
        elif isinstance(effect, Tell):
            shown.append(f"{effect.user_id}:{effect.say.key}")
        else:
            shown.append(type(effect).__name__)
    return shown


@pytest.mark.parametrize("circle", [ANNOUNCED, RUNNING])
def test_a_due_day_posts_the_next_theme_and_sets_the_time_after_it(circle: Circle):
    outcome = handle(circle, DayDue(EVENING))
    assert outcome.effects == (PostDay(),)
    assert (outcome.circle.status, outcome.circle.day) == (Status.RUNNING, circle.day + 1)
    assert outcome.circle.next_post_at == datetime.fromisoformat("2026-11-22T18:00:00+00:00")


def test_after_the_last_day_the_circle_ends_complete_and_each_member_hears_why():
    outcome = handle(LAST_DAY, DayDue(EVENING, (BEN, CLEO)))
    assert outcome.circle.status is Status.ENDED
    assert keys(outcome.effects) == [
        "Recap",
        "EditBoard",
        "1:circle.member_recap",
        "2:circle.member_recap_none",
    ]
    ben = outcome.effects[2]
    assert isinstance(ben, Tell)
    assert ben.say.params == {
        "why": Say("circle.ended_complete", {"title": "Tuesday circle"}),
        "done": 2,
        "days": 3,
    }


@pytest.mark.parametrize(
    ("at", "said"),
    [
        ("2026-11-21T06:59:00+00:00", "circle.nudge_night"),  # 07:59 in Berlin
        ("2026-11-21T07:00:00+00:00", "circle.nudge"),
        ("2026-11-21T20:59:00+00:00", "circle.nudge"),  # 21:59
        ("2026-11-21T21:00:00+00:00", "circle.nudge_night"),
    ],
)
def test_no_nudge_goes_out_at_night_where_the_circle_meets(at: str, said: str):
    outcome = handle(RUNNING, Nudge((Member(2),), datetime.fromisoformat(at)))
    first = outcome.effects[0]
    assert (first.say.key if isinstance(first, (Answer, Tell)) else None) == said


def test_an_end_before_the_first_theme_has_no_recap_and_members_hear_why():
    outcome = handle(ANNOUNCED, End((CLEO,)))
    assert keys(outcome.effects) == [
        "circle.ended_unstarted",
        "EditBoard",
        "2:circle.member_recap_none",
    ]


def test_an_early_end_says_so_to_the_group_and_to_each_member():
    outcome = handle(RUNNING, End((BEN,)))
    assert outcome.circle.status is Status.ENDED
    assert keys(outcome.effects) == ["circle.ended", "Recap", "EditBoard", "1:circle.member_recap"]
    told = outcome.effects[-1]
    assert isinstance(told, Tell)
    assert told.say.params["why"] == Say("circle.ended_early", {"title": "Tuesday circle"})
    assert told.say.params["days"] == 2  # the days it ran, not the days it would have


def test_removed_from_the_group_nothing_is_posted_there_and_members_hear_why():
    outcome = handle(RUNNING, Removed((BEN, CLEO)))
    assert outcome.circle.status is Status.ENDED
    assert keys(outcome.effects) == ["1:circle.member_recap", "2:circle.member_recap_none"]
    told = outcome.effects[1]
    assert isinstance(told, Tell)
    assert told.say.params["why"].key == "circle.ended_removed"


@pytest.mark.parametrize(
    ("circle", "status", "said"),
    [
        (ANNOUNCED, Status.PAUSED, "circle.paused"),
        (RUNNING, Status.PAUSED, "circle.paused"),
        (replace(RUNNING, status=Status.PAUSED), Status.PAUSED, "circle.already_paused"),
    ],
)
def test_pause_holds_the_themes_once(circle: Circle, status: Status, said: str):
    outcome = handle(circle, Pause())
    assert (outcome.circle.status, keys(outcome.effects)[0]) == (status, said)


@pytest.mark.parametrize(
    ("paused", "status"),
    [
        (replace(RUNNING, status=Status.PAUSED), Status.RUNNING),
        (replace(ANNOUNCED, status=Status.PAUSED), Status.ANNOUNCED),
    ],
)
def test_resume_goes_back_to_where_it_was_with_the_next_time_said(paused: Circle, status: Status):
    outcome = handle(paused, Resume(NOON))
    assert outcome.circle.status is status
    assert outcome.circle.next_post_at == EVENING
    answer = outcome.effects[0]
    assert isinstance(answer, Answer)
    assert answer.say == Say(
        "circle.resumed",
        {"when": Say("circle.when_today"), "time": "19:00", "zone": "Europe/Berlin"},
    )


def test_resume_when_not_paused_changes_nothing():
    outcome = handle(RUNNING, Resume(NOON))
    assert (outcome.circle, keys(outcome.effects)) == (RUNNING, ["circle.not_paused"])


def test_an_ended_circle_takes_no_more_moves():
    ended = replace(RUNNING, status=Status.ENDED)
    for event in (Pause(), End(()), DayDue(EVENING)):
        with pytest.raises(MachineError):
            handle(ended, event)


def test_a_nudge_goes_privately_to_whoever_has_not_practised_and_may_be_reached():
    members = (
        Member(1, practised_today=True),
        Member(2),
        Member(3, nudges=False),
        Member(4, reachable=False),  # blocked the bot, or within a day of a crisis
        Member(5, nudged_today=True),  # by this circle or another: one a day
    )
    outcome = handle(RUNNING, Nudge(members, EVENING))
    assert keys(outcome.effects) == ["2:circle.nudge", "circle.nudged"]
    nudge = outcome.effects[0]
    assert isinstance(nudge, Tell)
    assert nudge.day == 2
    assert [c.action for c in nudge.say.choices] == [CircleDay(7), NudgesOff(7)]
    assert outcome.effects[1] == Answer(Say("circle.nudged", {"count": 1}))


@pytest.mark.parametrize(
    ("circle", "members", "said"),
    [
        (ANNOUNCED, (Member(2),), "circle.nudge_no_theme"),
        (replace(RUNNING, status=Status.PAUSED), (Member(2),), "circle.nudge_no_theme"),
        (RUNNING, (Member(2, nudged_today=True),), "circle.nudged_already"),
        (
            RUNNING,
            (Member(2, practised_today=True), Member(3, reachable=False)),
            "circle.nudge_none",
        ),
    ],
)
def test_a_nudge_with_no_one_to_send_to_says_why(circle, members, said):
    assert keys(handle(circle, Nudge(members, EVENING)).effects) == [said]
