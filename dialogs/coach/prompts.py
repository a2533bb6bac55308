"""Choosing a prompt: deterministic for a person and a day, never one of the recent ones."""

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


def remember(recent: Sequence[str], prompt_id: str) -> list[str]:
    return [*[r for r in recent if r != prompt_id], prompt_id][-RECENT:]
