"""Closer in Telegram under load: N updates from M simulated people through the real
Application against the fake Bot API server, on SQLite and PostgreSQL, beside a bare
python-telegram-bot echo bot on the same server (the floor).

    python -m bench.telegram [--users 50] [--updates 2000]

Each person is onboarded first (not measured), then sends statements one after another,
each as soon as the bot has finished the previous one. Latency is from the moment the update is
handed to getUpdates to the first reply the server receives for that chat. All bots use the same
per-person update processor and python-telegram-bot's rate limiter with Telegram's quotas lifted
(a fake server has none), so the figures compare the work each bot does per update.

The floor is a bare echo bot: python-telegram-bot as it comes, sending through httpx. Closer
sends through aiohttp (bot/http_client.py), so the echo bot also runs on that transport, as a
second reference: the goal is read against the bare bot, and the like-for-like ratio is printed
beside it.
"""

from __future__ import annotations

import argparse
import asyncio
import itertools
import statistics
import tempfile
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from telegram import Update
from telegram.ext import AIORateLimiter, Application, ContextTypes, MessageHandler, filters

from bench.corpus import statements
from bot import app as telegram_app
from bot.flood import FloodGuard
from bot.http_client import AiohttpRequest
from bot.processor import PerUserProcessor
from bot.runtime import Closer
from bot.settings import Settings
from fakes import postgres
from fakes.bot_api import Call, FakeBotApi


def unlimited() -> AIORateLimiter:
    return AIORateLimiter(overall_max_rate=0, group_max_rate=0, max_retries=3)


@dataclass
class Figures:
    name: str
    latencies: list[float]
    seconds: float
    cpu_seconds: float  # the process's CPU time over the run: bot, fake server and load alike

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


class Load:
    """Simulated people talking to whichever bot polls the server."""

    def __init__(self, server: FakeBotApi, processor: Callable[[], PerUserProcessor]) -> None:
        self.server = server
        self.processor = processor
        self.waiting: dict[int, tuple[float, asyncio.Future[float]]] = {}
        self.message_ids = itertools.count(1)
        server.on_call.append(self._seen)

    def _seen(self, call: Call) -> None:
        if call.method == "sendMessage":
            entry = self.waiting.pop(call.params.get("chat_id"), None)
            if entry is not None and not entry[1].done():
                entry[1].set_result(call.at - entry[0])

    def text(self, chat_id: int, text: str) -> dict[str, Any]:
        message: dict[str, Any] = {
            "message_id": next(self.message_ids),
            "date": int(time.time()),
            "chat": {"id": chat_id, "type": "private"},
            "from": {"id": chat_id, "is_bot": False, "first_name": f"P{chat_id}"},
            "text": text,
        }
        if text.startswith("/"):
            message["entities"] = [{"type": "bot_command", "offset": 0, "length": len(text)}]
        return {"message": message}

    def tap(self, chat_id: int, data: str) -> dict[str, Any]:
        """A tap on a button of the newest message the bot sent this person."""
        newest = max(mid for (chat, mid) in self.server.messages if chat == chat_id)
        return {
            "callback_query": {
                "id": str(next(self.message_ids)),
                "from": {"id": chat_id, "is_bot": False, "first_name": f"P{chat_id}"},
                "chat_instance": "bench",
                "data": data,
                "message": self.server.messages[(chat_id, newest)],
            }
        }

    async def say(self, chat_id: int, update: dict[str, Any]) -> float:
        """Push one update; wait until it is handled; the time to its first reply."""
        future: asyncio.Future[float] = asyncio.get_running_loop().create_future()
        self.waiting[chat_id] = (time.monotonic(), future)
        update_id = self.server.push(update)
        await self.processor().wait_done(update_id)
        return await asyncio.wait_for(future, 30)


async def run(
    load: Load,
    users: list[int],
    per_user: int,
    onboard: Callable[[int], Awaitable[None]],
    name: str,
) -> Figures:
    await asyncio.gather(*(onboard(u) for u in users))
    lines = statements(len(users) * per_user, seed=11)
    latencies: list[float] = []

    async def person(index: int, chat_id: int) -> None:
        for k in range(per_user):
            text = lines[index * per_user + k]
            text = "/practice" if k % 6 == 5 else text  # climb again now and then
            latencies.append(await load.say(chat_id, load.text(chat_id, text)))

    start, cpu = time.monotonic(), time.process_time()
    await asyncio.gather(*(person(i, u) for i, u in enumerate(users)))
    return Figures(name, latencies, time.monotonic() - start, time.process_time() - cpu)


FLOOR = "echo bot (floor)"
ECHO_ON_AIOHTTP = "echo bot, aiohttp"


async def echo_bot(
    server: FakeBotApi, load: Load, users: list[int], per_user: int, name: str
) -> Figures:
    async def echo(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        assert update.message is not None
        await update.message.reply_text(update.message.text or "")

    processor = PerUserProcessor()
    builder = (
        Application.builder()
        .token(server.token)
        .base_url(f"{server.base_url}/bot")
        .concurrent_updates(processor)
        .rate_limiter(unlimited())
    )
    if name == ECHO_ON_AIOHTTP:
        builder = builder.request(AiohttpRequest()).get_updates_request(
            AiohttpRequest(connection_pool_size=1)
        )
    app = builder.build()
    app.add_handler(MessageHandler(filters.TEXT, echo))
    load.processor = lambda: processor
    await app.initialize()
    await app.start()
    assert app.updater is not None
    await app.updater.start_polling()
    try:
        return await run(load, users, per_user, _no_onboarding, name)
    finally:
        await app.updater.stop()
        await app.stop()
        await app.shutdown()


async def _no_onboarding(_: int) -> None:
    return None


async def closer_bot(
    server: FakeBotApi, load: Load, users: list[int], per_user: int, url: str, name: str
) -> Figures:
    settings = Settings(server.token, server.base_url, url, 30)
    closer = Closer.load(url)
    # Simulated people type far faster than people do; keep the brake, lift its limit.
    closer.flood = FloodGuard(burst=10**9)
    app = telegram_app.build(settings, closer, rate_limiter=unlimited())
    processor = app.update_processor
    assert isinstance(processor, PerUserProcessor)
    load.processor = lambda: processor
    await telegram_app.start(app, reminder_every=None)

    async def onboard(chat_id: int) -> None:
        await load.say(chat_id, load.text(chat_id, "/start"))
        await load.say(chat_id, load.tap(chat_id, "c1:1:consent"))
        await load.say(chat_id, load.text(chat_id, "Sam"))

    try:
        return await run(load, users, per_user, onboard, name)
    finally:
        await telegram_app.stop(app)


async def main_async(users: int, updates: int) -> None:
    per_user = max(1, updates // users)
    server = FakeBotApi()
    await server.start()
    load = Load(server, PerUserProcessor)
    ids = itertools.count(1)
    results: list[Figures] = []
    pg_url, pg_server, why = postgres.server_url()
    try:
        with tempfile.TemporaryDirectory() as folder:
            # Interleave the echo bots, Closer on SQLite, Closer on PostgreSQL, twice; keep each
            # best run.
            for _round in range(2):
                for echo in (FLOOR, ECHO_ON_AIOHTTP):
                    people = [next(ids) for _ in range(users)]
                    results.append(await echo_bot(server, load, people, per_user, echo))
                people = [next(ids) for _ in range(users)]
                sqlite_url = f"sqlite+aiosqlite:///{Path(folder) / f'bench{_round}.db'}"
                results.append(
                    await closer_bot(server, load, people, per_user, sqlite_url, "Closer, SQLite")
                )
                if pg_url:
                    database = f"closer_bench_{_round}_{int(time.time())}"
                    pg_database = await postgres.create_database(pg_url, database)
                    people = [next(ids) for _ in range(users)]
                    results.append(
                        await closer_bot(
                            server,
                            load,
                            people,
                            per_user,
                            pg_database,
                            "Closer, PostgreSQL",
                        )
                    )
    finally:
        await server.stop()
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
    for name in ("Closer, SQLite", "Closer, PostgreSQL"):
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
