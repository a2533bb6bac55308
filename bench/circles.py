"""Many circles due at the same minute: does Closer post every daily theme once, at Telegram's
pace, without provoking a 429?

    python -m bench.circles [--circles 10000] [--postgres]

The real Application runs against the fake Bot API server with Telegram's limits switched on
(a 429 for the 31st send in a second, or the 21st in a minute in one group). The circles are
written straight into the database, all due at the same instant; then the daily job runs once
and the outbox sender does the rest. Reported: the send rate achieved (goal: at least 95% of
30 a second), the time from the due minute until the last post, how many 429s the server had
to hand out, and whether any circle got no post or two.
"""

from __future__ import annotations

import argparse
import asyncio
import itertools
import secrets
import statistics
import time
from collections import Counter
from datetime import timedelta

from sqlalchemy import insert

from bench.databases import run_on
from bot import app as telegram_app
from bot.circles import group as circle_group
from bot.delivery.pacer import Pace
from bot.runtime import Closer
from bot.settings import Settings
from bot.storage import circles as circle_store
from bot.storage.tables import Circle
from fakes.bot_api import FakeBotApi

TELEGRAM_OVERALL = 30.0  # messages a second
FIRST_GROUP = -1_000_000_000_000


async def seed(closer: Closer, count: int) -> None:
    """`count` announced circles, each in its own group, all due now."""
    now = closer.clock.now()
    rows = [
        {
            "code": secrets.token_urlsafe(8),
            "chat_id": FIRST_GROUP - i,
            "title": f"circle {i}",
            "template": "ladder",
            "at_local": "19:00",
            "time_zone": "Europe/Berlin",
            "status": "announced",
            "day": 0,
            "next_post_at": now - timedelta(seconds=1),
            "sharing": True,
            "created_at": now,
        }
        for i in range(count)
    ]
    async with closer.db.transaction() as s:
        for start in range(0, count, 1000):
            await s.execute(insert(Circle), rows[start : start + 1000])


async def run(database_url: str, count: int) -> None:
    server = FakeBotApi(limits=True)
    await server.start()
    settings = Settings(
        token=server.token, base_url=server.base_url, database_url=database_url, log_level=30
    )
    closer = Closer.load(database_url)
    app = telegram_app.build(settings, closer)
    await telegram_app.start(app, reminder_every=None, pace=Pace())
    try:
        await seed(closer, count)
        due = time.monotonic()
        await circle_group.post_due(closer)
        queued = time.monotonic() - due
        while True:
            async with closer.db.transaction() as s:
                if not await circle_store.waiting_count(s):
                    break
            await asyncio.sleep(0.5)
    finally:
        await telegram_app.stop(app)
        await server.stop()
    report(server, count, due, queued, closer.db.dialect)


def report(server: FakeBotApi, count: int, due: float, queued: float, dialect: str) -> None:
    # What reached the groups: the server keeps each message it accepted (a 429 is not one).
    accepted = [(m["chat"]["id"], at) for m, at in server.accepted if m["chat"]["id"] < 0]
    per_chat = Counter(chat_id for chat_id, _ in accepted)
    times = sorted(at for _, at in accepted)
    span = times[-1] - times[0] if len(times) > 1 else 0.0
    rate = (len(times) - 1) / span if span else 0.0
    gaps = [b - a for a, b in itertools.pairwise(times)]
    print(f"{count} circles due at the same minute, on {dialect}")
    print(f"  queued by the daily job in     {queued:8.2f} s")
    print(f"  posts accepted by the server   {len(accepted):8d}")
    print(
        f"  send rate                      {rate:8.2f} /s "
        f"({100 * rate / TELEGRAM_OVERALL:.1f}% of Telegram's 30/s)"
    )
    if gaps:
        print(f"  median gap between sends       {1000 * statistics.median(gaps):8.2f} ms")
    print(f"  due minute -> last post        {times[-1] - due if times else 0.0:8.1f} s")
    print(f"  429s provoked                  {server.too_many:8d}")
    print(f"  circles with no post           {count - len(per_chat):8d}")
    print(f"  circles posted twice           {sum(1 for n in per_chat.values() if n > 1):8d}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--circles", type=int, default=10_000)
    parser.add_argument("--postgres", action="store_true", help="run on PostgreSQL instead")
    args = parser.parse_args()
    run_on(args.postgres, "closer_bench_circles", lambda url: run(url, args.circles))


if __name__ == "__main__":
    main()
