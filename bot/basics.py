"""What every bot needs around the coach: /help, /about, kind answers to stickers and voice,
edited messages, group chats (practice is private), unknown commands and unknown buttons."""

from __future__ import annotations

import logging

from telegram import Update
from telegram.constants import ChatType
from telegram.ext import (
    Application,
    ApplicationHandlerStop,
    CallbackQueryHandler,
    CommandHandler,
    ContextTypes,
    MessageHandler,
    TypeHandler,
    filters,
)

from bot.delivery.messages import Outgoing, guarded
from bot.delivery.outbox import answer
from bot.filters import PRIVATE, PRIVATE_COMMAND
from bot.runtime import closer_of, version

log = logging.getLogger(__name__)


def register(app: Application) -> None:  # type: ignore[type-arg]
    # Before every feature (group -1): Closer's buttons all live in private chats, so a tap that
    # comes from a group's message or from an inline message is forged or stray. It is answered
    # and goes no further: no session moves to the group.
    app.add_handler(TypeHandler(Update, on_tap_outside_private), group=-1)
    # Before that (group -2): a private chat's message always comes from the person whose chat
    # it is; one that does not (no sender, another sender) is forged or broken: nothing acts.
    app.add_handler(MessageHandler(PRIVATE, on_stray_private), group=-2)
    app.add_handler(CommandHandler("help", on_help, filters=PRIVATE_COMMAND))
    app.add_handler(CommandHandler("about", on_about, filters=PRIVATE_COMMAND))
    app.add_handler(
        MessageHandler(
            PRIVATE
            & filters.UpdateType.MESSAGE
            & ~filters.TEXT
            & ~filters.CAPTION  # a caption is read as the statement (practice.py)
            & ~filters.StatusUpdate.ALL
            & ~filters.COMMAND,
            on_non_text,
        )
    )
    app.add_handler(MessageHandler(PRIVATE & filters.UpdateType.EDITED_MESSAGE, on_edited))


def register_fallbacks(app: Application) -> None:  # type: ignore[type-arg]
    """Registered after every feature: in a handler group the first match wins, so these
    only see the commands and buttons nothing else claimed."""
    app.add_handler(MessageHandler(filters.COMMAND & PRIVATE, on_unknown_command))
    app.add_handler(
        MessageHandler(filters.COMMAND & ~PRIVATE & filters.UpdateType.MESSAGE, on_group_command)
    )
    app.add_handler(CallbackQueryHandler(on_unknown_button))


async def on_help(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    await answer(update, context, [Outgoing(closer_of(context).texts.say("help"))])


async def on_about(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    text = closer_of(context).texts.say("about", version=version())
    await answer(update, context, [Outgoing(text)])


def non_text_key(update: Update) -> str:
    message = update.message
    assert message is not None
    if message.sticker or message.animation or message.dice:
        return "non_text.sticker"
    if message.voice or message.audio or message.video_note or message.video:
        return "non_text.voice"
    if message.photo:
        return "non_text.photo"
    if message.document:
        return "non_text.document"
    return "non_text.other"


async def on_non_text(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    text = closer_of(context).texts.say(non_text_key(update))
    await answer(update, context, [Outgoing(text)])


async def on_edited(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    await answer(update, context, [Outgoing(closer_of(context).texts.say("edited"))])


async def on_unknown_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    text = closer_of(context).coach.content.text("help.unknown_command")
    await answer(update, context, [Outgoing(text)])


async def on_group_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    assert update.message is not None and update.message.text is not None
    _, _, addressee = update.message.text.split()[0].partition("@")
    if addressee and addressee.lower() != (context.bot.username or "").lower():
        return  # another bot's command: not ours to answer
    await answer(update, context, [Outgoing(closer_of(context).texts.say("group_only_private"))])


async def on_tap_outside_private(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    query = update.callback_query
    if query is None:
        return
    message = query.message
    chat = message.chat if message is not None else None
    if chat is not None and chat.type == ChatType.PRIVATE and chat.id == query.from_user.id:
        return  # a tap in the person's own chat with Closer: the features take it
    await query.answer(closer_of(context).texts.say("button.private_only"))
    raise ApplicationHandlerStop


async def on_stray_private(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    message, user = update.effective_message, update.effective_user
    if message is not None and (user is None or user.id != message.chat.id):
        log.info("update %s: a private message not from its chat's owner", update.update_id)
        raise ApplicationHandlerStop


async def on_unknown_button(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """A button this version does not know (an old release's message): say so, remove it."""
    query = update.callback_query
    assert query is not None
    closer = closer_of(context)
    user_id = query.from_user.id
    await guarded(closer, user_id, lambda: query.answer(closer.texts.say("button.unknown")))
    if query.message is not None:
        await guarded(closer, user_id, lambda: query.edit_message_reply_markup(None), edit=True)
