"""How Closer talks HTTP to the Bot API: python-telegram-bot's networking over aiohttp.

python-telegram-bot sends through httpx by default, and lets a bot bring its own transport by
subclassing `BaseRequest`. Closer does, for cost: httpx parses HTTP in Python and its connection
pool walks every open connection on every request, which made it about two thirds of a bare echo
bot's CPU time in `bench.telegram`. aiohttp parses in C and keeps idle connections in a queue.

Everything above the transport is python-telegram-bot's own: it builds the parameters, reads
the answer and raises Telegram's errors (RetryAfter, Forbidden, ...) from the status and body
returned here. This module only moves bytes, and turns the transport's failures into the two
errors python-telegram-bot expects of any transport: `TimedOut` and `NetworkError`.
"""

from __future__ import annotations

import json

import aiohttp
from telegram.error import NetworkError, TimedOut
from telegram.ext import ApplicationBuilder
from telegram.request import BaseRequest, RequestData

__all__ = ["AiohttpRequest", "over_aiohttp"]

# A timeout as python-telegram-bot passes it: seconds, None for no limit, or its DEFAULT_NONE
# marker for "not given for this call" (a private type, hence object).
Given = float | object | None
JSON = {"Content-Type": "application/json"}


class AiohttpRequest(BaseRequest):
    """A `BaseRequest` over one aiohttp session, with python-telegram-bot's default timeouts.

    Parameters are posted as one JSON body, which the Bot API accepts for every method but
    uploads; a request that uploads a file (a chart, an export) is posted as multipart form
    data, the way python-telegram-bot posts it.
    """

    __slots__ = ("_pool_size", "_session", "_timeouts")

    def __init__(
        self,
        connection_pool_size: int = 256,
        read_timeout: float | None = 5.0,
        write_timeout: float | None = 5.0,
        connect_timeout: float | None = 5.0,
        pool_timeout: float | None = 1.0,
        media_write_timeout: float | None = 20.0,
    ) -> None:
        self._pool_size = connection_pool_size
        self._timeouts = _Timeouts(
            read_timeout, write_timeout, connect_timeout, pool_timeout, media_write_timeout
        )
        # Made in initialize(): an aiohttp session belongs to the event loop that makes it.
        self._session: aiohttp.ClientSession | None = None

    @property
    def read_timeout(self) -> float | None:
        return self._timeouts.read

    async def initialize(self) -> None:
        if self._session is None or self._session.closed:
            self._session = aiohttp.ClientSession(
                connector=aiohttp.TCPConnector(limit=self._pool_size),
                headers={"User-Agent": self.USER_AGENT},
            )

    async def shutdown(self) -> None:
        if self._session is not None and not self._session.closed:
            await self._session.close()
        self._session = None

    async def do_request(
        self,
        url: str,
        method: str,
        request_data: RequestData | None = None,
        read_timeout: Given = BaseRequest.DEFAULT_NONE,
        write_timeout: Given = BaseRequest.DEFAULT_NONE,
        connect_timeout: Given = BaseRequest.DEFAULT_NONE,
        pool_timeout: Given = BaseRequest.DEFAULT_NONE,
    ) -> tuple[int, bytes]:
        if self._session is None or self._session.closed:
            raise RuntimeError("This AiohttpRequest is not initialized!")
        uploads = request_data is not None and request_data.contains_files
        timeout = self._timeouts.for_request(
            uploads, read_timeout, write_timeout, connect_timeout, pool_timeout
        )
        body: aiohttp.FormData | bytes | None = None
        headers: dict[str, str] | None = None
        if request_data is not None and uploads:
            body = _form(request_data)
        elif request_data is not None:
            # One JSON body: cheaper to write and to read than a form of JSON-encoded fields.
            body = json.dumps(request_data.parameters).encode()
            headers = JSON
        try:
            async with self._session.request(
                method, url, data=body, headers=headers, timeout=timeout
            ) as response:
                return response.status, await response.read()
        except TimeoutError as err:
            raise TimedOut from err
        except aiohttp.ClientError as err:
            # Some of aiohttp's errors quote the address, and the address holds the bot's token:
            # mask it, and leave the original out of the chain so no traceback prints it.
            detail = str(err).replace(url, "<Bot API address>")
            raise NetworkError(f"aiohttp.{type(err).__name__}: {detail}") from None


def over_aiohttp(builder: ApplicationBuilder) -> ApplicationBuilder:  # type: ignore[type-arg]
    """An Application builder that sends and polls through aiohttp. Polling gets a pool of one
    connection, as python-telegram-bot gives it: one getUpdates is ever in flight."""
    return builder.request(AiohttpRequest()).get_updates_request(
        AiohttpRequest(connection_pool_size=1)
    )


def _form(request_data: RequestData) -> aiohttp.FormData:
    """Multipart: the parameters as fields (JSON-encoded when not plain strings, as
    python-telegram-bot encodes them), then the files."""
    form = aiohttp.FormData()
    for name, value in request_data.json_parameters.items():
        form.add_field(name, value)
    for name, (filename, content, mime_type) in request_data.multipart_data.items():
        form.add_field(name, content, filename=filename, content_type=mime_type)
    return form


class _Timeouts:
    """python-telegram-bot's four timeouts, mapped onto aiohttp's."""

    __slots__ = ("connect", "media_write", "pool", "read", "write")

    def __init__(
        self,
        read: float | None,
        write: float | None,
        connect: float | None,
        pool: float | None,
        media_write: float | None,
    ) -> None:
        self.read, self.write, self.connect, self.pool = read, write, connect, pool
        self.media_write = media_write

    def for_request(
        self,
        uploads: bool,
        read: Given,
        write: Given,
        connect: Given,
        pool: Given,
    ) -> aiohttp.ClientTimeout:
        """Each value left at python-telegram-bot's DEFAULT_NONE takes this transport's default.

        aiohttp has no write timeout of its own, so the write budget bounds the whole request
        (with the others added), the way a stalled upload would otherwise hang forever. The read
        timeout is per read: a long-polling getUpdates asks for its poll time on top of it.
        """
        chosen_read = _given(read, self.read)
        chosen_write = _given(write, self.media_write if uploads else self.write)
        chosen_connect = _given(connect, self.connect)
        chosen_pool = _given(pool, self.pool)
        parts = (chosen_read, chosen_write, chosen_connect, chosen_pool)
        total = None if any(p is None for p in parts) else sum(p for p in parts if p is not None)
        waiting = (
            None if chosen_pool is None or chosen_connect is None else chosen_pool + chosen_connect
        )
        return aiohttp.ClientTimeout(
            total=total, connect=waiting, sock_connect=chosen_connect, sock_read=chosen_read
        )


def _given(value: Given, default: float | None) -> float | None:
    if isinstance(value, (int, float)) or value is None:
        return value
    return default  # python-telegram-bot's DEFAULT_NONE: not given for this call
