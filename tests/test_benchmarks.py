"""The benchmarks still run and print their figures (tiny sizes: this times nothing)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import ROOT


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
