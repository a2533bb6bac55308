"""Closer's settings, read once from the environment. A bad value stops start-up with one line
that names the setting and what would be right (see the table in README.md)."""

from __future__ import annotations

import logging
import re
from collections.abc import Mapping
from dataclasses import dataclass
from urllib.parse import urlsplit

DEFAULT_BASE_URL = "https://api.telegram.org"
DEFAULT_DATABASE_URL = "sqlite+aiosqlite:///closer.db"
DATABASE_SCHEMES = ("sqlite+aiosqlite", "postgresql+asyncpg")
LOG_LEVELS = ("DEBUG", "INFO", "WARNING", "ERROR")
_TOKEN = re.compile(r"^\d+:[A-Za-z0-9_-]+$")


class SettingsError(Exception):
    """One setting is wrong; the message is the one line to print."""


@dataclass(frozen=True)
class Settings:
    token: str | None
    base_url: str
    database_url: str
    log_level: int

    def __repr__(self) -> str:  # never print the token, even by accident
        token = "set" if self.token else "unset"
        return f"Settings(token={token}, base_url={self.base_url!r}, database_url=…)"

    @classmethod
    def from_env(cls, env: Mapping[str, str]) -> Settings:
        return cls(
            token=_token(env.get("TELEGRAM_BOT_TOKEN", "").strip() or None),
            base_url=_base_url(env.get("TELEGRAM_BASE_URL", "").strip() or DEFAULT_BASE_URL),
            database_url=_database_url(
                env.get("DATABASE_URL", "").strip() or DEFAULT_DATABASE_URL,
                allow_memory=env.get("ALLOW_MEMORY_DATABASE") == "1",
            ),
            log_level=_log_level(env.get("LOG_LEVEL", "").strip() or "INFO"),
        )


def _token(value: str | None) -> str | None:
    if value is not None and not _TOKEN.match(value):
        raise SettingsError(
            "TELEGRAM_BOT_TOKEN does not look like a bot token (digits, a colon, then letters); "
            "copy it again from @BotFather"
        )
    return value


def _base_url(value: str) -> str:
    parts = urlsplit(value)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise SettingsError(f"TELEGRAM_BASE_URL must be an http(s) address, got {value!r}")
    return value.rstrip("/")


def _database_url(value: str, allow_memory: bool = False) -> str:
    scheme = value.split("://", 1)[0] if "://" in value else ""
    if scheme in ("postgres", "postgresql"):
        raise SettingsError(
            "DATABASE_URL must name the async driver: postgresql+asyncpg://user:pass@host/db"
        )
    if scheme not in DATABASE_SCHEMES:
        raise SettingsError(
            "DATABASE_URL must start with sqlite+aiosqlite:/// or postgresql+asyncpg://"
        )
    if scheme == "sqlite+aiosqlite" and _in_memory(value) and not allow_memory:
        raise SettingsError(
            "DATABASE_URL names an in-memory SQLite database: everything people wrote would be"
            " gone when the bot stops. Give a file (sqlite+aiosqlite:///closer.db), or set"
            " ALLOW_MEMORY_DATABASE=1 for a throwaway run"
        )
    return value


def _in_memory(url: str) -> bool:
    path = url.split("://", 1)[1].split("?", 1)[0]
    return path in ("", "/") or ":memory:" in path or "mode=memory" in url


def _log_level(value: str) -> int:
    name = value.upper()
    if name not in LOG_LEVELS:
        raise SettingsError(f"LOG_LEVEL must be one of {', '.join(LOG_LEVELS)}, got {value!r}")
    return int(getattr(logging, name))
