"""A burst: thousands of reminders and the daily posts of many circles due in the same minute
while people practise. Do the people waiting for an answer still get it at once, does the
burst go out at Telegram's pace without a 429, is anything lost or sent twice, and does the
bot stop quickly when told to in the middle of it?

    python -m bench.burst [--reminders 10000] [--circles 1000] [--people 50] [--think 10]
                          [--no-stop | --stop-reminders 1000 --stop-after 5] [--postgres]

The real Application runs against the fake Bot API server with Telegram's limits switched on
(a 429 for the 31st send in a second, or the 21st in a minute in one group), in this process.
The reminders and circles are written straight into the database, all due now; the daily job
runs once; meanwhile each person writes a statement, waits for the answer, thinks (ten seconds)
and writes the next. Reported: the time from a person's message to the first answer (median,
99th percentile), the burst's send rate against Telegram's 30 a second, 429s, reminders and
circles with no message or two.

Then the stop: a second burst (1,000 reminders) starts, the bot is stopped five seconds in
(what SIGTERM does: bot.__main__ sets the event `serve` waits on, and `stop` runs), the time
that takes is reported, the bot starts again on the same database and finishes, and the count
of lost and doubled messages is taken over both runs.
"""

from __future__ import annotations

import argparse
import asyncio
import itertools
import statistics
import time
from collections import Counter
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import insert

from bench.circles import FIRST_GROUP
from bench.circles import seed as seed_circles
from bench.databases import run_on
from bot import app as telegram_app
from bot.circles import group as circle_group
from bot.delivery.pacer import Pace
from bot.practice import reminders
from bot.runtime import Closer
from bot.settings import Settings
from bot.storage import circles as circle_store
from bot.storage.database import Database
from bot.storage.tables import Reminder, User
from fakes.bot_api import Call, FakeBotApi

TELEGRAM_OVERALL = 30.0
FIRST_REMINDED = 50_000_000  # people with a reminder due
SECOND_REMINDED = 60_000_000  # the second burst's, stopped halfway
FIRST_PERSON = 90_000_000  # people practising during the burst
STATEMENTS = (
    "I feel nervous about my exam tomorrow.",
    "im kinda lonely tonight",
    "I'm grateful my sister called.",
    "i feel like nobody listens to me",
    "I'm proud of myself for going for a run.",
    "honestly im scared to tell him how i feel",
)


async def seed_reminders(db: Database, now: datetime, count: int, first: int) -> None:
    """`count` people who asked for a daily reminder at this minute, all due `now` (also used
    by `bench.replicas`, which has no Closer of its own)."""
    at = now.strftime("%H:%M")
    people = [
        {"id": first + i, "chat_id": first + i, "created_on": now.date(), "active": True}
        for i in range(count)
    ]
    due = [
        {
            "user_id": first + i,
            "at_local": at,
            "time_zone": "UTC",
            "next_fire_at": now - timedelta(seconds=1),
        }
        for i in range(count)
    ]
    async with db.transaction() as s:
        for start in range(0, count, 1000):
            await s.execute(insert(User), people[start : start + 1000])
            await s.execute(insert(Reminder), due[start : start + 1000])


class People:
    """People practising in private chats; each waits for the answer before writing again."""

    def __init__(self, server: FakeBotApi, count: int, think: float) -> None:
        self.server = server
        self.think = think
        self.ids = [FIRST_PERSON + i for i in range(count)]
        self.latencies: list[tuple[float, float]] = []  # (when sent, seconds to the answer)
        self._waiting: dict[int, asyncio.Future[float]] = {}
        self._message_ids = itertools.count(1)
        server.on_call.append(self._heard)

    def _heard(self, call: Call) -> None:
        if call.method not in ("sendMessage", "editMessageText"):
            return
        waiter = self._waiting.pop(int(call.params.get("chat_id") or 0), None)
        if waiter is not None and not waiter.done():
            waiter.set_result(time.monotonic())

    async def _wait(self, person: int, update: dict[str, Any]) -> None:
        answered = asyncio.get_running_loop().create_future()
        self._waiting[person] = answered
        sent = time.monotonic()
        self.server.push(update)
        self.latencies.append((sent, await asyncio.wait_for(answered, 60) - sent))

    async def tap_first_button(self, person: int) -> None:
        """Tap the first button of the newest message with buttons (the consent, at /start)."""
        message = next(
            m
            for (chat, _), m in sorted(self.server.messages.items(), reverse=True)
            if chat == person and m.get("reply_markup")
        )
        button = message["reply_markup"]["inline_keyboard"][0][0]
        query = {
            "id": f"q{person}-{next(self._message_ids)}",
            "from": {"id": person, "is_bot": False, "first_name": f"P{person}"},
            "chat_instance": str(person),
            "data": button["callback_data"],
            "message": message,
        }
        await self._wait(person, {"callback_query": query})

    async def say(self, person: int, text: str) -> None:
        profile = {"id": person, "is_bot": False, "first_name": f"P{person}"}
        message: dict[str, Any] = {
            "message_id": next(self._message_ids),
            "from": profile,
            "chat": {"id": person, "type": "private", "first_name": profile["first_name"]},
            "date": int(time.time()),
            "text": text,
        }
        if text.startswith("/"):
            message["entities"] = [{"type": "bot_command", "offset": 0, "length": len(text)}]
        await self._wait(person, {"message": message})

    async def practise(self, person: int, until: asyncio.Event) -> None:
        await asyncio.sleep(self.think * (person % 100) / 100)  # people arrive one by one
        await self.say(person, "/start")
        await asyncio.sleep(0.5)
        await self.tap_first_button(person)
        for statement in itertools.cycle(STATEMENTS):
            if until.is_set():
                return
            await asyncio.sleep(self.think)  # a person reads the answer, types the next line
            await self.say(person, statement)

    async def run(self, until: asyncio.Event) -> None:
        await asyncio.gather(*(self.practise(person, until) for person in self.ids))


async def burst_done(closer: Closer) -> None:
    while True:
        async with closer.db.transaction() as s:
            if not await circle_store.waiting_count(s):
                return
        await asyncio.sleep(0.25)


def start_app(closer: Closer, server: FakeBotApi, database_url: str) -> Any:
    settings = Settings(
        token=server.token, base_url=server.base_url, database_url=database_url, log_level=30
    )
    return telegram_app.build(settings, closer)


async def first_run(server: FakeBotApi, url: str, args: argparse.Namespace) -> dict[str, Any]:
    closer = Closer.load(url)
    app = start_app(closer, server, url)
    await telegram_app.start(app, reminder_every=None, pace=Pace())
    # Written before anyone writes: they are due now, but nothing looks until the job runs.
    await seed_reminders(closer.db, closer.clock.now(), args.reminders, FIRST_REMINDED)
    await seed_circles(closer, args.circles)
    people = People(server, args.people, args.think)
    until = asyncio.Event()
    practising = asyncio.create_task(people.run(until))
    try:
        # the people are in their sessions before the minute comes
        await asyncio.sleep(args.think + args.warmup)
        started = time.monotonic()
        await reminders.queue_due(closer)
        await circle_group.post_due(closer)
        await burst_done(closer)
        ended = time.monotonic()
        until.set()
        await practising
    finally:
        await telegram_app.stop(app)
    return {"started": started, "ended": ended, "latencies": people.latencies}


async def stop_run(server: FakeBotApi, url: str, args: argparse.Namespace) -> tuple[float, float]:
    """A second burst on its own database rows, stopped five seconds in, then finished by a
    new process's worth of bot; returns how long the stop took and when it all ended."""
    closer = Closer.load(url)
    app = start_app(closer, server, url)
    await telegram_app.start(app, reminder_every=None, pace=Pace())
    await seed_reminders(closer.db, closer.clock.now(), args.stop_reminders, SECOND_REMINDED)
    await reminders.queue_due(closer)
    await asyncio.sleep(args.stop_after)
    stopping = time.monotonic()
    await telegram_app.stop(app)
    stop_seconds = time.monotonic() - stopping
    closer = Closer.load(url)
    app = start_app(closer, server, url)
    await telegram_app.start(app, reminder_every=None, pace=Pace())
    try:
        await burst_done(closer)
    finally:
        await telegram_app.stop(app)
    return stop_seconds, time.monotonic()


async def run(url: str, args: argparse.Namespace, dialect: str) -> None:
    server = FakeBotApi(limits=True)
    await server.start()
    try:
        first = await first_run(server, url, args)
        first_accepted = len(server.accepted)
        stop_seconds = None
        if args.stop:
            stop_seconds, _ = await stop_run(server, url, args)
    finally:
        await server.stop()
    report(server, first, first_accepted, stop_seconds, args, dialect)


def report(
    server: FakeBotApi,
    first: dict[str, Any],
    first_accepted: int,
    stop_seconds: float | None,
    args: argparse.Namespace,
    dialect: str,
) -> None:
    accepted = server.accepted
    burst = [
        at
        for message, at in accepted[:first_accepted]
        if first["started"] <= at and not FIRST_PERSON <= message["chat"]["id"] < FIRST_PERSON * 2
    ]
    span = max(burst) - min(burst) if len(burst) > 1 else 0.0
    rate = (len(burst) - 1) / span if span else 0.0
    per_chat = Counter(message["chat"]["id"] for message, _ in accepted)
    reminded = [FIRST_REMINDED + i for i in range(args.reminders)]
    circles = [FIRST_GROUP - i for i in range(args.circles)]
    second = [SECOND_REMINDED + i for i in range(args.stop_reminders if args.stop else 0)]
    expected = reminded + circles + second
    # answers to what people wrote while the burst went out
    latencies = sorted(
        seconds
        for sent, seconds in first["latencies"]
        if first["started"] <= sent <= first["ended"]
    )
    print(
        f"{args.reminders} reminders and {args.circles} circles due in the same minute, "
        f"{args.people} people practising, on {dialect}"
    )
    before = sorted(seconds for sent, seconds in first["latencies"] if sent < first["started"])
    print(f"  answers to people meanwhile     {len(latencies):8d}")
    if latencies:
        median = statistics.median(latencies)
        p99 = latencies[int(0.99 * (len(latencies) - 1))]
        print(f"  time to the first answer, median {1000 * median:7.1f} ms")
        print(f"  time to the first answer, p99    {1000 * p99:7.1f} ms")
    if before:  # the same people in the seconds before the minute: the reference
        print(f"  the same before the burst, median {1000 * statistics.median(before):6.1f} ms")
    everything = [at for _, at in accepted[:first_accepted] if first["started"] <= at]
    whole = (len(everything) - 1) / (max(everything) - min(everything)) if burst else 0.0
    print(f"  burst messages sent             {len(burst):8d}")
    print(f"  all messages' rate meanwhile    {whole:8.2f} /s (answers to people included)")
    print(
        f"  burst send rate                 {rate:8.2f} /s "
        f"({100 * rate / TELEGRAM_OVERALL:.1f}% of Telegram's 30/s)"
    )
    print(f"  due minute -> last message      {first['ended'] - first['started']:8.1f} s")
    print(f"  429s provoked                   {server.too_many:8d}")
    if stop_seconds is not None:
        print(f"  stop in the middle of a burst   {stop_seconds:8.2f} s")
    print(f"  lost (no message)               {sum(1 for c in expected if not per_chat[c]):8d}")
    print(f"  sent twice                      {sum(1 for c in expected if per_chat[c] > 1):8d}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--reminders", type=int, default=10_000)
    parser.add_argument("--circles", type=int, default=1_000)
    parser.add_argument("--people", type=int, default=50)
    parser.add_argument("--think", type=float, default=10.0, help="seconds between statements")
    parser.add_argument("--warmup", type=float, default=3.0, help="seconds before the minute")
    parser.add_argument("--no-stop", dest="stop", action="store_false", help="skip the stop")
    parser.add_argument("--stop-reminders", type=int, default=1_000, help="the second burst")
    parser.add_argument("--stop-after", type=float, default=5.0, help="seconds into it")
    parser.add_argument("--postgres", action="store_true", help="run on PostgreSQL instead")
    args = parser.parse_args()
    dialect = "PostgreSQL" if args.postgres else "SQLite"
    run_on(args.postgres, "closer_bench_burst", lambda url: run(url, args, dialect))


if __name__ == "__main__":
    main()
