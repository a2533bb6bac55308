"""The benchmarks still run and print their figures (tiny sizes: this times nothing)."""

from __future__ import annotations

import subprocess
import sys

from tests.conftest import ROOT


def test_the_analyzer_benchmark_prints_both_analyzers_interleaved_and_back_to_back():
    out = subprocess.run(
        [sys.executable, "-m", "bench.analysis", "--statements", "60", "--rounds", "1"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
        timeout=120,
    ).stdout
    for line in ("closer analyze ", "vader polarity_scores ", "back to back", "median ratio"):
        assert line in out


def test_the_telegram_benchmark_prints_every_bot_and_the_ratios():
    out = subprocess.run(
        [sys.executable, "-m", "bench.telegram", "--users", "2", "--updates", "6"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
        timeout=300,
    ).stdout
    for line in ("echo bot (floor) ", "echo bot, aiohttp ", "Closer, SQLite ", "goal <= 2x"):
        assert line in out
