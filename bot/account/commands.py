"""What the person controls about their data: /privacy (and the journal switch), /export
(everything held, as a JSON file) and /forget (erase everything, after a confirmation)."""

from __future__ import annotations

from telegram import Update
from telegram.ext import Application, CallbackQueryHandler, CommandHandler, ContextTypes

from bot import buttons
from bot.account.once import once
from bot.circles import posts as circle_posts
from bot.delivery import outbox
from bot.delivery.messages import Outgoing, guarded
from bot.delivery.outbox import answer
from bot.filters import PRIVATE_COMMAND
from bot.partners import rounds
from bot.runtime import Closer, closer_of
from bot.storage import circles as circle_store
from bot.storage import store
from bot.storage.tables import Kind
from dialogs.callbacks import Account, AccountChoice


def register(app: Application) -> None:  # type: ignore[type-arg]
    app.add_handler(CommandHandler("privacy", on_privacy, filters=PRIVATE_COMMAND))
    app.add_handler(CommandHandler("export", on_export, filters=PRIVATE_COMMAND))
    # "/erase" and "/delete" are what people try first: the same confirmation, not "unknown"
    forget = ["forget", "erase", "delete"]
    app.add_handler(CommandHandler(forget, on_forget, filters=PRIVATE_COMMAND))
    app.add_handler(CallbackQueryHandler(once(on_action), pattern=Account.pattern()))


def privacy_text(closer: Closer, journal: bool) -> str:
    state = closer.texts.say("privacy.journal_on" if journal else "privacy.journal_off")
    return closer.texts.say("privacy.text", journal=state)


def _choice(closer: Closer, choice: AccountChoice) -> buttons.Packed:
    return buttons.choice(closer.texts.buttons[choice.value], Account(choice))


def journal_button(closer: Closer, journal: bool) -> buttons.Packed:
    return _choice(closer, AccountChoice.JOURNAL_OFF if journal else AccountChoice.JOURNAL_ON)


async def on_privacy(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    closer = closer_of(context)
    assert update.effective_user is not None
    async with closer.db.transaction() as s:
        user = await store.get_user(s, update.effective_user.id)
    journal = bool(user and user.journal)
    reply = Outgoing(privacy_text(closer, journal), (journal_button(closer, journal),))
    await answer(update, context, [reply])


async def on_export(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """The file is made when it is sent (bot.account.documents), through the outbox like a reply."""
    closer = closer_of(context)
    person = update.effective_user
    assert person is not None
    async with closer.db.transaction() as s:
        if not await store.claim_update(s, update.update_id, closer.clock.now()):
            return  # a redelivered update
        if await store.get_user(s, person.id) is None:
            replies = await outbox.queue_replies(
                s, closer, None, person.id, [Outgoing(closer.texts.say("export.empty"))]
            )
        else:
            replies = await outbox.queue_replies(
                s, closer, person.id, person.id, [], (Kind.EXPORT,)
            )
    await outbox.sender_of(context).send_now(replies)


async def on_forget(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    closer = closer_of(context)
    assert update.message is not None
    choices = (
        _choice(closer, AccountChoice.FORGET_YES),
        _choice(closer, AccountChoice.FORGET_NO),
    )
    await answer(update, context, [Outgoing(closer.texts.say("forget.ask"), choices)])


async def on_action(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    closer = closer_of(context)
    query = update.callback_query
    assert query is not None and update.effective_user is not None
    action = Account.unpack(query.data)
    assert action is not None  # the handler's pattern is Account's
    user_id = update.effective_user.id
    await guarded(closer, user_id, query.answer)
    markup = None
    async with closer.db.transaction() as s:
        match action.choice:
            case AccountChoice.FORGET_YES:
                circles = [c for c, _ in await circle_store.circles_of(s, user_id)]
                await rounds.leave(s, closer, user_id, closer.clock.now())  # told, kindly
                await store.forget(s, user_id)
                for circle in circles:  # their name leaves every board they were on
                    await circle_posts.board_changed(s, circle, closer.clock.now())
                reply = closer.texts.say("forget.done")
            case AccountChoice.FORGET_NO:
                reply = closer.texts.say("forget.kept")
            case AccountChoice.JOURNAL_OFF if held := await store.journal_size(s, user_id):
                # turning it off erases what it holds: ask first, and offer /export before
                reply, markup = journal_off_question(closer, held)
            case AccountChoice.JOURNAL_OFF_NO:
                reply = closer.texts.say("privacy.off_kept")
            case (
                AccountChoice.JOURNAL_ON | AccountChoice.JOURNAL_OFF | AccountChoice.JOURNAL_OFF_YES
            ):
                on = action.choice is AccountChoice.JOURNAL_ON
                user = await store.user_for_update(
                    s,
                    user_id,
                    query.message.chat.id if query.message else user_id,
                    closer.clock.now().date(),
                )
                await store.change_person(s, user.id, journal=on)
                if not on:
                    await store.clear_journal(s, user_id)
                reply = closer.texts.say("privacy.now_on" if on else "privacy.now_off")
    closer.posts_waiting.set()
    if action.choice in (AccountChoice.FORGET_YES, AccountChoice.JOURNAL_OFF_YES):
        await closer.db.scrub()  # what was erased leaves no copy in the database's files
    await guarded(
        closer, user_id, lambda: query.edit_message_text(reply, reply_markup=markup), edit=True
    )


def journal_off_question(closer: Closer, count: int) -> tuple[str, buttons.InlineKeyboardMarkup]:
    word = closer.texts.say("privacy.statement" if count == 1 else "privacy.statements")
    choices = [
        _choice(closer, choice)
        for choice in (AccountChoice.JOURNAL_OFF_YES, AccountChoice.JOURNAL_OFF_NO)
    ]
    text = closer.texts.say("privacy.off_ask", count=count, statements_word=word)
    return text, buttons.keyboard(choices)
