"""Webhook mode: the fake Bot API posts updates to the bot's own HTTP server, as Telegram does
once setWebhook is called. An update is answered 200 only once it is in the inbox; anything
else Telegram would post again, and what it posts again is handled once."""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncIterator
from datetime import timedelta
from typing import Any

import aiohttp
import pytest
from sqlalchemy import func, select
from telegram import Update

from bot.delivery import webhook
from bot.storage import inbox
from bot.storage.tables import InboxUpdate, SeenUpdate
from fakes.bot_api import FakeBotApi
from tests.conftest import running_bot
from tests.telegram_client import WEBHOOK_SECRET, TelegramWorld

SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"
ON_POSTGRES = pytest.mark.parametrize("database_url", ["postgresql"], indirect=True)


@pytest.fixture
async def hooked(server: FakeBotApi, database_url: str) -> AsyncIterator[TelegramWorld]:
    """The bot in webhook mode, on SQLite and on PostgreSQL."""
    async with running_bot(server, database_url, webhook=True) as world:
        yield world


@pytest.fixture
async def hooked_sqlite(server: FakeBotApi, sqlite_url: str) -> AsyncIterator[TelegramWorld]:
    """The bot in webhook mode on SQLite, for what does not depend on the database."""
    async with running_bot(server, sqlite_url, webhook=True) as world:
        yield world


async def post(
    world: TelegramWorld, body: Any, headers: dict[str, str] | None = None, path: str = ""
) -> int:
    """POST a raw body to the bot's webhook (or another path on its server); the status."""
    assert world.server.webhook is not None
    url = world.server.webhook["url"]
    if path:
        url = url.split("/telegram/", 1)[0] + path
    sent = {SECRET_HEADER: WEBHOOK_SECRET} if headers is None else headers
    async with aiohttp.ClientSession() as session, session.post(url, data=body, headers=sent) as r:
        return r.status


async def health(world: TelegramWorld) -> int:
    assert world.server.webhook is not None
    url = world.server.webhook["url"].split("/telegram/", 1)[0] + "/healthz"
    async with aiohttp.ClientSession() as session, session.get(url) as answer:
        return answer.status


async def inbox_ids(world: TelegramWorld) -> list[int]:
    """Every update id the inbox holds or remembers as handled."""
    assert world.closer is not None
    async with world.closer.db.transaction() as s:
        waiting = list(await s.scalars(select(InboxUpdate.update_id)))
        seen = list(await s.scalars(select(SeenUpdate.update_id)))
    return sorted(waiting + seen)


def helped(world: TelegramWorld, chat_id: int) -> int:
    """How many /help answers went to this chat."""
    return sum(
        "/practice" in c.params.get("text", "")
        for c in world.server.calls_to("sendMessage", chat_id)
    )


async def test_an_update_posted_to_the_webhook_is_answered(hooked: TelegramWorld):
    ana = hooked.user()
    assert "Closer" in (await ana.send("/help"))[0]


async def test_webhook_mode_tells_telegram_its_address_secret_and_every_kind_of_update(
    hooked_sqlite: TelegramWorld,
):
    hook = hooked_sqlite.server.webhook
    assert hook is not None
    assert hook["secret_token"] == WEBHOOK_SECRET
    assert sorted(hook["allowed_updates"]) == sorted(Update.ALL_TYPES)
    assert "/telegram/" in hook["url"]
    assert WEBHOOK_SECRET not in hook["url"]  # the path is made from it, and shows nothing of it


async def test_the_same_update_posted_again_after_it_was_handled_is_answered_once(
    hooked: TelegramWorld,
):
    ana = hooked.user()
    update = ana.text_message("/help")
    update_id, status = await hooked.server.send_webhook(update)
    assert status == 200
    await hooked.wait_done(update_id)
    await hooked.inbox_settled()
    assert (await hooked.server.send_webhook(update, update_id=update_id))[1] == 200
    await ana.send("/about")  # handled after the redelivery would have been
    assert helped(hooked, ana.id) == 1


async def test_the_same_update_posted_twice_at_once_is_answered_once(hooked: TelegramWorld):
    ana = hooked.user()
    update = ana.text_message("/help")
    update_id = 700_001
    answers = await asyncio.gather(
        hooked.server.send_webhook(update, update_id=update_id),
        hooked.server.send_webhook(update, update_id=update_id),
    )
    assert [status for _, status in answers] == [200, 200]
    await hooked.wait_done(update_id)
    await ana.send("/about")
    assert helped(hooked, ana.id) == 1


@pytest.mark.parametrize("headers", [{}, {SECRET_HEADER: "x" * len(WEBHOOK_SECRET)}])
async def test_an_update_without_the_right_secret_is_refused_and_not_handled(
    hooked_sqlite: TelegramWorld, headers: dict[str, str]
):
    ana = hooked_sqlite.user()
    body = json.dumps({"update_id": 800_001, **ana.text_message("/help")})
    assert await post(hooked_sqlite, body, headers) == 401
    assert await inbox_ids(hooked_sqlite) == []
    assert hooked_sqlite.server.calls_to("sendMessage", ana.id) == []


@pytest.mark.parametrize(
    "body",
    [
        b"not json",
        b"\xff\xfe{}",
        b"[1, 2]",
        b'{"message": {"text": "/help"}}',
        b'{"update_id": "7"}',
        b'{"update_id": true}',
        b'{"update_id": -1}',
        b'{"update_id": 99999999999999999999999}',
        b"[" * 100_000 + b"]" * 100_000,
    ],
)
async def test_a_body_that_is_not_an_update_is_refused(hooked_sqlite: TelegramWorld, body: bytes):
    assert await post(hooked_sqlite, body) == 400
    assert await inbox_ids(hooked_sqlite) == []


@pytest.mark.parametrize("chunked", [False, True])
async def test_a_body_too_large_is_refused(hooked_sqlite: TelegramWorld, chunked: bool):
    big = b'{"update_id": 5, "pad": "' + b"x" * webhook.MAX_BODY + b'"}'

    async def in_pieces() -> AsyncIterator[bytes]:  # no declared length: read, then refused
        for start in range(0, len(big), 65536):
            yield big[start : start + 65536]

    assert await post(hooked_sqlite, in_pieces() if chunked else big) == 413
    assert await inbox_ids(hooked_sqlite) == []


async def test_the_webhook_answers_only_once_the_update_is_written(
    hooked_sqlite: TelegramWorld, monkeypatch: pytest.MonkeyPatch
):
    real_take = inbox.take
    writing, go_on = asyncio.Event(), asyncio.Event()

    async def slow_take(s, updates, *rest):  # type: ignore[no-untyped-def]
        writing.set()
        await go_on.wait()
        return await real_take(s, updates, *rest)

    monkeypatch.setattr(inbox, "take", slow_take)
    ana = hooked_sqlite.user()
    answer = asyncio.create_task(hooked_sqlite.server.send_webhook(ana.text_message("/help")))
    await asyncio.wait_for(writing.wait(), 5)
    await asyncio.sleep(0.2)
    assert not answer.done()  # Telegram has heard nothing while the row is not written
    go_on.set()
    update_id, status = await asyncio.wait_for(answer, 5)
    assert status == 200
    assert update_id in await inbox_ids(hooked_sqlite)


async def test_an_update_that_could_not_be_written_is_refused_and_handled_when_posted_again(
    hooked_sqlite: TelegramWorld, inbox_fails_once: list[int]
):
    ana = hooked_sqlite.user()
    update = ana.text_message("/help")
    update_id, status = await hooked_sqlite.server.send_webhook(update)
    assert status == 503  # Telegram posts it again later
    assert (await hooked_sqlite.server.send_webhook(update, update_id=update_id))[1] == 200
    await hooked_sqlite.wait_done(update_id)
    assert helped(hooked_sqlite, ana.id) == 1


async def test_a_post_to_another_path_is_not_found(hooked_sqlite: TelegramWorld):
    assert await post(hooked_sqlite, b'{"update_id": 5}', path="/telegram/guess") == 404


async def test_the_health_check_answers_200_while_the_database_answers(
    hooked: TelegramWorld,
):
    assert await health(hooked) == 200


async def test_the_health_check_answers_503_when_the_database_does_not(
    hooked_sqlite: TelegramWorld, monkeypatch: pytest.MonkeyPatch
):
    async def unreachable() -> None:
        raise ConnectionError("the database went away")

    assert hooked_sqlite.closer is not None
    monkeypatch.setattr(hooked_sqlite.closer.db, "ping", unreachable)
    assert await health(hooked_sqlite) == 503


async def test_a_stopping_replica_leaves_the_webhook_set(hooked_sqlite: TelegramWorld):
    await hooked_sqlite.stop_bot()
    assert hooked_sqlite.server.webhook is not None  # the other replicas take the updates


async def test_polling_mode_deletes_a_webhook_left_set_and_answers(
    server: FakeBotApi, sqlite_url: str
):
    server.webhook = {"url": "https://old.example/telegram/x", "secret_token": "s"}
    world = TelegramWorld(server, sqlite_url)
    await world.start_bot()
    try:
        assert server.webhook is None
        assert "Closer" in (await world.user().send("/help"))[0]
    finally:
        await world.stop_bot()


async def test_updates_in_webhook_mode_are_counted_in_the_inbox_as_in_polling(
    hooked: TelegramWorld,
):
    """Handled updates leave the inbox and are remembered as seen, whichever way they came."""
    ana = hooked.user()
    await ana.send("/help")
    await ana.send("/about")
    await hooked.inbox_settled()
    assert hooked.closer is not None
    async with hooked.closer.db.transaction() as s:
        assert await s.scalar(select(func.count()).select_from(InboxUpdate)) == 0
        assert await s.scalar(select(func.count()).select_from(SeenUpdate)) == 2


# --- replicas sharing one inbox -----------------------------------------------------------
async def left_by_another(world: TelegramWorld, update: dict[str, Any]) -> int:
    """An update another replica took in and is handling (or died handling): in the inbox,
    leased to it from now."""
    assert world.closer is not None
    update_id = 910_001
    async with world.closer.db.transaction() as s:
        await inbox.take(s, [{"update_id": update_id, **update}], world.clock.now())
    return update_id


@ON_POSTGRES
async def test_an_update_another_replica_holds_is_not_handed_out_again(
    replicas: list[TelegramWorld],
):
    first = replicas[0]
    ana = first.user()
    await left_by_another(first, ana.text_message("/help"))
    await first.app.bot_data["intake"].hand_out_waiting()  # type: ignore[union-attr]
    await asyncio.sleep(0.2)
    assert first.server.calls_to("sendMessage", ana.id) == []


@ON_POSTGRES
async def test_an_update_left_by_a_replica_that_died_is_handled_once_its_lease_runs_out(
    replicas: list[TelegramWorld],
):
    first = replicas[0]
    ana = first.user()
    update_id = await left_by_another(first, ana.text_message("/help"))
    first.clock.advance(inbox.HELD + timedelta(seconds=1))
    await first.app.bot_data["intake"].hand_out_waiting()  # type: ignore[union-attr]
    await first.wait_done(update_id)
    assert helped(first, ana.id) == 1
