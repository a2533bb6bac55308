"""Someone blocked the bot (Telegram answered 403): they are marked inactive, and their pair,
if they have one, is paused, the other told once. Kept apart from bot.partners.rounds so the
delivery code that meets the 403 can call it without importing the rest of partner mode."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy.ext.asyncio import AsyncSession

from bot.runtime import Closer
from bot.storage import circles as circle_store
from bot.storage import partners as pair_store
from bot.storage import store
from bot.storage.tables import Kind


async def went_silent(s: AsyncSession, closer: Closer, user_id: int, now: datetime) -> None:
    await store.mark_inactive(s, user_id)
    found = await pair_store.together(s, user_id)
    if found is None or found.pair.paused_by is not None:
        return  # no pair, or paused already: the other has been told
    found.pair.paused_by = user_id
    other = await store.get_user(s, found.other.user_id)
    if other is None or not other.active:
        return
    await circle_store.enqueue(
        s,
        chat_id=other.chat_id,
        kind=Kind.PARTNER,
        now=now,
        user_id=other.id,
        text=closer.texts.say("pair.unreachable", partner=found.me.name),
    )
    closer.posts_waiting.set()
