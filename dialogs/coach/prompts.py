"""Choosing what to say: a prompt deterministic for a person and a day, never one of the recent
ones; and where a person's round of a message's variants starts."""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from datetime import date

from .content import Prompt

RECENT = 32  # prompts remembered per person (all levels), so daily practice rarely repeats


def choose(
    prompts: Sequence[Prompt],
    recent: Sequence[str],
    seed: str,
    today: date,
    level: str,
    only: frozenset[str] = frozenset(),
) -> Prompt:
    """One of the prompts not met lately, on another theme than the last one when it can;
    with `only`, one of those (ids: after a check-in, the gentle ones)."""
    if only:
        prompts = [p for p in prompts if p.id in only] or list(prompts)
    fresh = [p for p in prompts if p.id not in recent] or list(prompts)
    themes = {p.id: p.theme for p in prompts}
    last = next((themes[r] for r in reversed(recent) if r in themes), None)
    fresh = [p for p in fresh if p.theme != last] or fresh
    digest = hashlib.sha256(f"{seed}|{today.isoformat()}|{level}".encode()).digest()
    return fresh[int.from_bytes(digest[:8], "big") % len(fresh)]


def offset(seed: str, key: str) -> int:
    """A stable whole number for a person and a message: where their round of its variants
    starts, so two people do not hear the same words on the same day."""
    return int.from_bytes(hashlib.sha256(f"{seed}|{key}".encode()).digest()[:4], "big")


def remember(recent: Sequence[str], prompt_id: str) -> list[str]:
    return [*[r for r in recent if r != prompt_id], prompt_id][-RECENT:]
