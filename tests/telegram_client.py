"""Closer in Telegram, driven the way a person would: the real Application polls a fake Bot
API server over HTTP, and tests speak through small helpers.

    world = TelegramWorld(...); await world.start_bot()
    ana = world.user("Ana")
    await ana.send("/start")
    await ana.tap("I'm 18+ and I understand")
    assert "Who will you practise with" in ana.last_reply
"""

from __future__ import annotations

import asyncio
import itertools
import math
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

import aiohttp
from telegram.ext import Application

from bot import app as telegram_app
from bot.circles import group as circle_group
from bot.delivery import webhook
from bot.delivery.pacer import Pace
from bot.delivery.processor import PerUserProcessor
from bot.runtime import Closer
from bot.settings import Settings
from bot.storage import circles as circle_store
from fakes.bot_api import BOT_USER, Call, FakeBotApi
from fakes.clock import MovableClock

SENT = ("sendMessage", "sendPhoto", "sendDocument")
WAIT = 15.0  # seconds an update may take before a test fails (a hang, not a speed check)
START = datetime(2026, 11, 21, 9, 0, tzinfo=UTC)
# Telegram's pace made quick for tests that are not about it. The overall 29 a second is lifted:
# every message took its turn in real time, up to 34 ms after the one before, which cost the
# suite half a minute of waiting. The group's minute is shrunk to a second: the same 20 posts per
# window in the bot's one pacer (bot.delivery.pacer), so a whole challenge still meets the group
# limit without a test waiting out real minutes. tests/test_outbox.py and tests/test_pacer.py
# check the pacing itself, each test with a pace of its own.
TEST_PACE = Pace(per_second=math.inf, group_window=1.0)
WEBHOOK_SECRET = "a-test-secret-that-is-long-enough-0123456789"


@dataclass
class TelegramWorld:
    server: FakeBotApi
    database_url: str
    clock: MovableClock = field(default_factory=lambda: MovableClock(START))
    app: Application | None = None  # type: ignore[type-arg]
    closer: Closer | None = None
    pace: Pace | None = TEST_PACE  # the outbox sender's pace (None: as the settings say)
    paid_broadcast: bool = False  # CLOSER_PAID_BROADCAST
    # Webhook mode: the bot listens on a port of localhost and the fake server posts to it.
    webhook: bool = False
    _ids: itertools.count[int] = field(default_factory=lambda: itertools.count(100_001))
    _group_ids: itertools.count[int] = field(
        default_factory=lambda: itertools.count(-1_000_000_001, -1)
    )

    async def start_bot(self, reminder_every: float | None = None) -> None:
        listening = webhook.bind(("127.0.0.1", 0)) if self.webhook else None
        settings = Settings(
            token=self.server.token,
            base_url=self.server.base_url,
            database_url=self.database_url,
            log_level=20,
            # Plain http on localhost: Settings.from_env asks for https, Telegram's rule.
            webhook_url=f"http://127.0.0.1:{listening.getsockname()[1]}" if listening else None,
            webhook_secret=WEBHOOK_SECRET if listening else None,
            paid_broadcast=self.paid_broadcast,
        )
        self.closer = Closer.load(self.database_url, clock=self.clock)
        self.app = telegram_app.build(settings, self.closer)
        await telegram_app.start(
            self.app, reminder_every=reminder_every, pace=self.pace, listening=listening
        )

    async def post(self, update: dict[str, Any]) -> int:
        """Post an update to this bot's own webhook (not the fake server's last one), as a
        load balancer sends it to one replica; returns its id once answered 200."""
        assert self.app is not None
        settings = self.app.bot_data["settings"]
        update_id = next(self.server._update_ids)
        address = webhook.webhook_address(settings.webhook_url, WEBHOOK_SECRET)
        headers = {webhook.SECRET_HEADER: WEBHOOK_SECRET}
        async with (
            aiohttp.ClientSession() as session,
            session.post(address, json={"update_id": update_id, **update}, headers=headers) as r,
        ):
            assert r.status == 200, f"the webhook answered {r.status}"
        return update_id

    async def stop_bot(self) -> None:
        if self.app is not None:
            await telegram_app.stop(self.app)
            self.app = None

    async def restart(self) -> None:
        await self.stop_bot()
        await self.start_bot()

    def user(self, name: str = "Ana") -> TelegramUser:
        return TelegramUser(self, next(self._ids), name)

    def group(
        self,
        title: str = "Tuesday circle",
        admins: tuple[TelegramUser, ...] = (),
        members: tuple[TelegramUser, ...] = (),
    ) -> TelegramGroup:
        group = TelegramGroup(self, next(self._group_ids), title)
        for person in admins:
            self.server.members[(group.id, person.id)] = "administrator"
        for person in members:
            self.server.members[(group.id, person.id)] = "member"
        return group

    async def run_circles(self) -> None:
        """What the repeating job does for circles, at the clock's time; then let it post."""
        assert self.closer is not None
        await circle_group.post_due(self.closer)
        await self.outbox_idle()

    async def outbox_idle(self) -> None:
        """Wait until the sender has posted everything waiting (a post is marked after its
        HTTP call returns, so an empty outbox means every post arrived)."""
        assert self.closer is not None
        closer = self.closer
        closer.posts_waiting.set()
        deadline = time.monotonic() + WAIT
        while True:
            async with closer.db.transaction() as s:
                if not await circle_store.waiting_count(s):
                    return
            if time.monotonic() > deadline:
                raise TimeoutError("the outbox did not empty")
            await asyncio.sleep(0.02)

    async def sender_round(self) -> None:
        """One round of the outbox's sender, now: whatever it may send, it sends."""
        assert self.app is not None
        sender, _, _ = self.app.bot_data["sender"]
        await sender.drain()

    async def inbox_settled(self) -> None:
        """Wait until every handled update has been let go from the inbox."""
        assert self.app is not None
        await self.app.bot_data["intake"].settled()

    async def deliver(self, update: dict[str, Any]) -> int:
        if self.webhook:
            update_id, status = await self.server.send_webhook(update)
            assert status == 200, f"the webhook answered {status}"
        else:
            update_id = self.server.push(update)
        await self.wait_done(update_id)
        return update_id

    async def wait_done(self, update_id: int) -> None:
        assert self.app is not None
        processor = self.app.update_processor
        assert isinstance(processor, PerUserProcessor)
        await asyncio.wait_for(processor.wait_done(update_id), WAIT)
        if self.closer is not None and not self.closer.sending_here:
            # A replica that does not send leaves its replies to the one that does
            # (bot.delivery.election): handled is not yet answered.
            await self.outbox_idle()

    async def wait_for(self, condition: Any, timeout: float = WAIT) -> None:
        deadline = time.monotonic() + timeout
        while not condition():
            if time.monotonic() > deadline:
                raise TimeoutError("condition not met")
            await asyncio.sleep(0.02)


@dataclass
class TelegramUser:
    world: TelegramWorld
    id: int
    name: str
    _message_ids: itertools.count[int] = field(default_factory=lambda: itertools.count(1))
    received: list[Call] = field(default_factory=list)  # what the last action brought back

    @property
    def profile(self) -> dict[str, Any]:
        return {"id": self.id, "is_bot": False, "first_name": self.name, "language_code": "en"}

    def message(self, **content: Any) -> dict[str, Any]:
        return {
            "message_id": next(self._message_ids),
            "date": int(self.world.clock.now().timestamp()),
            "chat": {"id": self.id, "type": "private", "first_name": self.name},
            "from": self.profile,
            **content,
        }

    def text_message(self, text: str) -> dict[str, Any]:
        content: dict[str, Any] = {"text": text}
        if text.startswith("/"):
            command = text.split()[0]
            content["entities"] = [{"type": "bot_command", "offset": 0, "length": len(command)}]
        return {"message": self.message(**content)}

    async def send(self, text: str) -> list[str]:
        """Write a message; returns the texts the bot sent back."""
        return await self.send_update(self.text_message(text))

    async def send_update(self, update: dict[str, Any]) -> list[str]:
        before = len(self.world.server.calls)
        await self.world.deliver(update)
        return self._collect(before)

    async def tap(self, label: str) -> list[str]:
        """Tap the newest button with this label."""
        message = self.message_with_button(label)
        data = next(
            b["callback_data"]
            for row in message["reply_markup"]["inline_keyboard"]
            for b in row
            if b["text"] == label
        )
        return await self.tap_data(message, data)

    def tap_update(self, message: dict[str, Any], data: str) -> dict[str, Any]:
        return {
            "callback_query": {
                "id": f"cb-{self.id}-{next(self._message_ids)}",
                "from": self.profile,
                "chat_instance": f"ci-{self.id}",
                "data": data,
                "message": message,
            }
        }

    async def tap_data(self, message: dict[str, Any], data: str) -> list[str]:
        return await self.send_update(self.tap_update(message, data))

    # --- in a group -------------------------------------------------------------------------
    async def send_in(self, group: TelegramGroup, text: str, **extra: Any) -> list[str]:
        """Write in a group; returns what the bot posted in the group meanwhile."""
        before = len(self.world.server.calls)
        message = group.message(self, text=text, **extra)
        if text.startswith("/"):
            command = text.split()[0]
            message["entities"] = [{"type": "bot_command", "offset": 0, "length": len(command)}]
        await self.world.deliver({"message": message})
        await self.world.outbox_idle()  # group answers leave at the group's pace, from the outbox
        return group.texts_since(before)

    async def open_link(self, group: TelegramGroup, label: str) -> list[str]:
        """Tap a group post's link button (Join, Practise privately): Telegram opens the
        private chat and sends /start with the link's payload."""
        for message in reversed(group.messages):
            for row in message.get("reply_markup", {}).get("inline_keyboard", []):
                for button in row:
                    if button["text"] == label and "url" in button:
                        payload = button["url"].split("?start=", 1)[1]
                        return await self.send(f"/start {payload}")
        raise AssertionError(f"no link {label!r} in the group")

    def message_with_button(self, label: str) -> dict[str, Any]:
        for (chat_id, _), message in sorted(self.world.server.messages.items(), reverse=True):
            if chat_id != self.id:
                continue
            for row in message.get("reply_markup", {}).get("inline_keyboard", []):
                if any(b["text"] == label for b in row):
                    return dict(message)
        raise AssertionError(f"no button {label!r} in the chat; buttons: {self.buttons}")

    def _collect(self, before: int) -> list[str]:
        self.received = [
            c
            for c in self.world.server.calls[before:]
            if c.params.get("chat_id") == self.id or c.method == "answerCallbackQuery"
        ]
        return self.replies

    @property
    def replies(self) -> list[str]:
        return [
            str(c.params.get("text") or c.params.get("caption") or "")
            for c in self.received
            if c.method in SENT
        ]

    @property
    def last_reply(self) -> str:
        replies = self.replies
        assert replies, "the bot sent nothing back"
        return replies[-1]

    @property
    def buttons(self) -> list[str]:
        """Labels of the buttons still live in the chat, newest message last."""
        labels = []
        for (chat_id, _), message in sorted(self.world.server.messages.items()):
            if chat_id == self.id:
                for row in message.get("reply_markup", {}).get("inline_keyboard", []):
                    labels += [b["text"] for b in row]
        return labels

    def calls(self, method: str) -> list[Call]:
        return self.world.server.calls_to(method, self.id)


@dataclass
class TelegramGroup:
    """A group chat the people of a test share, with the bot in it (or not)."""

    world: TelegramWorld
    id: int
    title: str
    _message_ids: itertools.count[int] = field(default_factory=lambda: itertools.count(1))

    @property
    def chat(self) -> dict[str, Any]:
        return {"id": self.id, "type": "supergroup", "title": self.title}

    def message(self, person: TelegramUser, **content: Any) -> dict[str, Any]:
        return {
            "message_id": next(self._message_ids),
            "date": int(self.world.clock.now().timestamp()),
            "chat": self.chat,
            "from": person.profile,
            **content,
        }

    async def add_bot(self, by: TelegramUser, hold: bool = True) -> list[str]:
        """Closer added to the group; its hello waits out its short hold unless `hold` is
        False (then it is still waiting when this returns)."""
        return await self._bot_becomes(
            by, "left", "member", wait_out=circle_group.INTRO_HOLD if hold else None
        )

    async def remove_bot(self, by: TelegramUser) -> list[str]:
        return await self._bot_becomes(by, "member", "left")

    async def _bot_becomes(
        self, by: TelegramUser, old: str, new: str, wait_out: timedelta | None = None
    ) -> list[str]:
        before = len(self.world.server.calls)
        change = {
            "chat": self.chat,
            "from": by.profile,
            "date": int(self.world.clock.now().timestamp()),
            "old_chat_member": {"status": old, "user": BOT_USER},
            "new_chat_member": {"status": new, "user": BOT_USER},
        }
        await self.world.deliver({"my_chat_member": change})
        if wait_out is None and new == "member":
            return self.texts_since(before)
        if wait_out is not None:
            self.world.clock.advance(wait_out + timedelta(seconds=1))
        await self.world.outbox_idle()
        return self.texts_since(before)

    async def leave(self, person: TelegramUser) -> None:
        """The person leaves; Telegram tells the group with a service message."""
        self.world.server.members[(self.id, person.id)] = "left"
        message = self.message(person, left_chat_member=person.profile)
        await self.world.deliver({"message": message})

    async def migrate(self, by: TelegramUser) -> int:
        """The group becomes a supergroup with a new id; members stay members."""
        new_id = next(self.world._group_ids)
        for (chat_id, user_id), status in list(self.world.server.members.items()):
            if chat_id == self.id:
                self.world.server.members[(new_id, user_id)] = status
        await self.world.deliver({"message": self.message(by, migrate_to_chat_id=new_id)})
        self.id = new_id
        return new_id

    @property
    def messages(self) -> list[dict[str, Any]]:
        """The bot's messages in the group as they stand now (edits applied), oldest first."""
        server = self.world.server
        return [m for (chat_id, _), m in sorted(server.messages.items()) if chat_id == self.id]

    @property
    def last_text(self) -> str:
        messages = self.messages
        assert messages, "the bot posted nothing in the group"
        return str(messages[-1].get("text") or messages[-1].get("caption") or "")

    def texts_since(self, before: int) -> list[str]:
        return [
            str(c.params.get("text") or c.params.get("caption") or "")
            for c in self.world.server.calls[before:]
            if c.method in SENT and c.params.get("chat_id") == self.id
        ]

    def calls(self, method: str) -> list[Call]:
        return self.world.server.calls_to(method, self.id)
