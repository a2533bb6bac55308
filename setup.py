"""Closer's build. Everything is declared in pyproject.toml; this file only adds one switch.

With CLOSER_COMPILE=1 the statement analyzer (dialogs/analysis) is compiled to C with mypyc, for
the Docker image: it reads a statement about twice as fast (README, "Speed"). Only wheels are
compiled (see build_backend/closer_build.py); an editable install stays plain Python, so an edit to
a .py file always takes effect.
"""

from __future__ import annotations

import os
from pathlib import Path

from setuptools import Extension, setup


def analyzer_modules() -> list[str]:
    """Every module of the analyzer but its command line, which gains nothing from compiling."""
    here = Path(__file__).resolve().parent
    return sorted(
        str(path.relative_to(here))
        for path in (here / "dialogs" / "analysis").glob("*.py")
        if path.name != "__main__.py"
    )


def compiled_analyzer() -> list[Extension]:
    if os.environ.get("CLOSER_COMPILE") != "1":
        return []
    from mypyc.build import mypycify  # only the compiling build has mypy (the "compile" extra)

    # The tests build with CLOSER_COMPILE_OPT=0: they check what the build does, not its speed.
    return mypycify(analyzer_modules(), opt_level=os.environ.get("CLOSER_COMPILE_OPT", "3"))


setup(ext_modules=compiled_analyzer())
