"""The console: the same coach in a terminal, a whole session piped in."""

from __future__ import annotations

import io
import subprocess
import sys
from datetime import date

import pytest

from bot import __main__ as command
from bot.console import run
from tests.coach_client import shared_coach
from tests.coach_words import said


def session(*lines: str, show_state: bool = False) -> list[str]:
    out: list[str] = []
    run(
        list(lines),
        out.append,
        show_state=show_state,
        coach=shared_coach(),
        today=date(2026, 11, 21),
    )
    return out


def test_buttons_are_numbered_choices_answered_by_number() -> None:
    out = session("/start", "1", show_state=True)
    assert "[1] I'm 18+ and I understand" in out
    assert out[-1] == "[state: welcome]"
    assert any("Who will you practise with" in line for line in out)


def test_a_choice_can_be_answered_with_its_label() -> None:
    out = session("/start", "i'm 18+ and i understand", "someone close", show_state=True)
    assert out[-1] == "[state: facts]"


def test_show_state_prints_the_state_after_each_turn() -> None:
    out = session("/start", "1", "Sam", "I have a dog.", show_state=True)
    assert [line for line in out if line.startswith("[state:")] == [
        "[state: welcome]",
        "[state: welcome]",
        "[state: facts]",
        "[state: others]",
    ]


def test_a_whole_session_can_be_piped_through_the_command(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    # `python -m bot console --show-state < lines`, in this process: the next test starts
    # `python -m bot` in a process of its own, which loads the coach again (four seconds).
    lines = "/start\n1\nSam\nI have a dog.\n/skip\n/skip\n/skip\nfine\n"
    monkeypatch.setattr(sys, "stdin", io.StringIO(lines))
    assert command.main(["console", "--show-state"]) == 0
    out = capsys.readouterr().out
    assert out.strip().endswith("[state: done]")
    assert said("done.summary", out)


@pytest.mark.slow  # a process that loads the coach
def test_without_a_token_plain_bot_starts_the_console_and_says_how_to_get_one() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "bot"],
        input="/help\n",
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
        env={"PATH": "", "PYTHONPATH": "."},
    )
    assert "BotFather" in done.stderr
    assert "/practice" in done.stdout
