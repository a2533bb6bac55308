"""Daily reminder times: reading "/remind 8:30 Berlin", and when the next one is due.

Pure: the current time and the time zone are passed in. Times are stored as the person's local
wall-clock time plus an IANA zone, and the next firing as an instant in UTC, so daylight saving
moves with the person rather than with the server.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

_CLOCK = re.compile(
    r"^(?P<h>\d{1,2})(?:[:.h]?(?P<m>\d{2})|h)?\s*(?P<ampm>a\.?m\.?|p\.?m\.?)?$", re.IGNORECASE
)
OFF_WORDS = frozenset({"off", "stop", "none", "no", "cancel"})


@dataclass(frozen=True)
class RemindOff:
    pass


@dataclass(frozen=True)
class RemindAt:
    at: time
    place: str | None  # a zone name or a city, resolved by the caller; None: keep the known zone


RemindRequest = RemindOff | RemindAt


def parse_clock(text: str) -> time | None:
    """'8:30', '08.30', '0730', '20h', '20h15', '7am', '7:15 pm' -> a time; else None."""
    match = _CLOCK.match(text.strip())
    if not match:
        return None
    hour, minute = int(match["h"]), int(match["m"] or 0)
    ampm = (match["ampm"] or "").replace(".", "").lower()
    if ampm:
        if not 1 <= hour <= 12:
            return None
        hour = hour % 12 + (12 if ampm == "pm" else 0)
    if hour > 23 or minute > 59:
        return None
    return time(hour, minute)


def parse_remind(args: str) -> RemindRequest | None:
    """What /remind was asked: 'off', or a time with an optional place after it."""
    text = " ".join(args.split())
    if text.lower() in OFF_WORDS:
        return RemindOff()
    words = text.split(" ")
    # The time may be one word ("7:30pm") or two ("7:30 pm"); the rest is the place.
    for size in (2, 1):
        at = parse_clock(" ".join(words[:size])) if len(words) >= size else None
        if at is not None:
            place = " ".join(words[size:]).strip() or None
            return RemindAt(at, place)
    return None


def next_fire(at: time, zone: ZoneInfo, after: datetime) -> datetime:
    """The first instant strictly after `after` when the local clock in `zone` shows `at`.

    A local time skipped by a daylight-saving jump fires at the same offset it would have had
    (the zoneinfo 'fold=0' reading), so a reminder is never silently lost on that day.
    """
    today = local_day(after, zone)
    for offset in range(3):
        day = today + timedelta(days=offset)
        candidate = datetime.combine(day, at, tzinfo=zone).astimezone(UTC)
        if candidate > after:
            return candidate
    raise AssertionError("a local time recurs within three days")  # pragma: no cover


def local_day(instant: datetime, zone: ZoneInfo) -> date:
    return instant.astimezone(zone).date()


def same_local_day(a: datetime, b: datetime, zone: ZoneInfo) -> bool:
    """Whether two instants fall on the same day on the local clock ("today" or "tomorrow")."""
    return local_day(a, zone) == local_day(b, zone)


def latest_fire(at: time, zone: ZoneInfo, now: datetime) -> datetime:
    """The last instant at or before `now` when the local clock showed `at`."""
    day = local_day(now, zone)
    for offset in range(3):
        candidate = datetime.combine(day - timedelta(days=offset), at, tzinfo=zone).astimezone(UTC)
        if candidate <= now:
            return candidate
    raise AssertionError("a local time recurs within three days")  # pragma: no cover


def worth_sending(at: time, zone: ZoneInfo, now: datetime, last_sent: date | None) -> bool:
    """Whether a reminder that fell due should go out now.

    Only today's reminder is worth sending: one missed while the bot was down goes out late the
    same local day, once; a day that is over is dropped, never sent into the next.
    """
    today = local_day(now, zone)
    return local_day(latest_fire(at, zone, now), zone) == today and last_sent != today
