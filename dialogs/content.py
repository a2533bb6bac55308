"""Where Closer's content lives and which language pack to read."""

from __future__ import annotations

import os
from pathlib import Path

DEFAULT_LANGUAGE = "en"


def content_root() -> Path:
    """The `content/` folder: beside the packages, in a checkout and in an installed wheel alike.

    CLOSER_CONTENT_DIR points elsewhere (a reviewer trying an edited pack without reinstalling).
    """
    override = os.environ.get("CLOSER_CONTENT_DIR")
    if override:
        return Path(override)
    return Path(__file__).resolve().parent.parent / "content"


def pack_dir(language: str = DEFAULT_LANGUAGE) -> Path:
    return content_root() / language
