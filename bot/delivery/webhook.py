"""Telegram's webhook: an HTTP endpoint that takes updates into the inbox, served by uvicorn.

In webhook mode Telegram POSTs every update to a secret path, with the secret given to
setWebhook in the X-Telegram-Bot-Api-Secret-Token header. Telegram counts an update delivered
when it is answered 200 and never sends it again, so the endpoint answers 200 only once the
update is written to the inbox and committed (bot.delivery.intake, the same inbox polling
writes to); anything short of that answers 5xx and Telegram tries again later, and a
redelivery of an update already taken is left out by the inbox (deduplicated by update_id).
From the inbox on, an update is handled exactly as a polled one.

Why not python-telegram-bot's own webhook server (Updater.start_webhook, on tornado): it
answers 200 as soon as an update is on the Application's queue, before anything is durable, and
has no hook to write it first. Starlette (routing, the body as a stream, so a large one can be
refused before it is all read) and uvicorn (the HTTP server) are well kept and small; what is
left here is the checks and the order of things.

    server = WebhookServer(webhook_app(intake, db, path, secret), bind(("0.0.0.0", 8080)))
    await server.start()
    ...
    await server.stop()   # no new updates; those being written finish first
"""

from __future__ import annotations

import asyncio
import contextlib
import hashlib
import hmac
import json
import logging
import socket
from collections.abc import Iterator
from typing import Any
from urllib.parse import urlsplit

import uvicorn
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import PlainTextResponse, Response
from starlette.routing import Route

from bot.delivery.intake import Intake
from bot.storage.database import Database

log = logging.getLogger(__name__)

SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"
# An update is a few kilobytes (a message of 4,096 characters, its entities, the message it
# replies to); a megabyte is far beyond any, and keeps a stranger from filling memory.
MAX_BODY = 1 << 20
HEALTH_TIMEOUT = 2.0  # seconds /healthz waits for the database before answering 503
STOP_WAIT = 10  # seconds a stop waits for updates being written before cutting them off
_BIGGEST_ID = 2**63 - 1


def webhook_path(webhook_url: str, secret: str) -> str:
    """The path Telegram posts to: the public address's own path, then one made from the
    secret. Made from it, not the secret itself: a proxy's access log that shows the path
    shows nothing that would pass the header check."""
    digest = hashlib.sha256(f"closer-webhook:{secret}".encode()).hexdigest()[:32]
    return f"{urlsplit(webhook_url).path.rstrip('/')}/telegram/{digest}"


def webhook_address(webhook_url: str, secret: str) -> str:
    """The address given to setWebhook."""
    parts = urlsplit(webhook_url)
    return f"{parts.scheme}://{parts.netloc}{webhook_path(webhook_url, secret)}"


def webhook_app(intake: Intake, db: Database, path: str, secret: str) -> Starlette:
    """The ASGI app: POST `path` takes an update in; GET /healthz says whether the database
    answers (for a load balancer's health check)."""
    expected = secret.encode()

    async def take(request: Request) -> Response:
        # Header values arrive as latin-1 text; compared as bytes, in constant time.
        given = request.headers.get(SECRET_HEADER, "").encode("latin-1")
        if not hmac.compare_digest(given, expected):
            return PlainTextResponse("wrong secret", status_code=401)
        body = await _body(request)
        if body is None:
            return PlainTextResponse("too large", status_code=413)
        update = _update(body)
        if update is None:
            return PlainTextResponse("not an update", status_code=400)
        try:
            await intake.receive([update])
        except Exception:  # not taken: Telegram posts it again later
            log.exception("update %s could not be written to the inbox", update["update_id"])
            return PlainTextResponse("not taken", status_code=503)
        return Response(status_code=200)

    async def health(request: Request) -> Response:
        try:
            async with asyncio.timeout(HEALTH_TIMEOUT):
                await db.ping()
        except Exception as exc:
            log.warning("health check: the database did not answer (%s)", type(exc).__name__)
            return PlainTextResponse("database unreachable", status_code=503)
        return PlainTextResponse("ok")

    return Starlette(
        routes=[Route(path, take, methods=["POST"]), Route("/healthz", health, methods=["GET"])]
    )


async def _body(request: Request) -> bytes | None:
    """The body, or None past MAX_BODY (refused on its declared length before reading any)."""
    declared = request.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > MAX_BODY:
        return None
    chunks, size = [], 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > MAX_BODY:
            return None
        chunks.append(chunk)
    return b"".join(chunks)


def _update(body: bytes) -> dict[str, Any] | None:
    """The update, or None if the body is not a JSON object with an update id. Anything more
    is the inbox's to judge: an update the library cannot read is taken, then set aside."""
    try:
        value = json.loads(body)
    except (ValueError, RecursionError):  # not JSON, not UTF-8, or nested past all sense
        return None
    if not isinstance(value, dict):
        return None
    update_id = value.get("update_id")
    if isinstance(update_id, bool) or not isinstance(update_id, int):
        return None
    if not 0 <= update_id <= _BIGGEST_ID:
        return None
    return value


def bind(listen: tuple[str, int]) -> socket.socket:
    """The listening socket, bound here rather than by uvicorn: a port in use is then an
    OSError for the caller (uvicorn would call sys.exit), and a test can bind port 0 and learn
    the port before telling Telegram the address."""
    host, port = listen
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    return socket.create_server((host, port), family=family)


class _Server(uvicorn.Server):
    @contextlib.contextmanager
    def capture_signals(self) -> Iterator[None]:
        # The process's own SIGTERM handler (bot.__main__) stops everything in order, this
        # server first; uvicorn's would take the signal over and raise it again at its exit.
        yield


class WebhookServer:
    def __init__(self, app: Starlette, listening: socket.socket) -> None:
        self.listening = listening
        config = uvicorn.Config(
            app,
            lifespan="off",
            log_config=None,  # Closer's logging, as set up in bot.logs
            access_log=False,  # a line per update says nothing the inbox does not
            server_header=False,
            timeout_graceful_shutdown=STOP_WAIT,
        )
        self._server = _Server(config)
        self._task: asyncio.Task[None] | None = None

    @property
    def port(self) -> int:
        return int(self.listening.getsockname()[1])

    async def start(self) -> None:
        """Serve in this event loop; returns once the server accepts connections."""
        self._task = asyncio.create_task(self._server.serve(sockets=[self.listening]))
        while not self._server.started:
            if self._task.done():
                self._task.result()  # raises what stopped it
                raise RuntimeError("the webhook server stopped as it started")
            await asyncio.sleep(0.01)

    async def stop(self) -> None:
        """Take no new connections; let the updates being written finish (up to STOP_WAIT)."""
        if self._task is None:
            return
        self._server.should_exit = True
        await self._task
        self._task = None
