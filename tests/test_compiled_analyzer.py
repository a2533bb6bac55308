"""The compiled analyzer (CLOSER_COMPILE=1, what the Docker image runs) is the same analyzer.

mypyc compiles dialogs/analysis from its type annotations and enforces them at run time, so the
compiled build is checked three ways: it is really compiled, it gives the plain build's answer on
thousands of statements (odd ones included), and the analyzer's and the coach's tests pass on it.
"""

from __future__ import annotations

import json
import random
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from bench import wheel
from bench.corpus import statements
from dialogs.analysis import MAX_CHARS, analyze
from tests.conftest import DATA, ROOT

# The wheel is built once per run, by the first test that needs it (conftest.compiled_site); these
# come after the other slow tests, when it is built. The group would keep them on the worker
# that builds it, but pytest-xdist 3.8 ignores groups under pytest 9.2 (see conftest.py).
pytestmark = [pytest.mark.xdist_group("compiled"), pytest.mark.slow]

# The analyzer's own tests, and the coach's (its one consumer in dialogs/): every one of them runs
# again against the compiled build.
ANALYZER_TESTS = sorted(
    str(path)
    for pattern in (
        "test_analysis_*.py",
        "test_tokens.py",
        "test_phrases.py",
        "test_lexicon_*.py",
        "test_coach_*.py",
    )
    for path in (ROOT / "tests").glob(pattern)
)
# Imported before anything else, so every later import of the analyzer is the compiled one.
COMPILED_FIRST = """
import importlib, pkgutil, sys
import dialogs.analysis
from bench.wheel import is_compiled
names = [m.name for m in pkgutil.iter_modules(dialogs.analysis.__path__) if m.name != "__main__"]
plain = [n for n in names if not is_compiled(importlib.import_module("dialogs.analysis." + n))]
assert names and not plain, f"not compiled: {plain}"
"""


@pytest.fixture(scope="module")
def site(compiled_site: Path) -> Path:
    return compiled_site


def run_compiled(site: Path, code: str, stdin: str = "") -> subprocess.CompletedProcess[str]:
    """Python with the compiled wheel first on its path (and the project after it, for bench/
    and tests/), started outside the project so that its sources shadow nothing."""
    return subprocess.run(
        [sys.executable, "-c", COMPILED_FIRST + code],
        cwd=site.parent,
        env=wheel.environment(site, ROOT),
        input=stdin,
        capture_output=True,
        text=True,
        timeout=600,
    )


def odd_texts(n: int, seed: int = 11) -> list[str]:
    """Chat words mixed with what chat also holds: emoji, other scripts, stretched and curly
    spellings, control characters, and text past Telegram's limit."""
    rng = random.Random(seed)
    words = " ".join(statements(400)).split()
    odd = ["😂", "🙂", "<3", ":(", "soooo", "I’m", "dont", "u", "\x00", "\u200b", "\t", "\n"]
    odd += ["привет", "مرحبا", "你好", "é", "ﬁne", "…", "?!", "--", "’", "(", ")", "|", "\\"]
    out = ["", " ", "\n\n", "😂😂😂", "x" * (MAX_CHARS + 10)]
    for _ in range(n):
        pool = odd if rng.random() < 0.3 else words
        out.append(" ".join(rng.choice(pool) for _ in range(rng.randint(1, 40))))
    out.append(" ".join(rng.choice(words) for _ in range(2000)))  # longer than MAX_CHARS
    return out


def test_every_analyzer_module_in_the_compiled_wheel_is_compiled(site: Path) -> None:
    done = run_compiled(site, "print('compiled')")
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "compiled"


def test_the_compiled_analyzer_answers_exactly_as_the_plain_one(site: Path) -> None:
    labelled = [case["text"] for case in yaml.safe_load((DATA / "statements.yaml").read_text())]
    texts = labelled + statements(3000) + odd_texts(1500)
    answer_each = (
        "import json\n"
        "from dialogs.analysis import analyze\n"
        "texts = json.load(sys.stdin)\n"
        "print(json.dumps([analyze(t).to_json() for t in texts]))\n"
    )
    done = run_compiled(site, answer_each, stdin=json.dumps(texts))
    assert done.returncode == 0, done.stderr
    compiled = json.loads(done.stdout)
    plain = [analyze(text).to_json() for text in texts]
    differ = [(t, p, c) for t, p, c in zip(texts, plain, compiled, strict=True) if p != c]
    assert not differ, differ[:3]


def test_the_analyzer_and_coach_tests_pass_against_the_compiled_build(site: Path) -> None:
    run_tests = (
        f"import pytest\nsys.exit(pytest.main({ANALYZER_TESTS!r} + ['-p', 'no:cacheprovider']))\n"
    )
    done = run_compiled(site, run_tests)
    assert done.returncode == 0, done.stdout[-4000:] + done.stderr[-2000:]
    assert " passed" in done.stdout
