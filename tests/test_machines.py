"""Every conversation machine: the README shows it as it is."""

from __future__ import annotations

import pytest

from dialogs import diagrams
from tests.conftest import ROOT


@pytest.mark.parametrize("name", sorted(diagrams.DIAGRAMS))
def test_the_readme_shows_each_machine_as_it_is(name: str) -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert diagrams.shown(readme, name) == diagrams.block(name), (
        f"README's {name} diagram is stale: run `python -m dialogs.diagrams --write`"
    )
