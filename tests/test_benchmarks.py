"""The benchmarks still run and print their figures (tiny sizes: this times nothing)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import ROOT

pytestmark = pytest.mark.slow  # each runs a benchmark in a process of its own


def bench(*args: str) -> str:
    """What `python -m <module> <args>` prints."""
    return subprocess.run(
        [sys.executable, "-m", *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
        timeout=300,
    ).stdout


def test_the_analyzer_benchmark_prints_both_analyzers_interleaved_and_back_to_back():
    out = bench("bench.analysis", "--statements", "60", "--rounds", "1")
    for line in ("closer analyze ", "vader polarity_scores ", "back to back", "median ratio"):
        assert line in out
    assert "Closer's analyzer: pure Python" in out


@pytest.mark.xdist_group("compiled")  # on the worker that builds the wheel (conftest.py)
def test_the_analyzer_benchmark_times_the_compiled_build_when_asked(compiled_site: Path):
    out = bench(
        "bench.analysis",
        "--statements",
        "60",
        "--rounds",
        "1",
        "--compiled",
        "--site",
        str(compiled_site),
    )
    assert "Closer's analyzer: compiled" in out
    assert "median ratio" in out


def test_the_telegram_benchmark_prints_every_bot_and_the_ratios():
    out = bench("bench.telegram", "--users", "2", "--updates", "6")
    for line in ("echo bot (floor) ", "echo bot, aiohttp ", "Closer, SQLite ", "goal <= 2x"):
        assert line in out


def test_the_burst_benchmark_prints_its_figures_and_loses_nothing():
    out = bench(
        *("bench.burst", "--reminders", "20", "--circles", "3", "--people", "2"),
        *("--think", "0.3", "--warmup", "0.5", "--stop-reminders", "20", "--stop-after", "0.2"),
    )
    for line in ("burst send rate", "429s provoked", "stop in the middle of a burst"):
        assert line in out
    assert "lost (no message)                      0" in out
    assert "sent twice                             0" in out


def test_the_soak_benchmark_prints_memory_round_by_round():
    out = bench("bench.soak", "--rounds", "2", "--users", "2", "--per-user", "1")
    assert "RSS MB" in out
    assert len([line for line in out.splitlines() if line.split()[:1] in (["1"], ["2"])]) == 2
