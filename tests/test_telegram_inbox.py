"""The inbox: an update is written before Telegram is told it arrived, and one that cannot
be read or handled is set aside without holding up anyone else."""

from __future__ import annotations

import asyncio
import logging
from datetime import timedelta

import pytest
from sqlalchemy import select
from telegram import Update
from telegram.ext import ContextTypes, TypeHandler

from bot.delivery import intake
from bot.practice import reminders
from bot.storage import inbox
from bot.storage.tables import InboxUpdate
from tests.telegram_client import TelegramWorld

# A poll whose option has no persistent_id, as an older self-hosted Bot API sends it: the
# library cannot read it (it has been required since Bot API 9.6).
OLD_POLL = {
    "poll": {
        "id": "p1",
        "question": "my secret question",
        "options": [{"text": "my secret answer", "voter_count": 0}],
        "total_voter_count": 0,
        "is_closed": False,
        "is_anonymous": True,
        "type": "regular",
        "allows_multiple_answers": False,
    }
}


async def rows(world: TelegramWorld) -> list[InboxUpdate]:
    assert world.closer is not None
    async with world.closer.db.transaction() as s:
        return list(await s.scalars(select(InboxUpdate).order_by(InboxUpdate.update_id)))


async def set_aside(world: TelegramWorld) -> list[tuple[int, str | None]]:
    assert world.closer is not None
    async with world.closer.db.transaction() as s:
        return await inbox.set_aside(s)


async def test_an_update_the_library_cannot_read_is_set_aside_and_the_next_is_answered(
    sqlite_world: TelegramWorld, caplog: pytest.LogCaptureFixture
):
    caplog.set_level(logging.WARNING)  # the libraries, as bot.logs sets them
    caplog.set_level(logging.DEBUG, logger="bot")  # and all of Closer's own
    bad = sqlite_world.server.push(OLD_POLL)
    ana = sqlite_world.user()
    assert "Closer" in (await ana.send("/help"))[0]
    assert await set_aside(sqlite_world) == [(bad, "TypeError")]
    assert "secret" not in caplog.text  # its id and the error's name, never its words
    assert not [row for row in await rows(sqlite_world) if row.payload]


async def test_an_update_set_aside_stays_aside_after_a_restart(sqlite_world: TelegramWorld):
    bad = sqlite_world.server.push(OLD_POLL)
    ana = sqlite_world.user()
    await ana.send("/help")
    await sqlite_world.restart()
    assert "Closer" in (await ana.send("/help"))[0]
    assert await set_aside(sqlite_world) == [(bad, "TypeError")]


async def test_a_handled_update_leaves_nothing_in_the_inbox(world: TelegramWorld):
    ana = world.user()
    await ana.send("/start")
    await ana.send("/help")
    await world.inbox_settled()
    assert await rows(world) == []


async def test_an_update_left_in_the_inbox_by_a_killed_process_is_handled_at_start(
    world: TelegramWorld,
):
    """A process killed after writing an update, before handling it: Telegram counts it as
    delivered (the next poll confirmed it), so only the inbox still has it."""
    ana = world.user()
    await world.stop_bot()
    update_id = 900_001
    update = {"update_id": update_id, **ana.text_message("/help")}
    assert world.closer is not None
    async with world.closer.db.transaction() as s:
        await inbox.take(s, [update], world.clock.now())
    before = len(world.server.calls)
    await world.start_bot()
    await world.wait_done(update_id)
    assert "Closer" in ana._collect(before)[0]


async def test_a_batch_that_could_not_be_written_is_not_confirmed_and_comes_again(
    sqlite_world: TelegramWorld, inbox_fails_once: list[int]
):
    ana = sqlite_world.user()
    assert "Closer" in (await ana.send("/help"))[0]
    assert inbox_fails_once == [1]


async def test_a_handler_that_keeps_failing_sets_its_update_aside_and_others_go_on(
    sqlite_world: TelegramWorld, monkeypatch: pytest.MonkeyPatch
):
    monkeypatch.setattr(intake, "RETRY_EVERY", 0.05)
    tries: list[int] = []

    async def breaks_on_boom(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        if update.message is not None and update.message.text == "boom":
            tries.append(update.update_id)
            raise RuntimeError("a bug")

    assert sqlite_world.app is not None
    sqlite_world.app.add_handler(TypeHandler(Update, breaks_on_boom), group=-10)
    ana = sqlite_world.user()
    boom = sqlite_world.server.push(ana.text_message("boom"))
    await sqlite_world.wait_for(lambda: len(tries) == intake.TRIES)
    # The last try's end reaches the intake a moment after the handler raised: settle until
    # the update is set aside (or the wait runs out and the assertion below says so).
    aside = await set_aside(sqlite_world)
    for _ in range(100):
        if aside:
            break
        await asyncio.sleep(0.05)
        await sqlite_world.inbox_settled()
        aside = await set_aside(sqlite_world)
    assert aside == [(boom, "RuntimeError")]
    assert "Closer" in (await ana.send("/help"))[0]
    assert tries == [boom] * intake.TRIES


async def test_a_redelivered_update_already_handled_is_not_taken_in_again(
    sqlite_world: TelegramWorld,
):
    ana = sqlite_world.user()
    update = ana.text_message("/help")
    update_id = await sqlite_world.deliver(update)
    await sqlite_world.inbox_settled()
    assert sqlite_world.closer is not None
    async with sqlite_world.closer.db.transaction() as s:
        taken = await inbox.take(s, [{"update_id": update_id, **update}], sqlite_world.clock.now())
    assert taken == []


async def test_what_was_set_aside_is_forgotten_after_thirty_days(sqlite_world: TelegramWorld):
    bad = sqlite_world.server.push(OLD_POLL)
    await sqlite_world.user().send("/help")
    assert await set_aside(sqlite_world) == [(bad, "TypeError")]
    assert sqlite_world.closer is not None
    sqlite_world.clock.advance(reminders.SET_ASIDE_KEPT + timedelta(minutes=1))
    await reminders.forget_old(sqlite_world.closer)  # what the repeating job does
    assert await set_aside(sqlite_world) == []
