"""The benchmarks still run and print their figures (tiny sizes: this times nothing)."""

from __future__ import annotations

import importlib
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow  # seconds each: bots, servers, a second process

Bench = Callable[..., str]


@pytest.fixture
def bench(monkeypatch: pytest.MonkeyPatch, capfd: pytest.CaptureFixture[str]) -> Bench:
    """What `python -m <module> <args>` prints, run in this process: started in a process of
    its own, each spent four of its five to nine seconds loading the analyzer again. (The
    entry point itself still runs in a process of its own: --compiled starts
    `python -m bench.analysis` against the compiled wheel.)"""

    def run(module: str, *args: str) -> str:
        monkeypatch.setattr(sys, "argv", [module, *args])
        status: object = 0
        try:
            importlib.import_module(module).main()
        except SystemExit as stopped:  # --compiled exits with its process's status
            status = stopped.code
        out, err = capfd.readouterr()
        assert status == 0, err[-2000:]
        return out

    return run


def test_the_analyzer_benchmark_prints_both_analyzers_interleaved_and_back_to_back(bench: Bench):
    out = bench("bench.analysis", "--statements", "60", "--rounds", "1")
    for line in ("closer analyze ", "vader polarity_scores ", "back to back", "median ratio"):
        assert line in out
    assert "Closer's analyzer: pure Python" in out


@pytest.mark.xdist_group("compiled")  # with the other tests of the compiled wheel (conftest.py)
def test_the_analyzer_benchmark_times_the_compiled_build_when_asked(
    bench: Bench, compiled_site: Path
):
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


def test_the_telegram_benchmark_prints_every_bot_and_the_ratios(bench: Bench):
    out = bench("bench.telegram", "--users", "2", "--updates", "6")
    for line in ("echo bot (floor) ", "echo bot, aiohttp ", "Closer, SQLite ", "goal <= 2x"):
        assert line in out


def test_the_burst_benchmark_prints_its_figures_and_loses_nothing(bench: Bench):
    out = bench(
        *("bench.burst", "--reminders", "20", "--circles", "3", "--people", "2"),
        *("--think", "0.3", "--warmup", "0.5", "--stop-reminders", "20", "--stop-after", "0.2"),
    )
    for line in ("burst send rate", "429s provoked", "stop in the middle of a burst"):
        assert line in out
    assert "lost (no message)                      0" in out
    assert "sent twice                             0" in out


def test_the_soak_benchmark_prints_memory_round_by_round(bench: Bench):
    out = bench("bench.soak", "--rounds", "2", "--users", "2", "--per-user", "1")
    assert "RSS MB" in out
    assert len([line for line in out.splitlines() if line.split()[:1] in (["1"], ["2"])]) == 2


def test_the_replicas_benchmark_prints_each_replica_count_and_loses_nothing(bench: Bench):
    out = bench(
        *("bench.replicas", "--replicas", "1,2", "--users", "2", "--updates", "8"),
        *("--reminders", "20"),
    )
    for line in ("1 replica ", "2 replicas ", "updates/s", "burst of 20 reminders", "throughput"):
        assert line in out
    assert out.count("unsent 0; sent twice 0") == 2
