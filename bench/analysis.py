"""Benchmark: the statement analyzer against VADER's polarity_scores on the same statements.

    python -m bench.analysis [--statements 5000] [--rounds 5] [--compiled]

Prints statements per second, the median and 99th percentile per statement for both, and the
ratio of the medians (Closer / VADER; under 1.0 means Closer is faster), all from one run;
then each alone, statement after statement, for its throughput. One process, one core.

Plain, it times the analyzer as `make run` runs it: pure Python. With --compiled it first builds
the wheel the Docker image installs (the analyzer compiled with mypyc, see setup.py) and times
that, against VADER in the same process as before.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from bench import wheel
from bench.corpus import statements


@dataclass(frozen=True)
class Figures:
    name: str
    per_second: float
    median_us: float
    p99_us: float


def measure(
    contenders: dict[str, Callable[[str], object]], texts: list[str], rounds: int
) -> list[Figures]:
    """Time every contender on every statement, interleaved statement by statement, so that
    a noisy machine slows them alike and the ratio of their medians stays fair."""
    for fn in contenders.values():
        for text in texts[:200]:  # warm caches the way a running bot would have them
            fn(text)
    samples: dict[str, list[int]] = {name: [] for name in contenders}
    clock = time.perf_counter_ns
    for _ in range(rounds):
        for text in texts:
            for name, fn in contenders.items():
                t0 = clock()
                fn(text)
                samples[name].append(clock() - t0)
    out = []
    for name, taken in samples.items():
        taken.sort()
        p99 = taken[min(len(taken) - 1, int(len(taken) * 0.99))]
        out.append(
            Figures(
                name,
                per_second=len(taken) / (sum(taken) / 1e9),
                median_us=statistics.median(taken) / 1000,
                p99_us=p99 / 1000,
            )
        )
    return out


def back_to_back(fn: Callable[[str], object], texts: list[str], rounds: int) -> float:
    """Statements per second with nothing else running between them: the analyzer's own
    throughput on one core. (The interleaved timing above charges each contender for the
    other one evicting its data from the CPU caches between every statement.)"""
    clock = time.perf_counter_ns
    t0 = clock()
    for _ in range(rounds):
        for text in texts:
            fn(text)
    return rounds * len(texts) / ((clock() - t0) / 1e9)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--statements", type=int, default=5000)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--compiled", action="store_true", help="time the mypyc-compiled build")
    parser.add_argument(
        "--site", type=Path, help="with --compiled: an unpacked compiled wheel to time, not built"
    )
    args = parser.parse_args()
    if args.compiled:
        sys.exit(_run_compiled(args.statements, args.rounds, args.site))

    from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

    from dialogs.analysis import analyzer, default_analyzer

    texts = statements(args.statements)
    closer = default_analyzer()
    vader = SentimentIntensityAnalyzer()
    build = "compiled" if wheel.is_compiled(analyzer) else "pure Python"
    contenders = {"closer analyze": closer.analyze, "vader polarity_scores": vader.polarity_scores}
    rows = measure(contenders, texts, args.rounds)
    print(f"{len(texts)} statements x {args.rounds} rounds, one core; Closer's analyzer: {build}")
    print(f"{'analyzer':<24} {'stmts/s':>10} {'median us':>10} {'p99 us':>10}")
    for row in rows:
        print(f"{row.name:<24} {row.per_second:>10,.0f} {row.median_us:>10.1f} {row.p99_us:>10.1f}")
    alone = {name: back_to_back(fn, texts, args.rounds) for name, fn in contenders.items()}
    for name, per_second in alone.items():
        print(f"{name + ', back to back':<36} {per_second:>10,.0f} stmts/s")
    ratio = rows[0].median_us / rows[1].median_us
    print(
        f"median ratio closer/vader: {ratio:.2f} (goal <= 1.00); floor 20,000 stmts/s "
        f"back to back: {'met' if alone['closer analyze'] >= 20_000 else 'NOT met'}"
    )


def _run_compiled(n_statements: int, rounds: int, site: Path | None) -> int:
    """Build the compiled wheel (unless `site` holds one), then run this benchmark again with
    that wheel first on the path (from outside the project, whose sources would otherwise be
    imported instead)."""
    with tempfile.TemporaryDirectory() as tmp:
        if site is None:
            print("building the compiled analyzer (CLOSER_COMPILE=1)...", flush=True)
            site = wheel.unpacked(Path(tmp), compiled=True)
        command = [sys.executable, "-m", "bench.analysis"]
        command += ["--statements", str(n_statements), "--rounds", str(rounds)]
        return subprocess.run(command, cwd=tmp, env=wheel.environment(site, wheel.ROOT)).returncode


if __name__ == "__main__":
    main()
