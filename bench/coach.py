"""Benchmark: one coach turn, `Session.handle`, analysis included.

    python -m bench.coach [--turns 5000]

Each turn restores a session from its JSON snapshot (as the bot does per message), handles one
statement at a practice step, and snapshots again. Prints the median and 99th percentile of
`handle` alone and of the whole restore-handle-snapshot turn. Goal: median handle < 100 us.
"""

from __future__ import annotations

import argparse
import json
import statistics
import time
from datetime import date

from bench.corpus import statements
from dialogs.coach import Coach, Command, Context, Tap, Text


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--turns", type=int, default=5000)
    args = parser.parse_args()
    coach = Coach.load()
    ctx = Context(today=date(2026, 11, 21), seed="bench")
    texts = statements(args.turns)
    # A person at the "self" step, as a stored snapshot.
    session = coach.restore(None)
    for event in (Command("start"), Tap("consent"), Text("Sam"), Command("skip"), Command("skip")):
        session.handle(event, ctx)
    stored = json.dumps(session.snapshot())
    handle_ns: list[int] = []
    turn_ns: list[int] = []
    clock = time.perf_counter_ns
    for text in texts:
        t0 = clock()
        live = coach.restore(json.loads(stored))
        t1 = clock()
        live.handle(Text(text), ctx)
        t2 = clock()
        json.dumps(live.snapshot())
        t3 = clock()
        handle_ns.append(t2 - t1)
        turn_ns.append(t3 - t0)
    for name, samples in (("handle", handle_ns), ("restore+handle+snapshot", turn_ns)):
        samples.sort()
        p99 = samples[int(len(samples) * 0.99)]
        print(
            f"{name:<26} median {statistics.median(samples) / 1000:7.1f} us   "
            f"p99 {p99 / 1000:7.1f} us"
        )
    print(f"{len(texts)} turns at the 'self' step; goal: median handle < 100 us")


if __name__ == "__main__":
    main()
