"""Reading /remind and finding the next reminder, across zones and daylight saving."""

from __future__ import annotations

from datetime import UTC, date, datetime, time
from zoneinfo import ZoneInfo

import pytest

from dialogs.schedule import (
    RemindAt,
    RemindOff,
    next_fire,
    parse_clock,
    parse_remind,
    worth_sending,
)

BERLIN = ZoneInfo("Europe/Berlin")


@pytest.mark.parametrize(
    ("text", "expected"),
    [("8:30", time(8, 30)), ("08.30", time(8, 30)), ("20h", time(20)), ("20h15", time(20, 15)),
     ("7am", time(7)), ("7:15 pm", time(19, 15)), ("12am", time(0)), ("12pm", time(12)),
     ("8", time(8)), ("0730", time(7, 30)), ("2015", time(20, 15)),
     ("13pm", None), ("24:00", None), ("8:60", None), ("soon", None), ("", None)],
)  # fmt: skip
def test_parse_clock(text: str, expected: time | None):
    assert parse_clock(text) == expected


@pytest.mark.parametrize(
    ("args", "expected"),
    [("off", RemindOff()), ("OFF", RemindOff()), ("8:30 Berlin", RemindAt(time(8, 30), "Berlin")),
     ("7:30 pm New York", RemindAt(time(19, 30), "New York")), ("9", RemindAt(time(9), None)),
     ("0730 Tokyo", RemindAt(time(7, 30), "Tokyo")),
     ("8:30 berlin germany", RemindAt(time(8, 30), "berlin germany")),
     ("Berlin", None), ("at dawn", None)],
)  # fmt: skip
def test_parse_remind(args: str, expected: object):
    assert parse_remind(args) == expected


def test_next_fire_is_later_today_or_tomorrow():
    morning = datetime(2026, 11, 21, 6, 0, tzinfo=UTC)  # 07:00 Berlin
    assert next_fire(time(8, 30), BERLIN, morning) == datetime(2026, 11, 21, 7, 30, tzinfo=UTC)
    assert next_fire(time(6, 30), BERLIN, morning) == datetime(2026, 11, 22, 5, 30, tzinfo=UTC)


def test_next_fire_follows_daylight_saving():
    before_switch = datetime(2026, 3, 28, 12, 0, tzinfo=UTC)  # Berlin moves to CEST on the 29th
    assert next_fire(time(8, 0), BERLIN, before_switch) == datetime(2026, 3, 29, 6, 0, tzinfo=UTC)


def test_a_local_time_skipped_by_the_clock_change_still_fires():
    night = datetime(2026, 3, 28, 22, 0, tzinfo=UTC)
    fire = next_fire(time(2, 30), BERLIN, night)  # 02:30 does not exist on the 29th in Berlin
    assert fire.date() == date(2026, 3, 29)


def test_only_todays_reminder_is_worth_sending_and_only_once():
    evening = datetime(2026, 11, 21, 19, 0, tzinfo=UTC)
    assert worth_sending(time(8, 30), BERLIN, evening, last_sent=None)
    assert not worth_sending(time(8, 30), BERLIN, evening, last_sent=date(2026, 11, 21))
    early = datetime(2026, 11, 21, 5, 0, tzinfo=UTC)  # 06:00: today's 08:30 has not come yet
    assert not worth_sending(time(8, 30), BERLIN, early, last_sent=None)
