"""The trainers' shared parts: the file a model is written to reads back as written."""

from __future__ import annotations

import json
import math
from pathlib import Path

import pytest

from tools import logistic


def test_a_model_file_reads_back_exactly(tmp_path: Path) -> None:
    path = tmp_path / "model.json"
    weights = {'say "hi"': 0.25, "back\\slash": -1.5, "çok üzgünüm 😢": [0.1, -0.2], "": 2.0}
    logistic.write(path, ["about it", "line two"], {"bias": -0.5, "stop": ["a", "the"]}, weights)
    data = json.loads(path.read_text(encoding="utf-8"))
    assert data == {
        "about": ["about it", "line two"],
        "bias": -0.5,
        "stop": ["a", "the"],
        "weights": weights,
    }


def test_a_model_with_no_weights_is_still_a_file(tmp_path: Path) -> None:
    path = tmp_path / "model.json"
    logistic.write(path, [], {"bias": 0.0}, {})
    assert json.loads(path.read_text(encoding="utf-8"))["weights"] == {}


def test_a_diverged_weight_is_refused(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="not JSON compliant"):
        logistic.write(tmp_path / "model.json", [], {"bias": 0.0}, {"word": math.nan})
