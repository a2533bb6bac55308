"""Safety end to end over the fake Bot API: a crisis stops and a concern asks, in every state;
the check-in's three answers, by button and typed; after a crisis or a "not safe", a day with
no reminders and no circle nudges; danger is never scored, journaled or shared."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta

import pytest

from tests.telegram_client import TelegramUser, TelegramWorld
from tests.test_telegram_circles import circle, first_day, practise_today
from tests.test_telegram_practice import CONSENT, export, onboard
from tests.test_telegram_reminders import reminded, run_reminders

CONCERN = "he decides who im allowed to talk to"
CRISIS = "I want to kill myself."
ASK = "Are you safe right now?"
SAFE, NOT_SAFE, RATHER_NOT = "Yes, I'm safe", "No, I'm not safe", "I'd rather not say"
CARE = "you deserve support from a real person"  # in both the crisis and the unsure answer


def asked(replies: list[str]) -> bool:
    return any(ASK in r for r in replies)


def cared(replies: list[str]) -> bool:
    return any(CARE in r for r in replies)


async def test_a_concern_asks_with_three_buttons_and_safe_goes_on_with_a_fresh_question(
    world: TelegramWorld,
):
    ana = await onboard(world)
    await ana.send("/privacy")
    await ana.tap("Turn the journal on")
    await ana.send("/practice")
    await ana.send("I have a dog.")
    prompt = ana.last_reply
    replies = await ana.send(CONCERN)
    assert asked(replies)
    assert ana.buttons[-3:] == [SAFE, NOT_SAFE, RATHER_NOT]
    replies = await ana.tap(SAFE)
    assert any("If that changes" in r for r in replies)
    assert any("go on with the same step" in r for r in replies)
    question = prompt.split("\n\n")[-1]
    assert not replies[-1].endswith(question)  # the same step, asked with a fresh question
    assert replies[-1].endswith("?")
    data = await export(ana)
    assert [s["step"] for s in data["statements"]] == ["fact"]  # the concern was not scored
    assert all("allowed" not in j["text"] for j in data["journal"])
    assert data["user"]["reminders_quiet_until"] is None  # "safe": no quiet day


async def test_the_safety_buttons_still_answer_after_the_exercise_stopped(
    sqlite_world: TelegramWorld,
):
    ana = await onboard(sqlite_world)
    await ana.send(CONCERN)  # asked, with the three buttons
    asked = ana.message_with_button(SAFE)
    await ana.send(CRISIS)  # then a stop: those buttons are from an earlier turn
    replies = await ana.tap_data(
        asked, next(b["callback_data"] for row in asked["reply_markup"]["inline_keyboard"]
                    for b in row if b["text"] == NOT_SAFE)
    )  # fmt: skip
    assert any("You can reach someone now" in r for r in replies)
    assert "already used" not in " ".join(c.params.get("text", "") for c in ana.received)


async def test_a_typed_answer_works_as_the_button_does(sqlite_world: TelegramWorld):
    ana = await onboard(sqlite_world)
    await ana.send(CONCERN)
    replies = await ana.send("yes im ok")
    assert any("If that changes" in r for r in replies)


async def test_not_safe_is_the_crisis_answer_and_quiets_reminders_for_a_day(
    world: TelegramWorld,
):
    world.clock.set(datetime(2026, 11, 21, 6, 0, tzinfo=UTC))  # 07:00 in Berlin
    ana = await onboard(world)
    await ana.send("/remind 8:30 Berlin")
    await ana.send(CONCERN)
    replies = await ana.tap(NOT_SAFE)
    assert cared(replies)
    world.clock.set(datetime(2026, 11, 21, 7, 30, tzinfo=UTC))  # 08:30: the reminder is due
    await run_reminders(world)
    assert reminded(ana) == 0
    world.clock.set(datetime(2026, 11, 22, 7, 30, tzinfo=UTC))  # a day later: it goes again
    await run_reminders(world)
    assert reminded(ana) == 1
    data = await export(ana)
    assert data["statements"] == []


async def test_rather_not_say_asks_once_more_then_gives_the_crisis_answer(
    sqlite_world: TelegramWorld,
):
    ana = await onboard(sqlite_world)
    await ana.send(CONCERN)
    replies = await ana.tap(RATHER_NOT)
    assert any("you don't have to explain" in r for r in replies)
    assert ana.buttons[-3:] == [SAFE, NOT_SAFE, RATHER_NOT]
    replies = await ana.tap(RATHER_NOT)
    assert cared(replies)


async def test_the_next_session_after_a_crisis_opens_with_a_check_in(sqlite_world: TelegramWorld):
    ana = await onboard(sqlite_world)
    await ana.send(CRISIS)
    replies = await ana.send("/daily")
    assert any("how are you doing right now" in r for r in replies)


# Where a person may be when danger comes: each a list of what they did before it.
BEFORE = {
    "consent": ["/start"],
    "partner name": ["/start", f"tap:{CONSENT}"],
    "a step": ["/start", f"tap:{CONSENT}", "Sam", "I have a dog."],
    "the reflection": ["/start", f"tap:{CONSENT}", "Sam", "/skip", "/skip", "/skip", "/skip"],
    "a finished session": ["/start", f"tap:{CONSENT}", "Sam", "/stop"],
}


async def walk(user: TelegramUser, steps: list[str]) -> None:
    for step in steps:
        if step.startswith("tap:"):
            await user.tap(step.removeprefix("tap:"))
        else:
            await user.send(step)


@pytest.mark.parametrize("where", list(BEFORE))
async def test_a_crisis_stops_in_every_state(sqlite_world: TelegramWorld, where: str):
    ana = sqlite_world.user()
    await walk(ana, BEFORE[where])
    kept = len((await export(ana))["statements"])
    assert cared(await ana.send(CRISIS))
    assert len((await export(ana))["statements"]) == kept  # nothing scored


@pytest.mark.parametrize("where", list(BEFORE))
async def test_a_concern_asks_in_every_state(sqlite_world: TelegramWorld, where: str):
    ana = sqlite_world.user()
    await walk(ana, BEFORE[where])
    assert asked(await ana.send(CONCERN))


async def test_danger_in_another_language_is_heard(sqlite_world: TelegramWorld):
    ana = await onboard(sqlite_world)
    assert cared(await ana.send("Хочу умереть"))


async def test_a_statement_in_another_language_gets_one_kind_line(sqlite_world: TelegramWorld):
    ana = await onboard(sqlite_world)
    replies = await ana.send("Я сегодня очень грустный")
    assert len(replies) == 1
    assert "English for now" in replies[0]  # each of its wordings says so


# --- circles ------------------------------------------------------------------------------
async def test_a_concern_while_writing_a_share_is_never_posted(sqlite_world: TelegramWorld):
    group, _, (ben, _) = await circle(sqlite_world)
    await first_day(sqlite_world)
    await practise_today(sqlite_world, ben, group)
    await ben.tap("Share a statement")
    replies = await ben.send(CONCERN)
    assert asked(replies)
    await ben.tap(SAFE)
    await sqlite_world.outbox_idle()
    assert not any("allowed" in (m.get("text") or "") for m in group.messages)
    assert "Post to Tuesday circle" not in ben.buttons


async def test_no_nudge_within_a_day_of_a_crisis_and_the_group_never_learns_why(
    sqlite_world: TelegramWorld,
):
    group, ana, (ben, cleo) = await circle(sqlite_world)
    await first_day(sqlite_world)
    await practise_today(sqlite_world, ben, group)  # Ben has practised: he is not nudged
    await cleo.open_link(group, "Practise privately")
    await cleo.tap(CONSENT)
    await cleo.send("Sam")
    await cleo.send(CRISIS)
    cleo_messages = len(cleo.calls("sendMessage"))
    posted = await ana.send_in(group, "/nudge")
    await sqlite_world.outbox_idle()
    assert len(cleo.calls("sendMessage")) == cleo_messages  # held: no nudge
    assert "kill" not in json.dumps(group.messages)
    assert not any("crisis" in p.lower() or "safe" in p.lower() for p in posted)
    sqlite_world.clock.advance(timedelta(days=1, minutes=5))
    await sqlite_world.run_circles()
    await ana.send_in(group, "/nudge")
    await sqlite_world.outbox_idle()
    assert "practising today" in cleo.calls("sendMessage")[-1].params["text"]
