"""Closer's build backend: setuptools' own, plus the one switch it cannot express statically.

CLOSER_COMPILE=1 asks for the statement analyzer compiled with mypyc (setup.py). That build needs
mypy, so this backend adds the project's "compile" extra to what a wheel build requires, and only
then: a plain `pip install .` fetches nothing more. An editable install with the switch on is
refused, because compiled modules beside the .py files would silently shadow every later edit.
"""

from __future__ import annotations

import os
import tomllib
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from setuptools import build_meta as _setuptools
from setuptools.build_meta import (
    build_sdist,
    build_wheel,
    get_requires_for_build_sdist,
    prepare_metadata_for_build_editable,
    prepare_metadata_for_build_wheel,
)

__all__ = [
    "build_editable",
    "build_sdist",
    "build_wheel",
    "get_requires_for_build_editable",
    "get_requires_for_build_sdist",
    "get_requires_for_build_wheel",
    "prepare_metadata_for_build_editable",
    "prepare_metadata_for_build_wheel",
]

SWITCH = "CLOSER_COMPILE"


def compiling() -> bool:
    return os.environ.get(SWITCH) == "1"


def compile_requires(pyproject: Path = Path("pyproject.toml")) -> list[str]:
    """The "compile" extra of pyproject.toml: one list for this backend and for `pip install`."""
    project = tomllib.loads(pyproject.read_text(encoding="utf-8"))["project"]
    return list(project["optional-dependencies"]["compile"])


def get_requires_for_build_wheel(config_settings: dict[str, Any] | None = None) -> list[str]:
    if not compiling():
        return _setuptools.get_requires_for_build_wheel(config_settings)
    # setuptools learns its needs by running setup.py, which with the switch on would import mypy
    # before it is there: ask with the switch off (it changes no requirement), then add mypy.
    with _switch_off():
        needs = _setuptools.get_requires_for_build_wheel(config_settings)
    return [*needs, *compile_requires()]


def get_requires_for_build_editable(config_settings: dict[str, Any] | None = None) -> list[str]:
    _refuse_compiled_editable()
    return _setuptools.get_requires_for_build_editable(config_settings)


def build_editable(
    wheel_directory: str,
    config_settings: dict[str, Any] | None = None,
    metadata_directory: str | None = None,
) -> str:
    _refuse_compiled_editable()
    return _setuptools.build_editable(wheel_directory, config_settings, metadata_directory)


@contextmanager
def _switch_off() -> Iterator[None]:
    value = os.environ.pop(SWITCH)
    try:
        yield
    finally:
        os.environ[SWITCH] = value


def _refuse_compiled_editable() -> None:
    if compiling():
        raise RuntimeError(
            f"{SWITCH}=1 compiles wheels only (pip wheel . / pip install .): in an editable "
            "install the compiled modules would shadow every later edit of the .py files."
        )
