"""`python -m bot` with a token: the real process polls, answers, and stops on SIGTERM."""

from __future__ import annotations

import asyncio
import os
import signal
import sys
from pathlib import Path

import pytest

from fakes.bot_api import FakeBotApi
from tests.conftest import ROOT

pytestmark = pytest.mark.slow  # the bot in a process of its own


async def wait_until(condition, timeout: float = 30.0) -> None:  # type: ignore[no-untyped-def]
    for _ in range(int(timeout / 0.05)):
        if condition():
            return
        await asyncio.sleep(0.05)
    raise TimeoutError


async def bot_process(
    server: FakeBotApi,
    tmp_path: Path,
    token: str,
    log_level: str,
    database_url: str | None = None,
) -> asyncio.subprocess.Process:
    """`python -m bot` against the fake Bot API, with its own SQLite file unless told."""
    env = {
        **os.environ,
        "TELEGRAM_BOT_TOKEN": token,
        "TELEGRAM_BASE_URL": server.base_url,
        "DATABASE_URL": database_url or f"sqlite+aiosqlite:///{tmp_path / 'closer.db'}",
        "LOG_LEVEL": log_level,
    }
    return await asyncio.create_subprocess_exec(
        sys.executable, "-m", "bot", cwd=ROOT, env=env,
        stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE,
    )  # fmt: skip


async def test_the_bot_process_answers_and_stops_cleanly(server: FakeBotApi, tmp_path: Path):
    process = await bot_process(server, tmp_path, server.token, "INFO")
    try:
        await wait_until(lambda: server.calls_to("setMyCommands"))
        user = {"id": 77, "is_bot": False, "first_name": "Ana"}
        server.push({"message": {
            "message_id": 1, "date": 0, "chat": {"id": 77, "type": "private"}, "from": user,
            "text": "/start", "entities": [{"type": "bot_command", "offset": 0, "length": 6}],
        }})  # fmt: skip
        await wait_until(lambda: server.calls_to("sendMessage", 77))
        assert "I help you practise" in server.calls_to("sendMessage", 77)[0].params["text"]
    finally:
        process.send_signal(signal.SIGTERM)
        _, stderr = await asyncio.wait_for(process.communicate(), 30)
    assert process.returncode == 0, stderr.decode()[-2000:]
    assert server.token not in stderr.decode()
    assert (tmp_path / "closer.db").exists()


async def test_a_token_telegram_refuses_is_said_plainly_and_never_printed(
    server: FakeBotApi, tmp_path: Path
):
    wrong = "999999:NOT-the-token-" + "x" * 20
    process = await bot_process(server, tmp_path, wrong, "DEBUG")
    stdout, stderr = await asyncio.wait_for(process.communicate(), 60)
    said = stdout.decode() + stderr.decode()
    assert process.returncode == 2, said[-2000:]
    assert "did not accept TELEGRAM_BOT_TOKEN" in said
    assert wrong not in said
    assert wrong.split(":")[1] not in said
    assert "Traceback" not in said
