"""The simulated people of `bench.telegram`, in a process of their own: the fake Bot API server,
and the people who talk to whichever bot polls it.

They run apart from the bot so that the bot under test has its core to itself, as it does in
production, where Telegram's servers are not on the bot's machine. Before, they shared the bot's
process, and the fake server's HTTP work was counted as the bot's.

The bot's process gives orders over a control pipe (`Onboard`, `Talk`, or None to stop), each
answered when it is done. It also reports every update it has finished over a second pipe, so a
person sends the next statement only once the bot is done with the last one (which may have sent
two messages), and a second message is never taken for the reply to the next statement.
"""

from __future__ import annotations

import asyncio
import itertools
import time
from dataclasses import dataclass
from multiprocessing.connection import Connection
from typing import Any

from bench.corpus import statements
from fakes.bot_api import Call, FakeBotApi

WAIT = 30.0  # seconds a person waits for the bot before the run is called broken


@dataclass(frozen=True)
class Onboard:
    """Take these people through /start, the consent button and their name (not measured)."""

    chat_ids: list[int]


@dataclass(frozen=True)
class Talk:
    """Each person sends `per_user` statements, one after another; answered with the latency
    of every statement and the seconds the whole run took."""

    chat_ids: list[int]
    per_user: int


class Load:
    """The people: they push updates into the fake server and time the bot's replies."""

    def __init__(self, server: FakeBotApi) -> None:
        self.server = server
        self.replies: dict[int, tuple[float, asyncio.Future[float]]] = {}  # chat -> (sent, reply)
        self.handled: dict[int, asyncio.Future[None]] = {}  # update id -> done in the bot
        self.message_ids = itertools.count(1)
        server.on_call.append(self._seen)

    def _seen(self, call: Call) -> None:
        if call.method == "sendMessage":
            entry = self.replies.pop(call.params.get("chat_id"), None)
            if entry is not None and not entry[1].done():
                entry[1].set_result(call.at - entry[0])

    def forget(self) -> None:
        """Drop what the server kept of a finished run, so every bot meets a server of the same
        size (the record of calls and messages would otherwise grow run after run)."""
        self.server.calls.clear()
        self.server.messages.clear()
        self.server.accepted.clear()

    def finished(self, update_id: int) -> None:
        """The bot's process has finished this update."""
        handled = self.handled.pop(update_id, None)
        if handled is not None and not handled.done():
            handled.set_result(None)

    def text(self, chat_id: int, text: str) -> dict[str, Any]:
        message: dict[str, Any] = {
            "message_id": next(self.message_ids),
            "date": int(time.time()),
            "chat": {"id": chat_id, "type": "private"},
            "from": {"id": chat_id, "is_bot": False, "first_name": f"P{chat_id}"},
            "text": text,
        }
        if text.startswith("/"):
            message["entities"] = [{"type": "bot_command", "offset": 0, "length": len(text)}]
        return {"message": message}

    def tap(self, chat_id: int, data: str) -> dict[str, Any]:
        """A tap on a button of the newest message the bot sent this person."""
        newest = max(mid for (chat, mid) in self.server.messages if chat == chat_id)
        return {
            "callback_query": {
                "id": str(next(self.message_ids)),
                "from": {"id": chat_id, "is_bot": False, "first_name": f"P{chat_id}"},
                "chat_instance": "bench",
                "data": data,
                "message": self.server.messages[(chat_id, newest)],
            }
        }

    async def say(self, chat_id: int, update: dict[str, Any]) -> float:
        """Push one update; wait until the bot has handled it; the time to its first reply."""
        loop = asyncio.get_running_loop()
        reply: asyncio.Future[float] = loop.create_future()
        self.replies[chat_id] = (time.monotonic(), reply)
        update_id = self.server.push(update)
        # No await between the push and this line, so the bot cannot have finished it yet.
        handled = self.handled[update_id] = loop.create_future()
        await asyncio.wait_for(handled, WAIT)
        return await asyncio.wait_for(reply, WAIT)

    async def onboard(self, order: Onboard) -> None:
        async def one(chat_id: int) -> None:
            await self.say(chat_id, self.text(chat_id, "/start"))
            await self.say(chat_id, self.tap(chat_id, "c1:1:consent"))
            await self.say(chat_id, self.text(chat_id, "Sam"))

        await asyncio.gather(*(one(chat_id) for chat_id in order.chat_ids))

    async def talk(self, order: Talk) -> tuple[list[float], float]:
        lines = statements(len(order.chat_ids) * order.per_user, seed=11)
        latencies: list[float] = []

        async def person(index: int, chat_id: int) -> None:
            for k in range(order.per_user):
                text = lines[index * order.per_user + k]
                text = "/practice" if k % 6 == 5 else text  # climb again now and then
                latencies.append(await self.say(chat_id, self.text(chat_id, text)))

        start = time.monotonic()
        await asyncio.gather(*(person(i, c) for i, c in enumerate(order.chat_ids)))
        return latencies, time.monotonic() - start


def serve(control: Connection, finished: Connection) -> None:
    """The process's entry point: serve until told to stop."""
    asyncio.run(_serve(control, finished))


async def _serve(control: Connection, finished: Connection) -> None:
    server = FakeBotApi()
    await server.start()
    load = Load(server)

    def drain() -> None:
        while finished.poll():
            load.finished(int.from_bytes(finished.recv_bytes(), "little"))

    loop = asyncio.get_running_loop()
    loop.add_reader(finished.fileno(), drain)
    control.send(server.base_url)
    try:
        while (order := await receive(control)) is not None:
            if isinstance(order, Onboard):
                control.send(await load.onboard(order))
            else:
                control.send(await load.talk(order))
                load.forget()
    finally:
        loop.remove_reader(finished.fileno())
        await server.stop()


async def receive(connection: Connection) -> Any:
    """The next object from a pipe, waiting on the event loop rather than blocking it."""
    loop = asyncio.get_running_loop()
    readable: asyncio.Future[None] = loop.create_future()

    def ready() -> None:
        if not readable.done():
            readable.set_result(None)

    loop.add_reader(connection.fileno(), ready)
    try:
        await readable
    finally:
        loop.remove_reader(connection.fileno())
    return connection.recv()
