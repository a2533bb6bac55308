"""Fuzzed updates: whatever Telegram (or a self-hosted Bot API, or someone forging taps) hands
the bot, nothing goes unhandled. Seeded, so a failure can be replayed; CI-sized by default, and
`CLOSER_FUZZ_UPDATES=10000` runs the full-sized one by hand.

Each update is built from parts people and clients really send: every kind of update the bot
may see, texts with odd Unicode (a lone surrogate, right-to-left marks, zero-width joiners,
combining marks), empty and huge texts, commands with odd arguments, taps carrying forged or
outsized data, ids past 2^31 and 2^63, messages without a sender, in private chats, groups and
channels. The bot must log no error, and still answer a person afterwards.
"""

from __future__ import annotations

import asyncio
import logging
import os
import random
import time
from typing import Any

import pytest
from sqlalchemy import func, select

from bot.storage.tables import InboxUpdate
from tests.telegram_client import TelegramWorld

COUNT = int(os.environ.get("CLOSER_FUZZ_UPDATES", "300"))
SEED = 18

IDS = (7, 123_456_789, 2**31 + 5, 2**40 + 1, 2**53 + 3, 2**63 - 1, 2**63 + 9, 2**64 + 11)
ODD = (
    "",
    " ",
    "\u200b",
    "\ud800",  # a lone surrogate: Telegram cannot carry it back
    "a\udfffb",
    "\u202eevil\u202c",
    "e\u0301\u0301\u0301",
    "👩‍👩‍👧‍👦🏳️‍🌈",
    "\x00\x01\x07",
    "ｆｕｌｌｗｉｄｔｈ",
    "х" * 5000,
    "I feel " + "very " * 900 + "sad",
    "i feel like u never listen 🙄",
    "im kinda lonely tonight ngl",
    "Хочу умереть",
    "I'm so done with everything, I want to end it.",
    "ok",
    "@closer_bot hi",
)
COMMANDS = (
    "/start",
    "/start join_",
    "/start join_" + "x" * 300,
    "/start day_\ud800",
    "/start pair_abc",
    "/practice",
    "/daily",
    "/help",
    "/about",
    "/privacy",
    "/progress",
    "/export",
    "/forget",
    "/remind 25:99 Mars",
    "/remind 08:00 Berlin",
    "/remind off",
    "/alias " + "ю" * 80,
    "/alias off",
    "/circles",
    "/challenge ladder 19:00 Berlin",
    "/challenge nope 99:99",
    "/board",
    "/pause",
    "/resume",
    "/end",
    "/nudge",
    "/sharing off",
    "/facilitator",
    "/unknown@closer_bot",
    "/help@another_bot",
)
TAP_DATA = (
    "c1:1:consent",
    "c99999999999999999999:1:x",
    "c1:" + str(2**70) + ":consent",
    "b:leave:" + str(2**64),
    "b:nudges_off:-1",
    "b:forget_yes",
    "b:journal_off_yes",
    "v0:consent",
    "",
    "\ud800",
    "x" * 64,
    "b:share_post:1",
)
KINDS = ("private", "group", "supergroup", "channel")


def _chat(rng: random.Random, person: int) -> dict[str, Any]:
    kind = rng.choice(KINDS)
    if kind == "private":
        return {"id": person, "type": "private", "first_name": "P"}
    return {"id": -rng.choice(IDS), "type": kind, "title": rng.choice(ODD)[:128] or "g"}


def _text(rng: random.Random) -> str:
    return rng.choice(COMMANDS) if rng.random() < 0.4 else rng.choice(ODD)


def _message(rng: random.Random, number: int) -> dict[str, Any]:
    person = rng.choice(IDS)
    message: dict[str, Any] = {"message_id": number, "date": 0, "chat": _chat(rng, person)}
    if rng.random() < 0.9:
        message["from"] = {"id": person, "is_bot": False, "first_name": rng.choice(ODD) or "P"}
    body = rng.random()
    if body < 0.7:
        text = _text(rng)
        message["text"] = text
        if text.startswith("/"):
            length = len(text.split()[0]) if text.split() else 1
            message["entities"] = [{"type": "bot_command", "offset": 0, "length": length}]
    elif body < 0.8:
        message["sticker"] = {
            "file_id": "s",
            "file_unique_id": "s",
            "type": "regular",
            "width": 1,
            "height": 1,
            "is_animated": False,
            "is_video": False,
        }
    elif body < 0.87:
        message["voice"] = {"file_id": "v", "file_unique_id": "v", "duration": 3}
    elif body < 0.92:
        message["photo"] = [{"file_id": "p", "file_unique_id": "p", "width": 1, "height": 1}]
        message["caption"] = rng.choice(ODD)
    elif body < 0.96:
        message["left_chat_member"] = {"id": rng.choice(IDS), "is_bot": False, "first_name": "L"}
    else:
        message["migrate_to_chat_id"] = -rng.choice(IDS)
    return message


def _tap(rng: random.Random, number: int) -> dict[str, Any]:
    person = rng.choice(IDS)
    query: dict[str, Any] = {
        "id": f"q{number}",
        "from": {"id": person, "is_bot": False, "first_name": "P"},
        "chat_instance": "ci",
        "data": rng.choice(TAP_DATA),
    }
    if rng.random() < 0.8:
        query["message"] = {
            "message_id": rng.choice((1, 2**31 + 1)),
            "date": 0,
            "chat": _chat(rng, person),
            "text": rng.choice(ODD),
        }
    else:
        query["inline_message_id"] = "inline"
    return {"callback_query": query}


def _membership(rng: random.Random, field: str) -> dict[str, Any]:
    person = rng.choice(IDS)
    old, new = rng.sample(["member", "left", "administrator", "kicked"], 2)
    user = {"id": person, "is_bot": field == "my_chat_member", "first_name": "B"}
    return {
        field: {
            "chat": _chat(rng, person),
            "from": {"id": person, "is_bot": False, "first_name": "F"},
            "date": 0,
            "old_chat_member": {"status": old, "user": user}
            | ({"until_date": 0} if old == "kicked" else {}),
            "new_chat_member": {"status": new, "user": user}
            | ({"until_date": 0} if new == "kicked" else {}),
        }
    }


def fuzzed(count: int, seed: int) -> list[dict[str, Any]]:
    rng = random.Random(seed)
    updates: list[dict[str, Any]] = []
    for number in range(1, count + 1):
        roll = rng.random()
        if roll < 0.55:
            updates.append({"message": _message(rng, number)})
        elif roll < 0.65:
            updates.append({"edited_message": _message(rng, number) | {"edit_date": 1}})
        elif roll < 0.85:
            updates.append(_tap(rng, number))
        elif roll < 0.9:
            updates.append(_membership(rng, rng.choice(("my_chat_member", "chat_member"))))
        elif roll < 0.94:
            updates.append({"channel_post": _message(rng, number)})
        elif roll < 0.97:
            person = rng.choice(IDS)
            updates.append(
                {
                    "inline_query": {
                        "id": f"i{number}",
                        "from": {"id": person, "is_bot": False, "first_name": "P"},
                        "query": rng.choice(ODD),
                        "offset": "",
                    }
                }
            )
        else:
            updates.append({"poll_answer": {"poll_id": "p", "option_ids": [0], "user": None}})
    return updates


async def waiting_in_inbox(world: TelegramWorld) -> int:
    assert world.closer is not None
    await world.inbox_settled()
    async with world.closer.db.transaction() as s:
        count = await s.scalar(
            select(func.count()).select_from(InboxUpdate).where(InboxUpdate.set_aside_at.is_(None))
        )
    return int(count or 0)


async def test_fuzzed_updates_leave_no_error_and_the_bot_still_answers(
    world: TelegramWorld, caplog: pytest.LogCaptureFixture
):
    caplog.set_level(logging.WARNING)
    for update in fuzzed(COUNT, SEED):
        world.server.push(update)
    ana = world.user("Ana")
    world.server.push(ana.text_message("/help"))
    deadline = time.monotonic() + 60 + COUNT / 20
    while not ana.calls("sendMessage") and time.monotonic() < deadline:
        await asyncio.sleep(0.1)  # taken in after every fuzzed update
    while await waiting_in_inbox(world) and time.monotonic() < deadline:
        await asyncio.sleep(0.1)
    assert await waiting_in_inbox(world) == 0
    # An update that cannot be read is set aside by design (its id and the error's name kept);
    # anything else at ERROR is an update the bot failed to handle.
    errors = [
        r
        for r in caplog.records
        if r.levelno >= logging.ERROR and "could not be read" not in r.getMessage()
    ]
    assert [f"{r.name}: {r.getMessage()}" for r in errors] == []
    assert "/practice" in ana.calls("sendMessage")[0].params["text"]  # /help's answer
