"""/progress: the streak, the growing edge, statements by level, the redirects that became
rarer, and a chart of the last weeks."""

from __future__ import annotations

from telegram import Update
from telegram.ext import Application, CommandHandler, ContextTypes

from bot.delivery import outbox
from bot.delivery.messages import Outgoing
from bot.filters import PRIVATE_COMMAND
from bot.runtime import Closer, closer_of
from bot.storage import store
from bot.storage.tables import Kind
from dialogs import progress


def register(app: Application) -> None:  # type: ignore[type-arg]
    app.add_handler(CommandHandler("progress", on_progress, filters=PRIVATE_COMMAND))


def streak_line(closer: Closer, summary: progress.Summary) -> str:
    say = closer.texts.say
    if not summary.streak:  # statements but no finished session yet: say how one starts
        return say(
            "progress.streak_not_yet" if any(summary.by_level.values()) else "progress.streak_none"
        )
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
    """The summary, written with the claim of the update, then the chart, drawn when it is
    sent (bot.account.documents): both through the outbox, so a failed send is sent again."""
    closer = closer_of(context)
    person = update.effective_user
    assert person is not None
    async with closer.db.transaction() as s:
        if not await store.claim_update(s, update.update_id, closer.clock.now()):
            return  # a redelivered update
        user = await store.get_user(s, person.id)
        days = await store.practice_days(s, person.id) if user else []
        records = await store.record_rows(s, person.id) if user else []
        if user is None or (not days and not records):
            text, then = closer.texts.say("progress.none"), ()
        else:
            frontier = closer.coach.restore(user.snapshot).frontier
            summary = progress.summarize(days, records, closer.today(user))
            text = summary_text(closer, summary, frontier)
            then = (Kind.CHART,) if records else ()
        known = person.id if user is not None else None
        replies = await outbox.queue_replies(s, closer, known, person.id, [Outgoing(text)], then)
    await outbox.sender_of(context).send_now(replies)
