"""python -m dialogs.diagrams [--write]: print every conversation machine's Mermaid diagram, or
write each into README.md between its markers (`<!-- <name>-diagram:begin -->` and `:end`)."""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path

from dialogs import circle, pair, sharing
from dialogs.coach import machine as coach

DIAGRAMS: dict[str, Callable[[], str]] = {
    "coach": coach.mermaid,
    "sharing": sharing.mermaid,
    "circle": circle.mermaid,
    "pair": pair.mermaid,
    "pair-answer": pair.answer_mermaid,
}


def markers(name: str) -> tuple[str, str]:
    return f"<!-- {name}-diagram:begin -->", f"<!-- {name}-diagram:end -->"


def block(name: str) -> str:
    return f"```mermaid\n{DIAGRAMS[name]()}\n```"


def shown(readme: str, name: str) -> str:
    """What the README shows between the diagram's markers."""
    begin, end = markers(name)
    return readme.split(begin, 1)[1].split(end, 1)[0].strip()


def main(argv: list[str]) -> int:
    if "--write" not in argv:
        print("\n\n".join(block(name) for name in DIAGRAMS))
        return 0
    readme = Path.cwd() / "README.md"
    text = readme.read_text(encoding="utf-8")
    for name in DIAGRAMS:
        begin, end = markers(name)
        head, rest = text.split(begin, 1)
        _, tail = rest.split(end, 1)
        text = f"{head}{begin}\n{block(name)}\n{end}{tail}"
    readme.write_text(text, encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
