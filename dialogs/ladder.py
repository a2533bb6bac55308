"""The four steps of sharing, shallowest first, as every part of Closer names them: the
analyzer's levels without "none". Defined here once; content keys such as "level.<step>" and
"example.<step>" are built from these names and checked against them at load."""

from __future__ import annotations

from dialogs.analysis.model import Level

LADDER: tuple[str, ...] = tuple(level.value for level in Level if level is not Level.NONE)

__all__ = ["LADDER"]
