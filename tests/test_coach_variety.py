"""A week of daily practice, read as a person reads it: nothing the coach says to open a
redirect, to praise, or to close a day is said the same way on two days running, and prompts
are not met twice."""

from __future__ import annotations

from collections import defaultdict
from datetime import date, timedelta
from itertools import pairwise

from dialogs.coach.render import text_of
from tests.coach_client import CoachUser, shared_coach

CLEAN = {
    "facts": "I have a dog.",
    "others": "I'm worried about my dad.",
    "self": "I'm proud of myself for asking for help.",
    "immediate": "Right now I feel nervous telling you this.",
}
TRIED = "I feel like it is pointless."  # a thought: redirected, so each day meets an opener
WATCHED = ("redirect.ack", "redirect.thought", "reflect.ask_daily", "reflect.thanks")


def a_week(seed: str, days: int = 7) -> list[dict[str, set[str]]]:
    """What was said each day, by key (praise.* gathered as one), as rendered text."""
    user = CoachUser(seed=seed, today=date(2026, 11, 2))
    user.send("/start")
    user.tap("consent")
    user.send("Sam")
    user.send("/stop")
    content = shared_coach().content
    said: list[dict[str, set[str]]] = []
    for day in range(days):
        user.today = date(2026, 11, 2) + timedelta(days=day)
        today: dict[str, set[str]] = defaultdict(set)
        results = [user.send("/daily")]
        while user.state in CLEAN:
            results.append(user.send(TRIED))
            results.append(user.send(CLEAN[user.state]))
        results.append(user.send("it was ok"))
        for result in results:
            for reply in result.replies:
                for line in reply.lines:
                    key = "praise" if line.key.startswith("praise.") else line.key
                    key = "prompt" if key.startswith("prompt:") else key
                    today[key].add(text_of(line, content))
        said.append(today)
    return said


def test_no_opener_praise_or_closing_line_repeats_on_consecutive_days() -> None:
    for seed in ("ana", "ben", "chloe"):
        week = a_week(seed)
        for key in (*WATCHED, "praise"):
            assert any(key in day for day in week), key
            for yesterday, today in pairwise(week):
                repeated = yesterday.get(key, set()) & today.get(key, set())
                assert not repeated, (seed, key, repeated)


def test_a_week_of_daily_practice_never_meets_the_same_prompt_twice() -> None:
    week = a_week("dana")
    prompts = [text for day in week for text in day["prompt"]]
    assert len(prompts) >= 14
    assert len(set(prompts)) == len(prompts)


def test_two_people_on_the_same_day_do_not_hear_the_same_words() -> None:
    first, second = a_week("eve", days=1)[0], a_week("finn", days=1)[0]
    assert any(first[key] != second[key] for key in (*WATCHED, "praise", "prompt"))
