"""Group challenges end to end: the real Application, the fake Bot API server, a group of
people, and a clock the tests move. Times: the circle meets at 19:00 in Berlin (18:00 UTC in
November); the world starts on Saturday 21 November 2026, 09:00 UTC."""

from __future__ import annotations

import json
from datetime import datetime, timedelta

import pytest

from bot.circles import group as circle_group
from fakes.bot_api import BOT_USER
from tests.coach_words import said, said_in
from tests.telegram_client import TelegramGroup, TelegramUser, TelegramWorld

CONSENT = "I'm 18+ and I understand"
FIRST_THEME = datetime.fromisoformat("2026-11-21T18:00:00+00:00")
FACT = "I grew up on a farm."
OTHERS = "I'm worried about my dad's health."
SELF = "I'm proud of myself for asking for help."
# A daily session on a theme: a warm-up one level below it, then the theme's level.
SAYS = {"fact": [FACT], "others": [FACT, OTHERS], "self": [OTHERS, SELF]}


async def circle(world: TelegramWorld, template: str = "ladder", members: int = 2):
    """A group with an admin (Ana) and members, the bot added, a challenge announced and
    everyone joined. Returns (group, ana, [members])."""
    ana = world.user("Ana")
    people = [world.user(name) for name in ("Ben", "Cleo", "Dev")[:members]]
    group = world.group("Tuesday circle", admins=(ana,), members=tuple(people))
    await group.add_bot(by=ana)
    await ana.send_in(group, f"/challenge {template} 19:00 Berlin")
    for person in people:
        await person.open_link(group, "Join")
    await world.outbox_idle()
    return group, ana, people


async def first_day(world: TelegramWorld) -> None:
    world.clock.set(FIRST_THEME + timedelta(minutes=1))
    await world.run_circles()


async def practise_today(
    world: TelegramWorld, person: TelegramUser, group: TelegramGroup, level: str = "fact"
) -> None:
    """Open the day's session from the group and finish it (the first time: consent and a
    partner's name first)."""
    await person.open_link(group, "Practise privately")
    if CONSENT in person.buttons:
        await person.tap(CONSENT)
        await person.send("Sam")
    for statement in SAYS[level]:
        await person.send(statement)
    assert said("reflect.ask_daily", person.last_reply)
    await person.send("It felt good.")
    await world.outbox_idle()


async def practised_on_day_one(world: TelegramWorld) -> tuple[TelegramGroup, TelegramUser]:
    """A circle of two on its first day, where Ben has just finished the day's session (and is
    offered to share)."""
    group, _, (ben, _) = await circle(world)
    await first_day(world)
    await practise_today(world, ben, group)
    return group, ben


# --- joining ------------------------------------------------------------------------------
async def test_added_to_a_group_closer_introduces_itself_in_a_few_lines(
    sqlite_world: TelegramWorld,
):
    ana = sqlite_world.user("Ana")
    group = sqlite_world.group(admins=(ana,))
    posted = await group.add_bot(by=ana)
    assert len(posted) == 1
    assert "never your conversations" in posted[0]
    assert "/challenge" in posted[0]


async def test_an_admin_starts_a_challenge_and_the_announcement_has_a_join_button(
    sqlite_world: TelegramWorld,
):
    ana = sqlite_world.user("Ana")
    group = sqlite_world.group(admins=(ana,))
    await group.add_bot(by=ana)
    posted = await ana.send_in(group, "/challenge ladder 19:00 Berlin")
    assert "Seven days up the ladder" in posted[-1]
    assert "19:00 (Europe/Berlin)" in posted[-1]
    assert "comes today" in posted[-1]
    button = group.messages[-1]["reply_markup"]["inline_keyboard"][0][0]
    assert button["text"] == "Join"
    assert button["url"].startswith("https://t.me/closer_test_bot?start=join_")


async def test_challenge_without_arguments_lists_the_templates(sqlite_world: TelegramWorld):
    ana = sqlite_world.user("Ana")
    group = sqlite_world.group(admins=(ana,))
    posted = await ana.send_in(group, "/challenge")
    for key in ("first-steps", "ladder", "depths"):
        assert f"• {key}:" in posted[-1]


@pytest.mark.parametrize(
    ("command", "expected"),
    [
        ("/challenge marathon 19:00 Berlin", 'called "marathon"'),
        ("/challenge ladder soon Berlin", "couldn't read that time"),
        ("/challenge ladder 19:00", "Which time zone?"),
        ("/challenge ladder 19:00 Atlantis", 'couldn\'t find "Atlantis"'),
    ],
)
async def test_a_malformed_challenge_gets_a_clear_answer(
    sqlite_world: TelegramWorld, command: str, expected: str
):
    ana = sqlite_world.user("Ana")
    group = sqlite_world.group(admins=(ana,))
    posted = await ana.send_in(group, command)
    assert expected in posted[-1]


async def test_a_member_who_is_not_an_admin_cannot_run_facilitator_commands(
    sqlite_world: TelegramWorld,
):
    group, _, (ben, _) = await circle(sqlite_world)
    for command in (
        "/challenge ladder 8:00 Paris",
        "/facilitator",
        "/pause",
        "/end",
        "/nudge",
        "/sharing off",
    ):
        posted = await ben.send_in(group, command)
        assert "Only this group's admins" in posted[-1], command


async def test_a_group_has_one_challenge_at_a_time(sqlite_world: TelegramWorld):
    group, ana, _ = await circle(sqlite_world)
    posted = await ana.send_in(group, "/challenge depths 8:00 Berlin")
    assert "already has a challenge" in posted[-1]


async def test_joining_confirms_privately_and_edits_the_board_instead_of_posting(
    sqlite_world: TelegramWorld,
):
    group, _, (ben, _) = await circle(sqlite_world)
    assert "You're in Tuesday circle" in ben.replies[0]
    announcement = group.messages[-1]["text"]
    assert "Joined: 2" in announcement
    assert "· Ben" in announcement
    assert "· Cleo" in announcement
    assert len(group.calls("sendMessage")) == 2  # the intro and the announcement, no more


async def test_joining_needs_membership_of_the_group(sqlite_world: TelegramWorld):
    group, _, _ = await circle(sqlite_world)
    stranger = sqlite_world.user("Eve")
    replies = await stranger.open_link(group, "Join")
    assert "while you're a member of its group" in replies[0]
    assert "Eve" not in group.messages[-1]["text"]


async def test_an_unknown_or_ended_link_gets_a_kind_answer(sqlite_world: TelegramWorld):
    ben = sqlite_world.user("Ben")
    replies = await ben.send("/start join_nosuchcode")
    assert "couldn't find that challenge" in replies[0]


# --- a whole challenge --------------------------------------------------------------------
async def test_each_day_the_theme_is_posted_with_a_practise_privately_button(
    sqlite_world: TelegramWorld,
):
    group, _, _ = await circle(sqlite_world)
    await first_day(sqlite_world)
    post = group.messages[-1]
    # the theme once, in its own words (not also the level's, which says the same)
    assert post["text"].startswith("Day 1 of 7\nBegin on solid ground with something true about")
    assert post["text"].count("something true about you") == 1
    assert "Practised today: 0 of 2" in post["text"]
    button = post["reply_markup"]["inline_keyboard"][0][0]
    assert button["text"] == "Practise privately"
    assert "?start=day_" in button["url"]


async def test_practising_privately_checks_in_and_the_board_is_edited_in_place(
    sqlite_world: TelegramWorld,
):
    group, _, (ben, _cleo) = await circle(sqlite_world)
    await first_day(sqlite_world)
    posts_before = len(group.calls("sendMessage"))
    await practise_today(sqlite_world, ben, group)
    board = group.messages[-1]["text"]
    assert "Practised today: 1 of 2" in board
    assert "✓ Ben · 1 of 1" in board
    assert "· Cleo · 0 of 1" in board
    assert len(group.calls("sendMessage")) == posts_before  # edited, not reposted
    assert FACT not in board  # participation only, never content


async def test_the_days_session_works_on_the_days_level(sqlite_world: TelegramWorld):
    group, _, (ben, _) = await circle(sqlite_world)
    await first_day(sqlite_world)
    replies = await ben.open_link(group, "Practise privately")
    await ben.tap(CONSENT)
    replies = await ben.send("Sam")
    assert said_in("praise.fact", replies) or said_in("level.fact", replies)


async def test_a_whole_challenge_runs_to_its_recap_and_each_member_gets_their_own(
    world: TelegramWorld,
):
    group, _, (ben, cleo) = await circle(world, template="first-steps")
    for day, level in enumerate(("fact", "fact", "others", "others", "self")):
        world.clock.set(FIRST_THEME + timedelta(days=day, minutes=1))
        await world.run_circles()
        assert group.messages[-1]["text"].startswith(f"Day {day + 1} of 5")
        await practise_today(world, ben, group, level)
        if day % 2 == 0:
            await practise_today(world, cleo, group, level)
    world.clock.set(FIRST_THEME + timedelta(days=5, minutes=1))
    await world.run_circles()
    recap = group.calls("sendPhoto")[-1]
    assert recap.files["photo"].startswith(b"\x89PNG")
    assert "Days: 5 · people who practised: 2 · sessions: 8." in recap.params["caption"]
    own = ben.calls("sendMessage")[-1].params["text"]
    assert own.startswith("Tuesday circle is complete. Days you practised: 5 of 5.")
    assert "Days you practised: 3 of 5." in cleo.calls("sendMessage")[-1].params["text"]
    world.clock.advance(timedelta(days=1))
    await world.run_circles()
    assert len(group.calls("sendPhoto")) == 1  # ended: nothing more is posted


async def test_a_theme_telegram_fails_to_take_is_tried_again_later_not_dropped_in_a_burst(
    sqlite_world: TelegramWorld,
):
    world = sqlite_world
    group, _, _ = await circle(world)
    world.server.fail("sendMessage", 500, chat_id=group.id, times=6)  # a few minutes' outage
    world.clock.set(FIRST_THEME + timedelta(minutes=1))
    assert world.closer is not None
    await circle_group.post_due(world.closer)
    tries = []
    for _ in range(12):  # the minutes pass; the sender looks again each time
        await world.sender_round()
        tries.append(len(group.calls("sendMessage")))
        world.clock.advance(timedelta(minutes=1))
    await world.outbox_idle()
    assert any(m.get("text", "").startswith("Day 1") for m in group.messages)
    assert tries[0] < tries[-1]  # spread over the minutes, not spent at once


async def test_a_restart_mid_challenge_loses_nothing_and_posts_nothing_twice(
    world: TelegramWorld,
):
    group, _, (ben, _) = await circle(world)
    await first_day(world)
    await world.restart()
    await world.run_circles()  # the same minute again, after the restart
    assert len([m for m in group.messages if m.get("text", "").startswith("Day 1")]) == 1
    await practise_today(world, ben, group)
    assert "✓ Ben" in group.messages[-1]["text"]


async def test_a_theme_missed_while_the_bot_was_down_is_posted_once_when_it_is_back(
    sqlite_world: TelegramWorld,
):
    world = sqlite_world
    group, _, _ = await circle(world)
    await world.stop_bot()
    world.clock.set(FIRST_THEME + timedelta(hours=3))
    await world.start_bot()
    await world.run_circles()
    await world.run_circles()
    assert [m["text"][:5] for m in group.messages].count("Day 1") == 1


async def test_a_forged_leave_or_nudges_tap_for_someone_elses_circle_names_no_circle(
    sqlite_world: TelegramWorld,
):
    await circle(sqlite_world)
    eve = sqlite_world.user("Eve")  # in no circle
    await eve.send("/start")
    message = eve.message(text="an older message")
    for action in ("leave", "nudges_off"):
        replies = await eve.tap_data(message, f"b1:{action}:1")
        assert "not in" in replies[-1], action
        assert "Tuesday" not in " ".join(replies), action


# --- sharing ------------------------------------------------------------------------------
async def test_a_member_shares_one_statement_after_a_preview_with_protected_content(
    world: TelegramWorld,
):
    group, ben = await practised_on_day_one(world)
    assert "share one statement" in ben.last_reply
    await ben.tap("Share a statement")
    replies = await ben.send("I'm grateful for this group.")
    assert "Ben shares:\n«I'm grateful for this group.»" in replies[-1]
    await ben.tap("Post to Tuesday circle")
    await world.outbox_idle()
    shared = group.calls("sendMessage")[-1]
    assert shared.params["text"] == "Ben shares:\n«I'm grateful for this group.»"
    assert shared.params["protect_content"] is True
    data = await export_of(ben)
    assert data["circles"][0]["days_shared"] == [1]
    assert "grateful" not in json.dumps(data)  # posted, and no longer held


async def test_a_share_waiting_in_the_outbox_is_never_posted_once_its_author_erases_everything(
    world: TelegramWorld,
):
    group, ben = await practised_on_day_one(world)
    await ben.tap("Share a statement")
    await ben.send("I'm grateful for this group.")
    # Telegram holds the group back for seconds: the share waits in the outbox
    world.server.fail("sendMessage", 429, retry_after=1, chat_id=group.id, times=4)
    await ben.tap("Post to Tuesday circle")
    await ben.send("/forget")
    await ben.tap("Yes, erase everything")
    await world.outbox_idle()
    assert not any("grateful" in m.get("text", "") for m in group.messages)


async def test_declining_to_share_posts_nothing(sqlite_world: TelegramWorld):
    group, ben = await practised_on_day_one(sqlite_world)
    posts = len(group.calls("sendMessage"))
    await ben.tap("Share a statement")
    await ben.send("I'm grateful.")
    replies = await ben.tap("Don't share")
    assert "Nothing was shared" in replies[-1]
    await sqlite_world.outbox_idle()
    assert len(group.calls("sendMessage")) == posts


async def test_a_crisis_while_writing_a_share_is_never_posted_and_the_coach_cares(
    sqlite_world: TelegramWorld,
):
    group, ben = await practised_on_day_one(sqlite_world)
    await ben.tap("Share a statement")
    replies = await ben.send("I want to kill myself.")
    assert not any("shares:" in r for r in replies)
    assert "Post to Tuesday circle" not in ben.buttons
    assert replies[0] == "Nothing has been posted to your circle."
    assert any("not alone" in r or "help" in r for r in replies[1:])
    await sqlite_world.outbox_idle()
    assert not any("kill" in (m.get("text") or "") for m in group.messages)


async def test_a_late_tap_on_a_spent_preview_never_misstates_what_was_shared(
    sqlite_world: TelegramWorld,
):
    group, ben = await practised_on_day_one(sqlite_world)
    await ben.tap("Share a statement")
    await ben.send("I'm grateful for this group.")
    preview = ben.message_with_button("Post to Tuesday circle")
    keyboard = preview["reply_markup"]["inline_keyboard"]
    post, keep = (b["callback_data"] for b in (keyboard[0][0], keyboard[-1][0]))
    await ben.tap_data(preview, post)
    for data in (keep, post):  # a second finger on the same preview, a moment later
        replies = await ben.tap_data(preview, data)
        assert replies == ["That preview is closed; nothing more was posted."]
    await sqlite_world.outbox_idle()
    assert len([m for m in group.messages if "Ben shares" in m.get("text", "")]) == 1


async def test_sharing_offered_before_a_safety_question_waits_until_it_is_answered(
    sqlite_world: TelegramWorld,
):
    _, ben = await practised_on_day_one(sqlite_world)
    offer = ben.message_with_button("Share a statement")
    data = offer["reply_markup"]["inline_keyboard"][0][0]["callback_data"]
    await ben.send("honestly i dont want to be here anymore")  # the coach asks: are you safe?
    replies = await ben.tap_data(offer, data)  # the old offer, tapped anyway
    assert replies == ["Let's leave sharing for now. How you are matters more."]
    assert "Post to Tuesday circle" not in ben.buttons


async def test_the_offer_can_be_declined(sqlite_world: TelegramWorld):
    _, ben = await practised_on_day_one(sqlite_world)
    assert await ben.tap("Not today") == ["Okay, not today. Nothing is shared."]
    assert "Share a statement" not in ben.buttons


async def test_facilitators_can_turn_sharing_off(sqlite_world: TelegramWorld):
    group, ana, (ben, _) = await circle(sqlite_world)
    await first_day(sqlite_world)
    await ana.send_in(group, "/sharing off")
    await practise_today(sqlite_world, ben, group)
    assert "Share a statement" not in ben.buttons


# --- facilitators -------------------------------------------------------------------------
async def test_pause_holds_the_themes_and_resume_brings_them_back(sqlite_world: TelegramWorld):
    world = sqlite_world
    group, ana, _ = await circle(world)
    await first_day(world)
    posted = await ana.send_in(group, "/pause")
    assert "Paused" in posted[-1]
    world.clock.advance(timedelta(days=1))
    await world.run_circles()
    assert not any(m.get("text", "").startswith("Day 2") for m in group.messages)
    posted = await ana.send_in(group, "/resume")
    assert "Resumed" in posted[-1]
    world.clock.advance(timedelta(days=1))
    await world.run_circles()
    assert group.messages[-1]["text"].startswith("Day 2 of 7")


async def test_end_posts_the_recap_at_once(sqlite_world: TelegramWorld):
    group, ana, (ben, _) = await circle(sqlite_world)
    await first_day(sqlite_world)
    await practise_today(sqlite_world, ben, group)
    await ana.send_in(group, "/end")
    await sqlite_world.outbox_idle()
    caption = group.calls("sendPhoto")[-1].params["caption"]
    assert "has ended early. Days: 1 · people who practised: 1 · sessions: 1." in caption
    assert "complete" not in caption
    own = ben.calls("sendMessage")[-1].params["text"]
    assert own.startswith(
        "Tuesday circle was ended early by a facilitator. Days you practised: 1 of 1."
    )


@pytest.mark.parametrize("days", [0, 1])
async def test_a_challenge_nobody_practised_in_gets_no_empty_chart(
    sqlite_world: TelegramWorld, days: int
):
    group, ana, (ben, _) = await circle(sqlite_world)
    if days:
        await first_day(sqlite_world)
    await ana.send_in(group, "/end")
    await sqlite_world.outbox_idle()
    assert not group.calls("sendPhoto")
    said = group.messages[-1]["text"]
    if days:
        assert said.startswith("Seven days up the ladder was ended early. Nobody practised")
    else:  # nothing to recap: the answer says so
        assert (
            said == "The challenge has ended before its first theme. Members will hear privately."
        )
        board = group.messages[1]["text"]  # after the hello
        assert "The first theme comes" not in board
        assert "(This challenge has ended.)" in board
    own = ben.calls("sendMessage")[-1].params["text"]  # no count of days missed
    assert "Thank you for being part of it" in own
    assert "0 of its" not in own


async def test_an_admin_can_make_a_member_a_facilitator(sqlite_world: TelegramWorld):
    group, ana, (ben, _) = await circle(sqlite_world)
    note = group.message(ben, text="happy to help")
    await sqlite_world.deliver({"message": note})
    posted = await ana.send_in(group, "/facilitator", reply_to_message=note)
    assert "Ben can now facilitate" in posted[-1]
    posted = await ben.send_in(group, "/pause")
    assert "Paused" in posted[-1]


async def test_nudge_reminds_privately_only_those_who_have_not_practised(
    sqlite_world: TelegramWorld,
):
    group, ana, (ben, cleo) = await circle(sqlite_world)
    await first_day(sqlite_world)
    await practise_today(sqlite_world, ben, group)
    ben_messages = len(ben.calls("sendMessage"))
    posted = await ana.send_in(group, "/nudge")
    assert "(1)" in posted[-1]
    await sqlite_world.outbox_idle()
    assert len(ben.calls("sendMessage")) == ben_messages
    nudge = cleo.calls("sendMessage")[-1].params["text"]
    assert "Tuesday circle is practising today" in nudge
    assert cleo.buttons[-2:] == ["Start today's session", "No more nudges"]
    again = await ana.send_in(group, "/nudge")  # the same day: one nudge is enough
    assert "already had a reminder today" in again[-1]
    await sqlite_world.outbox_idle()
    assert cleo.calls("sendMessage")[-1].params["text"] == nudge
    await cleo.tap("No more nudges")
    await ana.send_in(group, "/nudge")
    await sqlite_world.outbox_idle()
    assert "practising today" not in cleo.calls("sendMessage")[-1].params["text"]


# --- members, the bot, the group ----------------------------------------------------------
async def test_a_member_who_leaves_the_group_leaves_the_board(sqlite_world: TelegramWorld):
    group, _, (ben, _) = await circle(sqlite_world)
    await group.leave(ben)
    await sqlite_world.outbox_idle()
    assert "Ben" not in group.messages[-1]["text"]
    assert "Joined: 1" in group.messages[-1]["text"]


async def test_the_bot_removed_ends_the_challenge_and_members_hear_privately(
    sqlite_world: TelegramWorld,
):
    group, ana, (ben, _) = await circle(sqlite_world)
    await first_day(sqlite_world)
    await group.remove_bot(by=ana)
    await sqlite_world.outbox_idle()
    own = ben.calls("sendMessage")[-1].params["text"]
    assert "has ended, because Closer was removed from its group" in own
    sqlite_world.clock.advance(timedelta(days=1))
    calls = len(group.calls("sendMessage"))
    await sqlite_world.run_circles()
    assert len(group.calls("sendMessage")) == calls


async def test_a_group_upgraded_to_a_supergroup_keeps_its_challenge(
    sqlite_world: TelegramWorld,
):
    group, ana, _ = await circle(sqlite_world)
    await group.migrate(by=ana)
    await first_day(sqlite_world)
    assert group.messages[-1]["text"].startswith("Day 1 of 7")
    assert "Practised today: 0 of 2" in group.messages[-1]["text"]


@pytest.mark.parametrize("joined_first", [True, False])
async def test_an_upgraded_group_gets_no_second_hello_and_its_board_follows(
    sqlite_world: TelegramWorld, joined_first: bool
):
    """Telegram tells an upgrade three ways: a service message in the old group, its twin in the
    supergroup, and the bot's "joined" in the supergroup, in no promised order."""
    world = sqlite_world
    group, ana, _ = await circle(world)
    await first_day(world)
    old = group.id
    new = old - 1_000_000_000
    for (chat_id, user_id), status in list(world.server.members.items()):
        if chat_id == old:
            world.server.members[(new, user_id)] = status
    group.id = new
    joined = {
        "chat": group.chat,
        "from": ana.profile,
        "date": int(world.clock.now().timestamp()),
        "old_chat_member": {"status": "left", "user": BOT_USER},
        "new_chat_member": {"status": "member", "user": BOT_USER},
    }
    to_message = group.message(ana, migrate_to_chat_id=new) | {"chat": {"id": old, "type": "group"}}
    from_message = group.message(ana, migrate_from_chat_id=old)
    updates = [{"message": to_message}, {"message": from_message}]
    updates.insert(0 if joined_first else 2, {"my_chat_member": joined})
    for update in updates:
        await world.deliver(update)
    world.clock.advance(timedelta(seconds=10))  # past the hello's hold
    await world.outbox_idle()
    assert not any("Hello, I'm Closer" in text for text in group.texts_since(0))
    (board,) = group.messages  # the board, posted anew where it can be edited
    assert board["text"].startswith("Day 1 of 7")
    await world.run_circles()
    posted = await ana.send_in(group, "/pause")
    assert "Paused" in posted[-1]


async def test_a_post_refused_because_the_group_was_upgraded_goes_to_the_supergroup_at_once(
    sqlite_world: TelegramWorld,
):
    world = sqlite_world
    group, _, _ = await circle(world)
    old, new = group.id, group.id - 1_000_000_000
    world.server.migrated[old] = new  # the service messages never came
    for (chat_id, user_id), status in list(world.server.members.items()):
        if chat_id == old:
            world.server.members[(new, user_id)] = status
    await first_day(world)
    group.id = new
    day = [m for m in group.messages if m.get("text", "").startswith("Day 1 of 7")]
    assert len(day) == 1  # the theme is not lost in the race
    assert world.server.calls_to("sendMessage", old)  # it was tried there first


async def test_board_replaces_the_board_rather_than_adding_copies(sqlite_world: TelegramWorld):
    world = sqlite_world
    group, _, (ben, _) = await circle(world)
    await first_day(world)
    for _ in range(3):
        await ben.send_in(group, "/board")
    boards = [m for m in group.messages if "Practised today" in m.get("text", "")]
    assert len(boards) == 1
    assert boards[0]["text"].startswith("Day 1 of 7")
    await practise_today(world, ben, group)
    assert "✓ Ben" in group.messages[-1]["text"]  # the board standing is the one edited


async def test_an_edited_facilitator_command_is_not_run_again(sqlite_world: TelegramWorld):
    world = sqlite_world
    group, ana, _ = await circle(world)
    await first_day(world)
    await ana.send_in(group, "/pause")
    paused = len(group.calls("sendMessage"))
    edited = group.message(ana, text="/resume", edit_date=1)
    edited["entities"] = [{"type": "bot_command", "offset": 0, "length": 7}]
    await world.deliver({"edited_message": edited})
    await world.outbox_idle()
    assert not any("Resumed" in text for text in group.texts_since(0))
    assert "Paused" in group.messages[-1]["text"]  # the board still says so
    assert len(group.calls("sendMessage")) <= paused + 1  # at most "that was an edit"


async def test_two_circles_sharing_a_member_both_count_her_session(world: TelegramWorld):
    first, _, (ben, _) = await circle(world)
    zoe = world.user("Zoe")
    second = world.group("Thursday circle", admins=(zoe,), members=(ben,))
    await second.add_bot(by=zoe)
    await zoe.send_in(second, "/challenge ladder 19:00 Berlin")
    await ben.open_link(second, "Join")
    await first_day(world)
    await practise_today(world, ben, first)
    assert "✓ Ben" in first.messages[-1]["text"]
    assert "✓ Ben" in second.messages[-1]["text"]


async def test_a_member_of_two_circles_gets_one_nudge_a_day_between_them(
    sqlite_world: TelegramWorld,
):
    world = sqlite_world
    first, ana, (ben, _) = await circle(world)
    zoe = world.user("Zoe")
    second = world.group("Thursday circle", admins=(zoe,), members=(ben,))
    await second.add_bot(by=zoe)
    await zoe.send_in(second, "/challenge ladder 19:00 Berlin")
    await ben.open_link(second, "Join")
    await first_day(world)
    await ana.send_in(first, "/nudge")
    await world.outbox_idle()
    nudges = [m for m in ben.calls("sendMessage") if "practising today" in m.params["text"]]
    assert len(nudges) == 1
    again = await zoe.send_in(second, "/nudge")
    assert "already had a reminder today" in again[-1]
    await world.outbox_idle()
    assert [m for m in ben.calls("sendMessage") if "practising today" in m.params["text"]] == nudges


async def test_no_nudge_reaches_a_member_within_a_day_of_their_crisis(
    sqlite_world: TelegramWorld,
):
    group, ana, (ben, _) = await circle(sqlite_world)
    await first_day(sqlite_world)
    await ben.open_link(group, "Practise privately")
    await ben.tap(CONSENT)
    await ben.send("Sam")
    await ben.send("I want to end my life.")
    await sqlite_world.outbox_idle()
    before = len(ben.calls("sendMessage"))
    posted = await ana.send_in(group, "/nudge")
    await sqlite_world.outbox_idle()
    assert len(ben.calls("sendMessage")) == before
    assert "Ben" not in posted[-1]  # and the group's answer names no one


async def test_ordinary_group_messages_are_never_read_or_answered(sqlite_world: TelegramWorld):
    group, _, (ben, _) = await circle(sqlite_world)
    posted = await ben.send_in(group, "I feel like nobody listens to me")
    assert posted == []


async def test_a_private_crisis_is_never_mentioned_in_the_group(sqlite_world: TelegramWorld):
    group, _, (ben, _) = await circle(sqlite_world)
    await first_day(sqlite_world)
    await ben.open_link(group, "Practise privately")
    await ben.tap(CONSENT)
    await ben.send("Sam")
    await ben.send("I want to end my life.")
    await sqlite_world.outbox_idle()
    board = group.messages[-1]["text"]
    assert "✓ Ben" not in board
    assert "· Ben · 0 of 1" in board


# --- privacy ------------------------------------------------------------------------------
async def export_of(person: TelegramUser) -> dict:  # type: ignore[type-arg]
    await person.send("/export")
    return json.loads(person.calls("sendDocument")[-1].files["document"])


async def test_forget_takes_a_member_off_every_board(sqlite_world: TelegramWorld):
    group, _, (ben, _) = await circle(sqlite_world)
    await ben.send("/forget")
    await ben.tap("Yes, erase everything")
    await sqlite_world.outbox_idle()
    assert "Ben" not in group.messages[-1]["text"]


async def test_an_alias_replaces_the_first_name_on_the_board(sqlite_world: TelegramWorld):
    group, _, (ben, _) = await circle(sqlite_world)
    replies = await ben.send("/alias Sunny")
    assert "as Sunny" in replies[0]
    await sqlite_world.outbox_idle()
    assert "· Sunny" in group.messages[-1]["text"]
    assert "Ben" not in group.messages[-1]["text"]


async def test_circles_lists_them_and_leaving_takes_you_off_the_board(
    sqlite_world: TelegramWorld,
):
    group, _, (ben, _) = await circle(sqlite_world)
    replies = await ben.send("/circles")
    assert "Tuesday circle: starting soon, day 0 of 7" in replies[0]
    await ben.tap("Leave Tuesday circle")
    await sqlite_world.outbox_idle()
    assert "Ben" not in group.messages[-1]["text"]


async def test_another_bots_command_in_the_group_is_left_alone(sqlite_world: TelegramWorld):
    group, _, (ben, _) = await circle(sqlite_world)
    assert await ben.send_in(group, "/start@some_other_bot") == []
    posted = await ben.send_in(group, "/start@closer_test_bot")
    assert "Let's talk in private" in posted[-1]
