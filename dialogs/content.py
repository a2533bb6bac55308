"""Where Closer's content lives and which language pack to read."""

from __future__ import annotations

import os
from collections.abc import Mapping
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


class _Blank(dict[str, str]):
    """A parameter the code did not pass shows nothing, rather than failing in front of a
    person (every placeholder is checked against what the code passes at load and in tests)."""

    def __missing__(self, key: str) -> str:
        return ""


def fill(text: str, params: Mapping[str, object]) -> str:
    """The one way every message, the coach's and the bot's, gets its values."""
    return text.format_map(_Blank({key: str(value) for key, value in params.items()}))
