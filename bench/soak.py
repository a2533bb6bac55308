"""A soak: does the bot's memory level off under sustained load, or keep growing?

    python -m bench.soak [--rounds 10] [--users 200] [--per-user 15] [--trace] [--postgres]

The real Application talks to the simulated people of bench.telegram (the fake server in a
process of its own, so its memory is not the bot's). Each round, `users` people are onboarded
and write `per_user` statements each; every round brings new people, as a growing bot does.
After each round the bot's resident memory (RSS) is printed. With --trace, tracemalloc also
follows the Python heap (it slows the bot several times over) and, at the end, the ten places
whose allocations grew most from the second round to the last (the first is start-up: caches,
the analyzer's tables).

A bot that holds something per update or per person without letting go shows as a line that
keeps rising; a plateau after a few rounds is the healthy shape.
"""

from __future__ import annotations

import argparse
import gc
import itertools
import math
import tracemalloc

from bench.databases import run_on
from bench.telegram import Onboard, People, Talk
from bot import app as telegram_app
from bot.delivery.pacer import Pace
from bot.delivery.processor import PerUserProcessor
from bot.practice.flood import FloodGuard
from bot.runtime import Closer
from bot.settings import Settings
from fakes.bot_api import TOKEN


def rss_mb() -> float:
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return math.nan


async def soak(url: str, args: argparse.Namespace) -> None:
    people = People()
    ids = itertools.count(1)
    closer = Closer.load(url)
    closer.flood = FloodGuard(burst=10**9)  # simulated people type faster than people do
    app = telegram_app.build(Settings(TOKEN, people.base_url, url, 30), closer)
    processor = app.update_processor
    assert isinstance(processor, PerUserProcessor)
    processor.on_done.append(people.finished)
    await telegram_app.start(app, reminder_every=None, pace=Pace(per_second=math.inf))
    if args.trace:
        tracemalloc.start(10)
    snapshots = []
    exchanges = 0
    try:
        print(f"{'round':>5} {'exchanges':>10} {'RSS MB':>8} {'heap MB':>8}")
        for round_ in range(1, args.rounds + 1):
            chat_ids = [next(ids) for _ in range(args.users)]
            await people.ask(Onboard(chat_ids))
            await people.ask(Talk(chat_ids, args.per_user))
            exchanges += args.users * (args.per_user + 3)  # /start, consent, name, statements
            gc.collect()
            heap = math.nan
            if args.trace:
                snapshots.append(tracemalloc.take_snapshot())
                heap = tracemalloc.get_traced_memory()[0] / 2**20
            print(f"{round_:>5} {exchanges:>10} {rss_mb():>8.1f} {heap:>8.1f}", flush=True)
    finally:
        await telegram_app.stop(app)
        people.close()
    if len(snapshots) >= 3:
        print("grew most from round 2 to the last:")
        for stat in snapshots[-1].compare_to(snapshots[1], "lineno")[:10]:
            print(f"  {stat.size_diff / 1024:+9.1f} KiB  {stat.traceback[0]}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rounds", type=int, default=10)
    parser.add_argument("--users", type=int, default=200)
    parser.add_argument("--per-user", type=int, default=15)
    parser.add_argument("--trace", action="store_true", help="follow the heap with tracemalloc")
    parser.add_argument("--postgres", action="store_true", help="run on PostgreSQL instead")
    args = parser.parse_args()
    run_on(args.postgres, "closer_soak", lambda url: soak(url, args))


if __name__ == "__main__":
    main()
