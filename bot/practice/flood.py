"""A gentle brake for floods: each person may send a burst of messages, then about one every
`refill` seconds. Past that, the first extra message gets a polite slow-down and the rest wait
in silence until the bucket refills."""

from __future__ import annotations

from collections import OrderedDict
from dataclasses import dataclass
from enum import Enum


class Verdict(Enum):
    ALLOW = "allow"
    SLOW_DOWN = "slow_down"  # over the limit: say so once
    QUIET = "quiet"  # still over: already told


@dataclass
class _Bucket:
    tokens: float
    at: float
    warned: bool = False


class FloodGuard:
    def __init__(self, burst: int = 8, refill: float = 1.5, forget_after: float = 600.0) -> None:
        self.burst = burst
        self.refill = refill
        self.forget_after = forget_after
        # Least recently heard from first: forgetting the idle looks only at the front, however
        # many people wrote lately (a scan of every bucket once 10,000 had written cost a
        # millisecond a message).
        self._buckets: OrderedDict[int, _Bucket] = OrderedDict()

    def check(self, key: int, now: float) -> Verdict:
        self._forget_idle(now)
        bucket = self._buckets.get(key)
        if bucket is None:
            bucket = self._buckets[key] = _Bucket(float(self.burst), now)
        else:
            self._buckets.move_to_end(key)
        bucket.tokens = min(self.burst, bucket.tokens + (now - bucket.at) / self.refill)
        bucket.at = now
        if bucket.tokens >= 1:
            bucket.tokens -= 1
            bucket.warned = False
            return Verdict.ALLOW
        if bucket.warned:
            return Verdict.QUIET
        bucket.warned = True
        return Verdict.SLOW_DOWN

    def _forget_idle(self, now: float) -> None:
        while self._buckets:
            key, oldest = next(iter(self._buckets.items()))
            if now - oldest.at <= self.forget_after:
                return
            del self._buckets[key]

    def __len__(self) -> int:
        """People remembered (those heard from within `forget_after`)."""
        return len(self._buckets)
