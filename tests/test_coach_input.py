"""The coach asks for one statement at a time, whatever the transport."""

from __future__ import annotations

from dialogs.coach.session import MAX_STATEMENT_CHARS
from tests.coach_client import CoachUser


def at_facts() -> CoachUser:
    user = CoachUser()
    user.send("/start")
    user.tap("consent")
    user.tap("someone")
    return user


def test_an_over_long_statement_is_asked_to_be_shorter_and_nothing_is_scored():
    user = at_facts()
    result = user.send("I have a dog. " * 100)
    assert user.keys == ["input.too_long"]
    assert user.params["limit"] == str(MAX_STATEMENT_CHARS)
    assert result.records == ()
    assert user.state == "facts"


def test_a_crisis_inside_a_long_message_is_still_heard():
    user = at_facts()
    user.send("I have a dog. " * 100 + "I want to die.")
    assert user.state == "safety"
