"""python -m dialogs.coach.diagram [--write]: print the coach's Mermaid diagram, or write it into
README.md between its markers."""

from __future__ import annotations

import sys
from pathlib import Path

from .machine import mermaid

BEGIN, END = "<!-- coach-diagram:begin -->", "<!-- coach-diagram:end -->"


def main(argv: list[str]) -> int:
    block = f"```mermaid\n{mermaid()}\n```"
    if "--write" not in argv:
        print(block)
        return 0
    readme = Path.cwd() / "README.md"
    text = readme.read_text(encoding="utf-8")
    head, rest = text.split(BEGIN, 1)
    _, tail = rest.split(END, 1)
    readme.write_text(f"{head}{BEGIN}\n{block}\n{END}{tail}", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
