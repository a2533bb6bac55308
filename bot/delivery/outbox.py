"""The outbox and its sender: every message Closer decides to send is a row, written in the
transaction that decided it, and delivered from there at Telegram's pace.

A person waiting for an answer comes first: a turn's replies are rows too, committed with the
turn and sent by its handler right after the commit (send_now), so they leave at once; what
cannot go then (a 429, a 5xx, a dropped connection) stays and the loop below sends it, with
backoff, and a crash between the commit and the send leaves it for the loop as well. Then
messages to one person nobody is waiting for (reminders, nudges), then group posts.

Telegram allows a bot about 30 messages a second overall and about 20 a minute in one group.
When ten thousand circles are due at the same minute, their posts wait here and go out evenly
spaced, a little under the overall limit, with no group getting more than its 20 a minute. A
429 pauses all sending for the time Telegram asks; the post stays and goes out after. A
chat's messages arrive in the order they were written: while one waits out a retry, the
chat's later ones wait behind it. A post is marked sent before the next one goes, so a restart
repeats nothing (only a crash in the middle of one HTTP call can; its lease then hands it out
again).

Replicas on one PostgreSQL (webhook mode) send through one of them, elected
(bot.delivery.election): the others write their replies unleased and leave them to it, and its
loop runs a second lane that sends nothing but replies, woken by the outbox's NOTIFY.
"""

from __future__ import annotations

import asyncio
import logging
import math
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import timedelta
from enum import Enum
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession
from telegram import Bot, Message, Update
from telegram.error import (
    BadRequest,
    ChatMigrated,
    Forbidden,
    NetworkError,
    RetryAfter,
    TelegramError,
)
from telegram.ext import CallbackContext

from bot import buttons, chart
from bot.account import documents
from bot.circles import life as circle_life
from bot.circles.posts import board_post, group_keyboard, recap_caption, template_of
from bot.delivery.messages import Outgoing, fit
from bot.partners import silence
from bot.runtime import Closer, closer_of
from bot.storage import circles as circle_store
from bot.storage import store
from bot.storage.tables import Circle, Kind, OutboxPost
from dialogs import challenges

log = logging.getLogger(__name__)
LEASE = timedelta(minutes=2)  # a post another process leased is handed out again after this
BATCH = 120  # posts leased at a time: about four seconds of sending
STALE_AFTER = timedelta(days=1)  # a post that keeps failing for reasons that may pass (a 5xx,
# a dropped connection) is tried, at most five minutes apart (storage/circles.retry_post), until
# it is this old: a day's theme, a reminder or a reply means little the next day
IDLE_CHECK = 2.0  # seconds between looks at the outbox when nobody has woken the sender
IN_FLIGHT = 4  # sends the loop keeps going at once, each in a different chat


PERSONAL = frozenset(
    {Kind.REPLY, Kind.SHARE, Kind.PARTNER}
)  # words not kept once sent: they may quote a person
# sent as they were written (the text on the row), in each chat's order
AS_WRITTEN = frozenset({Kind.REPLY, Kind.PRIVATE, Kind.SHARE, Kind.INTRO, Kind.PARTNER})
PROTECTED = frozenset({Kind.SHARE, Kind.PARTNER})  # a person's words: not forwarded, not saved
BOARDS = frozenset({Kind.DAY, Kind.REBOARD})  # a new message the board is then edited in


class Outcome(Enum):
    DONE = "done"  # sent, or refused for good: the chat's next post may go
    WAIT = "wait"  # not sent, and not tried again until the chat may send (a 429, a 403)
    RETRY = "retry"  # failed; tried again after its backoff, with the chat's later posts


@dataclass(frozen=True)
class Post:
    """What the sender needs of an outbox row, read before the row's transaction ends."""

    id: int
    chat_id: int
    circle_id: int | None
    user_id: int | None
    kind: Kind
    text: str | None
    buttons: list[list[str]] | None

    @classmethod
    def of(cls, row: OutboxPost) -> Post:
        return cls(
            row.id, row.chat_id, row.circle_id, row.user_id, Kind(row.kind), row.text, row.buttons
        )


@dataclass(frozen=True)
class Replies:
    """A turn's replies once written: those its handler sends itself after the commit, and
    whether any were left to the sender's loop (they queue behind an earlier post of the chat)."""

    mine: list[Post]
    left: bool


async def queue_replies(
    s: AsyncSession,
    closer: Closer,
    user_id: int | None,
    chat_id: int,
    messages: Sequence[Outgoing],
    then: Sequence[Kind] = (),
) -> Replies:
    """Write a turn's replies to the outbox in the turn's own transaction, so the turn and its
    answer are committed together; `then`: what follows them that is made when it is sent (a
    chart, an export: bot.account.documents). The handler sends them itself once committed
    (Sender.send_now), leased to it for LEASE (a restart hands what a killed process left to
    the loop at once: bot.app.start); but when something for this chat is still waiting, they
    go after it, and the loop sends them in order."""
    if not messages and not then:
        return Replies([], left=False)
    # A replica that is not the deployment's sender leaves its replies to the sender (woken by
    # the outbox's NOTIFY: bot.delivery.election), so the bot keeps one budget.
    waiting = not closer.sending_here or await circle_store.chat_has_waiting(s, chat_id)
    rows: list[tuple[Kind, str | None, list[Any] | None]] = [
        (Kind.REPLY, fit(m.text), [list(button) for button in m.buttons] or None) for m in messages
    ]
    rows += [(kind, None, None) for kind in then]
    ids = await circle_store.enqueue_many(
        s,
        chat_id=chat_id,
        now=closer.clock.now(),
        user_id=user_id,
        posts=rows,
        leased_until=None if waiting else closer.clock.now() + LEASE,
    )
    if waiting:
        return Replies([], left=True)
    mine = [
        Post(post_id, chat_id, None, user_id, kind, text, buttons)
        for post_id, (kind, text, buttons) in zip(ids, rows, strict=True)
    ]
    return Replies(mine, left=False)


async def answer(
    update: Update, context: CallbackContext[Any, Any, Any, Any], messages: Sequence[Outgoing]
) -> None:
    """Answer an update that changes nothing else (/help, a sticker): its id is claimed and
    its replies written in one transaction, then sent. A redelivered update is answered with
    silence; a reply that fails is sent by the loop."""
    closer = closer_of(context)
    chat = update.effective_chat
    assert chat is not None
    async with closer.db.transaction() as s:
        if not await store.claim_update(s, update.update_id, closer.clock.now()):
            log.info("update %s already handled; skipped", update.update_id)
            return
        # No person's id on the rows: a stranger's /help has no person row to point at, and
        # these answers hold nothing of theirs.
        replies = await queue_replies(s, closer, None, chat.id, messages)
    await sender_of(context).send_now(replies)


def sender_of(context: CallbackContext[Any, Any, Any, Any]) -> Sender:
    """The one sender of this process (started with the bot, bot.app.start)."""
    sender, _, _ = context.application.bot_data["sender"]
    assert isinstance(sender, Sender)
    return sender


class Sender:
    def __init__(self, closer: Closer, bot: Bot) -> None:
        self.closer = closer
        self.bot = bot
        self.pacer = closer.pacer  # the bot's one pacer, shared with the calls made directly
        self._sending: set[int] = set()  # replies a handler is sending right now
        self._sending_chats: Counter[int] = Counter()  # and their chats
        self._replaced: dict[int, int] = {}  # a board posted anew -> the message it replaces
        self.sent = 0
        # Sends in flight at once: enough that one send's database work (a read, a mark) does
        # not leave turns unused, at 29 a second or at a paid 970 (about 20 ms a send).
        per_second = self.pacer.pace.per_second
        paced = math.isfinite(per_second) and per_second / 50 > IN_FLIGHT
        self.in_flight = math.ceil(per_second / 50) if paced else IN_FLIGHT
        # Sent with every message when paid broadcasts are on (None: the parameter is left out).
        self._paid: bool | None = True if closer.paid_broadcast else None

    # --- the loop ---------------------------------------------------------------------------
    async def run(self, stopping: asyncio.Event, reply_lane: bool = False) -> None:
        """Send until `stopping` is set; a post in flight is finished and marked first.
        `reply_lane`: the deployment's sender (bot.delivery.election) also sends other
        replicas' replies in a lane of their own, so a person waiting for one does not wait for
        a batch of reminders to be through (their turns at the pacer come first besides)."""
        lane = asyncio.create_task(self._loop(stopping, True)) if reply_lane else None
        try:
            await self._loop(stopping, False)
        finally:
            if lane is not None:
                await lane

    async def _loop(self, stopping: asyncio.Event, replies_only: bool) -> None:
        while not stopping.is_set():
            try:
                wait = await self.drain(stopping, replies_only)
            except Exception:  # the sender must keep going; the post stays in the outbox
                log.exception("outbox round failed")
                wait = IDLE_CHECK
            if wait > 0 and not stopping.is_set():
                await self._sleep(wait, stopping, self._woken_by(replies_only))

    def _woken_by(self, replies_only: bool) -> asyncio.Event:
        return self.closer.replies_waiting if replies_only else self.closer.posts_waiting

    async def _sleep(self, seconds: float, stopping: asyncio.Event, waiting: asyncio.Event) -> None:
        tasks = {asyncio.ensure_future(waiting.wait()), asyncio.ensure_future(stopping.wait())}
        _, pending = await asyncio.wait(tasks, timeout=seconds, return_when="FIRST_COMPLETED")
        for task in pending:
            task.cancel()
        waiting.clear()

    async def drain(
        self, stopping: asyncio.Event | None = None, replies_only: bool = False
    ) -> float:
        """Send one leased batch (`replies_only`: of replies); returns how long to wait before
        the next (0: go on)."""
        closer = self.closer
        self._woken_by(replies_only).clear()
        async with closer.db.transaction() as s:
            now = closer.clock.now()
            leased = await circle_store.lease_posts(s, now, LEASE, BATCH, replies_only)
            posts = [Post.of(row) for row in leased]
        if not posts:
            return IDLE_CHECK
        held_back: list[int] = []
        full: set[int] = set()  # chats whose later posts wait, in order: a group at its limit,
        # or a post that failed
        by_chat: dict[int, list[Post]] = {}
        for post in posts:
            if post.id not in self._sending:  # else a handler is sending it (its lease ran out)
                by_chat.setdefault(post.chat_id, []).append(post)
        gate = asyncio.Semaphore(self.in_flight)
        await asyncio.gather(
            *(self._send_chat(chat, held_back, full, gate, stopping) for chat in by_chat.values())
        )
        if held_back:
            async with closer.db.transaction() as s:
                await circle_store.release_posts(s, held_back)
        if len(held_back) == len(posts):
            return self.pacer.until_room(full, IDLE_CHECK)
        return 0.0

    async def _send_chat(
        self,
        posts: list[Post],
        held_back: list[int],
        full: set[int],
        gate: asyncio.Semaphore,
        stopping: asyncio.Event | None,
    ) -> None:
        """One chat's leased posts, in order; the first that cannot go holds back the rest.
        Chats go side by side (at most IN_FLIGHT sends at once, each taking its turn from the
        pacer), so one send's database work does not leave the next turn unused."""
        chat_id = posts[0].chat_id
        for at, post in enumerate(posts):
            async with gate:  # the checks are made once it is this post's go, not before
                waits = self._sending_chats[chat_id] or not self.pacer.group_has_room(chat_id)
                if waits or (stopping is not None and stopping.is_set()):
                    full.add(chat_id)  # after a handler's replies, the group's turn, or a stop
                    held_back.extend(p.id for p in posts[at:])
                    return
                outcome = await self._deliver(post)
            if outcome is not Outcome.DONE:  # the chat's later posts wait for this one
                full.add(chat_id)
                held_back.extend(p.id for p in posts[at + 1 :])
                if outcome is Outcome.WAIT:
                    held_back.append(post.id)
                return

    # --- replies, sent by the handler that wrote them --------------------------------------
    async def send_now(self, replies: Replies) -> None:
        """Send a turn's replies right after its commit, in order, at the bot's pace. What
        cannot go now (a 429, a failed call) is left to the sender's loop, which keeps the
        chat's order and retries with its backoff: a committed reply is never lost. While
        they go, the loop leaves them and their chat alone, even if a slow send outlasts
        their lease. Replies left to the loop wake it (after the commit: woken before, it
        could look before they are there)."""
        if replies.left:
            self.closer.posts_waiting.set()
        posts = replies.mine
        if posts and not self.closer.sending_here:  # no longer the deployment's sender
            async with self.closer.db.transaction() as s:
                await circle_store.release_posts(s, [post.id for post in posts])
            return
        chats = Counter(post.chat_id for post in posts)
        self._sending.update(post.id for post in posts)
        self._sending_chats.update(chats)
        try:
            for at, post in enumerate(posts):
                # a group at its 20 a minute: the reply waits its turn with the group's posts
                room = self.pacer.group_has_room(post.chat_id)
                outcome = await self._deliver(post) if room else Outcome.WAIT
                if outcome is Outcome.DONE:
                    continue
                rest = [p.id for p in posts[at + 1 :]]
                if outcome is Outcome.WAIT:
                    rest.append(post.id)
                async with self.closer.db.transaction() as s:
                    await circle_store.release_posts(s, rest)
                self.closer.posts_waiting.set()
                return
        finally:
            self._sending.difference_update(post.id for post in posts)
            self._sending_chats.subtract(chats)
            self._sending_chats += Counter()  # drops the chats at zero

    # --- one post ---------------------------------------------------------------------------
    async def _deliver(self, post: Post) -> Outcome:
        """Send one post and record the outcome."""
        now = self.closer.clock.now
        try:
            message = await self._send(post)
        except RetryAfter as exc:
            self.pacer.pause(exc)
            return Outcome.WAIT
        except Forbidden:
            await self._finish(post, "failed", None, blocked=True)
            return Outcome.WAIT
        except ChatMigrated as exc:  # the group is a supergroup now: everything follows it
            async with self.closer.db.transaction() as s:
                await circle_life.chat_moved(s, post.chat_id, exc.new_chat_id, now())
            self.closer.posts_waiting.set()
            return Outcome.WAIT  # released, and sent to the new chat at its next turn
        except BadRequest as exc:
            if "not modified" in str(exc).lower():  # an edit with nothing new: done
                await self._finish(post, "sent", None)
            else:
                log.warning("outbox post %s refused: %s", post.id, exc)
                await self._finish(post, "failed", None)
            return Outcome.DONE
        except (NetworkError, TelegramError) as exc:
            log.warning("outbox post %s failed, will retry: %s", post.id, type(exc).__name__)
            async with self.closer.db.transaction() as s:
                await circle_store.retry_post(s, post.id, STALE_AFTER, now())
            return Outcome.RETRY
        self.pacer.note_sent(post.chat_id)
        self.sent += 1
        if (replaced := self._replaced.pop(post.id, None)) is not None:
            # before the post is marked sent, so "the outbox is empty" means the board stands
            # alone; the chat's next post (an edit of the board) waits for this one anyway
            await self._unpost(post.chat_id, replaced)
        await self._finish(post, "sent", message)
        return Outcome.DONE

    async def _unpost(self, chat_id: int, message_id: int) -> None:
        """Take down a board a newer one replaced. Telegram may refuse (a message over two
        days old stays): then two boards stand, no harm."""
        try:
            await self.pacer.call(
                lambda: self.bot.delete_message(chat_id, message_id), message=False
            )
        except TelegramError as exc:
            log.info("an old board in %s stays: %s", chat_id, type(exc).__name__)

    async def _send(self, post: Post) -> Message | None:
        closer = self.closer
        if post.kind is Kind.CHART:  # drawn now, from what is held now
            picture = await documents.progress_chart(closer, post.user_id or post.chat_id)
            if picture is None:
                return None
            await self._turn(post)
            return await self.bot.send_photo(
                post.chat_id, picture.png, caption=picture.caption, allow_paid_broadcast=self._paid
            )
        if post.kind is Kind.EXPORT:
            file = await documents.export_file(closer, post.user_id or post.chat_id)
            if file is None:
                return None
            await self._turn(post)
            return await self.bot.send_document(
                post.chat_id,
                file.body,
                filename=file.name,
                caption=file.caption,
                allow_paid_broadcast=self._paid,
            )
        if post.kind in AS_WRITTEN:
            if not await self._turn_still_queued(post):
                return None  # its author erased everything meanwhile (/forget): never sent
            return await self.bot.send_message(
                post.chat_id,
                fit(post.text or ""),
                reply_markup=buttons.keyboard(
                    [(label, data) for label, data in post.buttons or ()]
                ),
                protect_content=post.kind in PROTECTED,
                allow_paid_broadcast=self._paid,
            )
        async with closer.db.transaction() as s:
            circle = await circle_store.get_circle(s, post.circle_id or 0)
            if circle is None:
                return None
            if post.kind is Kind.RECAP:  # the only post that needs the counts by day
                counts, members = await _participation(s, closer, circle)
                caption = recap_caption(closer, circle, counts, members)
                joined = max(len(await circle_store.members(s, circle.id)), members)
                title = template_of(closer, circle).title
            else:
                text = await board_post(s, closer, circle, closer.clock.now())
                keyboard = group_keyboard(closer, circle, self.bot.username)
            board_message_id = circle.board_message_id
        if post.kind is Kind.RECAP and not any(counts):  # no day, or nobody practised: no chart
            await self._turn(post)
            return await self.bot.send_message(
                post.chat_id, caption, allow_paid_broadcast=self._paid
            )
        if post.kind is Kind.RECAP:
            png = await asyncio.to_thread(chart.draw_participation, counts, joined, title)
            await self._turn(post)
            return await self.bot.send_photo(
                post.chat_id, png, caption=caption, allow_paid_broadcast=self._paid
            )
        if post.kind is Kind.BOARD and board_message_id is None:
            return None
        await self._turn(post)
        if post.kind in BOARDS:
            message = await self.bot.send_message(
                post.chat_id, fit(text), reply_markup=keyboard, allow_paid_broadcast=self._paid
            )
            if post.kind is Kind.REBOARD and board_message_id is not None:
                self._replaced[post.id] = board_message_id
            return message
        if post.kind is Kind.BOARD:
            await self.bot.edit_message_text(
                fit(text), chat_id=post.chat_id, message_id=board_message_id, reply_markup=keyboard
            )
        return None

    async def _turn(self, post: Post) -> float:
        """The post's turn from the bot's pacer; a reply's before any background send's.
        Returns when it came (Pacer.missed)."""
        return await self.pacer.take_slot(urgent=post.kind.priority == 0)

    async def _turn_still_queued(self, post: Post) -> bool:
        """A post's turn, and whether the post is still in the outbox, read once the turn has
        come (_still_queued). A read that outlasts the turn (behind another transaction, say)
        takes a second turn, without reading again: sent that late, the post could reach
        Telegram in the same second as the thirty turns after it, and be answered 429."""
        turn = await self._turn(post)
        if post.id in self._sending:
            return True
        if not await self._still_queued(post):
            return False
        if self.pacer.missed(turn):
            await self._turn(post)
        return True

    async def _still_queued(self, post: Post) -> bool:
        """Whether a person's post is still in the outbox, read right before it goes: a /forget
        deletes their rows (with the person), and a leased copy in memory must not outlive it."""
        async with self.closer.db.transaction() as s:
            return await s.get(OutboxPost, post.id) is not None

    async def _finish(
        self, post: Post, result: str, message: Message | None, blocked: bool = False
    ) -> None:
        """End a post. `blocked`: a person blocked the bot, or the bot is no longer in the
        group, so nothing waiting for the chat can go; in the same transaction as the post's
        end, so the outbox is never empty before the person is marked inactive."""
        async with self.closer.db.transaction() as s:
            await circle_store.finish_post(
                s, post.id, self.closer.clock.now(), result, keep_text=post.kind not in PERSONAL
            )
            if post.kind in BOARDS and message is not None and post.circle_id is not None:
                circle = await circle_store.get_circle(s, post.circle_id)
                if circle is not None:  # edits through the day go to this post
                    circle.board_message_id = message.message_id
            if blocked:
                if post.chat_id > 0:
                    await silence.went_silent(s, self.closer, post.chat_id, self.closer.clock.now())
                await circle_store.drop_waiting_posts(s, post.chat_id)


async def _participation(s: AsyncSession, closer: Closer, circle: Circle) -> tuple[list[int], int]:
    """Members who practised on each day so far, and how many practised at all."""
    checkins = await circle_store.checkins(s, circle.id)
    total = min(circle.day, len(template_of(closer, circle).days))
    return challenges.participation(checkins, total), len(challenges.days_practised(checkins))
