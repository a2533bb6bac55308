"""A fake Telegram Bot API server on localhost, for running the real python-telegram-bot
Application over real HTTP in tests and benchmarks.

It hands out updates through long-polling `getUpdates` (with offsets, as Telegram does), or,
once the bot has called setWebhook, posts them to the bot's webhook with its secret
(`send_webhook`; getUpdates is then refused with 409, as Telegram refuses it),
answers the methods Closer uses with well-formed objects, keeps the messages it "sent" (so an
edit changes them and a tap can find their buttons), records every call, and can be told to fail:
a 429 with retry_after, or a 403 for a person who blocked the bot. It knows who is in which
group (getChatMember), and with `limits=True` it enforces Telegram's flood limits the way
Telegram does, with a 429: more than 30 sends in a second overall (1,000 for a send that allows
paid broadcasts), or 20 in a minute in a group.

    server = FakeBotApi()
    base_url = await server.start()          # TELEGRAM_BASE_URL for the bot
    update_id = server.push({"message": ...})
    ...
    await server.stop()
"""

from __future__ import annotations

import asyncio
import itertools
import json
import time
from collections import deque
from dataclasses import dataclass, field
from typing import Any

import aiohttp
from aiohttp import web

TOKEN = "123456:TEST-fake-token_for-closer"
BOT_USER = {
    "id": 123456,
    "is_bot": True,
    "first_name": "Closer",
    "username": "closer_test_bot",
    "can_join_groups": True,
    "can_read_all_group_messages": False,
    "supports_inline_queries": False,
}
SEND_METHODS = frozenset(
    {"sendMessage", "sendPhoto", "sendDocument", "editMessageText", "editMessageReplyMarkup"}
)
KEEP_AS_TEXT = frozenset({"text", "caption", "callback_query_id", "data", "description"})
OVERALL_PER_SECOND = 30
GROUP_PER_MINUTE = 20
ADMIN_RIGHTS = {
    "can_be_edited": False,
    "is_anonymous": False,
    "can_manage_chat": True,
    "can_delete_messages": True,
    "can_manage_video_chats": True,
    "can_restrict_members": True,
    "can_promote_members": True,
    "can_change_info": True,
    "can_invite_users": True,
    "can_post_stories": False,
    "can_edit_stories": False,
    "can_delete_stories": False,
}


@dataclass(frozen=True)
class Call:
    method: str
    params: dict[str, Any]
    files: dict[str, bytes]
    at: float  # time.monotonic() when it arrived


@dataclass
class Failure:
    code: int
    retry_after: int | None
    chat_id: int | None
    times: int


@dataclass
class Drop:
    """A connection cut: before the call is carried out, or after (done, its answer lost)."""

    after: bool
    chat_id: int | None
    times: int


@dataclass
class FakeBotApi:
    token: str = TOKEN
    calls: list[Call] = field(default_factory=list)
    messages: dict[tuple[int, int], dict[str, Any]] = field(default_factory=dict)
    blocked: set[int] = field(default_factory=set)
    # (group id, user id) -> "creator", "administrator", "member", "left" or "kicked"
    members: dict[tuple[int, int], str] = field(default_factory=dict)
    limits: bool = False
    # With limits=True: sends allowed in any second, and those that carry
    # allow_paid_broadcast (Telegram's paid broadcasts, up to 1,000 a second).
    per_second: int = OVERALL_PER_SECOND
    paid_per_second: int = 1000
    too_many: int = 0  # 429s handed out for sending too fast (with limits=True)
    # Every message the server accepted, with time.monotonic() when it did (not edits).
    accepted: list[tuple[dict[str, Any], float]] = field(default_factory=list)
    # A group upgraded to a supergroup: old id -> new id. Sending to the old id is refused
    # with the new one, as Telegram does.
    migrated: dict[int, int] = field(default_factory=dict)
    # What the bot gave setWebhook (url, secret_token, allowed_updates), until deleteWebhook.
    webhook: dict[str, Any] | None = None

    def __post_init__(self) -> None:
        self._pending: list[dict[str, Any]] = []
        self._again: list[dict[str, Any]] = []  # redelivered, whatever the offset says
        self._update_ids = itertools.count(1)
        self._message_ids: dict[int, itertools.count[int]] = {}
        self._arrived = asyncio.Condition()
        self._failures: dict[str, list[Failure]] = {}
        self._holds: dict[str, list[tuple[int | None, float]]] = {}
        self._drops: dict[str, list[Drop]] = {}
        self._runner: web.AppRunner | None = None
        self._closing = False
        self.on_call: list[Any] = []  # callables (Call) -> None, told of every call as it arrives
        self.base_url = ""
        self._sends: deque[float] = deque()  # recent sends, overall (limits=True)
        self._group_sends: dict[int, deque[float]] = {}

    # --- serving ----------------------------------------------------------------------------
    async def start(self) -> str:
        app = web.Application(client_max_size=64 * 1024 * 1024)
        app.router.add_post("/bot{token}/{method}", self._handle)
        app.router.add_get("/bot{token}/{method}", self._handle)
        self._runner = web.AppRunner(app, access_log=None)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0)
        await site.start()
        port = site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]
        self.base_url = f"http://127.0.0.1:{port}"
        return self.base_url

    async def stop(self) -> None:
        self._closing = True
        async with self._arrived:
            self._arrived.notify_all()
        if self._runner is not None:
            await self._runner.cleanup()

    # --- what tests do ----------------------------------------------------------------------
    def push(self, update: dict[str, Any]) -> int:
        """Queue an update for getUpdates; returns its update_id."""
        update_id = next(self._update_ids)
        self._queue({"update_id": update_id, **update})
        return update_id

    def redeliver(self, update: dict[str, Any]) -> None:
        """Hand out an update again, as Telegram does when a bot died before confirming it."""
        self._again.append(dict(update))
        self._queue_wake()

    async def send_webhook(
        self, update: dict[str, Any], update_id: int | None = None, secret: str | None = None
    ) -> tuple[int, int]:
        """Post an update to the webhook the bot set, with the secret it gave (or `secret`),
        as Telegram does; returns the update's id and the HTTP status the bot answered. Pass
        `update_id` to post one again (a redelivery). Telegram tries again after an answer
        other than 200; here the test decides."""
        assert self.webhook is not None, "the bot has set no webhook"
        if update_id is None:
            update_id = next(self._update_ids)
        headers = {"X-Telegram-Bot-Api-Secret-Token": secret or self.webhook["secret_token"]}
        async with (
            aiohttp.ClientSession() as session,
            session.post(
                self.webhook["url"], json={"update_id": update_id, **update}, headers=headers
            ) as answer,
        ):
            return update_id, answer.status

    def fail(
        self,
        method: str,
        code: int,
        *,
        retry_after: int | None = None,
        chat_id: int | None = None,
        times: int = 1,
    ) -> None:
        self._failures.setdefault(method, []).append(Failure(code, retry_after, chat_id, times))

    def drop(
        self, method: str, *, after: bool = False, chat_id: int | None = None, times: int = 1
    ) -> None:
        """Cut the connection of the next `times` calls of `method` (to `chat_id`, if given):
        before carrying them out, or (`after`) once done, so the bot never hears it worked."""
        self._drops.setdefault(method, []).append(Drop(after, chat_id, times))

    def hold(self, method: str, seconds: float, *, chat_id: int | None = None) -> None:
        """Answer the next call of `method` (to `chat_id`, if given) only after `seconds`: a
        slow Telegram."""
        self._holds.setdefault(method, []).append((chat_id, seconds))

    def calls_to(self, method: str, chat_id: int | None = None) -> list[Call]:
        return [
            c
            for c in self.calls
            if c.method == method and (chat_id is None or c.params.get("chat_id") == chat_id)
        ]

    def _queue(self, update: dict[str, Any]) -> None:
        self._pending.append(update)
        self._queue_wake()

    def _queue_wake(self) -> None:
        async def wake() -> None:
            async with self._arrived:
                self._arrived.notify_all()

        asyncio.get_running_loop().create_task(wake())

    # --- the API ----------------------------------------------------------------------------
    async def _handle(self, request: web.Request) -> web.Response:
        if request.match_info["token"] != self.token:
            return _error(401, "Unauthorized")
        method = request.match_info["method"]
        params, files = await _read(request)
        call = Call(method, params, files, time.monotonic())
        self.calls.append(call)
        for listener in self.on_call:
            listener(call)
        drop = self._drop_for(method, params)
        if drop is not None and not drop.after:
            return _cut(request)
        failure = self._failure_for(method, params)
        if failure is not None:
            return failure
        for hold in self._holds.get(method, []):
            if hold[0] in (None, params.get("chat_id")):
                self._holds[method].remove(hold)
                await asyncio.sleep(hold[1])
                break
        handler = getattr(self, f"_api_{method}", None)
        if handler is None:
            return _error(400, f"Bad Request: method {method} is not faked")
        result = await handler(params, files)
        if drop is not None:  # done, and the answer never arrives
            return _cut(request)
        if isinstance(result, web.Response):
            return result
        return web.json_response({"ok": True, "result": result})

    def _drop_for(self, method: str, params: dict[str, Any]) -> Drop | None:
        for drop in self._drops.get(method, []):
            if drop.times > 0 and drop.chat_id in (None, params.get("chat_id")):
                drop.times -= 1
                return drop
        return None

    def _failure_for(self, method: str, params: dict[str, Any]) -> web.Response | None:
        chat_id = params.get("chat_id")
        if chat_id is not None and int(chat_id) in self.migrated:
            new = self.migrated[int(chat_id)]
            return _error(
                400,
                "Bad Request: group chat was upgraded to a supergroup chat",
                {"migrate_to_chat_id": new},
            )
        if method in SEND_METHODS and chat_id in self.blocked:
            return _error(403, "Forbidden: bot was blocked by the user")
        if method in SEND_METHODS and self.limits and chat_id is not None:
            paid = params.get("allow_paid_broadcast") in (True, "true", "True")
            wait = self._over_limit(int(chat_id), time.monotonic(), paid)
            if wait:
                self.too_many += 1
                return _error(429, f"Too Many Requests: retry after {wait}", {"retry_after": wait})
        for failure in self._failures.get(method, []):
            if failure.times > 0 and failure.chat_id in (None, chat_id):
                failure.times -= 1
                extra = {"retry_after": failure.retry_after} if failure.retry_after else None
                text = "Too Many Requests" if failure.code == 429 else "Error"
                if failure.retry_after:
                    text += f": retry after {failure.retry_after}"
                return _error(failure.code, text, extra)
        return None

    def _over_limit(self, chat_id: int, now: float, paid: bool = False) -> int:
        """Seconds to wait if this send breaks Telegram's limits; else 0 (and it counts)."""
        while self._sends and self._sends[0] <= now - 1.0:
            self._sends.popleft()
        if len(self._sends) >= (self.paid_per_second if paid else self.per_second):
            return 1
        group = self._group_sends.setdefault(chat_id, deque()) if chat_id < 0 else None
        if group is not None:
            while group and group[0] <= now - 60.0:
                group.popleft()
            if len(group) >= GROUP_PER_MINUTE:
                return max(1, round(group[0] + 60.0 - now))
            group.append(now)
        self._sends.append(now)
        return 0

    async def _api_getChatMember(self, params: dict[str, Any], files: dict[str, bytes]) -> Any:
        chat_id, user_id = int(params["chat_id"]), int(params["user_id"])
        status = self.members.get((chat_id, user_id), "left")
        user = {"id": user_id, "is_bot": False, "first_name": f"user{user_id}"}
        member: dict[str, Any] = {"status": status, "user": user}
        if status == "administrator":
            member |= ADMIN_RIGHTS
        elif status == "creator":
            member["is_anonymous"] = False
        elif status == "kicked":
            member["until_date"] = 0
        return member

    async def _api_getMe(self, params: dict[str, Any], files: dict[str, bytes]) -> Any:
        return BOT_USER

    async def _api_deleteWebhook(self, params: dict[str, Any], files: dict[str, bytes]) -> Any:
        self.webhook = None
        return True

    async def _api_setWebhook(self, params: dict[str, Any], files: dict[str, bytes]) -> Any:
        self.webhook = {
            "url": params["url"],
            "secret_token": params.get("secret_token"),
            "allowed_updates": params.get("allowed_updates"),
        }
        return True

    async def _api_setMyCommands(self, params: dict[str, Any], files: dict[str, bytes]) -> Any:
        return True

    async def _api_getUpdates(self, params: dict[str, Any], files: dict[str, bytes]) -> Any:
        if self.webhook is not None:
            return _error(
                409,
                "Conflict: can't use getUpdates method while webhook is active;"
                " use deleteWebhook to delete the webhook first",
            )
        offset = int(params.get("offset") or 0)
        limit = int(params.get("limit") or 100)
        timeout = float(params.get("timeout") or 0)
        if offset:  # confirming: everything below the offset is gone for good
            self._pending = [u for u in self._pending if u["update_id"] >= offset]
        deadline = time.monotonic() + timeout
        async with self._arrived:
            while (
                not (self._pending or self._again)
                and not self._closing
                and time.monotonic() < deadline
            ):
                try:
                    await asyncio.wait_for(self._arrived.wait(), deadline - time.monotonic())
                except TimeoutError:
                    break
        batch, self._again = self._again, []
        return batch + self._pending[:limit]  # kept until a later offset confirms them

    async def _api_sendMessage(self, params: dict[str, Any], files: dict[str, bytes]) -> Any:
        return self._new_message(params, text=str(params.get("text", "")))

    async def _api_sendPhoto(self, params: dict[str, Any], files: dict[str, bytes]) -> Any:
        photo = [{"file_id": "photo-1", "file_unique_id": "p1", "width": 700, "height": 300}]
        return self._new_message(params, photo=photo, caption=params.get("caption"))

    async def _api_sendDocument(self, params: dict[str, Any], files: dict[str, bytes]) -> Any:
        document = {"file_id": "doc-1", "file_unique_id": "d1", "file_name": "file"}
        return self._new_message(params, document=document, caption=params.get("caption"))

    async def _api_editMessageText(self, params: dict[str, Any], files: dict[str, bytes]) -> Any:
        message = self._stored(params)
        if message is None:
            return _error(400, "Bad Request: message to edit not found")
        message["text"] = params.get("text", "")
        _set_markup(message, params.get("reply_markup"))
        return message

    async def _api_editMessageReplyMarkup(
        self, params: dict[str, Any], files: dict[str, bytes]
    ) -> Any:
        message = self._stored(params)
        if message is None:
            return _error(400, "Bad Request: message to edit not found")
        _set_markup(message, params.get("reply_markup"))
        return message

    async def _api_deleteMessage(self, params: dict[str, Any], files: dict[str, bytes]) -> Any:
        key = (int(params.get("chat_id", 0)), int(params.get("message_id", 0)))
        if self.messages.pop(key, None) is None:
            return _error(400, "Bad Request: message to delete not found")
        return True

    async def _api_answerCallbackQuery(
        self, params: dict[str, Any], files: dict[str, bytes]
    ) -> Any:
        return True

    def _new_message(self, params: dict[str, Any], **content: Any) -> dict[str, Any]:
        chat_id = int(params["chat_id"])
        ids = self._message_ids.setdefault(chat_id, itertools.count(1000))
        chat = {"id": chat_id, "type": "private"} if chat_id > 0 else self.group_chat(chat_id)
        message: dict[str, Any] = {
            "message_id": next(ids),
            "date": int(time.time()),
            "chat": chat,
            "from": BOT_USER,
            **{k: v for k, v in content.items() if v is not None},
        }
        _set_markup(message, params.get("reply_markup"))
        self.messages[(chat_id, message["message_id"])] = message
        self.accepted.append((message, time.monotonic()))
        return message

    def group_chat(self, chat_id: int) -> dict[str, Any]:
        return {"id": chat_id, "type": "supergroup", "title": f"group {chat_id}"}

    def _stored(self, params: dict[str, Any]) -> dict[str, Any] | None:
        key = (int(params.get("chat_id", 0)), int(params.get("message_id", 0)))
        return self.messages.get(key)


def _set_markup(message: dict[str, Any], markup: Any) -> None:
    if markup and markup.get("inline_keyboard"):
        message["reply_markup"] = markup
    else:
        message.pop("reply_markup", None)


async def _read(request: web.Request) -> tuple[dict[str, Any], dict[str, bytes]]:
    """python-telegram-bot posts form fields (JSON-encoded when not plain strings), multipart
    when it uploads a file; other clients post JSON."""
    params: dict[str, Any] = {}
    files: dict[str, bytes] = {}
    if request.content_type == "application/json":
        body = await request.json()
        return dict(body), files
    form = await request.post()
    for key, value in form.items():
        if isinstance(value, web.FileField):
            files[key] = value.file.read()
        elif key in KEEP_AS_TEXT:
            params[key] = value
        else:
            params[key] = _decode(str(value))
    return params, files


def _decode(value: str) -> Any:
    try:
        return json.loads(value)
    except ValueError:
        return value


def _error(code: int, description: str, parameters: dict[str, Any] | None = None) -> web.Response:
    body: dict[str, Any] = {"ok": False, "error_code": code, "description": description}
    if parameters:
        body["parameters"] = parameters
    return web.json_response(body, status=code)


def _cut(request: web.Request) -> web.Response:
    """Close the connection under the request: the client sees it dropped, with no answer."""
    if request.transport is not None:
        request.transport.close()
    return web.Response()
