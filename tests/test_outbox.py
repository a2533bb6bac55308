"""The outbox sender: posts go out at a pace, never too many in one group's window, a 429
pauses everything for as long as Telegram asks, and nothing is lost or sent twice."""

from __future__ import annotations

import asyncio
import math
from collections.abc import AsyncIterator
from datetime import timedelta

import pytest

from bot.delivery.outbox import Post, Sender
from bot.delivery.pacer import Pace
from bot.storage import circles as circle_store
from bot.storage.tables import Kind
from fakes.bot_api import FakeBotApi
from tests.telegram_client import TelegramWorld

GROUP = -100_200_300
PERSON = 5_000  # a private chat: only the overall pace applies


@pytest.fixture
async def paced(server: FakeBotApi, sqlite_url: str) -> AsyncIterator[TelegramWorld]:
    """A bot whose sender keeps a small, quick window, so the rules show in a second."""
    world = TelegramWorld(
        server, sqlite_url, pace=Pace(per_second=60, per_group=3, group_window=0.6)
    )
    await world.start_bot()
    yield world
    await world.stop_bot()


async def queue(world: TelegramWorld, chats: list[int]) -> None:
    assert world.closer is not None
    async with world.closer.db.transaction() as s:
        for number, chat_id in enumerate(chats):
            await circle_store.enqueue(
                s, chat_id=chat_id, kind=Kind.SHARE, now=world.clock.now(), text=f"post {number}"
            )
    world.closer.posts_waiting.set()


def sent_to(world: TelegramWorld, chat_id: int) -> list[tuple[float, str]]:
    return [(c.at, c.params["text"]) for c in world.server.calls_to("sendMessage", chat_id)]


def sender_of(world: TelegramWorld) -> Sender:
    assert world.app is not None
    sender, _, _ = world.app.bot_data["sender"]
    return sender


async def test_a_group_never_gets_more_than_its_share_of_a_window_and_order_is_kept(
    paced: TelegramWorld,
):
    await queue(paced, [GROUP] * 7)
    await paced.outbox_idle()
    sent = sent_to(paced, GROUP)
    assert [text for _, text in sent] == [f"post {n}" for n in range(7)]
    times = [at for at, _ in sent]
    for first, fourth in zip(times, times[3:], strict=False):
        assert fourth - first >= 0.6 - 0.01


async def test_other_groups_go_on_while_one_waits_for_its_window(paced: TelegramWorld):
    await queue(paced, [GROUP] * 5 + [GROUP - 1])
    await paced.outbox_idle()
    ((other_at, _),) = sent_to(paced, GROUP - 1)
    fifth_at, _ = sent_to(paced, GROUP)[-1]
    assert other_at < fifth_at  # it did not queue behind the full group


async def test_sends_are_spaced_at_the_overall_pace(paced: TelegramWorld):
    chats = [1_000 + n for n in range(13)]
    await queue(paced, chats)
    await paced.outbox_idle()
    times = sorted(at for chat in chats for at, _ in sent_to(paced, chat))
    assert times[-1] - times[0] >= 12 / 60 * 0.9


async def test_replies_sent_by_many_handlers_at_once_keep_the_overall_pace(paced: TelegramWorld):
    people = [paced.user(f"P{n}") for n in range(12)]
    await asyncio.gather(*(person.send("/help") for person in people))
    times = sorted(at for person in people for at, _ in sent_to(paced, person.id))
    assert len(times) == 12
    assert times[-1] - times[0] >= 11 / 60 * 0.9


async def test_answers_to_commands_in_a_group_keep_to_the_groups_share_of_a_window(
    paced: TelegramWorld,
):
    ana = paced.user("Ana")
    group = paced.group(admins=(ana,))
    await group.add_bot(by=ana)  # the intro: one post
    for _ in range(4):
        await ana.send_in(group, "/board")  # no challenge here: each is answered so
    times = [c.at for c in paced.server.calls_to("sendMessage", group.id)]
    assert len(times) == 5
    for first, fourth in zip(times, times[3:], strict=False):
        assert fourth - first >= 0.6 - 0.01


async def test_many_groups_adding_the_bot_at_once_get_their_hellos_at_the_pace_and_a_person_first(
    paced: TelegramWorld,
):
    ana = paced.user("Ana")
    groups = [paced.group(f"G{n}", admins=(ana,)) for n in range(30)]
    for group in groups:
        await group.add_bot(by=ana, hold=False)  # each hello waits out its hold in the outbox
    assert not paced.server.calls_to("sendMessage")
    paced.clock.advance(timedelta(seconds=10))
    ben = paced.user("Ben")
    await ben.send("/help")  # a person waiting is answered before the hellos queued earlier
    await paced.outbox_idle()
    hellos = sorted(c.at for g in groups for c in paced.server.calls_to("sendMessage", g.id))
    assert len(hellos) == 30  # one each
    assert hellos[-1] - hellos[0] >= 29 / 60 * 0.9  # never faster than the overall pace
    (answer,) = paced.server.calls_to("sendMessage", ben.id)
    assert answer.at <= hellos[5]


async def test_a_429_pauses_sending_and_the_post_still_goes_out_exactly_once(
    paced: TelegramWorld,
):
    paced.server.fail("sendMessage", 429, retry_after=1, chat_id=GROUP, times=2)
    await queue(paced, [GROUP])
    await paced.outbox_idle()
    delivered = [m["text"] for (chat, _), m in paced.server.messages.items() if chat == GROUP]
    assert delivered == ["post 0"]
    assert len(sent_to(paced, GROUP)) == 3  # two refused, then the one that went through
    assert sender_of(paced).pacer.retried_after == 2
    attempts = [at for at, _ in sent_to(paced, GROUP)]
    assert attempts[1] - attempts[0] >= 1.0 - 0.01  # each waited the second Telegram asked


async def test_a_group_that_removed_the_bot_drops_what_waited_for_it(paced: TelegramWorld):
    paced.server.blocked.add(GROUP)
    await queue(paced, [GROUP] * 3 + [GROUP - 1])
    await paced.outbox_idle()
    assert len(paced.server.calls_to("sendMessage", GROUP)) == 1  # refused once, then dropped
    assert len(sent_to(paced, GROUP - 1)) == 1


async def test_posts_waiting_at_a_restart_are_each_sent_once(server: FakeBotApi, sqlite_url: str):
    world = TelegramWorld(server, sqlite_url, pace=Pace(per_second=40))
    await world.start_bot()
    chats = [2_000 + n for n in range(30)]
    await queue(world, chats)
    await world.wait_for(lambda: len(server.calls_to("sendMessage")) >= 5)
    await world.restart()
    await world.outbox_idle()
    await world.stop_bot()
    counts = [len(server.calls_to("sendMessage", chat)) for chat in chats]
    assert counts == [1] * 30


async def test_a_post_failing_through_a_long_outage_is_tried_until_it_goes(paced: TelegramWorld):
    paced.server.fail("sendMessage", 500, chat_id=PERSON, times=30)
    await queue(paced, [PERSON])
    for _ in range(30):  # two and a half hours of 500s, tried at most five minutes apart
        await paced.sender_round()
        paced.clock.advance(timedelta(minutes=5, seconds=1))
    await paced.outbox_idle()
    assert [text for _, text in sent_to(paced, PERSON)] == ["post 0"] * 31


async def test_a_post_still_failing_after_a_day_is_given_up(paced: TelegramWorld):
    paced.server.fail("sendMessage", 500, chat_id=PERSON, times=1000)
    await queue(paced, [PERSON])
    await paced.sender_round()
    paced.clock.advance(timedelta(days=1))
    await paced.sender_round()
    await paced.outbox_idle()  # nothing waits: given up, not tried for ever
    assert len(sent_to(paced, PERSON)) == 2


async def test_a_stop_in_the_middle_of_a_burst_leaves_the_rest_of_the_batch_for_later(
    server: FakeBotApi, sqlite_url: str
):
    world = TelegramWorld(server, sqlite_url, pace=Pace(per_second=20))
    await world.start_bot()
    await queue(world, [3_000 + n for n in range(100)])
    await world.wait_for(lambda: len(server.calls_to("sendMessage")) >= 3)
    await world.stop_bot()  # what SIGTERM does
    sent = len(server.calls_to("sendMessage"))
    assert sent < 20  # not the whole leased batch of a hundred, at 20 a second
    world.pace = Pace(per_second=math.inf)  # the rest need not take another five seconds
    await world.start_bot()
    await world.outbox_idle()
    await world.stop_bot()
    assert sorted(c.params["chat_id"] for c in server.calls_to("sendMessage")) == [
        3_000 + n for n in range(100)
    ]


async def test_a_post_whose_last_look_outlasts_its_turn_takes_another_before_it_goes(
    server: FakeBotApi, sqlite_url: str, monkeypatch: pytest.MonkeyPatch
):
    # Sent that late, a post could reach Telegram in the same second as the thirty turns after
    # it. Two a second: half an interval is a quarter of a second.
    world = TelegramWorld(server, sqlite_url, pace=Pace(per_second=2))
    await world.start_bot()
    sender = sender_of(world)
    turns: list[float] = []
    take_slot = sender.pacer.take_slot

    async def counted(urgent: bool = False) -> float:
        turns.append(await take_slot(urgent))
        return turns[-1]

    still_queued = Sender._still_queued

    async def slow_for_the_first(self: Sender, post: Post) -> bool:
        if post.text == "post 0":
            await asyncio.sleep(0.3)  # behind a long transaction, say
        return await still_queued(self, post)

    monkeypatch.setattr(sender.pacer, "take_slot", counted)
    monkeypatch.setattr(Sender, "_still_queued", slow_for_the_first)
    await queue(world, [PERSON, PERSON + 1])
    await world.outbox_idle()
    await world.stop_bot()
    assert len(turns) == 3  # two for the late one, one for the other
    assert [text for _, text in sent_to(world, PERSON)] == ["post 0"]
    assert [text for _, text in sent_to(world, PERSON + 1)] == ["post 1"]
