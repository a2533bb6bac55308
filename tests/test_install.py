"""A plain, non-editable install carries the content and runs the analyzer."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from bench import wheel

pytestmark = pytest.mark.slow  # builds a wheel, and runs it in a process


def test_a_built_wheel_runs_the_analyzer_from_its_own_content(tmp_path: Path) -> None:
    site = wheel.unpacked(tmp_path, compiled=False)
    probe = (
        "import json, dialogs; from dialogs.analysis import analyze; "
        "print(json.dumps([dialogs.__file__, analyze('I feel ignored').to_json()]))"
    )
    out = subprocess.run(
        [sys.executable, "-c", probe],
        cwd=tmp_path,
        env=wheel.environment(site),
        check=True,
        capture_output=True,
        text=True,
        timeout=120,
    )
    where, analysis = json.loads(out.stdout)
    assert where.startswith(str(site))
    assert not list(site.rglob("*.so"))  # compiling is opt-in: a plain install is pure Python
    assert analysis["issues"][0]["kind"] == "judgment"
