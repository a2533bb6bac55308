"""Replicas on one PostgreSQL (webhook mode), in one test process: one of them sends for the
whole deployment, woken by NOTIFY, and hands over when it stops; one person's updates wait for
their earlier ones whichever replica took them; first contact on two at once is one person.
tests/test_telegram_deployment.py runs the same with real processes, killed."""

from __future__ import annotations

import asyncio
import math
import time
from datetime import UTC, date, datetime
from typing import Any

import pytest

from bot.delivery import outbox
from bot.delivery.outbox import Sender
from bot.delivery.pacer import PAID
from bot.storage import inbox, store
from bot.storage.database import Database
from fakes.bot_api import FakeBotApi
from tests.telegram_client import TelegramWorld

ON_POSTGRES = pytest.mark.parametrize("database_url", ["postgresql"], indirect=True)
HANDOVER = 5.0  # seconds a new sender may take to be elected (it tries every second)


def sender(world: TelegramWorld) -> Sender:
    assert world.app is not None
    found, _, _ = world.app.bot_data["sender"]
    return found


async def elected(worlds: list[TelegramWorld]) -> TelegramWorld:
    """The replica that sends, once one is elected."""
    deadline = time.monotonic() + HANDOVER
    while time.monotonic() < deadline:
        sending = [w for w in worlds if w.app is not None and w.closer and w.closer.sending_here]
        if sending:
            return sending[0]
        await asyncio.sleep(0.02)
    raise TimeoutError("no replica was elected to send")


def others(worlds: list[TelegramWorld], one: TelegramWorld) -> TelegramWorld:
    return next(w for w in worlds if w is not one)


@ON_POSTGRES
async def test_one_replica_of_several_sends_for_the_deployment(replicas: list[TelegramWorld]):
    await elected(replicas)
    await asyncio.sleep(1.5)  # the other has tried for the lock since, and failed
    assert [w.closer.sending_here for w in replicas if w.closer].count(True) == 1


@ON_POSTGRES
async def test_a_reply_written_on_a_replica_that_does_not_send_is_sent_by_the_one_that_does(
    replicas: list[TelegramWorld],
):
    sending = await elected(replicas)
    quiet = others(replicas, sending)
    ana = quiet.user()
    await quiet.wait_done(await quiet.post(ana.text_message("/help")))
    await quiet.wait_for(lambda: quiet.server.calls_to("sendMessage", ana.id))
    assert sender(sending).sent == 1
    assert sender(quiet).sent == 0


@ON_POSTGRES
async def test_the_sender_is_woken_by_the_outbox_s_notify_not_by_its_idle_look(
    replicas: list[TelegramWorld], monkeypatch: pytest.MonkeyPatch
):
    sending = await elected(replicas)
    quiet = others(replicas, sending)
    monkeypatch.setattr(outbox, "IDLE_CHECK", 60.0)
    await asyncio.sleep(2.5)  # both of the sender's lanes are in their 60-second sleep now
    ana = quiet.user()
    await quiet.wait_done(await quiet.post(ana.text_message("/help")))
    await quiet.wait_for(lambda: quiet.server.calls_to("sendMessage", ana.id), timeout=1.0)


@ON_POSTGRES
async def test_when_the_sender_stops_another_replica_takes_over_and_sends(
    replicas: list[TelegramWorld],
):
    sending = await elected(replicas)
    await sending.stop_bot()
    remaining = [w for w in replicas if w is not sending]
    after = await elected(remaining)
    ana = after.user()
    await after.wait_done(await after.post(ana.text_message("/help")))
    await after.wait_for(lambda: after.server.calls_to("sendMessage", ana.id))


@ON_POSTGRES
async def test_an_update_waits_while_an_earlier_one_of_the_same_person_is_in_the_inbox(
    replicas: list[TelegramWorld],
):
    first = replicas[0]
    assert first.closer is not None
    ana, bea = first.user("Ana"), first.user("Bea")
    async with first.closer.db.transaction() as s:  # another replica is handling it
        await inbox.take(
            s, [{"update_id": 0, **ana.text_message("/about")}], first.clock.now(), {0: ana.id}
        )
    later = await first.post(ana.text_message("/help"))
    await first.wait_done(await first.post(bea.text_message("/help")))  # others go on
    await asyncio.sleep(0.3)
    assert first.server.calls_to("sendMessage", ana.id) == []
    async with first.closer.db.transaction() as s:
        await inbox.handled(s, [0], first.clock.now())
    await first.wait_done(later)
    await first.wait_for(lambda: first.server.calls_to("sendMessage", ana.id))


@ON_POSTGRES
async def test_an_update_does_not_wait_for_an_earlier_one_of_another_person(
    replicas: list[TelegramWorld],
):
    first = replicas[0]
    assert first.closer is not None
    ana, bea = first.user("Ana"), first.user("Bea")
    async with first.closer.db.transaction() as s:
        await inbox.take(
            s, [{"update_id": 0, **bea.text_message("/about")}], first.clock.now(), {0: bea.id}
        )
    await first.wait_done(await first.post(ana.text_message("/help")))


async def held_by(world: TelegramWorld, update: dict[str, Any], holder: int) -> int:
    """An update another replica took in, its lease still running."""
    assert world.closer is not None
    async with world.closer.db.transaction() as s:
        await inbox.take(s, [{"update_id": 0, **update}], world.clock.now(), None, holder)
    return 0


@ON_POSTGRES
async def test_an_update_held_by_a_replica_that_died_is_handled_before_its_lease_runs_out(
    replicas: list[TelegramWorld],
):
    first = replicas[0]
    ana = first.user()
    update_id = await held_by(first, ana.text_message("/help"), holder=12345)  # no such lock
    await first.app.bot_data["intake"].hand_out_waiting()  # type: ignore[union-attr]
    await first.wait_done(update_id)


@ON_POSTGRES
async def test_an_update_held_by_a_live_replica_is_left_to_it(replicas: list[TelegramWorld]):
    first, second = replicas
    assert second.closer is not None
    assert second.closer.replica is not None
    ana = first.user()
    await held_by(first, ana.text_message("/help"), holder=second.closer.replica)
    await first.app.bot_data["intake"].hand_out_waiting()  # type: ignore[union-attr]
    await asyncio.sleep(0.2)
    assert first.server.calls_to("sendMessage", ana.id) == []


# --- storage: the turn lock and first contact --------------------------------------------
NOW = datetime(2026, 11, 21, 9, 0, tzinfo=UTC)


async def turn(
    db: Database, person: int, update_id: int, claimed: asyncio.Event, go: asyncio.Event
) -> None:
    """A handler's turn for `person`: claims its update (`claimed`), then ends at `go`."""
    store.TURN_OF.set(person)  # as the update processor sets it (this task's own context)
    async with db.transaction() as s:
        await store.claim_update(s, update_id, NOW)
        claimed.set()
        await go.wait()


async def second_turn_claims(db: Database, second_person: int) -> bool:
    """Whether a second turn claims its update while person 7's first is still going."""
    first_claimed, first_ends = asyncio.Event(), asyncio.Event()
    first = asyncio.create_task(turn(db, 7, 1, first_claimed, first_ends))
    await asyncio.wait_for(first_claimed.wait(), 5)
    claimed, ends = asyncio.Event(), asyncio.Event()
    ends.set()
    second = asyncio.create_task(turn(db, second_person, 2, claimed, ends))
    await asyncio.sleep(0.3)
    went = claimed.is_set()
    first_ends.set()
    await first
    await asyncio.wait_for(second, 5)
    return went


@ON_POSTGRES
async def test_one_person_s_second_turn_waits_for_the_first_to_commit(db: Database):
    assert not await second_turn_claims(db, 7)


@ON_POSTGRES
async def test_another_person_s_turn_does_not_wait(db: Database):
    assert await second_turn_claims(db, 8)


@ON_POSTGRES
async def test_first_contact_on_two_replicas_at_once_makes_one_person(db: Database):
    today = date(2026, 11, 21)
    one = db.sessions()
    two = db.sessions()
    async with one.begin():
        made = await store.user_for_update(one, 42, 42, today)
        later = asyncio.create_task(_first_contact(two, today))
        await asyncio.sleep(0.3)
        assert not later.done()  # waits on the row's key until the first commits
    found = await asyncio.wait_for(later, 5)
    assert (made.id, found.id) == (42, 42)
    await one.close()
    await two.close()


async def _first_contact(s, today: date) -> store.Person:  # type: ignore[no-untyped-def]
    async with s.begin():
        return await store.user_for_update(s, 42, 42, today)


# --- paid broadcasts -----------------------------------------------------------------------
async def test_with_paid_broadcasts_every_send_allows_them_at_their_pace(
    server: FakeBotApi, sqlite_url: str
):
    world = TelegramWorld(server, sqlite_url, pace=None, paid_broadcast=True)
    await world.start_bot()
    try:
        ana = world.user()
        await ana.send("/help")
        assert world.closer is not None
        assert world.closer.pacer.pace == PAID
        assert not math.isinf(PAID.per_second)
        assert server.calls_to("sendMessage", ana.id)[0].params["allow_paid_broadcast"] is True
    finally:
        await world.stop_bot()
