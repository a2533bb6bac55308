"""Callback data: every action packs to the form its handler's pattern routes, parses back to
itself, keeps the wire form older messages carry, and refuses what it cannot be."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from dialogs.callbacks import (
    Account,
    AccountChoice,
    ButtonTooLong,
    CallbackData,
    CircleDay,
    CoachTap,
    Leave,
    NudgesOff,
    ShareNo,
    ShareOffer,
    ShareTo,
    StartDaily,
)

ROOT = Path(__file__).resolve().parent.parent

# The wire form is a promise to every message already in people's chats: a button sent before
# a release must still work after it.
WIRE = [
    (CoachTap(7, "feel:lonely"), "c1:7:feel:lonely"),
    (CoachTap(0, "consent"), "c1:0:consent"),
    (StartDaily(), "b1:daily"),
    (Account(AccountChoice.FORGET_YES), "b1:forget_yes"),
    (Account(AccountChoice.JOURNAL_OFF_NO), "b1:journal_off_no"),
    (ShareOffer(), "b1:share"),
    (ShareTo(12), "b1:share_to:12"),
    (ShareNo(), "b1:share_no"),
    (Leave(3), "b1:leave:3"),
    (NudgesOff(3), "b1:nudges_off:3"),
    (CircleDay(2**31 - 1), f"b1:circle_day:{2**31 - 1}"),
]


@pytest.mark.parametrize(("action", "data"), WIRE, ids=[data for _, data in WIRE])
def test_an_action_packs_to_its_wire_form_and_parses_back(action: CallbackData, data: str):
    assert action.pack() == data
    assert type(action).unpack(data) == action
    assert re.match(type(action).pattern(), data)


@pytest.mark.parametrize(("action", "data"), WIRE, ids=[data for _, data in WIRE])
def test_no_other_action_claims_an_actions_data(action: CallbackData, data: str):
    others = {type(a) for a, _ in WIRE} - {type(action)}
    assert [o.__name__ for o in others if re.match(o.pattern(), data)] == []


@pytest.mark.parametrize(
    ("action", "data"),
    [
        (CoachTap, "c1:x:consent"),
        (CoachTap, "c1:7:"),
        (CoachTap, "c0:7:consent"),
        (ShareTo, "b1:share_to:"),
        (ShareTo, "b1:share_to:-1"),
        (ShareTo, "b1:share_to:12:extra"),
        (Account, "b1:forget_maybe"),
        (StartDaily, "b1:daily:1"),
        (Leave, ""),
        (Leave, None),
    ],
)
def test_data_that_is_not_the_action_does_not_parse(action: type[CallbackData], data: str | None):
    assert action.unpack(data) is None


def test_a_number_past_any_id_is_routed_to_its_handler_but_names_nothing():
    forged = f"b1:leave:{2**64 + 1}"
    assert re.match(Leave.pattern(), forged)  # so the tap is answered, by the right handler
    assert Leave.unpack(forged) is None


def test_every_coach_button_fits_telegrams_64_bytes_even_late_in_life():
    faux = yaml.safe_load((ROOT / "content/en/lexicon/faux_feelings.yaml").read_text())
    words = {word for entry in faux["entries"] for word in entry["may_hide"]}
    assert words
    for data in ["consent", "someone", "send", "own", "example", "skip", "practice", "daily"]:
        CoachTap(10**9, data).pack()
    for word in words:
        CoachTap(10**9, f"feel:{word}").pack()
    with pytest.raises(ButtonTooLong):
        CoachTap(1, "x" * 80).pack()


def test_a_second_action_with_a_taken_prefix_is_refused_when_written():
    with pytest.raises(TypeError, match="taken"):

        class Again(CallbackData, prefix="b1:leave"):
            pass
