"""Bad and odd input gets a clear, kind answer, and loses nothing."""

from __future__ import annotations

from tests.coach_words import said_in
from tests.telegram_client import TelegramWorld
from tests.test_telegram_practice import export, onboard


async def test_a_sticker_gets_a_kind_request_for_words(sqlite_world: TelegramWorld):
    ana = await onboard(sqlite_world)
    sticker = {"file_id": "s1", "file_unique_id": "s1", "type": "regular", "width": 512,
               "height": 512, "is_animated": False, "is_video": False}  # fmt: skip
    replies = await ana.send_update({"message": ana.message(sticker=sticker)})
    assert "I can only read words" in replies[0]


async def test_voice_and_photos_get_their_own_kind_answers(sqlite_world: TelegramWorld):
    ana = sqlite_world.user()
    voice = {"file_id": "v1", "file_unique_id": "v1", "duration": 3}
    photo = [{"file_id": "p1", "file_unique_id": "p1", "width": 10, "height": 10}]
    assert "voice" in (await ana.send_update({"message": ana.message(voice=voice)}))[0]
    assert "pictures" in (await ana.send_update({"message": ana.message(photo=photo)}))[0]
    pdf = {"file_id": "d1", "file_unique_id": "d1", "file_name": "a.pdf"}
    replies = await ana.send_update({"message": ana.message(document=pdf)})
    assert "files" in replies[0]
    assert "pictures" not in replies[0]  # a PDF is no picture


async def test_a_photos_caption_is_read_as_the_statement(sqlite_world: TelegramWorld):
    ana = await onboard(sqlite_world)
    photo = [{"file_id": "p1", "file_unique_id": "p1", "width": 10, "height": 10}]
    update = {"message": ana.message(photo=photo, caption="I grew up on a farm.")}
    replies = await ana.send_update(update)
    assert said_in("praise.fact", replies)
    assert (await export(ana))["session"]["state"] == "others"


async def test_an_over_long_statement_is_asked_to_be_shorter_and_the_step_kept(
    world: TelegramWorld,
):
    ana = await onboard(world)
    replies = await ana.send("I feel sad. " * 200)
    assert "one statement at a time" in replies[0]
    await ana.send("I grew up on a farm.")
    assert (await export(ana))["statements"][0]["step"] == "fact"


async def test_odd_unicode_gets_an_answer(sqlite_world: TelegramWorld):
    ana = await onboard(sqlite_world)
    for text in ("Z̸̢͇a̷l̶g̵o̴", "\u202eevil\u202c", "🙂🙂🙂", "\u200b", "مرحبا", "\x00\x01"):
        replies = await ana.send(text)
        assert replies, f"no answer to {text!r}"


async def test_a_flood_gets_one_polite_slow_down(sqlite_world: TelegramWorld):
    ana = await onboard(sqlite_world)
    answers = [await ana.send(f"message {i}") for i in range(14)]
    slow = [a for a in answers if a and "slow down" in a[0]]
    assert len(slow) == 1
    assert answers[-1] == []  # past the warning, quiet until the bucket refills


async def test_a_crisis_is_heard_even_in_a_flood(sqlite_world: TelegramWorld):
    ana = await onboard(sqlite_world)
    for i in range(12):
        await ana.send(f"message {i}")
    replies = await ana.send("I want to kill myself")
    assert any("emergency" in r.lower() for r in replies)


async def test_an_unknown_command_points_to_help(sqlite_world: TelegramWorld):
    ana = sqlite_world.user()
    assert "/help" in (await ana.send("/dance"))[0]


async def test_help_lists_every_command(sqlite_world: TelegramWorld):
    text = (await sqlite_world.user().send("/help"))[0]
    for command in ("/practice", "/daily", "/skip", "/stop", "/progress", "/remind",
                    "/privacy", "/export", "/forget", "/about"):  # fmt: skip
        assert command in text


async def test_an_edited_message_is_not_taken_as_a_new_statement(sqlite_world: TelegramWorld):
    ana = await onboard(sqlite_world)
    edited = ana.message(text="I grew up on a farm.", edit_date=1)
    replies = await ana.send_update({"edited_message": edited})
    assert "first version" in replies[0]


async def test_in_a_group_the_bot_asks_for_a_private_chat(sqlite_world: TelegramWorld):
    ana = sqlite_world.user()
    message = ana.message(text="/practice", entities=[
        {"type": "bot_command", "offset": 0, "length": 9}])  # fmt: skip
    message["chat"] = {"id": -100123, "type": "supergroup", "title": "Circle"}
    before = len(sqlite_world.server.calls)
    await sqlite_world.deliver({"message": message})
    sent = [c for c in sqlite_world.server.calls[before:] if c.method == "sendMessage"]
    assert "private" in sent[0].params["text"]


async def test_a_button_from_an_older_version_is_answered_and_removed(sqlite_world: TelegramWorld):
    ana = sqlite_world.user()
    await ana.send("/start")
    message = ana.message_with_button("I'm 18+ and I understand")
    await ana.tap_data(message, "v0:consent")
    assert "older version" in ana.received[0].params["text"]
    assert ana.calls("editMessageReplyMarkup")


async def test_a_429_is_waited_out_and_the_reply_still_arrives(sqlite_world: TelegramWorld):
    ana = sqlite_world.user()
    sqlite_world.server.fail("sendMessage", 429, retry_after=1, chat_id=ana.id)
    await ana.send("/start")
    await sqlite_world.outbox_idle()  # the sender's loop sends it once the wait is over
    first, second = ana.calls("sendMessage")  # refused once, then sent
    assert second.at - first.at >= 1.0 - 0.01
    assert "I help you practise" in second.params["text"]


async def test_a_reply_to_someone_who_blocked_the_bot_marks_them_inactive(world: TelegramWorld):
    ana = await onboard(world)
    world.server.blocked.add(ana.id)
    await ana.send("I grew up on a farm.")  # the reply is refused with 403
    world.server.blocked.discard(ana.id)
    assert (await export(ana))["user"]["active"] is False


async def test_any_reply_refused_with_403_marks_them_inactive_not_only_a_coach_turns(
    world: TelegramWorld,
):
    ana = await onboard(world)
    world.server.blocked.add(ana.id)
    await ana.send("/help")  # answered outside the coach: refused with 403 all the same
    world.server.blocked.discard(ana.id)
    assert (await export(ana))["user"]["active"] is False


async def test_a_tap_naming_a_circle_past_any_id_is_answered(world: TelegramWorld):
    ana = await onboard(world)
    message = ana.message(text="an older message")
    for action in ("leave", "share_to", "nudges_off", "circle_day"):
        await ana.tap_data(message, f"b1:{action}:{2**64 + 1}")
        assert ana.received[0].method == "answerCallbackQuery", action


async def test_a_tap_forged_on_a_group_message_is_answered_and_moves_nothing(
    sqlite_world: TelegramWorld,
):
    ana = sqlite_world.user()
    await ana.send("/start")
    message = ana.message_with_button("I'm 18+ and I understand")
    data = next(b["callback_data"] for row in message["reply_markup"]["inline_keyboard"]
                for b in row)  # fmt: skip
    message["chat"] = {"id": -100123, "type": "supergroup", "title": "Circle"}
    await ana.tap_data(message, data)
    assert "only in your own chat" in ana.received[0].params["text"]
    assert not sqlite_world.server.calls_to("sendMessage", -100123)
    assert "I'm 18+ and I understand" in ana.buttons  # consent was not given by the forgery


async def test_an_inline_tap_with_no_message_is_answered(sqlite_world: TelegramWorld):
    ana = sqlite_world.user()
    update = ana.tap_update({}, "v1:consent")
    del update["callback_query"]["message"]
    update["callback_query"]["inline_message_id"] = "inline-1"
    await ana.send_update(update)
    assert ana.received[0].method == "answerCallbackQuery"


async def test_a_name_with_a_lone_surrogate_is_quoted_as_a_replacement_mark(
    sqlite_world: TelegramWorld,
):
    odd = sqlite_world.user("Ana\ud800")  # a broken client's name: Telegram cannot carry it back
    replies = await odd.send("/alias")
    assert "Ana\ufffd" in replies[-1]


async def test_a_nul_in_a_name_is_quoted_as_a_replacement_mark(world: TelegramWorld):
    odd = world.user("Ana\x00")  # PostgreSQL keeps no NUL in text, and the reply quotes it
    replies = await odd.send("/alias")
    assert "Ana\ufffd" in replies[-1]
