"""Daily reminders at each person's local time, with a clock the tests move."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta

from bot.practice import reminders
from bot.runtime import Closer
from tests.coach_words import said_in
from tests.telegram_client import TelegramUser, TelegramWorld
from tests.test_telegram_practice import onboard

REMINDER = "Time for a few minutes of practice"


async def run_reminders(world: TelegramWorld) -> int:
    """What the job does at the clock's time: queue the due reminders; then let them go out.
    Returns how many were queued."""
    assert world.closer is not None
    queued = await reminders.queue_due(world.closer)
    await world.outbox_idle()
    return queued


def reminded(user: TelegramUser) -> int:
    return sum(REMINDER in c.params.get("text", "") for c in user.calls("sendMessage"))


async def test_remind_sets_a_daily_time_in_the_named_city(world: TelegramWorld):
    world.clock.set(datetime(2026, 11, 21, 6, 0, tzinfo=UTC))  # 07:00 in Berlin
    ana = world.user()
    reply = await ana.send("/remind 8:30 Berlin")
    assert "every day at 08:30 (Europe/Berlin)" in reply[0]
    assert "today" in reply[0]
    assert await run_reminders(world) == 0
    world.clock.set(datetime(2026, 11, 21, 7, 30, tzinfo=UTC))  # 08:30 in Berlin
    assert await run_reminders(world) == 1
    assert await run_reminders(world) == 0  # never twice
    assert reminded(ana) == 1
    world.clock.advance(timedelta(days=1))
    assert await run_reminders(world) == 1  # and again the next day


async def test_reminders_follow_each_persons_time_zone(world: TelegramWorld):
    world.clock.set(datetime(2026, 11, 20, 20, 0, tzinfo=UTC))  # 05:00 Tokyo, 15:00 New York
    tokyo, new_york = world.user("Aiko"), world.user("Nia")
    await tokyo.send("/remind 9:00 Tokyo")
    await new_york.send("/remind 9am New York")
    world.clock.set(datetime(2026, 11, 21, 0, 0, tzinfo=UTC))  # 09:00 in Tokyo, 19:00 in NY
    await run_reminders(world)
    assert (reminded(tokyo), reminded(new_york)) == (1, 0)
    world.clock.set(datetime(2026, 11, 21, 14, 0, tzinfo=UTC))  # 09:00 in New York (EST)
    await run_reminders(world)
    assert (reminded(tokyo), reminded(new_york)) == (1, 1)


async def test_a_reminder_missed_while_down_goes_out_once_the_same_day(world: TelegramWorld):
    world.clock.set(datetime(2026, 11, 21, 6, 0, tzinfo=UTC))
    ana = world.user()
    await ana.send("/remind 8:30 Berlin")
    await world.stop_bot()
    world.clock.set(datetime(2026, 11, 21, 15, 0, tzinfo=UTC))  # back up at 16:00 Berlin
    await world.start_bot()
    assert await run_reminders(world) == 1
    assert await run_reminders(world) == 0


async def test_a_day_missed_entirely_is_not_sent_late(world: TelegramWorld):
    world.clock.set(datetime(2026, 11, 21, 6, 0, tzinfo=UTC))
    ana = world.user()
    await ana.send("/remind 20:00 Berlin")
    await world.stop_bot()
    world.clock.set(datetime(2026, 11, 22, 8, 0, tzinfo=UTC))  # next morning, 09:00 Berlin
    await world.start_bot()
    assert await run_reminders(world) == 0  # yesterday's evening reminder is gone
    world.clock.set(datetime(2026, 11, 22, 19, 0, tzinfo=UTC))
    assert await run_reminders(world) == 1


async def test_no_reminder_after_todays_daily_session(world: TelegramWorld):
    world.clock.set(datetime(2026, 11, 21, 6, 0, tzinfo=UTC))
    ana = await onboard(world)
    await ana.send("/remind 18:00 Berlin")
    for text in ("/daily", "I have a dog.", "I'm worried about my dad."):
        await ana.send(text)  # the reflection left unanswered: the day counts all the same
    world.clock.set(datetime(2026, 11, 21, 17, 0, tzinfo=UTC))
    assert await run_reminders(world) == 0


async def test_no_reminder_after_a_whole_practice_today(sqlite_world: TelegramWorld):
    sqlite_world.clock.set(datetime(2026, 11, 21, 6, 0, tzinfo=UTC))
    ana = await onboard(sqlite_world)
    await ana.send("/remind 18:00 Berlin")
    await ana.send("/practice")
    for text in (
        "I have a dog.",
        "I'm worried about my dad.",
        "I'm proud of myself.",
        "Right now I feel shy telling you this.",
    ):
        await ana.send(text)
    sqlite_world.clock.set(datetime(2026, 11, 21, 17, 0, tzinfo=UTC))
    assert await run_reminders(sqlite_world) == 0


async def test_the_reminder_button_starts_todays_session(world: TelegramWorld):
    world.clock.set(datetime(2026, 11, 21, 6, 0, tzinfo=UTC))
    ana = await onboard(world)
    await ana.send("/stop")
    await ana.send("/remind 8:30 Berlin")
    world.clock.set(datetime(2026, 11, 21, 7, 30, tzinfo=UTC))
    await run_reminders(world)
    replies = await ana.tap("Start today's session")
    assert said_in("session.daily", replies)


async def test_a_blocked_person_is_marked_inactive_and_not_reminded_again(world: TelegramWorld):
    world.clock.set(datetime(2026, 11, 21, 6, 0, tzinfo=UTC))
    ana = world.user()
    await ana.send("/remind 8:30 Berlin")
    world.server.blocked.add(ana.id)
    world.clock.set(datetime(2026, 11, 21, 7, 30, tzinfo=UTC))
    assert await run_reminders(world) == 1  # queued; Telegram refuses it with 403
    attempts = len(ana.calls("sendMessage"))
    world.clock.advance(timedelta(days=1))
    assert await run_reminders(world) == 0
    assert len(ana.calls("sendMessage")) == attempts  # not even tried
    world.server.blocked.discard(ana.id)
    await ana.send("/start")  # unblocking shows "Restart", which sends /start
    world.clock.advance(timedelta(days=1))
    assert await run_reminders(world) == 1


async def test_two_processes_never_send_the_same_reminder(world: TelegramWorld):
    world.clock.set(datetime(2026, 11, 21, 6, 0, tzinfo=UTC))
    people = [world.user(f"P{i}") for i in range(12)]
    for person in people:
        await person.send("/remind 8:30 Berlin")
    world.clock.set(datetime(2026, 11, 21, 7, 30, tzinfo=UTC))
    assert world.app is not None
    other = Closer.load(world.database_url, clock=world.clock)  # a second process's own pool
    try:
        counts = await asyncio.gather(reminders.queue_due(world.closer), reminders.queue_due(other))
    finally:
        await other.db.close()
    await world.outbox_idle()
    assert sum(counts) == 12
    assert [reminded(p) for p in people] == [1] * 12


async def test_remind_off_and_the_current_setting(world: TelegramWorld):
    ana = world.user()
    assert "no reminder" in (await ana.send("/remind"))[0]
    await ana.send("/remind 7pm Paris")
    assert "19:00 (Europe/Paris)" in (await ana.send("/remind"))[0]
    assert "off" in (await ana.send("/remind off"))[0]
    assert "no reminder" in (await ana.send("/remind"))[0]


async def test_remind_asks_kindly_about_what_it_cannot_read(sqlite_world: TelegramWorld):
    ana = sqlite_world.user()
    assert 'couldn\'t find "Atlantis"' in (await ana.send("/remind 8:00 Atlantis"))[0]
    assert "What time zone" in (await ana.send("/remind 8:00"))[0]
    assert "couldn't read that time" in (await ana.send("/remind at dawn"))[0]
    await ana.send("/remind 8:00 Lisbon")
    assert "(Europe/Lisbon)" in (await ana.send("/remind 9:15"))[0]  # the known zone is kept


async def test_the_reminders_job_runs_by_itself(server, sqlite_url):  # type: ignore[no-untyped-def]
    world = TelegramWorld(server, sqlite_url)
    world.clock.set(datetime(2026, 11, 21, 6, 0, tzinfo=UTC))
    await world.start_bot()
    ana = world.user()
    await ana.send("/remind 8:30 Berlin")
    await world.stop_bot()
    world.clock.set(datetime(2026, 11, 21, 7, 31, tzinfo=UTC))
    await world.start_bot(reminder_every=0.2)
    try:
        await world.wait_for(lambda: reminded(ana) == 1)
    finally:
        await world.stop_bot()
