"""`python -m bot`: Closer's entry point.

python -m bot console [--show-state]   the coach in a terminal
python -m bot                          Telegram when TELEGRAM_BOT_TOKEN is set, else the console
"""

from __future__ import annotations

import asyncio
import os
import signal
import sys

from bot import console
from bot.settings import Settings, SettingsError

NO_TOKEN = """\
No TELEGRAM_BOT_TOKEN is set, so Closer starts in your terminal.
To run it in Telegram: talk to @BotFather, send /newbot, and put the token it gives you in
TELEGRAM_BOT_TOKEN (see README.md).
"""


BAD_TOKEN = """\
closer: Telegram did not accept TELEGRAM_BOT_TOKEN (it answered 401 or 404). Check the token
@BotFather gave you, and TELEGRAM_BASE_URL if you set one."""


def run_telegram(settings: Settings) -> int:
    from telegram.error import InvalidToken

    from bot import app as telegram_app  # imported here: the console needs none of it
    from bot import logs
    from bot.runtime import Closer

    logs.setup(settings.log_level, settings.token)
    closer = Closer.load(settings.database_url)
    application = telegram_app.build(settings, closer)

    async def main() -> None:
        stopping = asyncio.Event()
        loop = asyncio.get_running_loop()
        for sig in (signal.SIGINT, signal.SIGTERM):
            loop.add_signal_handler(sig, stopping.set)
        await telegram_app.serve(application, stopping)

    try:
        asyncio.run(main())
    except InvalidToken:
        # Said in our words: the library's traceback (and the aiohttp error chained to it)
        # would print the request's URL, and the token is in it.
        print(BAD_TOKEN, file=sys.stderr)
        return 2
    return 0


def main(argv: list[str]) -> int:
    if argv[:1] == ["console"]:
        return console.main(argv[1:])
    try:
        settings = Settings.from_env(os.environ)
    except SettingsError as exc:
        print(f"closer: {exc}", file=sys.stderr)
        return 2
    if settings.token:
        return run_telegram(settings)
    print(NO_TOKEN, file=sys.stderr)
    return console.main(argv)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
