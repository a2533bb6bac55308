"""One pacer for the whole bot: Telegram's limits are the bot's, not a feature's, so every
message (the outbox's sends and the edits made straight to the message a person tapped) takes
its turn here, and a 429 anywhere pauses them all.

Telegram allows a bot about 30 messages a second overall and about 20 a minute in one group.
Calls that are not messages (answering a tap, asking whether someone is in a group) are not
spaced like posts: thirty people tapping Join at once should not wait a second each for their
membership checks. They still honour a 429 and are tried again after a dropped connection.

Our own rather than python-telegram-bot's AIORateLimiter: that limiter paces only the calls
made through it, with its own budget, so with the outbox pacing too the bot had two budgets
that did not know about each other.
"""

from __future__ import annotations

import asyncio
import heapq
import itertools
import logging
import time
from collections import deque
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import timedelta
from typing import TypeVar

from telegram.error import BadRequest, NetworkError, RetryAfter

log = logging.getLogger(__name__)
T = TypeVar("T")
DIRECT_TRIES = 3  # a direct call is tried this often on 429s and dropped connections
DIRECT_WAIT_LIMIT = 10.0  # seconds: a tap's answer is worthless after this, so it is not
# waited for longer; the 429 still pauses the outbox for as long as Telegram asked
DROP_BACKOFF = 0.25  # seconds: a dropped call's wait before its next try, doubled each try


@dataclass(frozen=True)
class Pace:
    # Telegram's overall limit is about 30 a second; one below it leaves room for the few
    # milliseconds of jitter between a send starting and reaching Telegram.
    per_second: float = 29.0
    per_group: int = 20  # and about 20 a minute in one group
    group_window: float = 60.0


# With CLOSER_PAID_BROADCAST Telegram lets a bot send up to 1,000 messages a second, paid in
# Stars (allow_paid_broadcast on each send); kept a little under, as the free pace is.
PAID = Pace(per_second=970.0)


def seconds_of(exc: RetryAfter) -> float:
    wait = exc.retry_after
    return wait.total_seconds() if isinstance(wait, timedelta) else float(wait)


class Pacer:
    def __init__(
        self, pace: Pace | None = None, monotonic: Callable[[], float] = time.monotonic
    ) -> None:
        self.pace = pace or Pace()
        self.monotonic = monotonic
        self._next_slot = 0.0
        self._waiters: list[tuple[int, int, asyncio.Future[float]]] = []  # (urgency, order, turn)
        self._order = itertools.count()
        self._dealer: asyncio.Task[None] | None = None
        self._recent: dict[int, deque[float]] = {}  # group -> its sends in the last window
        self.paused_until = 0.0
        self.retried_after = 0  # 429s Telegram answered

    async def take_slot(self, urgent: bool = False) -> float:
        """Wait for the next message's turn: taken right before the HTTP call (after any
        reading from the database), so sends reach Telegram as evenly spaced as they start.
        A late send is not made up for with a quick one: no second ever holds more than 30.
        `urgent`: a person is waiting for this one (a reply, the edit of what they tapped); it
        goes before every background send still waiting for its turn, so a burst of reminders
        costs a reply at most one turn. Returns when the turn came, for `missed`."""
        now = self.monotonic()
        if not self._waiters and now >= max(self._next_slot, self.paused_until):
            self._next_slot = now + 1.0 / self.pace.per_second
            return now
        turn: asyncio.Future[float] = asyncio.get_running_loop().create_future()
        heapq.heappush(self._waiters, (0 if urgent else 1, next(self._order), turn))
        if self._dealer is None or self._dealer.done():
            self._dealer = asyncio.create_task(self._deal())
        return await turn

    def missed(self, turn: float) -> bool:
        """Whether a send starting now is too late for the turn that came at `turn`. At 29 a
        second, the thirtieth turn after one comes an interval after the second that starts
        with it has ended: that interval is the room for jitter between a send starting and
        reaching Telegram. A send starting over half an interval late uses up half of it."""
        return self.monotonic() - turn > 0.5 / self.pace.per_second

    async def _deal(self) -> None:
        """Hand out turns, one per interval, the urgent first, each kind in arrival order."""
        while self._waiters:
            wait = max(self._next_slot, self.paused_until) - self.monotonic()
            if wait > 0:
                await asyncio.sleep(wait)
                continue  # a 429 may have moved the pause meanwhile
            _, _, turn = heapq.heappop(self._waiters)
            if turn.done():  # its sender gave up waiting (cancelled)
                continue
            dealt = self.monotonic()
            self._next_slot = dealt + 1.0 / self.pace.per_second
            turn.set_result(dealt)

    def pause(self, exc: RetryAfter) -> float:
        """Telegram answered 429: nothing is sent until the wait it asked for is over."""
        self.retried_after += 1
        delay = seconds_of(exc)
        self.paused_until = max(self.paused_until, self.monotonic() + delay)
        log.warning("Telegram asked to wait %.0f s", delay)
        return delay

    def group_has_room(self, chat_id: int) -> bool:
        if chat_id > 0:  # a private chat: only the overall pace applies
            return True
        recent = self._recent.get(chat_id)
        if recent is None:
            return True
        cutoff = self.monotonic() - self.pace.group_window
        while recent and recent[0] <= cutoff:
            recent.popleft()
        if not recent:
            del self._recent[chat_id]  # a quiet group holds no memory
            return True
        return len(recent) < self.pace.per_group

    def note_sent(self, chat_id: int) -> None:
        if chat_id < 0:
            self._recent.setdefault(chat_id, deque()).append(self.monotonic())

    def until_room(self, groups: set[int], idle: float) -> float:
        """Seconds until the pause ends or one of `groups` may post again (at most `idle`)."""
        now = self.monotonic()
        waits = [self.paused_until - now]
        for chat_id in groups:
            recent = self._recent.get(chat_id)
            if recent:
                waits.append(recent[0] + self.pace.group_window - now)
        return min(max(max(waits), 0.05), idle)

    async def call(self, make: Callable[[], Awaitable[T]], message: bool) -> T:
        """A call made straight to Telegram rather than through the outbox. `message`: it
        changes what a chat shows (an edit), so it takes a slot like any send. A 429 pauses
        everything and, when short, is waited out and the call made again; a dropped
        connection is tried again after a moment. A refusal (400, 403) is the caller's."""
        for attempt in range(1, DIRECT_TRIES + 1):
            if message:  # a person tapped and is looking at it: their edit goes first
                await self.take_slot(urgent=True)
            try:
                return await make()
            except RetryAfter as exc:
                delay = self.pause(exc)
                if attempt == DIRECT_TRIES or delay > DIRECT_WAIT_LIMIT:
                    raise
                await asyncio.sleep(delay)
            except BadRequest:
                raise
            except NetworkError:  # a timeout, a reset, a 5xx
                if attempt == DIRECT_TRIES:
                    raise
                await asyncio.sleep(DROP_BACKOFF * 2**attempt)
        raise AssertionError("unreachable")  # pragma: no cover
