"""Group challenges, in private: joining through the group's link, the day's session, sharing
one statement on purpose, /circles (and leaving one), /alias, and turning nudges off.

A bot cannot write to someone who never opened it, so the group's Join and "Practise
privately" buttons are deep links into this chat (`/start join_<code>`, `/start day_<code>`).
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from sqlalchemy.ext.asyncio import AsyncSession
from telegram import CallbackQuery, Update, User
from telegram.constants import ChatMemberStatus
from telegram.error import TelegramError
from telegram.ext import Application, CallbackQueryHandler, CommandHandler, ContextTypes, filters

from bot import buttons
from bot.circles import posts as circle_posts
from bot.circles import sharing as bot_sharing
from bot.delivery import outbox
from bot.delivery.messages import Outgoing, guarded
from bot.filters import PRIVATE_COMMAND
from bot.practice.chat import coach_turn
from bot.runtime import Closer, closer_of
from bot.storage import circles as circle_store
from bot.storage import store
from bot.storage.tables import Circle
from dialogs import sharing
from dialogs.callbacks import (
    CircleDay,
    Leave,
    NudgesOff,
    ShareLater,
    ShareNo,
    ShareOffer,
    ShareTo,
)
from dialogs.challenges import Status, clean_alias
from dialogs.coach import Command

log = logging.getLogger(__name__)
LINK = filters.Regex(r"^/start(@\w+)?\s+(join|day)_[\w-]{4,16}\s*$")
IN_GROUP = (ChatMemberStatus.MEMBER, ChatMemberStatus.ADMINISTRATOR, ChatMemberStatus.OWNER)


def register(app: Application) -> None:  # type: ignore[type-arg]
    # Before practice's /start, so that a circle's link is not taken for a plain start.
    app.add_handler(CommandHandler("start", on_link, filters=PRIVATE_COMMAND & LINK))
    app.add_handler(CommandHandler("circles", on_circles, filters=PRIVATE_COMMAND))
    app.add_handler(CommandHandler("alias", on_alias, filters=PRIVATE_COMMAND))
    for action, handler in (
        (ShareOffer, on_share),
        (ShareTo, on_share_to),
        (ShareNo, on_share_no),
        (ShareLater, on_share_later),
        (Leave, on_leave),
        (NudgesOff, on_nudges_off),
        (CircleDay, on_circle_day),
    ):
        app.add_handler(CallbackQueryHandler(handler, pattern=action.pattern()))


def _circle_of(query: CallbackQuery, action: type[Leave | NudgesOff | CircleDay | ShareTo]) -> int:
    """The circle a button names; 0 (no circle) for a number no circle can have."""
    tapped = action.unpack(query.data)
    return tapped.circle if tapped is not None else 0


async def in_group(context: ContextTypes.DEFAULT_TYPE, chat_id: int, user_id: int) -> bool:
    """Asked of Telegram: is this person in the circle's group right now?"""
    try:
        member = await closer_of(context).pacer.call(
            lambda: context.bot.get_chat_member(chat_id, user_id), message=False
        )
    except TelegramError:
        return False
    if member.status == ChatMemberStatus.RESTRICTED:
        return bool(getattr(member, "is_member", False))
    return member.status in IN_GROUP


# --- joining through the group's links ------------------------------------------------------
async def on_link(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    closer = closer_of(context)
    person = update.effective_user
    assert person is not None and update.message is not None
    kind, _, code = (context.args or [""])[0].partition("_")
    async with closer.db.transaction() as s:
        circle = await circle_store.circle_by_code(s, code)
    if circle is None:
        await outbox.answer(update, context, [Outgoing(closer.texts.say("circle.join_unknown"))])
        return
    if circle.status == Status.ENDED:
        title = circle_posts.circle_name(closer, circle)
        await outbox.answer(
            update, context, [Outgoing(closer.texts.say("circle.join_ended", title=title))]
        )
        return
    title = circle_posts.circle_name(closer, circle)
    if not await in_group(context, circle.chat_id, person.id):
        text = closer.texts.say("circle.join_not_member", title=title)
        await outbox.answer(update, context, [Outgoing(text)])
        return
    # The day's session follows at once when a theme is out; else the update ends here.
    session_follows = kind == "day" or circle.day >= 1
    replies = await join(
        closer, update, circle, person, claim=not session_follows, say_so=kind == "join"
    )
    if replies is None:
        return  # a redelivered update
    await outbox.sender_of(context).send_now(replies)
    if session_follows:
        await coach_turn(update, context, Command("daily", focus=todays_level(closer, circle)))


def todays_level(closer: Closer, circle: Circle) -> str | None:
    days = circle_posts.template_of(closer, circle).days
    return days[circle.day - 1].level if 1 <= circle.day <= len(days) else None


async def join(
    closer: Closer, update: Update, circle: Circle, person: User, claim: bool, say_so: bool
) -> outbox.Replies | None:
    """Add the person to the circle, or find them there already, and (if `say_so`, or they
    were new to it) tell them, in the same transaction; the replies to send are returned.
    None when `claim` is set and this update was handled before."""
    now = closer.clock.now()
    async with closer.db.transaction() as s:
        if claim and not await store.claim_update(s, update.update_id, now):
            return None
        await store.user_for_update(s, person.id, person.id, now.date())
        locked = await circle_store.get_circle(s, circle.id)
        joined = locked is not None and not await circle_store.get_member(s, circle.id, person.id)
        if joined and locked is not None:
            await circle_store.add_member(s, circle.id, person.id, person.first_name, now)
            await circle_posts.board_changed(s, locked, now)
            log.info("user %s joined circle %s", person.id, circle.id)
        messages = []
        if joined or say_so:
            key = "circle.join_done" if joined else "circle.join_already"
            title = circle_posts.circle_name(closer, circle)
            text = closer.texts.say(key, title=title, time=circle.at_local, zone=circle.time_zone)
            messages.append(Outgoing(text))
        replies = await outbox.queue_replies(s, closer, person.id, person.id, messages)
    closer.posts_waiting.set()  # the board changed
    return replies


async def on_circle_day(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """A nudge's button: today's session, on the circle's theme."""
    query = update.callback_query
    assert query is not None
    closer = closer_of(context)
    async with closer.db.transaction() as s:
        circle = await circle_store.get_circle(s, _circle_of(query, CircleDay))
    focus = todays_level(closer, circle) if circle is not None else None
    await coach_turn(update, context, Command("daily", focus=focus))


# --- sharing --------------------------------------------------------------------------------
async def on_share(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """The offer after a session: from now on, the person's next text is the draft."""
    await _share_tap(update, context, sharing.Offer)


async def on_share_later(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    await _share_tap(update, context, lambda _, __: sharing.Decline())


async def on_share_to(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    query = update.callback_query
    assert query is not None
    circle = _circle_of(query, ShareTo)
    await _share_tap(update, context, lambda targets, _: sharing.Post(circle, targets))


async def on_share_no(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    await _share_tap(update, context, lambda _, __: sharing.Keep())


async def _share_tap(
    update: Update,
    context: ContextTypes.DEFAULT_TYPE,
    event: Callable[[tuple[sharing.Target, ...], bool], sharing.Event],
) -> None:
    """A sharing button, through the machine in one transaction: `event(targets, safety_open)`
    makes its event. Someone Closer does not know (they erased everything) is told sharing is
    closed."""
    query = update.callback_query
    assert query is not None
    closer = closer_of(context)
    async with closer.db.transaction() as s:
        user = await store.get_user(s, query.from_user.id)
        if user is None:
            messages = [Outgoing(closer.texts.say("circle.share_closed"))]
        else:
            targets = await bot_sharing.targets(s, closer, user)
            tapped = event(targets, bot_sharing.safety_open(closer, user))
            messages, _ = await bot_sharing.handle(s, closer, user, tapped, closer.clock.now())
        person = query.from_user.id if user is not None else None
        replies = await outbox.queue_replies(s, closer, person, query.from_user.id, messages)
    await _answer_and_send(closer, context, query, replies)


async def _reply(
    s: AsyncSession, closer: Closer, query: CallbackQuery, text: str
) -> outbox.Replies:
    """The reply to a tap, written in the tap's own transaction."""
    user_id = query.from_user.id
    person = user_id if await store.get_user(s, user_id) is not None else None
    return await outbox.queue_replies(s, closer, person, user_id, [Outgoing(text)])


async def _answer_and_send(
    closer: Closer,
    context: ContextTypes.DEFAULT_TYPE,
    query: CallbackQuery,
    replies: outbox.Replies,
) -> None:
    """Answer the tap, take the buttons off the message tapped, and send the reply."""
    user_id = query.from_user.id
    await guarded(closer, user_id, query.answer)
    if query.message is not None:
        await guarded(closer, user_id, lambda: query.edit_message_reply_markup(None), edit=True)
    await outbox.sender_of(context).send_now(replies)


# --- /circles, leaving, nudges, /alias ------------------------------------------------------
async def on_circles(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    closer = closer_of(context)
    person = update.effective_user
    assert person is not None and update.message is not None
    say = closer.texts.say
    async with closer.db.transaction() as s:
        user = await store.get_user(s, person.id)
        mine = await circle_store.circles_of(s, person.id) if user else []
        name = user.alias if user and user.alias else (mine[0][1].name if mine else "")
    if not mine:
        await outbox.answer(update, context, [Outgoing(say("circle.list_none"))])
        return
    lines = []
    choices = []
    for circle, _ in mine:
        template = circle_posts.template_of(closer, circle)
        lines.append(
            say(
                "circle.list_line",
                title=circle_posts.circle_name(closer, circle),
                state=say(f"circle.status_{circle.status}"),
                day=circle.day,
                days=len(template.days),
            )
        )
        label = closer.texts.button("leave", title=circle_posts.circle_name(closer, circle))
        choices.append(buttons.choice(label, Leave(circle.id)))
    text = say("circle.list", name=name, lines="\n".join(lines))
    await outbox.answer(update, context, [Outgoing(text, tuple(choices))])


async def on_leave(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    query = update.callback_query
    assert query is not None
    closer = closer_of(context)
    now = closer.clock.now()
    async with closer.db.transaction() as s:
        circle = await circle_store.get_circle(s, _circle_of(query, Leave))
        left = circle is not None and await circle_store.remove_member(
            s, circle.id, query.from_user.id
        )
        if left and circle is not None:
            await circle_posts.board_changed(s, circle, now)
            title = circle_posts.circle_name(closer, circle)
            reply = closer.texts.say("circle.left", title=title)
        else:  # not theirs (an old or forged button): no circle is named
            reply = closer.texts.say("circle.not_member")
        replies = await _reply(s, closer, query, reply)
    closer.posts_waiting.set()
    await _answer_and_send(closer, context, query, replies)


async def on_nudges_off(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    query = update.callback_query
    assert query is not None
    closer = closer_of(context)
    async with closer.db.transaction() as s:
        circle = await circle_store.get_circle(s, _circle_of(query, NudgesOff))
        member = await circle_store.get_member(s, circle.id, query.from_user.id) if circle else None
        if member is not None and circle is not None:
            member.nudges = False
            title = circle_posts.circle_name(closer, circle)
            reply = closer.texts.say("circle.nudges_off", title=title)
        else:
            reply = closer.texts.say("circle.not_member")
        replies = await _reply(s, closer, query, reply)
    await _answer_and_send(closer, context, query, replies)


async def on_alias(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    closer = closer_of(context)
    person = update.effective_user
    assert person is not None and update.message is not None and update.effective_chat
    say = closer.texts.say
    wanted = " ".join(context.args or [])
    now = closer.clock.now()
    async with closer.db.transaction() as s:
        if not await store.claim_update(s, update.update_id, now):
            return  # a redelivered /alias: done once, answered once
        user = await store.user_for_update(s, person.id, update.effective_chat.id, now.date())
        if not wanted:
            reply = say("circle.alias_usage", name=user.alias or person.first_name)
        elif wanted.lower() == "off":
            await store.change_person(s, user.id, alias=None)
            reply = say("circle.alias_set", name=person.first_name)
        elif (alias := clean_alias(wanted)) is None:
            reply = say("circle.alias_bad")
        else:
            await store.change_person(s, user.id, alias=alias)
            reply = say("circle.alias_set", name=alias)
        if wanted:
            for circle, _ in await circle_store.circles_of(s, person.id):
                await circle_posts.board_changed(s, circle, now)
        replies = await outbox.queue_replies(s, closer, person.id, person.id, [Outgoing(reply)])
    closer.posts_waiting.set()
    await outbox.sender_of(context).send_now(replies)
