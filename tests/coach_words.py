"""What the coach says, for tests that read replies as a person does: a message may be said in
several ways (variants), so a test asks whether any of them is in a reply."""

from __future__ import annotations

import re
from functools import cache

from dialogs.coach.content import CoachContent, load_coach_content


@cache
def content() -> CoachContent:
    return load_coach_content()


def said(key: str, text: str) -> bool:
    """Whether one of `key`'s variants is in `text`: its words around any {placeholder}."""
    for variant in content().messages[key]:
        pieces = [p for p in re.split(r"\{\w+\}", variant) if p.strip()]
        if pieces and all(piece in text for piece in pieces):
            return True
    return False


def said_in(key: str, replies: list[str]) -> bool:
    return any(said(key, reply) for reply in replies)
