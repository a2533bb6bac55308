"""Group challenges, in the group: the intro when Closer is added, the facilitator commands,
/board, members leaving, the bot removed, a group becoming a supergroup, and the job that
posts each day's theme.

Closer works with group privacy mode on: it sees commands, its buttons and service messages,
never a member's ordinary message. Who may run a facilitator command is asked of Telegram
(getChatMember) every time, never taken from the message.
"""

from __future__ import annotations

import logging
import secrets
from collections.abc import Awaitable, Callable
from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy.ext.asyncio import AsyncSession
from telegram import Chat, Message, Update
from telegram.constants import ChatMemberStatus
from telegram.error import TelegramError
from telegram.ext import (
    Application,
    ChatMemberHandler,
    CommandHandler,
    ContextTypes,
    MessageHandler,
    filters,
)

from bot.circles import life as circle_life
from bot.circles import posts as circle_posts
from bot.delivery import outbox
from bot.delivery.messages import Outgoing
from bot.filters import GROUP_COMMAND
from bot.runtime import Closer, closer_of
from bot.storage import circles as circle_store
from bot.storage import store
from bot.storage.tables import Circle, Kind
from bot.timezones import find_zone
from dialogs import circle as life
from dialogs.challenges import Status
from dialogs.schedule import RemindAt, next_fire, parse_remind

log = logging.getLogger(__name__)
GROUPS = filters.ChatType.GROUPS
ADMINS = (ChatMemberStatus.ADMINISTRATOR, ChatMemberStatus.OWNER)
GONE = (ChatMemberStatus.LEFT, ChatMemberStatus.BANNED)
DUE_BATCH = 100  # circles claimed per transaction: short, so the sender gets its turns
DONE_POSTS_KEPT = timedelta(days=2)
INTRO_HOLD = timedelta(seconds=5)  # long enough for an upgrade's service message to arrive
# A facilitator command's work, run with the circle locked: returns the reply.
Action = Callable[[Closer, AsyncSession, Circle, list[str], datetime], Awaitable[list[Outgoing]]]


def register(app: Application) -> None:  # type: ignore[type-arg]
    app.add_handler(ChatMemberHandler(on_bot_membership, ChatMemberHandler.MY_CHAT_MEMBER))
    app.add_handler(ChatMemberHandler(on_member_change, ChatMemberHandler.CHAT_MEMBER))
    app.add_handler(MessageHandler(GROUPS & filters.StatusUpdate.LEFT_CHAT_MEMBER, on_member_left))
    app.add_handler(MessageHandler(filters.StatusUpdate.MIGRATE, on_migrate))
    app.add_handler(CommandHandler("challenge", on_challenge, filters=GROUP_COMMAND))
    app.add_handler(CommandHandler("board", on_board, filters=GROUP_COMMAND))
    for name, handler in FACILITATOR_COMMANDS.items():
        app.add_handler(CommandHandler(name, handler, filters=GROUP_COMMAND))
    app.add_handler(CommandHandler("facilitator", on_facilitator, filters=GROUP_COMMAND))


# --- who may do what ----------------------------------------------------------------------
async def _from_admin(update: Update, context: ContextTypes.DEFAULT_TYPE) -> Message | None:
    """The command's message when an admin sent it; otherwise says that only admins may."""
    message = update.effective_message
    assert message is not None
    if await is_admin(context, message):
        return message
    await _reply(update, context, closer_of(context).texts.say("circle.admins_only"))
    return None


async def is_admin(context: ContextTypes.DEFAULT_TYPE, message: Message) -> bool:
    """Asked of Telegram each time. An anonymous admin writes as the group itself."""
    chat = message.chat
    if message.sender_chat is not None and message.sender_chat.id == chat.id:
        return True
    if message.from_user is None:
        return False
    try:
        asker = message.from_user.id
        member = await closer_of(context).pacer.call(
            lambda: context.bot.get_chat_member(chat.id, asker), message=False
        )
    except TelegramError:
        return False
    return member.status in ADMINS


async def may_facilitate(
    context: ContextTypes.DEFAULT_TYPE, message: Message, circle: Circle | None
) -> bool:
    """Admins, and members an admin made facilitators of this challenge."""
    if await is_admin(context, message):
        return True
    if circle is None or message.from_user is None:
        return False
    closer = closer_of(context)
    async with closer.db.transaction() as s:
        member = await circle_store.get_member(s, circle.id, message.from_user.id)
        return member is not None and member.facilitator


async def _reply(update: Update, context: ContextTypes.DEFAULT_TYPE, text: str) -> None:
    """Answer a command in its group through the outbox, at the group's pace; the update is
    claimed, so a redelivered command is not answered twice."""
    await outbox.answer(update, context, [Outgoing(text)])


async def _circle_here(closer: Closer, chat_id: int) -> Circle | None:
    async with closer.db.transaction() as s:
        return await circle_store.live_circle(s, chat_id)


async def _circle_or_say_none(update: Update, context: ContextTypes.DEFAULT_TYPE) -> Circle | None:
    """This chat's live circle; without one, the chat is told there is none."""
    closer = closer_of(context)
    assert update.effective_chat is not None
    circle = await _circle_here(closer, update.effective_chat.id)
    if circle is None:
        await _reply(update, context, closer.texts.say("circle.none"))
    return circle


# --- the bot joins and leaves -------------------------------------------------------------
async def on_bot_membership(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    change = update.my_chat_member
    assert change is not None
    chat = change.chat
    if chat.type not in (Chat.GROUP, Chat.SUPERGROUP):
        return
    closer = closer_of(context)
    was, now_status = change.old_chat_member.status, change.new_chat_member.status
    if now_status in GONE and was not in GONE:
        await bot_removed(closer, chat.id)
    elif was in GONE and now_status not in GONE:
        await introduce(closer, update.update_id, chat.id)


async def introduce(closer: Closer, update_id: int, chat_id: int) -> None:
    """Closer was added to a group: it says hello, after a short hold and at the groups' pace
    (300 groups adding it at once get their intros over a few seconds, people's replies
    first). A supergroup that is an upgraded group (its circle came with it, or its service
    message follows within the hold) gets no second hello."""
    now = closer.clock.now()
    async with closer.db.transaction() as s:
        if not await store.claim_update(s, update_id, now):
            return
        if await circle_store.live_circle(s, chat_id) is not None:
            return
        intro = await circle_store.enqueue(
            s, chat_id=chat_id, kind=Kind.INTRO, now=now, text=closer.texts.say("circle.intro")
        )
        intro.leased_until = now + INTRO_HOLD
    closer.posts_waiting.set()


async def bot_removed(closer: Closer, chat_id: int) -> None:
    """The bot was removed: its challenges there end, and members hear privately."""
    now = closer.clock.now()
    async with closer.db.transaction() as s:
        await circle_store.drop_waiting_posts(s, chat_id)
        for circle in await circle_store.circles_in_chat(s, chat_id):
            if circle.status != Status.ENDED:
                members = await circle_life.members_at_end(s, circle)
                await circle_life.run(s, closer, circle, life.Removed(members), now)
    closer.posts_waiting.set()
    log.info("removed from group %s; its challenges ended", chat_id)


async def on_migrate(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """A group upgraded to a supergroup gets a new id; its challenge goes with it."""
    message = update.effective_message
    assert message is not None
    if message.migrate_to_chat_id:  # said in the old group
        old, new = message.chat.id, message.migrate_to_chat_id
    elif message.migrate_from_chat_id:  # its twin, said in the new supergroup
        old, new = message.migrate_from_chat_id, message.chat.id
    else:
        return
    closer = closer_of(context)
    async with closer.db.transaction() as s:
        moved = await circle_life.chat_moved(s, old, new, closer.clock.now())
    closer.posts_waiting.set()
    if moved:
        log.info("group %s became %s; %s challenge(s) moved", old, new, moved)


# --- members leave ------------------------------------------------------------------------
async def on_member_left(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    message = update.effective_message
    assert message is not None and message.left_chat_member is not None
    await member_left(closer_of(context), message.chat.id, message.left_chat_member.id)


async def on_member_change(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    change = update.chat_member
    assert change is not None
    if change.new_chat_member.status in GONE:
        await member_left(closer_of(context), change.chat.id, change.new_chat_member.user.id)


async def member_left(closer: Closer, chat_id: int, user_id: int) -> None:
    """Someone left the group: they leave its board (and their check-ins there go)."""
    now = closer.clock.now()
    async with closer.db.transaction() as s:
        circle = await circle_store.live_circle(s, chat_id)
        if circle is None or not await circle_store.remove_member(s, circle.id, user_id):
            return
        await circle_posts.board_changed(s, circle, now)
    closer.posts_waiting.set()


# --- /challenge ---------------------------------------------------------------------------
async def on_challenge(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    message = await _from_admin(update, context)
    if message is None:
        return
    closer = closer_of(context)
    say = closer.texts.say
    args = context.args or []
    if not args:
        await _reply(update, context, usage(closer))
        return
    key = args[0].lower()
    template = closer.templates.get(key)
    request = parse_remind(" ".join(args[1:])) if len(args) > 1 else None
    if template is None:
        text = say("circle.unknown_template", key=key[:30]) + "\n\n" + usage(closer)
        await _reply(update, context, text)
        return
    if not isinstance(request, RemindAt):
        await _reply(update, context, say("circle.bad_time"))
        return
    at_text = request.at.strftime("%H:%M")
    zone = find_zone(request.place, closer.texts.cities) if request.place else None
    if zone is None:
        text = (
            say("circle.unknown_place", place=request.place[:60])
            if request.place
            else say("circle.need_place", key=key, time=at_text)
        )
        await _reply(update, context, text)
        return
    circle = await start_circle(closer, update, message.chat, key, request.at, zone)
    if circle is None:
        existing = await _circle_here(closer, message.chat.id)
        if existing is not None:
            title = closer.templates[existing.template].title
            await _reply(update, context, say("circle.already_running", title=title))
        return
    closer.posts_waiting.set()


def usage(closer: Closer) -> str:
    lines = [
        closer.texts.say(
            "circle.template_line",
            key=t.key,
            title=t.title,
            days=len(t.days),
            summary=t.summary,
        )
        for t in closer.templates.values()
    ]
    return closer.texts.say("circle.usage", templates="\n".join(lines))


async def start_circle(
    closer: Closer, update: Update, chat: Chat, key: str, at: time, zone: ZoneInfo
) -> Circle | None:
    """A new challenge, unless the group has one (or this update was handled already)."""
    now = closer.clock.now()
    async with closer.db.transaction() as s:
        if await circle_store.live_circle(s, chat.id) is not None:
            return None
        if not await store.claim_update(s, update.update_id, now):
            return None
        circle = Circle(
            code=secrets.token_urlsafe(8),
            chat_id=chat.id,
            title=(chat.title or "")[:128],
            template=key,
            at_local=at.strftime("%H:%M"),
            time_zone=zone.key,
            status=Status.ANNOUNCED.value,
            day=0,
            next_post_at=next_fire(at, zone, now),
            sharing=True,
            created_at=now,
        )
        s.add(circle)
        await s.flush()
        await post_board_message(s, circle, now)
    log.info("challenge %s started in group %s", key, chat.id)
    return circle


async def post_board_message(s: AsyncSession, circle: Circle, now: datetime) -> None:
    """Post the board as a new message, written as it is when it goes (the sender makes a
    day's post so); later changes are edited into it."""
    await circle_store.enqueue(
        s, chat_id=circle.chat_id, kind=Kind.DAY, now=now, circle_id=circle.id, answers=True
    )


# --- /board -------------------------------------------------------------------------------
async def on_board(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    closer = closer_of(context)
    circle = await _circle_or_say_none(update, context)
    if circle is None:
        return
    now = closer.clock.now()
    async with closer.db.transaction() as s:
        if not await store.claim_update(s, update.update_id, now):
            return
        # posted anew under the command, and the board it replaces taken down once it stands
        await circle_store.enqueue(
            s, chat_id=circle.chat_id, kind=Kind.REBOARD, now=now, circle_id=circle.id
        )
    closer.posts_waiting.set()


# --- facilitator commands -----------------------------------------------------------------
async def on_pause(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    await _facilitate(update, context, _pause)


async def on_resume(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    await _facilitate(update, context, _resume)


async def on_end(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    await _facilitate(update, context, _end)


async def on_nudge(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    await _facilitate(update, context, _nudge)


async def on_sharing(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    await _facilitate(update, context, _sharing)


async def _facilitate(update: Update, context: ContextTypes.DEFAULT_TYPE, action: Action) -> None:
    """Check who asks, then run `action(closer, s, circle, args, now) -> reply` in one
    transaction with the circle locked; the update is claimed, so a redelivery does nothing."""
    message = update.effective_message
    assert message is not None
    closer = closer_of(context)
    circle = await _circle_or_say_none(update, context)
    if circle is None:
        return
    if not await may_facilitate(context, message, circle):
        await _reply(update, context, closer.texts.say("circle.admins_only"))
        return
    now = closer.clock.now()
    async with closer.db.transaction() as s:
        if not await store.claim_update(s, update.update_id, now):
            return
        locked = await circle_store.live_circle(s, message.chat.id)
        if locked is None:
            answer = [Outgoing(closer.texts.say("circle.none"))]
        else:
            answer = await action(closer, s, locked, [a.lower() for a in context.args or []], now)
        replies = await outbox.queue_replies(s, closer, None, message.chat.id, answer)
    closer.posts_waiting.set()
    await outbox.sender_of(context).send_now(replies)


async def _pause(
    closer: Closer, s: AsyncSession, circle: Circle, args: list[str], now: datetime
) -> list[Outgoing]:
    return await circle_life.run(s, closer, circle, life.Pause(), now)


async def _resume(
    closer: Closer, s: AsyncSession, circle: Circle, args: list[str], now: datetime
) -> list[Outgoing]:
    return await circle_life.run(s, closer, circle, life.Resume(now), now)


async def _end(
    closer: Closer, s: AsyncSession, circle: Circle, args: list[str], now: datetime
) -> list[Outgoing]:
    members = await circle_life.members_at_end(s, circle)
    return await circle_life.run(s, closer, circle, life.End(members), now)


async def _nudge(
    closer: Closer, s: AsyncSession, circle: Circle, args: list[str], now: datetime
) -> list[Outgoing]:
    members = await circle_life.members_to_nudge(s, circle, now)
    return await circle_life.run(s, closer, circle, life.Nudge(members, now), now)


async def _sharing(
    closer: Closer, s: AsyncSession, circle: Circle, args: list[str], now: datetime
) -> list[Outgoing]:
    say = closer.texts.say
    if args[:1] == ["on"]:
        circle.sharing = True
        return [Outgoing(say("circle.sharing_now_on"))]
    if args[:1] == ["off"]:
        circle.sharing = False
        return [Outgoing(say("circle.sharing_now_off"))]
    state = say("circle.state_on" if circle.sharing else "circle.state_off")
    return [Outgoing(say("circle.sharing_usage", state=state))]


FACILITATOR_COMMANDS = {
    "pause": on_pause,
    "resume": on_resume,
    "end": on_end,
    "nudge": on_nudge,
    "sharing": on_sharing,
}


async def on_facilitator(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """An admin replies to a member's message with /facilitator: that member may now pause,
    resume, nudge, share settings and end."""
    message = await _from_admin(update, context)
    if message is None:
        return
    closer = closer_of(context)
    say = closer.texts.say
    target = message.reply_to_message.from_user if message.reply_to_message else None
    if target is None or target.is_bot:
        await _reply(update, context, say("circle.facilitator_usage"))
        return
    async with closer.db.transaction() as s:
        if not await store.claim_update(s, update.update_id, closer.clock.now()):
            return
        circle = await circle_store.live_circle(s, message.chat.id)
        if circle is None:
            reply = say("circle.none")
        else:
            member = await circle_store.get_member(s, circle.id, target.id)
            if member is None:
                reply = say("circle.facilitator_not_member", name=target.first_name)
            else:
                member.facilitator = True
                reply = say("circle.facilitator_set", name=target.first_name)
        replies = await outbox.queue_replies(s, closer, None, message.chat.id, [Outgoing(reply)])
    await outbox.sender_of(context).send_now(replies)


# --- the daily job ------------------------------------------------------------------------
async def post_due(closer: Closer) -> int:
    """Move on every circle whose time has come (its next theme, or its end and recap after
    the last day); the sender posts them at Telegram's pace. Returns how many moved on."""
    moved = 0
    while True:
        now = closer.clock.now()
        async with closer.db.transaction() as s:
            due = await circle_store.claim_due_circles(s, now, DUE_BATCH)
            days: list[circle_store.NextDay] = []
            for row in due:
                await _day_due(closer, s, row, now, days)
            await circle_store.start_days(s, days, Kind.DAY, now)
        moved += len(due)
        if due:
            closer.posts_waiting.set()
        if len(due) < DUE_BATCH:
            return moved


async def _day_due(
    closer: Closer, s: AsyncSession, row: Circle, now: datetime, days: list[circle_store.NextDay]
) -> None:
    """One due circle. A new day joins `days`, for one statement for the whole batch; an end
    is kept at once (with its members, read only then)."""
    if row.template not in closer.templates:  # its template was removed: nothing more to post
        return
    view = circle_life.view(closer, row)
    members = await circle_life.members_at_end(s, row) if view.day >= view.days else ()
    outcome = life.handle(view, life.DayDue(now, members))
    if life.PostDay() not in outcome.effects:  # it ended: kept now, with its recap
        await circle_life.keep(s, closer, row, outcome, now)
        return
    after = outcome.circle
    days.append(circle_store.NextDay(row.id, row.chat_id, after.day, after.next_post_at))


async def forget_old_posts(closer: Closer) -> None:
    async with closer.db.transaction() as s:
        await circle_store.forget_done_posts(s, closer.clock.now() - DONE_POSTS_KEPT)
