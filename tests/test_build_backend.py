"""The build backend asks for mypy only when CLOSER_COMPILE=1 asks for a compiled analyzer, and
never compiles into an editable install."""

from __future__ import annotations

import os
import tomllib
from types import ModuleType

import pytest

from tests.conftest import ROOT


@pytest.fixture
def switch_seen() -> list[str | None]:
    """The CLOSER_COMPILE that setuptools' hook saw, each time it was asked."""
    return []


@pytest.fixture
def backend(monkeypatch: pytest.MonkeyPatch, switch_seen: list[str | None]) -> ModuleType:
    """closer_build, with setuptools' own hook replaced by one that says it needs "wheel"."""
    monkeypatch.syspath_prepend(str(ROOT / "build_backend"))
    monkeypatch.chdir(ROOT)
    import closer_build

    def setuptools_needs(config_settings: object = None) -> list[str]:
        switch_seen.append(os.environ.get("CLOSER_COMPILE"))
        return ["wheel"]

    monkeypatch.setattr(closer_build._setuptools, "get_requires_for_build_wheel", setuptools_needs)
    return closer_build


def compile_extra() -> list[str]:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    return project["optional-dependencies"]["compile"]


def test_a_plain_build_needs_only_what_setuptools_needs(backend, monkeypatch) -> None:
    monkeypatch.delenv("CLOSER_COMPILE", raising=False)
    assert backend.get_requires_for_build_wheel() == ["wheel"]


def test_a_compiled_build_also_needs_the_compile_extra(backend, monkeypatch) -> None:
    monkeypatch.setenv("CLOSER_COMPILE", "1")
    assert backend.get_requires_for_build_wheel() == ["wheel", *compile_extra()]
    assert any(need.startswith("mypy") for need in compile_extra())


def test_setuptools_is_asked_with_the_switch_off_and_the_switch_is_put_back(
    backend, monkeypatch, switch_seen
) -> None:
    # setup.py would import mypy to list the compiled modules, before mypy is installed
    monkeypatch.setenv("CLOSER_COMPILE", "1")
    backend.get_requires_for_build_wheel()
    assert switch_seen == [None]
    assert os.environ["CLOSER_COMPILE"] == "1"


def test_an_editable_install_is_never_compiled(backend, monkeypatch, tmp_path) -> None:
    monkeypatch.setenv("CLOSER_COMPILE", "1")
    with pytest.raises(RuntimeError, match="wheels only"):
        backend.build_editable(str(tmp_path))
    with pytest.raises(RuntimeError, match="wheels only"):
        backend.get_requires_for_build_editable()
