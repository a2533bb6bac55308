"""A deployment on one machine: N `python -m bot` replicas in webhook mode on one PostgreSQL,
the fake Bot API, and a round-robin balancer in front (`Deployment.post`), as Telegram would
reach them. Shared by tests/test_telegram_deployment.py and `bench.replicas`."""

from __future__ import annotations

import asyncio
import itertools
import os
import signal
import socket
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import aiohttp

from bot.delivery.webhook import SECRET_HEADER, webhook_path
from fakes.bot_api import FakeBotApi

ROOT = Path(__file__).resolve().parent.parent
URL = "https://closer.test"  # what setWebhook is told; the balancer reaches the replicas
SECRET = "a-deployment-secret-long-enough-0123456789"
PATH = webhook_path(URL, SECRET)
WAIT = 60.0  # seconds for anything to arrive: three replicas start on two cores at worst


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@dataclass
class Replica:
    port: int
    log: Path
    process: asyncio.subprocess.Process

    @property
    def alive(self) -> bool:
        return self.process.returncode is None

    @property
    def sends(self) -> bool:
        """Whether it said it was elected to send (and has not died since)."""
        return self.alive and "sends for the deployment" in self.log.read_text(errors="replace")


@dataclass
class Deployment:
    server: FakeBotApi
    database_url: str
    folder: Path
    env: dict[str, str] = field(default_factory=dict)  # more settings for every replica
    replicas: list[Replica] = field(default_factory=list)
    _turn: itertools.count[int] = field(default_factory=itertools.count)
    _starts: itertools.count[int] = field(default_factory=itertools.count)
    taken_by: dict[int, int] = field(default_factory=dict)  # update id -> replica index

    async def start(self, index: int | None = None) -> None:
        port = free_port()
        log = self.folder / f"replica-{next(self._starts)}.log"
        env = {
            **os.environ,
            "TELEGRAM_BOT_TOKEN": self.server.token,
            "TELEGRAM_BASE_URL": self.server.base_url,
            "DATABASE_URL": self.database_url,
            "LOG_LEVEL": "INFO",
            "CLOSER_WEBHOOK_URL": URL,
            "CLOSER_WEBHOOK_SECRET": SECRET,
            "CLOSER_LISTEN": f"127.0.0.1:{port}",
            **self.env,
        }
        with log.open("wb") as out:
            process = await asyncio.create_subprocess_exec(
                sys.executable, "-m", "bot", cwd=ROOT, env=env,
                stdout=asyncio.subprocess.DEVNULL, stderr=out,
            )  # fmt: skip
        replica = Replica(port, log, process)
        if index is None:
            self.replicas.append(replica)
        else:
            self.replicas[index] = replica

    async def ready(self) -> None:
        """Every live replica answers its health check, and one of them sends."""
        deadline = time.monotonic() + WAIT
        async with aiohttp.ClientSession() as session:
            for replica in self.replicas:
                while True:
                    assert replica.alive, replica.log.read_text()[-3000:]
                    try:
                        url = f"http://127.0.0.1:{replica.port}/healthz"
                        async with session.get(url) as answer:
                            if answer.status == 200:
                                break
                    except aiohttp.ClientError:
                        pass
                    assert time.monotonic() < deadline, "a replica did not start"
                    await asyncio.sleep(0.1)
        await wait_until(lambda: any(r.sends for r in self.replicas))

    async def ensure_all(self) -> None:
        for index, replica in enumerate(self.replicas):
            if not replica.alive:
                await self.start(index)
        await self.ready()

    async def post(
        self,
        update: dict[str, Any],
        update_id: int | None = None,
        session: aiohttp.ClientSession | None = None,
    ) -> int:
        """Post an update as a balancer would: to the next replica in turn, and on to the next
        one when a replica does not answer 200 (Telegram would post it again). A benchmark
        passes its own `session` to keep connections open; otherwise each post opens one."""
        if session is None:
            async with aiohttp.ClientSession() as own:
                return await self.post(update, update_id, own)
        if update_id is None:
            update_id = next(self.server._update_ids)
        body = {"update_id": update_id, **update}
        deadline = time.monotonic() + WAIT
        while True:
            index = next(self._turn) % len(self.replicas)
            if await self.post_to(session, index, body):
                self.taken_by[update_id] = index
                return update_id
            assert time.monotonic() < deadline, "no replica took the update"
            await asyncio.sleep(0.05)

    async def post_to(
        self, session: aiohttp.ClientSession, index: int, body: dict[str, Any]
    ) -> bool:
        url = f"http://127.0.0.1:{self.replicas[index].port}{PATH}"
        try:
            async with session.post(url, json=body, headers={SECRET_HEADER: SECRET}) as answer:
                return answer.status == 200
        except aiohttp.ClientError:
            return False

    def sender(self) -> int:
        return next(i for i, r in enumerate(self.replicas) if r.sends)

    async def stop(self) -> None:
        for replica in self.replicas:
            if replica.alive:
                replica.process.send_signal(signal.SIGTERM)
        for replica in self.replicas:
            await asyncio.wait_for(replica.process.wait(), 30)


async def wait_until(condition: Any, timeout: float = WAIT) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, "timed out"
        await asyncio.sleep(0.05)


def text_update(person: int, text: str, message_id: int) -> dict[str, Any]:
    """A private message from `person`, as Telegram posts it."""
    entities = [{"type": "bot_command", "offset": 0, "length": len(text)}]
    return {
        "message": {
            "message_id": message_id,
            "date": 0,
            "chat": {"id": person, "type": "private"},
            "from": {"id": person, "is_bot": False, "first_name": f"P{person}"},
            "text": text,
            **({"entities": entities} if text.startswith("/") else {}),
        }
    }
