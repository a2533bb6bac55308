"""A copy of the English content pack that a test may break, to see how loading complains."""

from __future__ import annotations

import shutil
from pathlib import Path

from dialogs.content import pack_dir


def copy_pack(folder: Path) -> Path:
    target = folder / "en"
    shutil.copytree(pack_dir(), target)
    return target


def edit(path: Path, old: str, new: str) -> None:
    """Replace the first `old` in a file (which must be there) with `new`."""
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
