"""Practice in Telegram, through the real Application and the fake Bot API server."""

from __future__ import annotations

import json

import pytest

from tests.coach_words import said, said_in
from tests.telegram_client import TelegramUser, TelegramWorld

CONSENT = "I'm 18+ and I understand"


async def onboard(world: TelegramWorld, name: str = "Ana", partner: str = "Sam") -> TelegramUser:
    user = world.user(name)
    await user.send("/start")
    await user.tap(CONSENT)
    await user.send(partner)
    return user


async def export(user: TelegramUser) -> dict:  # type: ignore[type-arg]
    await user.send("/export")
    document = user.calls("sendDocument")[-1]
    return json.loads(document.files["document"])


async def test_start_welcomes_and_asks_for_consent_with_a_button(sqlite_world: TelegramWorld):
    ana = sqlite_world.user()
    replies = await ana.send("/start")
    assert "I help you practise" in replies[0]
    assert ana.buttons == [CONSENT]


async def test_a_whole_practice_climbs_four_steps_and_keeps_only_levels(world: TelegramWorld):
    ana = await onboard(world)
    assert "Sam" in ana.replies[0]
    await ana.send("I grew up on a farm.")
    assert said("praise.fact", ana.replies[0])
    await ana.send("I'm worried about my dad's health.")
    await ana.send("I'm proud of myself for asking for help.")
    await ana.send("Right now I feel nervous telling you this.")
    assert said("reflect.ask", ana.last_reply)
    await ana.send("It was scary but good.")
    assert "4 of 4 steps" in ana.last_reply
    data = await export(ana)
    assert [s["reached"] for s in data["statements"]] == ["fact", "others", "self", "immediate"]
    assert "farm" not in json.dumps(data)  # the words were not kept: the journal is off


async def test_a_tapped_choice_is_kept_in_the_message_and_its_buttons_removed(
    sqlite_world: TelegramWorld,
):
    ana = await onboard(sqlite_world)
    await ana.send("I have a dog.")
    await ana.send("I feel ignored when my brother is on his phone.")
    assert "lonely" in ana.buttons
    await ana.tap("lonely")
    edited = ana.calls("editMessageText")[-1]
    assert edited.params["text"].endswith("» lonely")
    assert "reply_markup" not in edited.params or not edited.params["reply_markup"]
    assert '"I feel lonely when my brother is on his phone."' in ana.last_reply
    await ana.tap("Send it")
    assert said("praise.rewrite", ana.replies[0])


async def test_every_tap_is_answered(sqlite_world: TelegramWorld):
    ana = sqlite_world.user()
    await ana.send("/start")
    await ana.tap(CONSENT)
    assert ana.received[0].method == "answerCallbackQuery"


async def test_a_double_tap_counts_once(sqlite_world: TelegramWorld):
    ana = sqlite_world.user()
    await ana.send("/start")
    message = ana.message_with_button(CONSENT)
    data = message["reply_markup"]["inline_keyboard"][0][0]["callback_data"]
    first = await ana.tap_data(message, data)
    second = await ana.tap_data(message, data)
    assert "Who will you practise with" in first[0]
    assert second == []
    answer = ana.received[0]
    assert answer.method == "answerCallbackQuery"
    assert "already used" in answer.params["text"]


async def test_a_button_from_an_earlier_turn_is_spent(sqlite_world: TelegramWorld):
    ana = await onboard(sqlite_world)
    await ana.send("I have a dog.")
    await ana.send("I feel ignored when my brother is on his phone.")
    old = ana.message_with_button("lonely")
    await ana.send("I'm worried about my dad.")  # the conversation moved on
    replies = await ana.tap_data(old, old["reply_markup"]["inline_keyboard"][0][0]["callback_data"])
    assert replies == []
    assert "already used" in ana.received[0].params["text"]
    assert ana.calls("editMessageReplyMarkup")  # its buttons are taken away


async def test_a_deep_link_starts_the_daily_session(sqlite_world: TelegramWorld):
    ana = await onboard(sqlite_world)
    await ana.send("/stop")
    replies = await ana.send("/start daily")
    assert said_in("session.daily", replies)


async def test_a_daily_session_counts_a_day_and_shows_in_progress(world: TelegramWorld):
    ana = await onboard(world)
    await ana.send("/daily")
    await ana.send("I have a dog.")
    await ana.send("I'm worried about my dad.")
    await ana.send("Short and good.")
    await ana.send("/progress")
    assert "Streak: 1 day" in ana.replies[0]
    photo = ana.calls("sendPhoto")[-1]
    assert photo.files["photo"].startswith(b"\x89PNG")


async def test_progress_before_any_practice_says_so_kindly(sqlite_world: TelegramWorld):
    ana = sqlite_world.user()
    assert "Nothing to show yet" in (await ana.send("/progress"))[0]


async def test_a_restart_mid_session_continues_where_it_was(world: TelegramWorld):
    ana = await onboard(world)
    await ana.send("I grew up on a farm.")
    await world.restart()
    replies = await ana.send("I'm worried about my dad's health.")
    assert any("feeling" in r for r in replies)
    data = await export(ana)
    assert data["session"]["state"] == "self"


async def test_a_redelivered_update_is_handled_once(world: TelegramWorld):
    ana = await onboard(world)
    update = ana.text_message("I grew up on a farm.")
    update_id = world.server.push(update)
    await world.wait_done(update_id)
    sent_before = len(ana.calls("sendMessage"))
    world.server.redeliver({"update_id": update_id, **update})
    await world.wait_done(update_id)
    await ana.send("/progress")  # a later update: by now the redelivered one is behind us
    assert len(ana.calls("sendMessage")) == sent_before + 1
    data = await export(ana)
    assert len(data["statements"]) == 1


@pytest.mark.parametrize("command", ["/help", "/progress", "/privacy", "/remind", "/dance"])
async def test_a_redelivered_command_is_answered_once(sqlite_world: TelegramWorld, command: str):
    ana = await onboard(sqlite_world)
    update = ana.text_message(command)
    update_id = sqlite_world.server.push(update)
    await sqlite_world.wait_done(update_id)
    sent_before = len(ana.calls("sendMessage"))
    sqlite_world.server.redeliver({"update_id": update_id, **update})
    await sqlite_world.wait_done(update_id)
    await ana.send("I grew up on a farm.")  # a later update: the redelivered one is behind us
    assert len(ana.calls("sendMessage")) == sent_before + 1


async def test_a_crisis_stops_the_exercise_and_is_never_kept(world: TelegramWorld):
    ana = await onboard(world)
    await ana.send("/privacy")
    await ana.tap("Turn the journal on")
    replies = await ana.send("I want to die.")
    assert any("988" in r or "emergency" in r.lower() for r in replies)
    data = await export(ana)
    assert data["statements"] == []
    assert data["journal"] == []
    assert "die" not in json.dumps(data)


async def test_commands_are_registered_with_telegram(sqlite_world: TelegramWorld):
    calls = sqlite_world.server.calls_to("setMyCommands")
    registered = next(c for c in calls if "scope" not in c.params).params["commands"]
    names = [c["command"] for c in registered]
    for command in ("start", "practice", "daily", "stop", "skip", "help", "progress"):
        assert command in names
    for command in ("remind", "privacy", "export", "forget", "about"):
        assert command in names


async def test_person_the_typed_override_and_a_wish_for_help_work_over_telegram(
    sqlite_world: TelegramWorld,
):
    ana = await onboard(sqlite_world)
    replies = await ana.send("What should I write?")
    assert said_in("example.fact", replies)
    await ana.send("I have a dog.")
    await ana.send("I feel like nobody cares.")
    assert "This really is my feeling" in ana.buttons  # offered from the first redirect
    replies = await ana.send("no, this really IS my feeling")
    assert said_in("praise.own_word", replies)
    await ana.send("/stop")
    await ana.send("/person")
    assert "Someone close" in ana.buttons
    replies = await ana.send("my sister lou")
    assert "Lou" in replies[0]
    data = await export(ana)
    assert data["session"]["partner"] == "Lou"
    assert data["session"]["state"] == "done"  # no session started by naming someone
    assert [s["outcome"] for s in data["statements"]][-1] == "own_word"
