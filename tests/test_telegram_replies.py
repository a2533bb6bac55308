"""A coach turn's replies are committed with the turn (in the outbox) and sent right after:
a failed send or a crash between the two loses no reply, repeats none, and keeps the order."""

from __future__ import annotations

import asyncio
from datetime import timedelta

import pytest
from sqlalchemy import select

from bot.delivery.messages import Outgoing
from bot.delivery.outbox import LEASE, Sender, queue_replies
from bot.storage.tables import Kind, OutboxPost
from tests.coach_words import said_in
from tests.telegram_client import TelegramUser, TelegramWorld
from tests.test_telegram_practice import onboard


def delivered(world: TelegramWorld, person: TelegramUser) -> list[str]:
    """The texts the server accepted for this chat, in the order it accepted them."""
    return [m.get("text", "") for m, _ in world.server.accepted if m["chat"]["id"] == person.id]


async def reply_rows(world: TelegramWorld) -> list[OutboxPost]:
    assert world.closer is not None
    async with world.closer.db.transaction() as s:
        query = select(OutboxPost).where(OutboxPost.kind == Kind.REPLY).order_by(OutboxPost.id)
        return list(await s.scalars(query))


async def test_a_reply_refused_with_a_500_arrives_after_its_backoff_once_and_before_the_next(
    sqlite_world: TelegramWorld,
):
    ana = await onboard(sqlite_world)
    before = len(delivered(sqlite_world, ana))
    sqlite_world.server.fail("sendMessage", 500, chat_id=ana.id)
    await ana.send("I grew up on a farm.")  # refused with a 500: nothing arrives
    await ana.send("I feel calm when I walk by the sea.")  # waits behind the first
    await sqlite_world.sender_round()
    assert delivered(sqlite_world, ana)[before:] == []
    sqlite_world.clock.advance(timedelta(seconds=3))  # past the first retry's wait
    await sqlite_world.outbox_idle()
    arrived = delivered(sqlite_world, ana)[before:]
    assert len(arrived) == 2
    assert said_in("praise.fact", arrived[:1])  # the first turn's answer first
    assert all(row.done_at is not None for row in await reply_rows(sqlite_world))


async def test_a_reply_committed_before_a_crash_is_sent_once_its_lease_runs_out(
    sqlite_world: TelegramWorld, monkeypatch: pytest.MonkeyPatch
):
    ana = await onboard(sqlite_world)
    before = len(delivered(sqlite_world, ana))

    async def dies_before_sending(self: Sender, posts: object) -> None:
        return None

    with monkeypatch.context() as patched:
        patched.setattr(Sender, "send_now", dies_before_sending)
        await ana.send("I grew up on a farm.")
    assert delivered(sqlite_world, ana)[before:] == []
    sqlite_world.clock.advance(LEASE + timedelta(seconds=1))
    await sqlite_world.outbox_idle()
    arrived = delivered(sqlite_world, ana)[before:]
    assert len(arrived) == 1
    assert said_in("praise.fact", arrived)


async def test_replies_outlasting_their_lease_in_a_slow_send_go_once_and_in_order(
    sqlite_world: TelegramWorld,
):
    world = sqlite_world
    ana = world.user()
    assert world.closer is not None
    assert world.app is not None
    async with world.closer.db.transaction() as s:
        posts = await queue_replies(
            s, world.closer, None, ana.id, [Outgoing("one"), Outgoing("two"), Outgoing("three")]
        )
    world.server.hold("sendMessage", 0.3, chat_id=ana.id)  # Telegram is slow to take "one"
    sender, _, _ = world.app.bot_data["sender"]
    sending = asyncio.ensure_future(sender.send_now(posts))
    await asyncio.sleep(0.1)
    world.clock.advance(LEASE + timedelta(seconds=1))  # meanwhile their leases run out
    await world.sender_round()
    await sending
    await world.outbox_idle()
    assert [m["text"] for m, _ in world.server.accepted] == ["one", "two", "three"]


async def test_progress_waits_behind_a_reply_being_retried_and_arrives_whole(
    sqlite_world: TelegramWorld,
):
    ana = await onboard(sqlite_world)
    await ana.send("I grew up on a farm.")
    sqlite_world.server.fail("sendMessage", 500, chat_id=ana.id)
    await ana.send("I feel calm when I walk by the sea.")  # its answer fails, waits a retry
    await ana.send("/progress")
    await sqlite_world.sender_round()
    assert not sqlite_world.server.calls_to("sendPhoto", ana.id)  # not ahead of the answer
    sqlite_world.clock.advance(timedelta(seconds=3))
    await sqlite_world.outbox_idle()
    last = [("photo" if "photo" in m else m["text"]) for m, _ in sqlite_world.server.accepted
            if m["chat"]["id"] == ana.id][-3:]  # fmt: skip
    assert "growing edge" not in last[0]  # the retried answer first,
    assert "growing edge" in last[1]  # then the summary,
    assert last[2] == "photo"  # then the chart


async def test_an_export_refused_once_with_a_500_still_arrives(sqlite_world: TelegramWorld):
    ana = await onboard(sqlite_world)
    sqlite_world.server.fail("sendDocument", 500, chat_id=ana.id)
    await ana.send("/export")
    assert not [m for m, _ in sqlite_world.server.accepted if "document" in m]
    sqlite_world.clock.advance(timedelta(seconds=3))
    await sqlite_world.outbox_idle()
    (document,) = [m for m, _ in sqlite_world.server.accepted if "document" in m]
    assert document["chat"]["id"] == ana.id


async def test_a_reply_leaves_no_words_behind_once_sent(sqlite_world: TelegramWorld):
    ana = await onboard(sqlite_world)
    await ana.send("I grew up on a farm.")
    rows = await reply_rows(sqlite_world)
    assert rows
    assert all(row.done_at is not None and row.text is None for row in rows)


async def test_a_reply_whose_connection_drops_before_it_is_sent_arrives_once(
    sqlite_world: TelegramWorld,
):
    ana = await onboard(sqlite_world)
    before = len(delivered(sqlite_world, ana))
    sqlite_world.server.drop("sendMessage", chat_id=ana.id)
    await ana.send("I grew up on a farm.")  # the connection is cut: nothing arrives
    assert delivered(sqlite_world, ana)[before:] == []
    sqlite_world.clock.advance(timedelta(seconds=3))  # past the retry's wait
    await sqlite_world.outbox_idle()
    arrived = delivered(sqlite_world, ana)[before:]
    assert len(arrived) == 1  # once, after the retry's wait
    assert said_in("praise.fact", arrived)


async def test_a_reply_whose_answer_is_lost_may_arrive_twice_and_never_not_at_all(
    sqlite_world: TelegramWorld,
):
    """The one repeat the README owns to: Telegram took the message, but the bot never heard."""
    ana = await onboard(sqlite_world)
    before = len(delivered(sqlite_world, ana))
    sqlite_world.server.drop("sendMessage", after=True, chat_id=ana.id)
    await ana.send("I grew up on a farm.")
    sqlite_world.clock.advance(timedelta(seconds=3))
    await sqlite_world.outbox_idle()
    arrived = delivered(sqlite_world, ana)[before:]
    assert len(arrived) == 2
    assert arrived[0] == arrived[1]  # the same message, sent again
