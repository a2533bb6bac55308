"""Closer in Telegram under load: N updates from M simulated people through the real
Application against the fake Bot API server, on SQLite and PostgreSQL, beside a bare
python-telegram-bot echo bot on the same server (the floor).

    python -m bench.telegram [--users 50] [--updates 2000]

The bot runs in this process; the fake server and the people run in another (bench/people.py),
so the bot has one core to itself and the CPU time reported is the bot's alone. Each person is
onboarded first (not measured), then sends statements one after another, each as soon as the bot
has finished the previous one. Latency is from the moment the update is handed to getUpdates to
the first reply the server receives for that chat. All bots use the same per-person update
processor and python-telegram-bot's rate limiter with Telegram's quotas lifted (a fake server has
none), so the figures compare the work each bot does per update.

The floor is a bare echo bot: python-telegram-bot as it comes, sending through httpx. Closer
sends through aiohttp (bot/delivery/http_client.py), so the echo bot also runs on that
transport, as a second reference: the goal is read against the bare bot, and the
like-for-like ratio is printed beside it.
"""

from __future__ import annotations

import argparse
import asyncio
import itertools
import math
import multiprocessing
import statistics
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from telegram import Update
from telegram.ext import Application, ContextTypes, MessageHandler, filters

from bench.people import Onboard, Talk, receive, serve
from bot import app as telegram_app
from bot.delivery.http_client import over_aiohttp
from bot.delivery.pacer import Pace
from bot.delivery.processor import PerUserProcessor
from bot.practice.flood import FloodGuard
from bot.runtime import Closer
from bot.settings import Settings
from fakes import postgres
from fakes.bot_api import TOKEN


@dataclass
class Figures:
    name: str
    latencies: list[float]
    seconds: float
    cpu_seconds: float  # the bot's process's CPU time over the run (the people's not counted)

    @property
    def cpu_ms_per_update(self) -> float:
        return 1000 * self.cpu_seconds / len(self.latencies)

    @property
    def per_second(self) -> float:
        return len(self.latencies) / self.seconds

    def quantile(self, q: float) -> float:
        ordered = sorted(self.latencies)
        return ordered[min(len(ordered) - 1, int(q * len(ordered)))]

    def line(self) -> str:
        return (
            f"{self.name:<22} {self.per_second:8.0f} updates/s   median "
            f"{1000 * statistics.median(self.latencies):6.2f} ms   p99 "
            f"{1000 * self.quantile(0.99):6.2f} ms   CPU {self.cpu_ms_per_update:5.2f} ms/update"
        )


class People:
    """The other process (bench/people.py), seen from the bot's."""

    def __init__(self) -> None:
        context = multiprocessing.get_context("spawn")
        self.control, their_control = context.Pipe()
        their_finished, self._finished = context.Pipe(duplex=False)
        self.process = context.Process(
            target=serve, args=(their_control, their_finished), daemon=True
        )
        self.process.start()
        self.base_url: str = self.control.recv()

    def finished(self, update_id: int) -> None:
        """Tell the people that the bot is done with an update (a few microseconds)."""
        self._finished.send_bytes(update_id.to_bytes(8, "little"))

    async def ask(self, order: Onboard | Talk) -> Any:
        self.control.send(order)
        return await receive(self.control)

    async def measure(self, name: str, chat_ids: list[int], per_user: int) -> Figures:
        cpu = time.process_time()
        latencies, seconds = await self.ask(Talk(chat_ids, per_user))
        return Figures(name, latencies, seconds, time.process_time() - cpu)

    def close(self) -> None:
        self.control.send(None)
        self.process.join(30)


FLOOR = "echo bot (floor)"
ECHO_ON_AIOHTTP = "echo bot, aiohttp"
SQLITE = "Closer, SQLite"
POSTGRES = "Closer, PostgreSQL"


async def echo_bot(people: People, chat_ids: list[int], per_user: int, name: str) -> Figures:
    async def echo(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        assert update.message is not None
        await update.message.reply_text(update.message.text or "")

    processor = PerUserProcessor()
    processor.on_done.append(people.finished)
    builder = (
        Application.builder()
        .token(TOKEN)
        .base_url(f"{people.base_url}/bot")
        .concurrent_updates(processor)
    )
    app = (over_aiohttp(builder) if name == ECHO_ON_AIOHTTP else builder).build()
    app.add_handler(MessageHandler(filters.TEXT, echo))
    await app.initialize()
    await app.start()
    assert app.updater is not None
    await app.updater.start_polling()
    try:
        return await people.measure(name, chat_ids, per_user)
    finally:
        await app.updater.stop()
        await app.stop()
        await app.shutdown()


async def closer_bot(
    people: People, chat_ids: list[int], per_user: int, url: str, name: str
) -> Figures:
    settings = Settings(TOKEN, people.base_url, url, 30)
    closer = Closer.load(url)
    # Simulated people type far faster than people do; keep the brake, lift its limit.
    closer.flood = FloodGuard(burst=10**9)
    app = telegram_app.build(settings, closer)
    processor = app.update_processor
    assert isinstance(processor, PerUserProcessor)
    processor.on_done.append(people.finished)
    # The pace lifted: the fake server has no limits.
    await telegram_app.start(app, reminder_every=None, pace=Pace(per_second=math.inf))
    try:
        await people.ask(Onboard(chat_ids))
        return await people.measure(name, chat_ids, per_user)
    finally:
        await telegram_app.stop(app)


async def main_async(users: int, updates: int) -> None:
    per_user = max(1, updates // users)
    people = People()
    ids = itertools.count(1)
    results: list[Figures] = []
    pg_url, pg_server, why = postgres.server_url()

    def next_people() -> list[int]:
        return [next(ids) for _ in range(users)]

    try:
        with tempfile.TemporaryDirectory() as folder:
            # Interleave the echo bots, Closer on SQLite, Closer on PostgreSQL, twice; keep each
            # best run.
            for round_ in range(2):
                for echo in (FLOOR, ECHO_ON_AIOHTTP):
                    results.append(await echo_bot(people, next_people(), per_user, echo))
                sqlite_url = f"sqlite+aiosqlite:///{Path(folder) / f'bench{round_}.db'}"
                results.append(
                    await closer_bot(people, next_people(), per_user, sqlite_url, SQLITE)
                )
                if pg_url:
                    database = f"closer_bench_{round_}_{int(time.time())}"
                    pg_database = await postgres.create_database(pg_url, database)
                    results.append(
                        await closer_bot(people, next_people(), per_user, pg_database, POSTGRES)
                    )
    finally:
        people.close()
        if pg_server is not None:
            pg_server.stop()
    report(results, users, per_user, why if not pg_url else "")


def report(results: list[Figures], users: int, per_user: int, pg_missing: str) -> None:
    best: dict[str, Figures] = {}
    for figures in results:
        kept = best.get(figures.name)
        if kept is None or statistics.median(figures.latencies) < statistics.median(kept.latencies):
            best[figures.name] = figures
    print(f"{users} people x {per_user} updates each (best of 2 interleaved rounds)")
    for figures in best.values():
        print(figures.line())
    for name in (SQLITE, POSTGRES):
        if name in best:
            print(
                f"{name}: median latency {_ratios(best[name], best[FLOOR])} the bare echo bot's"
                f" (goal <= 2x); {_ratios(best[name], best[ECHO_ON_AIOHTTP])} the echo bot's"
                " on the same transport"
            )
    if pg_missing:
        print(f"PostgreSQL: not measured ({pg_missing})")


def _ratios(bot: Figures, echo: Figures) -> str:
    median = statistics.median(bot.latencies) / statistics.median(echo.latencies)
    return f"{median:.2f}x (p99 {bot.quantile(0.99) / echo.quantile(0.99):.2f}x)"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--updates", type=int, default=2000)
    args = parser.parse_args()
    asyncio.run(main_async(args.users, args.updates))


if __name__ == "__main__":
    main()
