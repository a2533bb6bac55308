"""What a person controls: /privacy and the journal, /export, /forget; and logs that hold no
statement and no token."""

from __future__ import annotations

import json
import logging
from pathlib import Path

import pytest
from sqlalchemy import func, select

from bot import logs
from bot.storage import tables
from tests.telegram_client import TelegramWorld
from tests.test_telegram_practice import export, onboard


async def count_rows(world: TelegramWorld, user_id: int) -> int:
    assert world.closer is not None
    total = 0
    async with world.closer.db.transaction() as s:
        for table in (
            tables.StatementRecord,
            tables.PracticeDay,
            tables.Reminder,
            tables.JournalEntry,
        ):
            total += await s.scalar(select(func.count()).where(table.user_id == user_id)) or 0
        total += await s.scalar(select(func.count()).where(tables.User.id == user_id)) or 0
    return total


async def test_export_sends_everything_as_a_json_file(world: TelegramWorld):
    ana = await onboard(world)
    await ana.send("I grew up on a farm.")
    await ana.send("/remind 8:30 Berlin")
    data = await export(ana)
    document = ana.calls("sendDocument")[-1]
    assert document.params.get("caption", "").startswith("Everything Closer holds about you")
    assert data["format"] == "closer-export/1"
    assert data["user"]["telegram_id"] == ana.id
    assert data["reminder"]["time_zone"] == "Europe/Berlin"
    assert data["statements"][0]["reached"] == "fact"
    assert data["session"]["state"] == "others"


async def test_the_words_of_a_statement_live_only_while_its_session_runs(world: TelegramWorld):
    ana = await onboard(world)
    await ana.send("I have a dog.")
    await ana.send("I feel ignored when my brother is on his phone.")  # a redirect keeps it
    assert "my brother" in json.dumps(await export(ana))
    await ana.send("/stop")
    assert "my brother" not in json.dumps(await export(ana))


async def test_the_journal_keeps_statements_only_while_it_is_on(world: TelegramWorld):
    ana = await onboard(world)
    assert "Your journal is off" in (await ana.send("/privacy"))[0]
    await ana.tap("Turn the journal on")
    await ana.send("I grew up on a farm.")
    data = await export(ana)
    assert [(j["level"], j["text"]) for j in data["journal"]] == [("fact", "I grew up on a farm.")]
    await ana.send("/privacy")
    await ana.tap("Turn the journal off")
    asked = ana.calls("editMessageText")[-1].params["text"]
    assert "erases the 1 statement" in asked
    assert "/export" in asked  # offered before anything is erased
    await ana.tap("No, keep my journal")
    assert len((await export(ana))["journal"]) == 1
    await ana.send("/privacy")
    await ana.tap("Turn the journal off")
    await ana.tap("Yes, turn it off and erase")
    assert (await export(ana))["journal"] == []
    assert "Your journal is off" in (await ana.send("/privacy"))[0]


async def test_the_journal_keeps_the_version_they_chose_to_send(sqlite_world: TelegramWorld):
    ana = await onboard(sqlite_world)
    await ana.send("/privacy")
    await ana.tap("Turn the journal on")
    await ana.send("I have a dog.")
    await ana.send("I feel ignored when my brother is on his phone.")
    await ana.tap("lonely")
    await ana.tap("Send it")
    texts = [j["text"] for j in (await export(ana))["journal"]]
    assert texts == ["I have a dog.", "I feel lonely when my brother is on his phone."]


async def test_privacy_names_every_kind_of_thing_kept(sqlite_world: TelegramWorld):
    ana = sqlite_world.user()
    text = (await ana.send("/privacy"))[0]
    for kind in ("Telegram id", "18+", "name of the person", "reminder", "circles", "safety"):
        assert kind in text


@pytest.mark.parametrize("command", ["/erase", "/delete"])
async def test_erase_and_delete_ask_as_forget_does(world: TelegramWorld, command: str):
    ana = await onboard(world)
    await ana.send(command)
    assert "Yes, erase everything" in ana.buttons


async def test_forget_asks_first_then_erases_everything(world: TelegramWorld):
    ana = await onboard(world)
    await ana.send("/remind 8:30 Berlin")
    for text in ("/daily", "I have a dog.", "I'm worried about my dad.", "Good."):
        await ana.send(text)
    assert await count_rows(world, ana.id) > 3
    await ana.send("/forget")
    await ana.tap("No, keep it")
    assert await count_rows(world, ana.id) > 3
    await ana.send("/forget")
    await ana.tap("Yes, erase everything")
    assert "erased" in ana.calls("editMessageText")[-1].params["text"]
    assert await count_rows(world, ana.id) == 0
    assert "nothing" in (await ana.send("/export"))[0].lower()
    replies = await ana.send("/start")
    assert "I help you practise" in replies[0]  # a fresh start


async def test_logs_hold_no_statement_and_no_token(
    sqlite_world: TelegramWorld, caplog: pytest.LogCaptureFixture
):
    logs.quiet_libraries(logging.DEBUG)  # what LOG_LEVEL=DEBUG does
    caplog.set_level(logging.DEBUG)
    ana = await onboard(sqlite_world)
    await ana.send("My secret is that I miss Jordan terribly.")
    await ana.send("I feel ignored when my brother is on his phone.")
    logged = "\n".join(r.getMessage() for r in caplog.records)
    assert "Jordan" not in logged
    assert "brother" not in logged
    assert sqlite_world.server.token not in logged
    assert "user" in logged  # it did log, just not the words
    for name in logs.CHATTY:
        logging.getLogger(name).setLevel(logging.NOTSET)


async def test_erased_words_leave_no_copy_in_the_sqlite_file_or_its_log(
    sqlite_world: TelegramWorld, sqlite_url: str
):
    ana = await onboard(sqlite_world, partner="Zephyrine")
    await ana.send("/privacy")
    await ana.tap("Turn the journal on")
    await ana.send("I keep quokkaberries on my windowsill.")
    await ana.send("/forget")
    await ana.tap("Yes, erase everything")
    path = Path(sqlite_url.split("///", 1)[1])
    held = b"".join(p.read_bytes() for p in path.parent.glob(path.name + "*"))
    assert b"quokkaberries" not in held
    assert b"Zephyrine" not in held
