"""Closer in Telegram: the Application, its features, and how it starts and stops.

closer = Closer.load(settings.database_url)
app = build(settings, closer)
await serve(app, stop)          # migrate, register commands, take updates until `stop` is set

Updates come in by polling getUpdates (the default: one process per token) or, when
CLOSER_WEBHOOK_URL is set, through Telegram's webhook (bot.delivery.webhook), which several
processes on one PostgreSQL may serve side by side.
"""

from __future__ import annotations

import asyncio
import logging
import os
import socket

from telegram import BotCommand, BotCommandScopeAllGroupChats, Update
from telegram.constants import ChatType
from telegram.error import Forbidden
from telegram.ext import Application, ContextTypes

from bot import basics, jobs
from bot.account import commands as account
from bot.circles import group as circle_group
from bot.circles import private as circle_private
from bot.delivery.election import Election
from bot.delivery.http_client import over_aiohttp
from bot.delivery.intake import Intake
from bot.delivery.outbox import Sender
from bot.delivery.pacer import PAID, Pace, Pacer
from bot.delivery.processor import PerUserProcessor
from bot.delivery.webhook import WebhookServer, bind, webhook_address, webhook_app, webhook_path
from bot.partners import pair as partners
from bot.partners import silence
from bot.practice import chat as practice
from bot.practice import progress, reminders
from bot.runtime import Closer
from bot.settings import DEFAULT_JOBS_EVERY, Settings
from bot.storage import circles as circle_store

log = logging.getLogger(__name__)
# Opt in now to python-telegram-bot 23's timedelta durations (retry_after); silences the warning.
os.environ.setdefault("PTB_TIMEDELTA", "1")

# Each feature is a module that registers its own handlers (like aiogram's routers). Within a
# handler group the first match wins: circles.private's /start join_… and partners' /start
# pair_… come before practice's.
FEATURES = (circle_private, partners, practice, basics, account, progress, reminders, circle_group)


def build(settings: Settings, closer: Closer) -> Application:  # type: ignore[type-arg]
    """The Application with every feature registered. Messages leave through the outbox and
    calls made straight to Telegram through delivery.guarded, both paced by closer.pacer;
    python-telegram-bot's own rate limiter is not used, so the bot has one budget."""
    assert settings.token, "the Telegram runner needs TELEGRAM_BOT_TOKEN"
    app = (
        over_aiohttp(Application.builder())
        .token(settings.token)
        .base_url(f"{settings.base_url}/bot")
        .base_file_url(f"{settings.base_url}/file/bot")
        .concurrent_updates(PerUserProcessor())
        .updater(None)  # updates come in through the inbox (bot.delivery.intake), not the Updater
        .build()
    )
    app.bot_data["closer"] = closer
    app.bot_data["settings"] = settings
    for feature in FEATURES:
        feature.register(app)
    basics.register_fallbacks(app)
    app.add_error_handler(on_error)
    return app


async def on_error(update: object, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Log what failed, never what was written: the exception, and the update's id. A reply
    refused with 403 in a private chat means the person blocked the bot, whichever feature
    answered: they are marked inactive, as a coach turn's reply does, so nothing more is sent."""
    update_id = update.update_id if isinstance(update, Update) else None
    intake: Intake | None = context.application.bot_data.get("intake")
    if isinstance(context.error, Forbidden) and isinstance(update, Update):
        chat, user = update.effective_chat, update.effective_user
        if chat is not None and user is not None and chat.type == ChatType.PRIVATE:
            closer: Closer = context.application.bot_data["closer"]
            async with closer.db.transaction() as s:
                await silence.went_silent(s, closer, user.id, closer.clock.now())
            log.info("update %s: user blocked the bot; marked inactive", update_id)
            return
    if intake is not None and update_id is not None and context.error is not None:
        intake.handler_failed(update_id, context.error)  # tried again, then set aside
    log.error(
        "update %s failed: %s",
        update_id,
        type(context.error).__name__,
        exc_info=(type(context.error), context.error, context.error.__traceback__)
        if context.error
        else None,
    )


async def start(
    app: Application,  # type: ignore[type-arg]
    reminder_every: float | None = DEFAULT_JOBS_EVERY,
    pace: Pace | None = None,
    listening: socket.socket | None = None,
) -> None:
    """Everything before the first update: schema, commands menus, the reminders and circles
    job, the outbox sender, the inbox (polling, or the webhook's server and setWebhook).

    reminder_every=None leaves the job out (tests run it by hand with their clock).
    listening: in webhook mode, a socket already bound (tests bind port 0); else
    settings.listen is bound here.
    """
    closer: Closer = app.bot_data["closer"]
    settings: Settings = app.bot_data["settings"]
    await closer.db.migrate()
    if not settings.webhook:
        # Replies are leased only by the process that handles updates, and Telegram lets one
        # process poll a token at a time: any still leased were left by a process that
        # stopped. Not in webhook mode: there another replica may be sending them now, and
        # a reply left by a stopped one goes when its lease runs out (outbox.LEASE).
        async with closer.db.transaction() as s:
            if left := await circle_store.release_left_replies(s):
                log.info("%s reply(ies) left unsent by the last run go out now", left)
    await app.initialize()
    texts = closer.texts
    await app.bot.set_my_commands(
        [BotCommand(name, description) for name, description in texts.commands.items()]
    )
    await app.bot.set_my_commands(
        [BotCommand(name, description) for name, description in texts.group_commands.items()],
        scope=BotCommandScopeAllGroupChats(),
    )
    if reminder_every is not None:
        assert app.job_queue is not None
        # first=0.5: a reminder or a theme missed while the bot was down goes out after start
        app.job_queue.run_repeating(tick, interval=reminder_every, first=0.5)
    closer.paid_broadcast = settings.paid_broadcast
    if pace is not None:
        closer.pacer = Pacer(pace)
    elif settings.paid_broadcast:
        closer.pacer = Pacer(PAID)
    stopping = asyncio.Event()
    sender = Sender(closer, app.bot)
    if settings.webhook and not closer.db.is_sqlite:  # replicas: one sends for all of them
        election = Election(closer, sender)
        await election.connect()
        app.bot_data["election"] = election
        sending = asyncio.create_task(election.run(stopping))
    else:
        sending = asyncio.create_task(sender.run(stopping))
    app.bot_data["sender"] = (sender, stopping, sending)
    await app.start()
    intake = Intake(app, closer)
    processor = app.update_processor
    assert isinstance(processor, PerUserProcessor)
    processor.on_done.append(intake.finished)
    processor.gate = intake.await_turn  # replicas: a person's earlier update first
    app.bot_data["intake"] = intake
    stop_taking = asyncio.Event()
    taking = asyncio.create_task(intake.run(stop_taking, poll=not settings.webhook))
    app.bot_data["polling"] = (stop_taking, taking)
    if settings.webhook:
        await _serve_webhook(app, settings, intake, listening)
    else:
        # A webhook left set (by an earlier webhook deployment) makes getUpdates answer 409.
        await app.bot.delete_webhook(drop_pending_updates=False)
        log.info("Closer is polling (database: %s)", closer.db.dialect)


async def _serve_webhook(
    app: Application,  # type: ignore[type-arg]
    settings: Settings,
    intake: Intake,
    listening: socket.socket | None,
) -> None:
    """Listen first, then tell Telegram where: it posts as soon as setWebhook returns."""
    closer: Closer = app.bot_data["closer"]
    assert settings.webhook_url is not None and settings.webhook_secret is not None
    path = webhook_path(settings.webhook_url, settings.webhook_secret)
    asgi = webhook_app(intake, closer.db, path, settings.webhook_secret)
    server = WebhookServer(asgi, listening or bind(settings.listen))
    await server.start()
    app.bot_data["webhook"] = server
    await app.bot.set_webhook(
        url=webhook_address(settings.webhook_url, settings.webhook_secret),
        secret_token=settings.webhook_secret,
        allowed_updates=Update.ALL_TYPES,
        drop_pending_updates=False,
    )
    host, port = server.listening.getsockname()[:2]
    log.info("Closer takes webhooks on %s:%s (database: %s)", host, port, closer.db.dialect)


async def tick(context: ContextTypes.DEFAULT_TYPE) -> None:
    """The repeating job (bot.jobs): reminders, the circles' daily themes, tidying up; on
    PostgreSQL one process of the deployment at a time."""
    await jobs.run(context.application.bot_data["closer"])


async def stop(app: Application) -> None:  # type: ignore[type-arg]
    closer: Closer = app.bot_data["closer"]
    if "webhook" in app.bot_data:  # no new requests; those writing an update finish first
        # The webhook stays set: other replicas go on taking updates, and while none answers
        # Telegram keeps them and tries again.
        await app.bot_data.pop("webhook").stop()
    if "polling" in app.bot_data:  # no new updates; those taken in are handled below
        stopping, task = app.bot_data.pop("polling")
        stopping.set()
        await task
    if app.running:  # the updates being handled end first: their replies need the sender
        await app.stop()
    if "intake" in app.bot_data:
        await app.bot_data["intake"].settled()
    if "sender" in app.bot_data:  # the post in flight is finished and marked first
        _, stopping, task = app.bot_data["sender"]
        stopping.set()
        await task
    await app.shutdown()
    await closer.db.close()


async def serve(app: Application, stopping: asyncio.Event) -> None:  # type: ignore[type-arg]
    settings: Settings = app.bot_data["settings"]
    await start(app, reminder_every=settings.jobs_every)
    try:
        await stopping.wait()
    finally:
        await stop(app)
