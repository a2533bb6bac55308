"""Closer's wheel, built from a copy of the working tree and unpacked into a folder.

`unpacked(into, compiled=True)` is the analyzer as the Docker image runs it: compiled with mypyc
(CLOSER_COMPILE=1, see setup.py). Put the folder first on PYTHONPATH, in a process whose working
directory is not the project's, and `import dialogs` finds the wheel's copy instead of the sources.
The benchmark uses it to time the compiled analyzer; the tests use it to check what ships.

A copy, because pip builds in the tree it is given and leaves build/ and *.egg-info there.
"""

from __future__ import annotations

import hashlib
import importlib.machinery
import importlib.metadata
import os
import shutil
import subprocess
import sys
import sysconfig
from pathlib import Path
from types import ModuleType

ROOT = Path(__file__).resolve().parent.parent
SOURCES = (
    "pyproject.toml",
    "setup.py",
    "MANIFEST.in",
    "README.md",
    "build_backend",
    "dialogs",
    "bot",
    "content",
)


def unpacked(into: Path, compiled: bool, optimise: bool = True) -> Path:
    """Build the wheel (plain or compiled) and install it, alone, into `into`/site. Without
    `optimise` the C compiler skips its optimisations: the build takes half the time and the
    code runs slower (the tests use it: they check what it does, not how fast)."""
    source, wheels, site = into / "source", into / "wheels", into / "site"
    _copy_sources(source)
    env = {
        **os.environ,
        "CLOSER_COMPILE": "1" if compiled else "0",
        "CLOSER_COMPILE_OPT": "3" if optimise else "0",
    }
    # No build isolation: the dev install already has setuptools and mypy (the "compile" extra),
    # so nothing is downloaded and the build takes only the time it compiles.
    _pip("wheel", "--no-deps", "--no-build-isolation", "-w", str(wheels), str(source), env=env)
    (wheel,) = wheels.glob("closer-*.whl")
    _pip("install", "--no-deps", "--target", str(site), str(wheel), env=env)
    return site


def fingerprint(compiled: bool, optimise: bool) -> str:
    """A digest of everything a build depends on: every file that goes into the wheel (name and
    bytes), the Python that builds it, the build tools' versions, the compiler settings, and
    how. Two builds with the same fingerprint are the same wheel, so a build may be kept and
    reused under it."""
    tools = "|".join(_version(name) for name in ("mypy", "setuptools"))
    flags = "|".join(os.environ.get(name, "") for name in ("CC", "CFLAGS"))
    how = f"{sys.executable}|{sys.version}|{sys.platform}|{compiled}|{optimise}|{tools}|{flags}"
    digest = hashlib.sha256(how.encode())
    for name in SOURCES:
        path = ROOT / name
        files = sorted(path.rglob("*")) if path.is_dir() else [path]
        for file in files:
            if not file.is_file() or "__pycache__" in file.parts or file.suffix in _BUILT:
                continue
            digest.update(str(file.relative_to(ROOT)).encode() + b"\0" + file.read_bytes())
    return digest.hexdigest()[:24]


_BUILT = (".so", ".pyc", ".pyo")  # what a build or an import leaves behind, not a source


def _version(distribution: str) -> str:
    """An installed build tool's version ("" when it is missing): a newer mypy compiles anew."""
    try:
        return importlib.metadata.version(distribution)
    except importlib.metadata.PackageNotFoundError:
        return ""


def why_not_compile() -> str | None:
    """Why this machine cannot compile the analyzer (no C compiler, no Python headers), or None."""
    compiler = (sysconfig.get_config_var("CC") or "cc").split()[0]
    if shutil.which(compiler) is None:
        return f"no C compiler ({compiler}) to compile the analyzer with"
    if not (Path(sysconfig.get_paths()["include"]) / "Python.h").exists():
        return "no Python headers (Python.h) to compile the analyzer against"
    return None


def is_compiled(module: ModuleType) -> bool:
    """Whether a module was loaded from a compiled extension rather than its .py file."""
    return str(module.__file__).endswith(tuple(importlib.machinery.EXTENSION_SUFFIXES))


def environment(site: Path, *also: Path) -> dict[str, str]:
    """This process's environment with `site` (then `also`) first on PYTHONPATH, and without a
    content override, so that the wheel reads the content it carries."""
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(str(p) for p in (site, *also))}
    env.pop("CLOSER_CONTENT_DIR", None)
    return env


def _copy_sources(into: Path) -> None:
    skip = shutil.ignore_patterns("__pycache__", "*.so", "*.pyc")
    for name in SOURCES:
        path = ROOT / name
        if path.is_dir():
            shutil.copytree(path, into / name, ignore=skip)
        else:
            into.mkdir(parents=True, exist_ok=True)
            shutil.copy2(path, into / name)


def _pip(*args: str, env: dict[str, str]) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "pip", *args, "--quiet"],
        capture_output=True,
        text=True,
        env=env,
        timeout=600,
    )
    if done.returncode != 0:  # say why: a compile error is in pip's output, not in the exit code
        raise RuntimeError(f"pip {args[0]} failed:\n{done.stdout[-4000:]}{done.stderr[-4000:]}")
