"""What every handler shares: the coach, the bot's words, the database, the clock. Built once
per process and kept in `application.bot_data`."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass, field
from datetime import date
from importlib import metadata
from typing import Any
from zoneinfo import ZoneInfo

from telegram.ext import CallbackContext

from bot.clock import Clock, SystemClock
from bot.delivery.pacer import Pacer
from bot.practice.flood import FloodGuard
from bot.storage.database import Database
from bot.storage.store import Person
from bot.texts import BotTexts, load_bot_texts
from bot.timezones import country_of
from dialogs.challenges import Template, load_templates
from dialogs.coach import Coach, Context

UTC_ZONE = ZoneInfo("UTC")


def version() -> str:
    try:
        return metadata.version("closer")
    except metadata.PackageNotFoundError:  # pragma: no cover - running from a bare checkout
        return "dev"


@dataclass
class Closer:
    coach: Coach
    texts: BotTexts
    db: Database
    clock: Clock = field(default_factory=SystemClock)
    flood: FloodGuard = field(default_factory=FloodGuard)
    pacer: Pacer = field(default_factory=Pacer)  # every message to Telegram takes its turn here
    templates: dict[str, Template] = field(default_factory=load_templates)
    # Set after a transaction that added outbox rows commits, so the sender looks at once.
    posts_waiting: asyncio.Event = field(default_factory=asyncio.Event)
    # Set when another replica's replies wait (a NOTIFY: bot.delivery.election), for the
    # sender's reply lane.
    replies_waiting: asyncio.Event = field(default_factory=asyncio.Event)
    # Whether this process sends: always with one process; among replicas on PostgreSQL only
    # the elected one (bot.delivery.election), and the others leave their replies to it.
    sending_here: bool = True
    # This replica's id among replicas on PostgreSQL (its presence lock: bot.delivery.election);
    # None with one process.
    replica: int | None = None
    paid_broadcast: bool = False  # CLOSER_PAID_BROADCAST: sends may go past 30 a second, paid

    @classmethod
    def load(cls, database_url: str, clock: Clock | None = None) -> Closer:
        return cls(Coach.load(), load_bot_texts(), Database(database_url), clock or SystemClock())

    def zone(self, user: Person | None) -> ZoneInfo:
        if user is not None and user.time_zone:
            return ZoneInfo(user.time_zone)
        return UTC_ZONE

    def today(self, user: Person | None) -> date:
        """The person's local day (UTC until they tell us their zone in /remind)."""
        return self.clock.now().astimezone(self.zone(user)).date()

    def context(self, user: Person) -> Context:
        return Context(
            today=self.today(user), seed=str(user.id), country=country_of(user.time_zone)
        )


def closer_of(context: CallbackContext[Any, Any, Any, Any]) -> Closer:
    closer = context.application.bot_data["closer"]
    assert isinstance(closer, Closer)
    return closer
