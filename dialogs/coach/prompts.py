"""Choosing what to say: a prompt deterministic for a person and a day, never one of the recent
ones; and where a person's round of a message's variants starts."""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from datetime import date

from .content import Prompt

RECENT = 6  # prompts remembered per person, so daily practice does not repeat itself


def choose(
    prompts: Sequence[Prompt], recent: Sequence[str], seed: str, today: date, level: str
) -> Prompt:
    fresh = [p for p in prompts if p.id not in recent] or list(prompts)
    digest = hashlib.sha256(f"{seed}|{today.isoformat()}|{level}".encode()).digest()
    return fresh[int.from_bytes(digest[:8], "big") % len(fresh)]


def offset(seed: str, key: str) -> int:
    """A stable whole number for a person and a message: where their round of its variants
    starts, so two people do not hear the same words on the same day."""
    return int.from_bytes(hashlib.sha256(f"{seed}|{key}".encode()).digest()[:4], "big")


def remember(recent: Sequence[str], prompt_id: str) -> list[str]:
    return [*[r for r in recent if r != prompt_id], prompt_id][-RECENT:]
