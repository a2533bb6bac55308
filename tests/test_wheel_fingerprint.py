"""The fingerprint a kept build of the compiled analyzer is reused under (tests/conftest.py):
the same sources give the same fingerprint, and any change to a file the wheel holds a new one."""

from __future__ import annotations

from pathlib import Path

import pytest

from bench import wheel


@pytest.fixture
def tree(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    for name in wheel.SOURCES:
        if name in ("dialogs", "bot", "content", "build_backend"):
            (tmp_path / name).mkdir()
            (tmp_path / name / "a.py").write_text("x = 1\n")
        else:
            (tmp_path / name).write_text(name)
    monkeypatch.setattr(wheel, "ROOT", tmp_path)
    return tmp_path


def test_the_same_sources_give_the_same_fingerprint(tree: Path) -> None:
    assert wheel.fingerprint(True, False) == wheel.fingerprint(True, False)


def test_a_changed_source_file_gives_a_new_fingerprint(tree: Path) -> None:
    before = wheel.fingerprint(True, False)
    (tree / "dialogs" / "a.py").write_text("x = 2\n")
    assert wheel.fingerprint(True, False) != before


def test_a_new_content_file_gives_a_new_fingerprint(tree: Path) -> None:
    before = wheel.fingerprint(True, False)
    (tree / "content" / "words.yaml").write_text("[sad]\n")
    assert wheel.fingerprint(True, False) != before


def test_what_an_import_leaves_behind_does_not_change_it(tree: Path) -> None:
    before = wheel.fingerprint(True, False)
    (tree / "dialogs" / "__pycache__").mkdir()
    (tree / "dialogs" / "__pycache__" / "a.cpython-311.pyc").write_bytes(b"\0")
    assert wheel.fingerprint(True, False) == before


def test_how_it_is_built_is_part_of_it(tree: Path) -> None:
    assert wheel.fingerprint(True, False) != wheel.fingerprint(True, True)
    assert wheel.fingerprint(True, False) != wheel.fingerprint(False, False)


def test_the_compiler_settings_are_part_of_it(tree: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    before = wheel.fingerprint(True, False)
    monkeypatch.setenv("CFLAGS", "-O1")
    assert wheel.fingerprint(True, False) != before
