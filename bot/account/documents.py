"""What is made from a person's data when it is sent, not when it is asked for: the /progress
chart and the /export file. The outbox holds only that they are owed (a row of kind CHART or
EXPORT), never their contents; the sender builds them right before the HTTP call, so what goes
out is what is held at that moment (a /forget in between leaves nothing to send)."""

from __future__ import annotations

import asyncio
import json
from dataclasses import dataclass

from bot import chart
from bot.runtime import Closer
from bot.storage import store
from dialogs import progress

CHART_WEEKS = 4


@dataclass(frozen=True)
class Picture:
    png: bytes
    caption: str


@dataclass(frozen=True)
class File:
    body: bytes
    name: str
    caption: str


async def progress_chart(closer: Closer, user_id: int) -> Picture | None:
    """The last weeks' statements by level, or None if there is nothing (any more)."""
    async with closer.db.transaction() as s:
        user = await store.get_user(s, user_id)
        records = await store.record_rows(s, user_id) if user else []
    if user is None or not records:
        return None
    dates, series = progress.daily_counts(records, closer.today(user), CHART_WEEKS)
    labels = {level: closer.texts.say(f"progress.level.{level}") for level in series}
    today_label = closer.texts.say("progress.today")
    png = await asyncio.to_thread(chart.draw, dates, series, labels, today_label)  # ~100 ms
    return Picture(png, closer.texts.say("progress.chart_caption", weeks=CHART_WEEKS))


async def export_file(closer: Closer, user_id: int) -> File | None:
    """Everything held about the person, as JSON, or None if nothing is."""
    async with closer.db.transaction() as s:
        data = await store.export(s, user_id)
    if data is None:
        return None
    now = closer.clock.now()
    data = {"exported_at": now.isoformat(), "format": "closer-export/1", **data}
    return File(
        json.dumps(data, ensure_ascii=False, indent=2).encode(),
        f"closer-export-{now.date().isoformat()}.json",
        closer.texts.say("export.caption", when=now.strftime("%Y-%m-%d %H:%M UTC")),
    )
