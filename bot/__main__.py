"""`python -m bot`: Closer's entry point.

python -m bot console [--show-state]   the coach in a terminal
python -m bot                          Telegram when TELEGRAM_BOT_TOKEN is set, else the console
"""

from __future__ import annotations

import os
import sys

from bot import console

NO_TOKEN = """\
No TELEGRAM_BOT_TOKEN is set, so Closer starts in your terminal.
To run it in Telegram: talk to @BotFather, send /newbot, and put the token it gives you in
TELEGRAM_BOT_TOKEN (see README.md).
"""


def main(argv: list[str]) -> int:
    if argv[:1] == ["console"]:
        return console.main(argv[1:])
    if os.environ.get("TELEGRAM_BOT_TOKEN"):
        print(
            "This version of Closer has no Telegram runner yet; run `python -m bot console`.",
            file=sys.stderr,
        )
        return 2
    print(NO_TOKEN, file=sys.stderr)
    return console.main(argv)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
