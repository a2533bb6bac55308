"""Closer as a deployment: 1, 2, 3 replicas of `python -m bot` in webhook mode on one
PostgreSQL, behind a round-robin balancer, against the fake Bot API with its limit at 1,000
messages a second (paid broadcasts on). How do throughput and latency grow with replicas, and
do live replies stay quick while a reminder burst goes out?

    python -m bench.replicas [--replicas 1,2,3] [--users 50] [--updates 1000] [--reminders 10000]
                             [--live-rate 50]

For each replica count, on a fresh database: `--users` people talk at once (each waits for the
answer before writing again) until `--updates` updates were answered; printed are updates a
second and the median and p99 time from the balancer posting an update to the first reply the
fake server receives for that chat. Then `--reminders` people's reminders fall due at once while
the same people keep talking, now the way people do (each reads the answer before writing
again), about `--live-rate` updates a second: printed are the live rate and the live replies'
median and p99 during the burst, how long the burst took to send and at what rate, 429s, and
reminders never sent or sent twice. With `--live-rate 0` the people write again the moment
they are answered: on a small machine they then take every cycle, and as replies go first, the
burst gets what is left (on 2 cores about 30 a second with 2 or 3 replicas).

Everything runs on this machine: the replicas, PostgreSQL, and this process (the fake server,
the balancer and the people) share its cores, so the figures say where one machine stops, not
where the design does.
"""

from __future__ import annotations

import argparse
import asyncio
import itertools
import os
import statistics
import tempfile
import time
from collections import Counter
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import aiohttp

from bench.burst import seed_reminders
from bench.corpus import statements
from bot.storage.database import Database
from fakes import postgres
from fakes.bot_api import Call, FakeBotApi
from fakes.deployment import WAIT, Deployment, text_update

FIRST_PERSON = 10_000_000  # the live people
FIRST_REMINDED = 70_000_000  # the people whose reminder falls due
# A person's next message waits until their chat has been quiet this long, so that the second
# message of an answer is not taken for the reply to the next one.
QUIET = 0.05
# The deployment's job looks for due reminders this often (CLOSER_JOBS_EVERY; 20 s by default):
# the burst is timed from its first reminder, and a second's look keeps the run short.
JOBS_EVERY = 1.0
STATEMENTS_EACH = 4  # /start, consent, name, then these: seven updates, under the flood guard's 8


@dataclass
class Live:
    """People talking through the balancer, a new person whenever one has had their turns."""

    deployment: Deployment
    session: aiohttp.ClientSession
    lines: list[str]
    latencies: list[tuple[float, float]] = field(default_factory=list)  # (posted, seconds)
    reminded: dict[int, float] = field(default_factory=dict)  # chat -> first reminder's arrival
    think: float = 0.0  # seconds each person waits after an answer before writing again
    _waiting: dict[int, tuple[float, asyncio.Future[float]]] = field(default_factory=dict)
    _last: dict[int, float] = field(default_factory=dict)  # chat -> its newest message
    _ids: itertools.count[int] = field(default_factory=lambda: itertools.count(FIRST_PERSON))
    _message_ids: itertools.count[int] = field(default_factory=lambda: itertools.count(1))

    def __post_init__(self) -> None:
        self.deployment.server.on_call.append(self._heard)

    def _heard(self, call: Call) -> None:
        if call.method not in ("sendMessage", "editMessageText"):
            return
        chat = int(call.params.get("chat_id") or 0)
        if chat >= FIRST_REMINDED:
            self.reminded.setdefault(chat, call.at)
            return
        self._last[chat] = call.at
        waiting = self._waiting.pop(chat, None)
        if waiting is not None and not waiting[1].done():
            waiting[1].set_result(call.at)

    async def say(self, person: int, update: dict[str, Any]) -> None:
        if self.think:  # a person reading the answer and typing the next message
            await asyncio.sleep(self.think)
        while time.monotonic() - self._last.get(person, 0.0) < QUIET:
            await asyncio.sleep(QUIET)
        reply: asyncio.Future[float] = asyncio.get_running_loop().create_future()
        posted = time.monotonic()
        self._waiting[person] = (posted, reply)
        await self.deployment.post(update, session=self.session)
        self.latencies.append((posted, await asyncio.wait_for(reply, WAIT) - posted))

    async def tap_consent(self, person: int) -> None:
        """Tap the first button of the newest message with buttons (the consent, at /start)."""
        server = self.deployment.server
        while True:
            mine = [m for (c, _), m in server.messages.items() if c == person]
            with_buttons = [m for m in mine if m.get("reply_markup")]
            if with_buttons:
                break
            await asyncio.sleep(QUIET)
        message = with_buttons[-1]
        query = {
            "id": f"q{person}",
            "from": {"id": person, "is_bot": False, "first_name": f"P{person}"},
            "chat_instance": str(person),
            "data": message["reply_markup"]["inline_keyboard"][0][0]["callback_data"],
            "message": message,
        }
        await self.say(person, {"callback_query": query})

    async def person(self, until: Any) -> None:
        person = next(self._ids)
        await self.say(person, text_update(person, "/start", next(self._message_ids)))
        await self.tap_consent(person)
        await self.say(person, text_update(person, "Sam", next(self._message_ids)))
        for k in range(STATEMENTS_EACH):
            if until():
                return
            line = self.lines[(person + k) % len(self.lines)]
            await self.say(person, text_update(person, line, next(self._message_ids)))

    async def talk(self, users: int, until: Any) -> None:
        """`users` people at a time, until `until()` is true."""

        async def slot() -> None:
            while not until():
                await self.person(until)

        await asyncio.gather(*(slot() for _ in range(users)))


@dataclass
class Run:
    replicas: int
    updates: int
    seconds: float
    latencies: list[float]
    burst: list[float] = field(default_factory=list)  # live latencies during the burst
    live_rate: float = 0.0  # live updates answered a second during the burst
    burst_seconds: float = 0.0  # first reminder to the last
    due_to_last: float = 0.0  # falling due to the last reminder (the job looks every JOBS_EVERY)
    reminders: int = 0
    lost: int = 0
    twice: int = 0
    too_many: int = 0

    @property
    def per_second(self) -> float:
        return self.updates / self.seconds


def quantile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


def ms(values: list[float]) -> str:
    if not values:
        return "median      - ms   p99      - ms"
    median, p99 = statistics.median(values), quantile(values, 0.99)
    return f"median {1000 * median:6.1f} ms   p99 {1000 * p99:6.1f} ms"


async def measure(
    replicas: int, base: str, args: argparse.Namespace, folder: Path, lines: list[str]
) -> Run:
    # Every send limited to 1,000 a second, a 429 past it: paid broadcasts' pace. (At the
    # default 30 for sends without allow_paid_broadcast, the edits that answer a tap drew 429s
    # and stalled the shared sender for a second each.)
    server = FakeBotApi(limits=True, per_second=1000)
    await server.start()
    url = await postgres.create_database(base, f"closer_bench_replicas_{replicas}_{time.time_ns()}")
    env = {"CLOSER_PAID_BROADCAST": "1", "CLOSER_JOBS_EVERY": str(JOBS_EVERY)}
    deployment = Deployment(server, url, folder / f"{replicas}", env)
    deployment.folder.mkdir()
    try:
        for _ in range(replicas):
            await deployment.start()
        await deployment.ready()
        async with aiohttp.ClientSession() as session:
            live = Live(deployment, session, lines)
            # Live traffic alone, until `updates` were answered.
            start = time.monotonic()
            await live.talk(args.users, lambda: len(live.latencies) >= args.updates)
            run = Run(
                replicas,
                len(live.latencies),
                time.monotonic() - start,
                [seconds for _, seconds in live.latencies],
            )
            if args.reminders:
                await burst(live, run, args)
        run.too_many = server.too_many
        return run
    finally:
        await deployment.stop()
        await server.stop()


async def burst(live: Live, run: Run, args: argparse.Namespace) -> None:
    """Reminders fall due at once while the people keep talking; the reminder job (every
    JOBS_EVERY, one replica of the deployment) picks them up at its next look."""
    db = Database(live.deployment.database_url)
    try:
        await seed_reminders(db, datetime.now(UTC), args.reminders, FIRST_REMINDED)
    finally:
        await db.close()
    due = time.monotonic()
    # People as they are: each reads an answer before writing again, so the live traffic is
    # what they offer (about --live-rate a second), not as much as the machine can take. A
    # closed loop with no pause would take every cycle from the burst: replies go first.
    live.think = args.users / args.live_rate if args.live_rate else 0.0
    talking = asyncio.create_task(
        live.talk(args.users, lambda: len(live.reminded) >= args.reminders)
    )
    # The job's next look, then the burst at 25 a second at the very worst.
    deadline = due + JOBS_EVERY + 5 + args.reminders / 25
    while len(live.reminded) < args.reminders and time.monotonic() < deadline:
        await asyncio.sleep(0.1)
    await talking
    await asyncio.sleep(1.0)  # anything sent twice has arrived by now
    first, last = min(live.reminded.values()), max(live.reminded.values())
    run.burst = [s for posted, s in live.latencies if first <= posted <= last]
    run.live_rate = len(run.burst) / (last - first) if last > first else 0.0
    run.burst_seconds, run.due_to_last = last - first, last - due
    run.reminders = args.reminders
    per_chat = Counter(m["chat"]["id"] for m, _ in live.deployment.server.accepted)
    reminded = range(FIRST_REMINDED, FIRST_REMINDED + args.reminders)
    run.lost = sum(1 for chat in reminded if not per_chat[chat])
    run.twice = sum(1 for chat in reminded if per_chat[chat] > 1)


def report(runs: list[Run], args: argparse.Namespace) -> None:
    print(
        f"{args.users} people talking at once, {args.updates} updates per replica count, "
        f"fake server's limit 1,000 messages a second (paid broadcasts on), "
        f"{os.cpu_count()} cores"
    )
    for run in runs:
        print(
            f"{run.replicas} replica{'s' if run.replicas > 1 else ' '}  "
            f"{run.per_second:7.1f} updates/s   {ms(run.latencies)}"
        )
    for run in runs:
        if not run.reminders:
            continue
        rate = (run.reminders - 1) / run.burst_seconds if run.burst_seconds else 0.0
        print(
            f"{run.replicas} replica{'s' if run.replicas > 1 else ' '}  burst of "
            f"{run.reminders} reminders: live {run.live_rate:.0f} updates/s, replies "
            f"{ms(run.burst)}"
            f"; sent in {run.burst_seconds:.1f} s ({rate:.0f}/s), due to last "
            f"{run.due_to_last:.1f} s; 429s {run.too_many}; unsent {run.lost}; "
            f"sent twice {run.twice}"
        )
    print(growth(runs))


def growth(runs: list[Run]) -> str:
    """One line: throughput against one replica's, and where adding one stops paying."""
    if len(runs) < 2:
        return "throughput: one replica count only, no growth to report"
    first = runs[0]
    ratios = ", ".join(f"{r.replicas}: {r.per_second / first.per_second:.2f}x" for r in runs)
    stop = next((b for a, b in itertools.pairwise(runs) if b.per_second < 1.1 * a.per_second), None)
    where = (
        f"it stops growing at {stop.replicas} replicas (under 10% more than {stop.replicas - 1})"
        if stop
        else "it still grows at the largest count measured"
    )
    return (
        f"throughput against {first.replicas} replica{'s' if first.replicas > 1 else ''}: "
        f"{ratios}; {where}, on {os.cpu_count()} cores shared by the replicas, PostgreSQL "
        "and the load itself"
    )


async def main_async(args: argparse.Namespace) -> None:
    base, pg_server, why = postgres.server_url()
    if base is None:
        raise SystemExit(f"bench.replicas needs PostgreSQL: {why}")
    lines = statements(500, seed=21)
    runs: list[Run] = []
    try:
        with tempfile.TemporaryDirectory() as folder:
            for replicas in args.replicas:
                runs.append(await measure(replicas, base, args, Path(folder), lines))
    finally:
        if pg_server is not None:
            pg_server.stop()
    report(runs, args)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--replicas", type=lambda s: [int(n) for n in s.split(",")], default=[1, 2, 3]
    )
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--updates", type=int, default=1000)
    parser.add_argument("--reminders", type=int, default=10_000, help="0 leaves the burst out")
    parser.add_argument(
        "--live-rate",
        type=float,
        default=50.0,
        help="live updates a second offered during the burst (0: as fast as answered)",
    )
    asyncio.run(main_async(parser.parse_args()))


if __name__ == "__main__":
    main()
