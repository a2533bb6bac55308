"""The coach in a terminal: the same Coach as Telegram, replies as plain text, buttons as
numbered choices ("[1] Skip") answered with the number or the label.

With standard input not a terminal, it reads one line per message and prints the replies, so a
whole session can be piped in. --show-state prints "[state: …]" after each turn.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Iterable
from datetime import date

from dialogs.coach import Coach, Command, Context, Event, Tap, Text, render


class Console:
    def __init__(
        self, coach: Coach, ctx: Context, write: Callable[[str], None], show_state: bool = False
    ) -> None:
        self.coach = coach
        self.session = coach.restore(None)
        self.ctx = ctx
        self.write = write
        self.show_state = show_state
        self.choices: tuple[tuple[str, str], ...] = ()

    def event_for(self, line: str) -> Event:
        """A typed line as the coach should see it: a command, a choice, or text."""
        text = line.strip()
        if text.startswith("/") and len(text) > 1:
            return Command(text[1:].split()[0].split("@")[0].lower())
        if text.isdigit() and 1 <= int(text) <= len(self.choices):
            return Tap(self.choices[int(text) - 1][1])
        for label, data in self.choices:
            if text.casefold() == label.casefold():
                return Tap(data)
        return Text(line)

    def send(self, line: str) -> None:
        result = self.session.handle(self.event_for(line), self.ctx)
        self.choices = ()  # numbered on, across the turn's messages: [1] [2] then [3] [4]
        for reply in result.replies:
            shown = render(reply, self.coach.content)
            self.write(shown.text)
            if shown.choices:
                first = len(self.choices) + 1
                self.choices += shown.choices
                self.write(
                    "  ".join(f"[{i}] {label}" for i, (label, _) in enumerate(shown.choices, first))
                )
            self.write("")
        if self.show_state:
            self.write(f"[state: {result.state}]")


def run(
    lines: Iterable[str],
    write: Callable[[str], None],
    *,
    show_state: bool = False,
    country: str | None = None,
    interactive: bool = False,
    coach: Coach | None = None,
    today: date | None = None,
) -> None:
    ctx = Context(today=today or date.today(), seed="console", country=country)
    console = Console(coach or Coach.load(), ctx, write, show_state)
    if interactive:
        write(
            "Closer in your terminal. Commands: /practice /daily /skip /stop /help. Ctrl-D quits.\n"
        )
        console.send("/start")
    for line in lines:
        console.send(line.rstrip("\n"))


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="python -m bot console", description=__doc__)
    parser.add_argument("--show-state", action="store_true", help="print the coach's state")
    parser.add_argument("--country", help="ISO country code for crisis lines, e.g. US")
    args = parser.parse_args(argv)
    interactive = sys.stdin.isatty()

    def prompt_lines() -> Iterable[str]:
        while True:
            try:
                yield input("> ")
            except EOFError:
                return

    run(
        prompt_lines() if interactive else sys.stdin,
        print,
        show_state=args.show_state,
        country=args.country,
        interactive=interactive,
    )
    return 0
