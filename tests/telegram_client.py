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
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from telegram.ext import Application

from bot import app as telegram_app
from bot.processor import PerUserProcessor
from bot.runtime import Closer
from bot.settings import Settings
from fakes.bot_api import Call, FakeBotApi
from fakes.clock import MovableClock

SENT = ("sendMessage", "sendPhoto", "sendDocument")
WAIT = 15.0  # seconds an update may take before a test fails (a hang, not a speed check)
START = datetime(2026, 11, 21, 9, 0, tzinfo=UTC)


@dataclass
class TelegramWorld:
    server: FakeBotApi
    database_url: str
    clock: MovableClock = field(default_factory=lambda: MovableClock(START))
    app: Application | None = None  # type: ignore[type-arg]
    closer: Closer | None = None
    _ids: itertools.count[int] = field(default_factory=lambda: itertools.count(100_001))

    async def start_bot(self, reminder_every: float | None = None) -> None:
        settings = Settings(
            token=self.server.token,
            base_url=self.server.base_url,
            database_url=self.database_url,
            log_level=20,
        )
        self.closer = Closer.load(self.database_url, clock=self.clock)
        self.app = telegram_app.build(settings, self.closer)
        await telegram_app.start(self.app, reminder_every=reminder_every)

    async def stop_bot(self) -> None:
        if self.app is not None:
            await telegram_app.stop(self.app)
            self.app = None

    async def restart(self) -> None:
        await self.stop_bot()
        await self.start_bot()

    def user(self, name: str = "Ana") -> TelegramUser:
        return TelegramUser(self, next(self._ids), name)

    async def deliver(self, update: dict[str, Any]) -> int:
        update_id = self.server.push(update)
        await self.wait_done(update_id)
        return update_id

    async def wait_done(self, update_id: int) -> None:
        assert self.app is not None
        processor = self.app.update_processor
        assert isinstance(processor, PerUserProcessor)
        await asyncio.wait_for(processor.wait_done(update_id), WAIT)

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
