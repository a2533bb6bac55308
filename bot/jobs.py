"""The repeating job: reminders, the circles' daily themes, and tidying up, once per deployment.

Every process keeps the job's timer (python-telegram-bot's JobQueue), so that any of them may
stop without the work stopping. On PostgreSQL a tick first tries an advisory lock
(Database.alone, pg_try_advisory_lock): the process that gets it does the work, and one that
finds it held skips its tick, so however many replicas there are, one at a time is in a tick.
The work is claimed row by row besides (reminders and circles with FOR UPDATE SKIP LOCKED), so a
tick that follows another finds nothing due twice. On SQLite there is one process, and the
lock is always its own.
"""

from __future__ import annotations

import logging

from bot.circles import group as circle_group
from bot.practice import reminders
from bot.runtime import Closer

log = logging.getLogger(__name__)

# "closerj": the jobs' advisory lock, beside the migrations' ("closer", bot.storage.database).
JOBS_LOCK = int.from_bytes(b"closerj", "big")


async def run(closer: Closer) -> bool:
    """One tick, unless another process is in one; True if this one ran it."""
    try:
        async with closer.db.alone(JOBS_LOCK) as ours:
            if not ours:
                log.debug("another process is running the jobs; this tick is skipped")
                return False
            await reminders.tick(closer)
            await _circles(closer)
            return True
    except Exception:  # the database hiccuped: the job must keep running; the next tick tries
        log.exception("the jobs' tick failed")
        return False


async def _circles(closer: Closer) -> None:
    try:
        moved = await circle_group.post_due(closer)
        if moved:
            log.info("%s circle(s) moved to their next day", moved)
        await circle_group.forget_old_posts(closer)
    except Exception:  # the reminders went; the next tick tries the circles again
        log.exception("circles tick failed")
