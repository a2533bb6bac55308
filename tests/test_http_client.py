"""Closer's HTTP transport for python-telegram-bot (aiohttp): what reaches the Bot API, what
comes back, and how the transport's failures surface as python-telegram-bot's errors."""

from __future__ import annotations

import asyncio
import contextlib
import socket
from collections.abc import AsyncIterator

import aiohttp
import pytest
from aiohttp import web
from telegram import Bot, InlineKeyboardButton, InlineKeyboardMarkup
from telegram.error import Forbidden, NetworkError, RetryAfter, TimedOut
from telegram.request import BaseRequest

from bot.app import build
from bot.delivery.http_client import AiohttpRequest
from bot.runtime import Closer
from bot.settings import Settings
from fakes.bot_api import FakeBotApi

CHAT = 77


@pytest.fixture
async def bot(server: FakeBotApi) -> AsyncIterator[Bot]:
    telegram_bot = Bot(
        server.token,
        base_url=f"{server.base_url}/bot",
        request=AiohttpRequest(),
        get_updates_request=AiohttpRequest(connection_pool_size=1),
    )
    async with telegram_bot:
        yield telegram_bot


async def test_a_message_arrives_with_its_buttons_as_the_bot_api_reads_them(
    bot: Bot, server: FakeBotApi
):
    keyboard = InlineKeyboardMarkup([[InlineKeyboardButton("Next", callback_data="c1:1:next")]])
    sent = await bot.send_message(CHAT, "Hello, ünïcode 🌱", reply_markup=keyboard)
    (call,) = server.calls_to("sendMessage")
    assert call.params["text"] == "Hello, ünïcode 🌱"
    assert call.params["reply_markup"]["inline_keyboard"][0][0]["callback_data"] == "c1:1:next"
    assert sent.text == "Hello, ünïcode 🌱"


async def test_a_file_is_uploaded_as_multipart_with_its_fields(bot: Bot, server: FakeBotApi):
    await bot.send_document(CHAT, b'{"kept": []}', filename="closer.json", caption="Yours")
    (call,) = server.calls_to("sendDocument")
    assert call.files["document"] == b'{"kept": []}'
    assert call.params["caption"] == "Yours"
    assert call.params["chat_id"] == CHAT


async def test_telegrams_errors_come_back_as_python_telegram_bots(bot: Bot, server: FakeBotApi):
    server.fail("sendMessage", 429, retry_after=3)
    with pytest.raises(RetryAfter):
        await bot.send_message(CHAT, "too fast")
    server.blocked.add(CHAT)
    with pytest.raises(Forbidden):
        await bot.send_message(CHAT, "blocked")


async def test_updates_are_long_polled(bot: Bot, server: FakeBotApi):
    async def push_later() -> None:
        await asyncio.sleep(0.1)
        chat = {"id": CHAT, "type": "private"}
        server.push({"message": {"message_id": 1, "date": 0, "chat": chat, "text": "hi"}})

    pushing = asyncio.create_task(push_later())
    updates = await bot.get_updates(timeout=5)
    await pushing
    assert [u.message.text for u in updates if u.message] == ["hi"]


@pytest.fixture
async def slow_url() -> AsyncIterator[str]:
    """An address that takes five seconds to answer (or until the test is over)."""
    over = asyncio.Event()

    async def slow(_: web.Request) -> web.Response:
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(over.wait(), 5)
        return web.json_response({"ok": True, "result": True})

    app = web.Application()
    app.router.add_post("/slow", slow)
    runner = web.AppRunner(app)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    port = site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]
    yield f"http://127.0.0.1:{port}/slow"
    over.set()  # the handler still waiting answers now, so shutting down takes no five seconds
    await runner.cleanup()


# python-telegram-bot's BaseRequest is an async context manager: initialize, then shutdown.
async def test_a_server_slower_than_the_read_timeout_is_timed_out(slow_url: str):
    async with AiohttpRequest(read_timeout=0.1) as request:
        with pytest.raises(TimedOut):
            await request.do_request(slow_url, "POST")


async def test_a_timeout_given_for_one_call_wins_over_the_default(slow_url: str):
    async with AiohttpRequest(read_timeout=30) as request:
        with pytest.raises(TimedOut):
            await request.do_request(slow_url, "POST", read_timeout=0.1)


def a_closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


async def test_nobody_listening_is_a_network_error_that_names_the_transport_not_the_address():
    token_url = f"http://127.0.0.1:{a_closed_port()}/bot123456:SECRET/sendMessage"
    async with AiohttpRequest() as request:
        with pytest.raises(NetworkError) as error:
            await request.do_request(token_url, "POST")
    assert "aiohttp.ClientConnectorError" in str(error.value)


@pytest.mark.parametrize(
    "url", ["http://127.0.0.1:99999/bot123456:SECRET/getMe", "ftp://host/bot123456:SECRET/getMe"]
)
async def test_an_error_that_quotes_the_address_does_not_quote_the_token(url: str):
    async with AiohttpRequest() as request:
        with pytest.raises(NetworkError) as error:
            await request.do_request(url, "POST")
    assert "SECRET" not in str(error.value)
    assert error.value.__cause__ is None


async def test_it_must_be_initialized_and_can_be_again_after_shutdown(server: FakeBotApi):
    request = AiohttpRequest()
    url = f"{server.base_url}/bot{server.token}/getMe"
    with pytest.raises(RuntimeError):
        await request.do_request(url, "POST")
    await request.initialize()
    await request.shutdown()
    await request.shutdown()  # twice is harmless
    await request.initialize()
    try:
        status, body = await request.do_request(url, "POST")
    finally:
        await request.shutdown()
    assert status == 200
    assert b'"is_bot": true' in body or b'"is_bot":true' in body


@pytest.mark.parametrize(
    ("uploads", "given", "expected"),
    [
        # nothing given: the defaults; the whole request is bounded by their sum
        (False, {}, {"sock_read": 5.0, "sock_connect": 5.0, "connect": 6.0, "total": 16.0}),
        # an upload gets the longer media write budget
        (True, {}, {"sock_read": 5.0, "total": 31.0}),
        # a long poll asks for more read time for that call only
        (False, {"read_timeout": 35.0}, {"sock_read": 35.0, "total": 46.0}),
        # None means no limit, and no overall bound either
        (False, {"read_timeout": None}, {"sock_read": None, "total": None}),
    ],
)
def test_python_telegram_bots_timeouts_map_onto_aiohttps(
    uploads: bool, given: dict[str, float | None], expected: dict[str, float | None]
):
    defaults = {
        "read_timeout": BaseRequest.DEFAULT_NONE,
        "write_timeout": BaseRequest.DEFAULT_NONE,
        "connect_timeout": BaseRequest.DEFAULT_NONE,
        "pool_timeout": BaseRequest.DEFAULT_NONE,
    }
    chosen = {**defaults, **given}
    timeout = AiohttpRequest()._timeouts.for_request(
        uploads,
        chosen["read_timeout"],
        chosen["write_timeout"],
        chosen["connect_timeout"],
        chosen["pool_timeout"],
    )
    assert isinstance(timeout, aiohttp.ClientTimeout)
    for name, value in expected.items():
        assert getattr(timeout, name) == value, name


def test_the_bot_sends_through_aiohttp(sqlite_url: str):
    app = build(Settings("123:abc", "http://127.0.0.1:9", sqlite_url, 20), Closer.load(sqlite_url))
    assert isinstance(app.bot.request, AiohttpRequest)
