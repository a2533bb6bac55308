"""The coach in private chat: text, the session commands, and the coach's buttons.

Every coach turn is one transaction: claim the update id (a redelivered update stops here),
lock the person's row, restore the coach, handle the event, keep the snapshot, the records,
the day and the replies (in the outbox), commit; then send the replies (bot.delivery.outbox).
"""

from __future__ import annotations

import logging
from dataclasses import replace
from datetime import timedelta

from sqlalchemy.ext.asyncio import AsyncSession
from telegram import CallbackQuery, Update
from telegram.ext import (
    Application,
    CallbackQueryHandler,
    CommandHandler,
    ContextTypes,
    MessageHandler,
    filters,
)

from bot.circles import posts as circle_posts
from bot.circles import sharing
from bot.delivery import outbox
from bot.delivery.messages import Outgoing, from_coach, guarded
from bot.filters import PRIVATE, PRIVATE_COMMAND
from bot.partners import rounds
from bot.practice.flood import Verdict
from bot.runtime import Closer, closer_of
from bot.storage import partners as pair_store
from bot.storage import store
from bot.storage.store import Person
from dialogs import pair
from dialogs.callbacks import CoachTap
from dialogs.coach import Command, Event, Tap, Text
from dialogs.coach.checkin import Answer
from dialogs.coach.machine import State
from dialogs.coach.session import PAIR

log = logging.getLogger(__name__)
SAFETY_TAPS = frozenset(answer.value for answer in Answer)

QUIET_AFTER_CRISIS = timedelta(hours=24)  # no reminders, no nudges: the person comes first

SESSION_COMMANDS = ("practice", "daily", "stop", "skip", "person")
START_PAYLOADS = {"daily": "daily", "practice": "practice"}  # t.me/<bot>?start=daily


def register(app: Application) -> None:  # type: ignore[type-arg]
    app.add_handler(CommandHandler("start", on_start, filters=PRIVATE_COMMAND))
    app.add_handler(CommandHandler(SESSION_COMMANDS, on_session_command, filters=PRIVATE_COMMAND))
    app.add_handler(
        MessageHandler(
            PRIVATE & filters.UpdateType.MESSAGE & filters.TEXT & ~filters.COMMAND, on_text
        )
    )
    # A photo or a file with words under it: the words are the statement.
    app.add_handler(MessageHandler(PRIVATE & filters.UpdateType.MESSAGE & filters.CAPTION, on_text))
    app.add_handler(CallbackQueryHandler(on_coach_tap, pattern=CoachTap.pattern()))


async def on_start(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    payload = (context.args or [""])[0].lower()
    await coach_turn(update, context, Command(START_PAYLOADS.get(payload, "start")))


async def on_session_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    assert update.message is not None and update.message.text is not None
    name = update.message.text.split()[0].lstrip("/").split("@")[0].lower()
    await coach_turn(update, context, Command(name))


async def on_text(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    assert update.message is not None
    closer = closer_of(context)
    text = update.message.text or update.message.caption or ""
    assert update.effective_user is not None
    verdict = closer.flood.check(update.effective_user.id, closer.clock.monotonic())
    if verdict is not Verdict.ALLOW and not _is_danger(closer, text):
        if verdict is Verdict.SLOW_DOWN:  # danger is never held back by the brake
            await outbox.answer(update, context, [Outgoing(closer.texts.say("flood"))])
        return
    await coach_turn(update, context, Text(text))


def _is_danger(closer: Closer, text: str) -> bool:
    return closer.coach.analyzer.analyze(text).danger is not None


async def on_coach_tap(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    query = update.callback_query
    assert query is not None
    tapped = CoachTap.unpack(query.data)
    if tapped is None:
        await query.answer()
        return
    await coach_turn(update, context, Tap(tapped.data), tapped=tapped)


async def coach_turn(
    update: Update,
    context: ContextTypes.DEFAULT_TYPE,
    event: Event,
    tapped: CoachTap | None = None,
    claim: bool = True,
) -> None:
    """One event through the coach, committed, then answered. `claim`: false when the update
    was claimed already by the handler that hands it on (partner mode's "Write")."""
    closer = closer_of(context)
    user, chat = update.effective_user, update.effective_chat
    assert user is not None and chat is not None
    outgoing: list[Outgoing] = []
    spent = boards_changed = False
    async with closer.db.transaction() as s:
        if claim and not await store.claim_update(s, update.update_id, closer.clock.now()):
            log.info("update %s already handled; skipped", update.update_id)
            if update.callback_query is not None:
                await update.callback_query.answer()
            return
        row = await store.user_for_update(s, user.id, chat.id, closer.clock.now().date())
        to_coach = True
        session = closer.coach.restore(row.snapshot)
        paired = await pair_store.in_turn(s, user.id) if row.in_pair else None
        if row.share_step:  # the person is writing a statement to share with a circle
            outgoing, to_coach = await sharing.while_writing(
                s, closer, row, event, closer.clock.now()
            )
        elif paired is not None and paired.answering:
            outgoing, to_coach = await _answering(s, closer, row, event)
        elif paired is not None and isinstance(event, Text) and session.state == State.DONE:
            # between sessions
            outgoing = await rounds.draft_waiting(s, closer, row)  # a preview waits: shown again
            to_coach = not outgoing
        # an old button is spent; but "are you safe?" is answered from any message
        old = tapped is not None and tapped.turn != row.turn and tapped.data not in SAFETY_TAPS
        if to_coach and old:
            spent = True
        elif to_coach:
            partner = paired.partner if paired is not None else None
            ctx = replace(closer.context(row), pair_partner=partner)
            result = session.handle(event, ctx)
            turn = row.turn + 1
            await store.save_turn(s, user.id, session.snapshot(), turn)
            await store.add_records(s, user.id, ctx.today, result.records)
            if result.crisis:
                await store.quiet(s, user.id, closer.clock.now() + QUIET_AFTER_CRISIS)
            if result.completed is not None:  # a daily or a whole climb: a day practised
                await store.add_practice_day(s, user.id, ctx.today)
            if row.journal and result.kept is not None:  # the version they chose to send
                level = result.records[-1].reached
                await store.add_journal(s, user.id, closer.clock.now(), level, result.kept)
            outgoing += from_coach(closer, result.replies, turn)  # after sharing's, if any
            if result.completed == "daily":  # counts for the person's circles too
                await circle_posts.after_daily(s, user.id, closer.clock.now())
                boards_changed = True
            if result.finished == "daily":  # after the reflection, not beside its question
                outgoing += await sharing.session_ended(s, closer, row, closer.clock.now())
            if result.finished == PAIR:  # the statement for the partner: its preview
                outgoing += await rounds.written(s, closer, row, result.kept, closer.clock.now())
            elif result.crisis and session.mode == PAIR:  # nothing of it reaches the partner
                await rounds.resting(s, closer, row, closer.clock.now())
            log.info("user %s: turn %s, state %s", user.id, turn, result.state)
        replies = await outbox.queue_replies(s, closer, user.id, chat.id, outgoing)
    if boards_changed:
        closer.posts_waiting.set()
    query = update.callback_query
    if query is not None:
        await answer_tap(closer, query, spent)
    await outbox.sender_of(context).send_now(replies)


async def _answering(
    s: AsyncSession, closer: Closer, row: Person, event: Event
) -> tuple[list[Outgoing], bool]:
    """A message while the person writes their line to the partner: the line, or anything
    else (which ends answering, and goes on to the coach, danger included)."""
    found = await pair_store.together(s, row.id)
    if found is None:
        return [], True
    answer: pair.AnswerEvent
    if isinstance(event, Text):
        analysis = closer.coach.analyzer.analyze(event.text)
        kinds = frozenset(issue.kind.value for issue in analysis.issues)
        answer = pair.Line(event.text, kinds, analysis.danger is not None)
    else:
        answer = pair.Drop()
    return await rounds.answer(s, closer, row, found, answer, closer.clock.now())


async def answer_tap(closer: Closer, query: CallbackQuery, spent: bool) -> None:
    """Always answer a tap; then take the buttons off its message. A live tap leaves the
    chosen label in the message, so the chat reads as a record of what was chosen."""
    user_id = query.from_user.id
    await guarded(
        closer,
        user_id,
        lambda: query.answer(closer.texts.say("button.spent") if spent else None),
    )
    message = query.message
    if message is None or not hasattr(message, "text"):
        return
    if spent or not message.text:
        await guarded(closer, user_id, lambda: query.edit_message_reply_markup(None), edit=True)
        return
    label = chosen_label(query)
    text = f"{message.text}\n\n» {label}" if label else message.text
    await guarded(
        closer, user_id, lambda: query.edit_message_text(text, reply_markup=None), edit=True
    )


def chosen_label(query: CallbackQuery) -> str | None:
    message = query.message
    markup = getattr(message, "reply_markup", None)
    if markup is None:
        return None
    for row in markup.inline_keyboard:
        for button in row:
            if button.callback_data == query.data:
                return button.text
    return None
