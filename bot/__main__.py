"""`python -m bot`: until the coach's console exists, a prompt that reads statements."""

from __future__ import annotations

import json
import sys

from dialogs.analysis import analyze


def main() -> int:
    print("Closer's statement analyzer. Type a statement; Ctrl-D to quit.", file=sys.stderr)
    for line in sys.stdin:
        print(json.dumps(analyze(line.rstrip("\n")).to_json(), ensure_ascii=False, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
