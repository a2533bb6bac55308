"""A realistic mix of chat statements, built the same way every run (seeded), for benchmarks."""

from __future__ import annotations

import random
from pathlib import Path

import yaml

_OPENERS = ["", "ok so ", "honestly ", "tbh ", "idk ", "Right now ", "Today ", "ngl ", "Well, "]
_CORES = [
    "I feel {f}",
    "im so {f} rn",
    "I'm a bit {f} about my {p}",
    "I feel like you never listen to me",
    "I was {f} when my {p} called",
    "You always do this",
    "I'm {f} with you right now",
    "I feel {f} saying this to you",
    "my {p} is such an idiot",
    "I'm kind of {f} but it's fine",
    "I feel ignored by my {p}",
    "Do you even care",
    "You should talk to your {p}",
    "I work nights at the hospital",
    "I miss you",
    "I'm proud of myself for going",
    "this week is killing me",
    "I'm {f} that I forgot",
]
_ENDINGS = ["", ".", "!", " lol", " haha", "...", " 😂", "?", " tbh", " I guess"]
_FEELINGS = [
    "sad",
    "angry",
    "anxious",
    "happy",
    "hurt",
    "lonely",
    "nervous",
    "grateful",
    "frustrated",
    "scared",
    "ashamed",
    "excited",
    "tired",
    "jealous",
    "calm",
]
_PEOPLE = ["mom", "dad", "sister", "boss", "best friend", "partner", "brother", "coworker"]


def statements(n: int, seed: int = 7) -> list[str]:
    """n statements: the project's labelled ones, then generated chat lines."""
    here = Path(__file__).resolve().parent.parent / "tests" / "data" / "statements.yaml"
    labelled = [item["text"] for item in yaml.safe_load(here.read_text(encoding="utf-8"))]
    rng = random.Random(seed)
    out = list(labelled)
    while len(out) < n:
        core = rng.choice(_CORES).format(f=rng.choice(_FEELINGS), p=rng.choice(_PEOPLE))
        out.append(rng.choice(_OPENERS) + core + rng.choice(_ENDINGS))
    rng.shuffle(out)
    return out[:n]
