"""`python -m dialogs.analysis`: the line protocol of ../shared/ANALYZER.md."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from dialogs.analysis import __main__ as command


def run(*args: str, stdin: str = "") -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "dialogs.analysis", *args],
        input=stdin,
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )


@pytest.mark.slow  # a process that loads the analyzer
def test_one_json_line_per_statement_in_order() -> None:
    statements = ["I feel sad", "", "You never listen.", "hey"]
    out = run(stdin="\n".join(statements) + "\n").stdout.splitlines()
    assert [json.loads(line)["text"] for line in out] == statements
    assert json.loads(out[2])["issues"][0]["kind"] == "judgment"


def test_a_statement_as_argument_prints_one_object(capsys: pytest.CaptureFixture[str]) -> None:
    # The main() that `python -m` runs above, given an argument; here, since a process of its
    # own would load the analyzer again (four seconds).
    assert command.main(["I feel sad"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data == {"text": "I feel sad", "level": "self", "issues": [], "feelings": ["sad"]}
