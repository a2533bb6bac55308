"""Answer an update once, even when Telegram hands it out again.

Telegram re-delivers an update when the bot did not confirm it (a restart, a lost answer). Coach
turns and circle changes claim the update id inside the transaction that acts on it. Commands that
only answer (/help, /progress, /export, /remind, ...) have no such transaction: `once` claims the
id first, in its own, and a second delivery is answered with silence (a tap with an empty answer).
At most once: a crash between the claim and the reply loses that one reply, which the person can
ask for again, instead of answering every re-delivery twice.
"""

from __future__ import annotations

import functools
import logging
from collections.abc import Awaitable, Callable

from telegram import Update
from telegram.ext import ContextTypes

from bot.runtime import closer_of
from bot.storage import store

log = logging.getLogger(__name__)
Handler = Callable[[Update, ContextTypes.DEFAULT_TYPE], Awaitable[None]]


def once(handler: Handler) -> Handler:
    @functools.wraps(handler)
    async def first_time_only(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        closer = closer_of(context)
        async with closer.db.transaction() as s:
            first = await store.claim_update(s, update.update_id, closer.clock.now())
        if not first:
            log.info("update %s already handled; skipped", update.update_id)
            if update.callback_query is not None:
                await update.callback_query.answer()
            return
        await handler(update, context)

    return first_time_only
