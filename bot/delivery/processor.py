"""Updates from different people run side by side; one person's updates run one at a time, in
the order they came, so a double tap or a quick second message never races the first.

Across replicas (webhook mode on PostgreSQL) two more things keep a person's order: `gate`
(bot.delivery.intake.Intake.await_turn) holds an update while an earlier one of the same
person waits in the inbox for another replica, and every handler's claim takes the person's
advisory lock for its transaction (bot.storage.store.TURN_OF, set here for the handler)."""

from __future__ import annotations

import asyncio
from collections import OrderedDict
from collections.abc import Awaitable, Callable
from typing import Any

from telegram import Update
from telegram.ext import BaseUpdateProcessor

from bot.storage.store import TURN_OF

REMEMBER_DONE = 10_000  # finished update ids kept for wait_done(), oldest forgotten first


def lock_key(update: object) -> int | None:
    """Whose update this is: the person, or the chat for updates without one."""
    if not isinstance(update, Update):
        return None
    if update.effective_user is not None:
        return update.effective_user.id
    if update.effective_chat is not None:
        return update.effective_chat.id
    return None


class PerUserProcessor(BaseUpdateProcessor):
    def __init__(self, max_concurrent_updates: int = 256) -> None:
        super().__init__(max_concurrent_updates)
        self._locks: dict[int, asyncio.Lock] = {}
        self._waiting: dict[int, int] = {}  # key -> updates holding or waiting for its lock
        self._done: OrderedDict[int, None] = OrderedDict()
        # update id -> a future wait_done() awaits: one per awaited id, so finishing an update
        # wakes only whoever waits for that one, not every waiter.
        self._watchers: dict[int, asyncio.Future[None]] = {}
        # Told each update id as it is done: the inbox lets the update go; the benchmark
        # signals its other process.
        self.on_done: list[Callable[[int], None]] = []
        # Awaited before an update takes its person's lock here: replicas sharing an inbox
        # wait for a person's earlier update handled elsewhere (waited for outside the lock:
        # the earlier one may be queued in this very process, behind it).
        self.gate: Callable[[Update, int], Awaitable[None]] | None = None

    async def do_process_update(self, update: object, coroutine: Awaitable[Any]) -> None:
        key = lock_key(update)
        try:
            if key is None:
                await coroutine
                return
            if self.gate is not None and isinstance(update, Update):
                await self.gate(update, key)
            lock = self._locks.setdefault(key, asyncio.Lock())
            self._waiting[key] = self._waiting.get(key, 0) + 1
            try:
                async with lock:
                    TURN_OF.set(key)  # this task's own context: its handler's claims see it
                    await coroutine
            finally:
                self._waiting[key] -= 1
                if not self._waiting[key]:  # nobody else queued: drop the lock
                    del self._waiting[key], self._locks[key]
        finally:
            self._finished(update)

    def _finished(self, update: object) -> None:
        if not isinstance(update, Update):
            return
        self._done[update.update_id] = None
        while len(self._done) > REMEMBER_DONE:
            self._done.popitem(last=False)
        watcher = self._watchers.pop(update.update_id, None)
        if watcher is not None and not watcher.done():
            watcher.set_result(None)
        for listener in self.on_done:
            listener(update.update_id)

    async def wait_done(self, update_id: int) -> None:
        """Wait until an update has been handled (the Telegram tests use this)."""
        if update_id in self._done:
            return
        watcher = self._watchers.get(update_id)
        if watcher is None:
            watcher = self._watchers[update_id] = asyncio.get_running_loop().create_future()
        # Shielded: one waiter giving up (a timeout) must not cancel it for the others.
        await asyncio.shield(watcher)

    async def initialize(self) -> None:
        pass

    async def shutdown(self) -> None:
        pass
