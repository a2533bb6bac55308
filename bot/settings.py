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
DEFAULT_LISTEN = ("127.0.0.1", 8080)
_TOKEN = re.compile(r"^\d+:[A-Za-z0-9_-]+$")
# Telegram's rule for a webhook's secret_token: 1-256 of these. Closer asks for 32 at least, so
# that it cannot be guessed; `openssl rand -hex 32` makes one.
DEFAULT_JOBS_EVERY = 20.0  # seconds between the repeating job's looks (bot.jobs)
_SECRET = re.compile(r"^[A-Za-z0-9_-]{32,256}$")


class SettingsError(Exception):
    """One setting is wrong; the message is the one line to print."""


@dataclass(frozen=True)
class Settings:
    token: str | None
    base_url: str
    database_url: str
    log_level: int
    # Webhook mode when set: Telegram posts updates to this address (see README, "Webhooks");
    # unset, Closer polls getUpdates.
    webhook_url: str | None = None
    webhook_secret: str | None = None  # Telegram sends it back in a header with every update
    listen: tuple[str, int] = DEFAULT_LISTEN  # where the webhook's HTTP server listens
    # Paid broadcasts: every send carries allow_paid_broadcast, paced up to 1,000 a second.
    paid_broadcast: bool = False
    # Seconds between the repeating job's looks for due reminders and circle days.
    jobs_every: float = DEFAULT_JOBS_EVERY

    def __repr__(self) -> str:  # never print the token or the secret, even by accident
        token = "set" if self.token else "unset"
        mode = "webhook" if self.webhook_url else "polling"
        return f"Settings(token={token}, base_url={self.base_url!r}, database_url=…, {mode})"

    @property
    def webhook(self) -> bool:
        return self.webhook_url is not None

    @classmethod
    def from_env(cls, env: Mapping[str, str]) -> Settings:
        webhook_url = _webhook_url(env.get("CLOSER_WEBHOOK_URL", "").strip() or None)
        return cls(
            token=_token(env.get("TELEGRAM_BOT_TOKEN", "").strip() or None),
            base_url=_base_url(env.get("TELEGRAM_BASE_URL", "").strip() or DEFAULT_BASE_URL),
            database_url=_database_url(
                env.get("DATABASE_URL", "").strip() or DEFAULT_DATABASE_URL,
                allow_memory=env.get("ALLOW_MEMORY_DATABASE") == "1",
            ),
            log_level=_log_level(env.get("LOG_LEVEL", "").strip() or "INFO"),
            webhook_url=webhook_url,
            webhook_secret=_webhook_secret(
                env.get("CLOSER_WEBHOOK_SECRET", "").strip(), webhook_url
            ),
            listen=_listen(env.get("CLOSER_LISTEN", "").strip()),
            paid_broadcast=_switch("CLOSER_PAID_BROADCAST", env.get("CLOSER_PAID_BROADCAST", "")),
            jobs_every=_seconds("CLOSER_JOBS_EVERY", env.get("CLOSER_JOBS_EVERY", "").strip()),
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


def _webhook_url(value: str | None) -> str | None:
    if value is None:
        return None
    parts = urlsplit(value)
    # Telegram posts to https addresses only; a plain http one would be refused by setWebhook.
    if parts.scheme != "https" or not parts.netloc or parts.query or parts.fragment:
        raise SettingsError(
            f"CLOSER_WEBHOOK_URL must be the bot's public https address, got {value!r}"
        )
    return value.rstrip("/")


def _webhook_secret(value: str, webhook_url: str | None) -> str | None:
    if not value:
        if webhook_url is not None:
            raise SettingsError(
                "CLOSER_WEBHOOK_URL needs CLOSER_WEBHOOK_SECRET: 32 to 256 letters, digits, _ or -"
                " (openssl rand -hex 32 makes one)"
            )
        return None
    if not _SECRET.match(value):
        raise SettingsError(
            "CLOSER_WEBHOOK_SECRET must be 32 to 256 letters, digits, _ or -"
            " (openssl rand -hex 32 makes one)"
        )
    return value


def _listen(value: str) -> tuple[str, int]:
    if not value:
        return DEFAULT_LISTEN
    host, _, port = value.rpartition(":")
    if not host or not port.isdigit() or not 0 < int(port) < 65536:
        raise SettingsError(f"CLOSER_LISTEN must be host:port, like 0.0.0.0:8080, got {value!r}")
    return host.strip("[]"), int(port)


def _seconds(name: str, value: str, default: float = DEFAULT_JOBS_EVERY) -> float:
    """A number of seconds between 0.1 and an hour."""
    if not value:
        return default
    try:
        seconds = float(value)
    except ValueError:
        seconds = -1.0
    if not 0.1 <= seconds <= 3600:
        raise SettingsError(f"{name} must be seconds between 0.1 and 3600, like 20, got {value!r}")
    return seconds


def _switch(name: str, value: str) -> bool:
    value = value.strip().lower()
    if value in ("", "0", "false", "no", "off"):
        return False
    if value in ("1", "true", "yes", "on"):
        return True
    raise SettingsError(f"{name} must be 1 or 0, got {value!r}")
