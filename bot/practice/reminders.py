"""/remind and the reminders job.

The reminders table is the source of truth: each row holds the person's local time, their
zone, and the next firing as a UTC instant. A repeating job claims the due rows (on PostgreSQL
with FOR UPDATE SKIP LOCKED, so two processes never take the same one), and in the same
transaction moves each to its next firing and puts its message in the outbox. The outbox's
sender delivers it at Telegram's pace, waits out a 429, retries a failure, and marks it sent only
once Telegram took it: a kill between the two loses nothing, and nothing is marked sent that was
not. A reminder missed while the bot was down is sent once if it is still the same local day,
and dropped otherwise; a person who already practised today, or who blocked the bot, is not
reminded.
"""

from __future__ import annotations

import logging
from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

from telegram import Update
from telegram.ext import Application, CallbackQueryHandler, CommandHandler, ContextTypes

from bot import buttons
from bot.delivery import outbox
from bot.delivery.messages import Outgoing
from bot.filters import PRIVATE_COMMAND
from bot.practice.chat import coach_turn
from bot.runtime import Closer, closer_of
from bot.storage import circles as circle_store
from bot.storage import inbox, store
from bot.storage import partners as pair_store
from bot.storage.tables import Kind
from bot.timezones import find_zone, zone_label
from dialogs.callbacks import PairWrite, StartDaily
from dialogs.coach import Command
from dialogs.schedule import (
    RemindAt,
    RemindOff,
    local_day,
    next_fire,
    parse_remind,
    same_local_day,
    worth_sending,
)

log = logging.getLogger(__name__)
BATCH = 200  # reminders claimed per transaction
SEEN_UPDATES_KEPT = timedelta(days=2)  # Telegram redelivers for at most a day
SET_ASIDE_KEPT = timedelta(days=30)  # ids and error names of updates that could not be handled


def register(app: Application) -> None:  # type: ignore[type-arg]
    app.add_handler(CommandHandler("remind", on_remind, filters=PRIVATE_COMMAND))
    app.add_handler(CallbackQueryHandler(on_start_daily, pattern=StartDaily.pattern()))


def when_word(closer: Closer, fire: datetime, now: datetime, zone: ZoneInfo) -> str:
    return closer.texts.say(
        "remind.today" if same_local_day(fire, now, zone) else "remind.tomorrow"
    )


async def on_remind(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    closer = closer_of(context)
    message, person = update.message, update.effective_user
    assert message is not None and person is not None and update.effective_chat is not None
    args = " ".join(context.args or [])
    say = closer.texts.say
    now = closer.clock.now()
    async with closer.db.transaction() as s:
        if not await store.claim_update(s, update.update_id, now):
            log.info("update %s already handled; skipped", update.update_id)
            return
        user = await store.user_for_update(s, person.id, update.effective_chat.id, now.date())
        reminder = await store.get_reminder(s, person.id)
        request = parse_remind(args) if args else None
        if not args:
            reply = (
                say("remind.current", time=reminder.at_local, zone=zone_label(reminder.time_zone))
                if reminder
                else say("remind.none") + "\n\n" + say("remind.usage")
            )
        elif isinstance(request, RemindOff):
            reply = say(
                "remind.off" if await store.delete_reminder(s, person.id) else "remind.was_off"
            )
        elif isinstance(request, RemindAt):
            at_text = request.at.strftime("%H:%M")
            zone = (
                find_zone(request.place, closer.texts.cities)
                if request.place
                else (ZoneInfo(user.time_zone) if user.time_zone else None)
            )
            if zone is None and request.place:
                reply = say("remind.unknown_place", place=request.place[:60])
            elif zone is None:
                reply = say("remind.need_place", time=at_text)
            else:
                fire = next_fire(request.at, zone, now)
                await store.change_person(s, user.id, time_zone=zone.key)
                await store.set_reminder(s, person.id, at_text, zone.key, fire)
                reply = say(
                    "remind.set",
                    time=at_text,
                    zone=zone_label(zone.key),
                    when=when_word(closer, fire, now, zone),
                )
        else:
            reply = say("remind.bad_time") + "\n\n" + say("remind.usage")
        replies = await outbox.queue_replies(s, closer, person.id, person.id, [Outgoing(reply)])
    await outbox.sender_of(context).send_now(replies)


async def on_start_daily(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """The reminder's button: today's short session."""
    await coach_turn(update, context, Command("daily"))


async def queue_due(closer: Closer) -> int:
    """Claim every reminder due now and put its message in the outbox; returns how many."""
    queued = 0
    text = closer.texts.say("remind.message")
    keyboard = [list(buttons.choice(closer.texts.buttons["start_daily"], StartDaily()))]
    while True:
        now = closer.clock.now()
        async with closer.db.transaction() as s:
            due = await store.claim_due_reminders(s, now, BATCH)
            partners = await pair_store.partner_names(s, [item.user.id for item in due])
            for item in due:
                reminder, user = item.reminder, item.user
                zone = ZoneInfo(reminder.time_zone)
                at = time.fromisoformat(reminder.at_local)
                today = local_day(now, zone)
                if (
                    user.active
                    and not user.quiet_at(now)
                    and worth_sending(at, zone, now, reminder.last_sent_day)
                    and not await store.practised_on(s, user.id, today)
                ):
                    await circle_store.enqueue(
                        s,
                        chat_id=user.chat_id,
                        kind=Kind.PRIVATE,
                        now=now,
                        user_id=user.id,
                        text=text,
                        buttons=keyboard + _write_to(closer, partners.get(user.id)),
                    )
                    reminder.last_sent_day = today
                    queued += 1
                reminder.next_fire_at = next_fire(at, zone, now)
        if len(due) < BATCH:
            break
    if queued:
        closer.posts_waiting.set()  # the sender wakes at once, not at its next look
    return queued


def _write_to(closer: Closer, partner: str | None) -> list[list[str]]:
    """In partner mode the reminder offers the pair's question too."""
    if partner is None:
        return []
    return [
        list(buttons.choice(closer.texts.button("pair_write_to", partner=partner), PairWrite()))
    ]


async def forget_old(closer: Closer) -> None:
    """Update ids too old to be redelivered, and what was set aside a month ago."""
    async with closer.db.transaction() as s:
        await store.forget_seen_updates(s, closer.clock.now() - SEEN_UPDATES_KEPT)
        await inbox.forget_set_aside(s, closer.clock.now() - SET_ASIDE_KEPT)


async def tick(closer: Closer) -> None:
    """The repeating job's part (bot.jobs): reminders; forgetting update ids too old to be
    redelivered, and updates set aside long enough ago for anyone to have looked at them."""
    try:
        count = await queue_due(closer)
        if count:
            log.info("queued %s reminders", count)
        await forget_old(closer)
    except Exception:  # the job must keep running; the next tick tries again
        log.exception("reminder tick failed")
