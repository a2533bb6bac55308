"""Logging that never holds a statement or the token.

Closer's own code logs ids, states and counts, never text. The Telegram library and the HTTP
clients log request addresses (which contain the token) and, at DEBUG, whole messages, and
aiosqlite logs every statement with its values (a person's words among them): they are held at
WARNING whatever LOG_LEVEL says, and a filter masks the token in anything that gets through,
tracebacks included.
"""

from __future__ import annotations

import logging

CHATTY = (
    "aiohttp",
    "httpx",
    "httpcore",
    "telegram",
    "apscheduler",
    "asyncio",
    "transitions",
    "aiosqlite",
)


class RedactToken(logging.Filter):
    def __init__(self, token: str) -> None:
        super().__init__()
        self.token = token

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        if self.token in message:
            record.msg = message.replace(self.token, "<token>")
            record.args = None
        if record.exc_info and not record.exc_text:
            # The formatter prints exc_text when it is set: hand it the traceback, masked.
            text = logging.Formatter().formatException(record.exc_info)
            record.exc_text = text.replace(self.token, "<token>")
        return True


def setup(level: int, token: str | None) -> None:
    logging.basicConfig(
        level=level, format="%(asctime)s %(levelname)s %(name)s: %(message)s", force=True
    )
    quiet_libraries(level)
    if token:
        for handler in logging.getLogger().handlers:
            handler.addFilter(RedactToken(token))


def quiet_libraries(level: int) -> None:
    """Libraries that log addresses or message text speak only from WARNING up."""
    for name in CHATTY:
        logging.getLogger(name).setLevel(max(level, logging.WARNING))
