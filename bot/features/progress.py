"""/progress: the streak, the growing edge, statements by level, the redirects that became
rarer, and a chart of the last weeks."""

from __future__ import annotations

import asyncio

from telegram import Update
from telegram.ext import Application, CommandHandler, ContextTypes, filters

from dialogs import progress

from .. import chart
from ..once import once
from ..runtime import Closer, closer_of
from ..storage import store

CHART_WEEKS = 4


def register(app: Application) -> None:  # type: ignore[type-arg]
    app.add_handler(CommandHandler("progress", once(on_progress), filters=filters.ChatType.PRIVATE))


def streak_line(closer: Closer, summary: progress.Summary) -> str:
    say = closer.texts.say
    if not summary.streak:
        return say("progress.streak_none")
    days_word = say("progress.day" if summary.streak == 1 else "progress.days")
    if not summary.rest_days_used:
        return say("progress.streak", streak=summary.streak, days_word=days_word)
    rest_word = say("progress.day" if summary.rest_days_used == 1 else "progress.days")
    return say(
        "progress.streak_rest",
        streak=summary.streak,
        days_word=days_word,
        rest_days=summary.rest_days_used,
        rest_word=rest_word,
    )


def summary_text(closer: Closer, summary: progress.Summary, frontier: str) -> str:
    say = closer.texts.say
    landed = sum(summary.by_level.values())
    levels = "\n".join(
        say("progress.level_line", level=say(f"progress.level.{level}"), count=count)
        for level, count in summary.by_level.items()
    )
    text = say(
        "progress.summary",
        streak_line=streak_line(closer, summary),
        frontier=say(f"progress.level.{frontier}"),
        total_landed=landed,
        levels=levels,
    )
    if summary.rarer:
        lines = [say("progress.rarer_intro")]
        for item in summary.rarer:
            lines.append(
                say(
                    "progress.rarer_line",
                    kind=say(f"issue.{item.kind}"),  # every pattern's key is checked at load
                    before=round(100 * item.before),
                    recent=round(100 * item.recent),
                )
            )
        if len(lines) > 1:
            text += "\n\n" + "\n".join(lines)
    return text


async def on_progress(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    closer = closer_of(context)
    assert update.effective_user is not None and update.message is not None
    async with closer.db.transaction() as s:
        user = await store.get_user(s, update.effective_user.id)
        days = await store.practice_days(s, update.effective_user.id) if user else []
        records = await store.record_rows(s, update.effective_user.id) if user else []
    if user is None or (not days and not records):
        await update.message.reply_text(closer.texts.say("progress.none"))
        return
    today = closer.today(user)
    frontier = closer.coach.restore(user.snapshot).frontier
    summary = progress.summarize(days, records, today)
    await update.message.reply_text(summary_text(closer, summary, frontier))
    dates, series = progress.daily_counts(records, today, CHART_WEEKS)
    labels = {level: closer.texts.say(f"progress.level.{level}") for level in series}
    today_label = closer.texts.say("progress.today")
    png = await asyncio.to_thread(chart.draw, dates, series, labels, today_label)  # ~100 ms
    await update.message.reply_photo(
        png, caption=closer.texts.say("progress.chart_caption", weeks=CHART_WEEKS)
    )
