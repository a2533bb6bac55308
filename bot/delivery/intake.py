"""The inbox: every update is written to the database before Telegram is told it arrived, and
handled from there.

python-telegram-bot's Updater confirms a batch of updates (by asking for the next one) whether
or not the first batch's handlers have committed, so a crash at the wrong moment loses a
message; and it parses a whole batch at once, so one update it cannot read stops every later
one, at every restart. Its Updater has no hook for either, so Closer polls `getUpdates` itself,
which python-telegram-bot's docs describe for custom update sources: the raw JSON of a batch is
written to the inbox (an update already handled or already waiting is left out) and committed,
and only then does the offset move on, confirming the batch to Telegram. Each update is then
read on its own and put on the Application's update queue, where the handlers and the
per-person order (bot.delivery.processor) take over. When its handling ends its row goes and
its id is remembered as seen, so a redelivery is dropped whichever handler took it.

An update that cannot be read is set aside at once, one whose handler raised is tried again,
up to TRIES times, then set aside: its id and the error's name stay, its payload does not.
A retried update may run after a later one of the same person; that is the price of not
holding everyone's updates behind one that fails.

Only one process may poll a token (Telegram answers a second with 409 Conflict), so updates in
the inbox belong to this process: at start, whatever a stopped or killed process left there is
handled first. In webhook mode (bot.delivery.webhook) the webhook's requests write through
`receive` instead of the poll, to the same inbox, and the rest is the same, except that
several replicas may share the inbox: each row is leased to the process handling it
(bot.storage.inbox), a replica's look at the inbox takes only rows no one holds, and every
SWEEP_EVERY it looks for rows whose lease ran out, left by a replica that died.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import re
import warnings
from collections.abc import Awaitable, Callable, Sequence
from typing import Any

from telegram import Update
from telegram.error import Conflict, InvalidToken, NetworkError, TelegramError
from telegram.ext import Application
from telegram.warnings import PTBUserWarning

from bot.delivery.processor import lock_key
from bot.runtime import Closer
from bot.storage import inbox

log = logging.getLogger(__name__)

POLL_TIMEOUT = 10  # seconds one getUpdates waits for news before asking again
BATCH = 100  # updates asked for, and handed to the handlers, at a time
TRIES = 3  # a handler that raised is given the update this many times in all
RETRY_EVERY = 2.0  # seconds before an update whose handler raised is handed out again
MAX_BACKOFF = 30.0  # seconds between getUpdates tries while Telegram cannot be reached
# Webhook mode: seconds between looks for updates whose lease ran out (inbox.HELD), left by a
# replica that died; polling has one process, which handles what it left at start.
SWEEP_EVERY = 30.0
# On PostgreSQL, where a replica's death shows at once (its presence lock goes: inbox.waiting),
# the look is made this often, so a dead replica's updates wait seconds, not minutes.
SWEEP_LIVE = 2.0
# Replicas: how often an update looks again for a person's earlier one handled elsewhere
# (doubling up to TURN_POLL_MAX), and how long at most it waits for it.
TURN_POLL = 0.01
TURN_POLL_MAX = 0.5
TURN_WAIT = 180.0

# getUpdates is asked through Bot.do_api_request for its raw JSON; the library suggests its own
# get_updates, which parses the whole batch at once: the very thing the inbox is here to avoid.
warnings.filterwarnings("ignore", message=r"Please use 'Bot\.getUpdates'", category=PTBUserWarning)


class Intake:
    def __init__(self, app: Application, closer: Closer) -> None:  # type: ignore[type-arg]
        self.app = app
        self.closer = closer
        self._offset: int | None = None
        self._in_flight: set[int] = set()  # handed to the handlers, not yet let go
        self._ended: dict[int, str | None] = {}  # ended, not yet let go: id -> error or None
        self._failed: dict[int, str] = {}  # update id -> the error its handler raised
        self._letting_go = asyncio.Lock()
        # Held while updates are read or written and handed out, so one is never handed out
        # twice: by the poll or the webhook that took it and by a retry pass that read it
        # meanwhile.
        self._handing = asyncio.Lock()
        self._ended_wake = asyncio.Event()
        self._retry_wake = asyncio.Event()
        # Webhook mode: other replicas may share the inbox, so only rows no one holds are
        # handed out (inbox.waiting). Polling: one process per token, every row is its own.
        self._shared = False

    # --- taking updates in -----------------------------------------------------------------
    async def run(self, stopping: asyncio.Event, poll: bool = True) -> None:
        """Hand out what a previous run left, then (with `poll`) poll, write, confirm and hand
        out until `stopping` is set. Without `poll` updates come from the webhook
        (bot.delivery.webhook) through `receive`; the retries and the letting go run here."""
        self._shared = not poll
        helpers = [
            asyncio.create_task(self._retry_loop(stopping)),
            asyncio.create_task(self._let_go_loop(stopping)),
        ]
        await self._guarded(self.hand_out_waiting)
        try:
            if poll:
                await self._poll_loop(stopping)
            else:
                await stopping.wait()
        finally:
            self._retry_wake.set()
            self._ended_wake.set()
            await asyncio.gather(*helpers)

    async def _poll_loop(self, stopping: asyncio.Event) -> None:
        backoff = 1.0
        while not stopping.is_set():
            try:
                batch = await self._poll(stopping)
            except (InvalidToken, asyncio.CancelledError):
                raise
            except Conflict:
                # Or a webhook was set since start deleted any: polling waits rather than take
                # the updates of the deployment that set it.
                log.warning("another process polls this bot's token, or a webhook is set; waiting")
                await _sleep(stopping, 5.0)
                continue
            except (NetworkError, TelegramError) as exc:
                log.warning("getUpdates failed (%s); trying again", type(exc).__name__)
                await _sleep(stopping, backoff)
                backoff = min(backoff * 2, MAX_BACKOFF)
                continue
            if batch:
                try:
                    await self._take(batch)
                except Exception:  # not confirmed: Telegram hands the batch out again
                    log.exception("could not write %s update(s) to the inbox", len(batch))
                    await _sleep(stopping, backoff)
                    backoff = min(backoff * 2, MAX_BACKOFF)
                    continue
            backoff = 1.0

    async def _poll(self, stopping: asyncio.Event) -> list[dict[str, Any]]:
        """One long poll, given up at once when `stopping` is set (nothing taken is lost:
        the offset moves only after a batch is written)."""
        request = asyncio.ensure_future(
            self.app.bot.do_api_request(
                "getUpdates",
                api_kwargs={
                    "offset": self._offset,
                    "timeout": POLL_TIMEOUT,
                    "limit": BATCH,
                    "allowed_updates": Update.ALL_TYPES,
                },
                read_timeout=POLL_TIMEOUT + 5,
            )
        )
        stop = asyncio.ensure_future(stopping.wait())
        await asyncio.wait({request, stop}, return_when=asyncio.FIRST_COMPLETED)
        stop.cancel()
        if not request.done():
            request.cancel()
            return []
        result = request.result()
        return [u for u in result if isinstance(u, dict) and "update_id" in u]

    async def _take(self, batch: Sequence[dict[str, Any]]) -> None:
        await self.receive(batch)
        # Written: the next getUpdates confirms them to Telegram.
        self._offset = max(int(u["update_id"]) for u in batch) + 1

    async def receive(self, batch: Sequence[dict[str, Any]]) -> None:
        """Write the updates to the inbox (leaving out any already handled or waiting), commit,
        and hand the new ones out. Once this returns they are durable: the poll may confirm
        them to Telegram, the webhook may answer 200. Raises if they could not be written."""
        read = {int(raw["update_id"]): _read(raw, self.app) for raw in batch}
        people = {i: lock_key(u) for i, u in read.items() if isinstance(u, Update)}
        async with self._handing:
            async with self.closer.db.transaction() as s:
                now = self.closer.clock.now()
                new = await inbox.take(s, batch, now, people, self.closer.replica)
            # Handed out from here, not read back: the inbox is read only at start and for a
            # retry.
            for raw in new:
                update_id = int(raw["update_id"])
                await self._hand_out(update_id, raw, read[update_id])

    # --- handing them out ------------------------------------------------------------------
    async def hand_out_waiting(self) -> None:
        """Put every update waiting in the inbox (and not being handled) on the update queue,
        oldest first."""
        while True:
            async with self._handing:
                async with self.closer.db.transaction() as s:
                    now = self.closer.clock.now()
                    rows = await inbox.waiting(
                        s, self._in_flight, BATCH, now, self._shared, self.closer.replica
                    )
                for row in rows:
                    try:
                        raw = json.loads(row.payload)
                    except ValueError as exc:
                        await self._unreadable(row.update_id, exc)
                        continue
                    await self._hand_out(row.update_id, raw)
            if len(rows) < BATCH:
                return

    async def _hand_out(
        self, update_id: int, raw: dict[str, Any], read: Update | Exception | None = None
    ) -> None:
        update = _read(raw, self.app) if read is None else read
        if isinstance(update, Exception):
            await self._unreadable(update_id, update)
            return
        self._in_flight.add(update_id)
        await self.app.update_queue.put(update)

    async def _unreadable(self, update_id: int, exc: Exception) -> None:
        # The error's name and the id only: the message of a parsing error quotes the update.
        log.error("update %s could not be read (%s); set aside", update_id, type(exc).__name__)
        async with self.closer.db.transaction() as s:
            await inbox.failed(s, update_id, type(exc).__name__, 1, self.closer.clock.now())

    async def _retry_loop(self, stopping: asyncio.Event) -> None:
        while True:
            if self._shared:  # also a look now and then for what a dead replica left
                with contextlib.suppress(TimeoutError):
                    every = SWEEP_EVERY if self.closer.replica is None else SWEEP_LIVE
                    await asyncio.wait_for(self._retry_wake.wait(), every)
            else:
                await self._retry_wake.wait()
            self._retry_wake.clear()
            if stopping.is_set():
                return
            await self._guarded(self.hand_out_waiting)

    async def _guarded(self, step: Callable[[], Awaitable[None]]) -> None:
        try:
            await step()
        except Exception:  # the database hiccuped: the rows wait for the next try
            log.exception("handing out waiting updates failed")

    # --- one person's order across replicas --------------------------------------------------
    async def await_turn(self, update: Update, person: int) -> None:
        """Return once no earlier update of this person waits in the inbox (PerUserProcessor's
        gate). Telegram posts one chat's updates one at a time, each after the one before was
        answered, so they reach the inbox in order whichever replica takes them; waiting here
        for the earlier ones to be claimed (their turn committed) keeps them in order across
        replicas. One left by a replica that died waits for its lease (inbox.HELD) and the
        next sweep; past TURN_WAIT the update goes anyway rather than never. Within one
        process, or on SQLite, nothing to wait for: the processor's own order holds."""
        if not self._shared or self.closer.db.is_sqlite:
            return
        pause, waited = TURN_POLL, 0.0
        while waited < TURN_WAIT:
            try:
                async with self.closer.db.transaction() as s:
                    if not await inbox.earlier_waiting(s, person, update.update_id):
                        return
            except Exception:  # the database hiccuped: the turn lock still keeps it one at a time
                log.exception("could not look for update %s's earlier ones", update.update_id)
                return
            await asyncio.sleep(pause)
            waited += pause
            pause = min(pause * 2, TURN_POLL_MAX)
        log.warning("update %s went before an earlier one of its person", update.update_id)

    # --- when handling ends ----------------------------------------------------------------
    def handler_failed(self, update_id: int, error: BaseException) -> None:
        """Told by the error handler: this update's handler raised."""
        self._failed[update_id] = type(error).__name__

    def finished(self, update_id: int) -> None:
        """Told by the update processor as each update's handling ends."""
        if update_id in self._in_flight:
            self._ended[update_id] = self._failed.pop(update_id, None)
            self._ended_wake.set()

    async def _let_go_loop(self, stopping: asyncio.Event) -> None:
        # Ended updates are let go together, one commit for all that ended meanwhile: a
        # commit per update would cost more than the update's own turn.
        while not stopping.is_set():
            await self._ended_wake.wait()
            self._ended_wake.clear()
            await self.let_go()

    async def let_go(self) -> None:
        """Mark every ended update: handled ones leave the inbox and are remembered as seen;
        failed ones are tried again in a moment, or set aside after TRIES."""
        async with self._letting_go:
            ended, self._ended = self._ended, {}
            if not ended:
                return
            now = self.closer.clock.now()
            done = [i for i, error in ended.items() if error is None]
            retry = False
            try:
                async with self.closer.db.transaction() as s:
                    await inbox.handled(s, done, now)
                    for update_id, error in ended.items():
                        if error is None:
                            continue
                        if await inbox.failed(s, update_id, error, TRIES, now):
                            log.error("update %s failed %s times; set aside", update_id, TRIES)
                        else:
                            retry = True
            except Exception:  # the rows stay and are handed out again; claims stop repeats
                log.exception("could not let %s handled update(s) go", len(ended))
                retry = True
            finally:
                self._in_flight.difference_update(ended)
            if retry:
                asyncio.get_running_loop().call_later(RETRY_EVERY, self._retry_wake.set)

    async def settled(self) -> None:
        """Let go of every ended update now (before the database closes; tests wait on it)."""
        await self.let_go()


def _read(raw: dict[str, Any], app: Application) -> Update | Exception:  # type: ignore[type-arg]
    """The update as the library reads it, or what stopped it (the update is then set aside)."""
    try:
        return Update.de_json(_carried(raw), app.bot)
    except Exception as exc:
        return exc


_BIGGEST = 2**63 - 1  # Telegram's ids fit a signed 64-bit integer (52 bits in practice)
_UNCARRIED = re.compile("[\ud800-\udfff\x00]")


def _carried(value: Any) -> Any:
    """The update as Closer can keep it, read in one walk. A number past 64 bits is no id
    Telegram issues (a forged or broken update) and no column could hold it: OverflowError,
    and the update is set aside. A lone surrogate (from a broken client, or escaped in the
    JSON) or a NUL (PostgreSQL keeps none in text) becomes U+FFFD, so a name or a statement
    holding one is quoted, stored and sent like any other text."""
    if isinstance(value, str):
        if not _UNCARRIED.search(value):
            return value
        joined = value.encode("utf-16", "surrogatepass").decode("utf-16", "replace")
        return joined.replace("\x00", "\ufffd")
    if isinstance(value, bool):
        return value
    if isinstance(value, int):
        if not -_BIGGEST <= value <= _BIGGEST:
            raise OverflowError("a number past 64 bits")
        return value
    if isinstance(value, dict):
        return {key: _carried(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_carried(item) for item in value]
    return value


async def _sleep(stopping: asyncio.Event, seconds: float) -> None:
    with contextlib.suppress(TimeoutError):
        await asyncio.wait_for(stopping.wait(), seconds)
