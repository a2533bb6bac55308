"""python -m dialogs.analysis: one statement per line in, one JSON object per line out.

With a statement as an argument, prints one object for it.
"""

from __future__ import annotations

import json
import sys

from .analyzer import default_analyzer


def main(argv: list[str]) -> int:
    analyzer = default_analyzer()
    if argv:
        print(json.dumps(analyzer.analyze(" ".join(argv)).to_json(), ensure_ascii=False))
        return 0
    out = sys.stdout
    for line in sys.stdin:
        text = line.rstrip("\r\n")
        out.write(json.dumps(analyzer.analyze(text).to_json(), ensure_ascii=False) + "\n")
        out.flush()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
