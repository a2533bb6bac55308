"""Three `python -m bot` replicas in webhook mode on one PostgreSQL, with the fake Bot API and a
round-robin balancer in front, as Telegram would reach a deployment: one person's messages
spread over the replicas are answered in order, a duplicate once, a due reminder and a circle's
due day once; a
replica killed with SIGKILL mid-burst loses nothing and doubles nothing, and killing the one
that sends hands sending over to another.

One test runs every scenario in turn on one deployment: each replica loads the analyzer at
start (seconds of a core each), and pytest-xdist, which here ignores xdist_group (see
tests/conftest.py), would start a deployment on every worker that drew one of several tests.
Each scenario is its own coroutine, named for what it shows, and uses people of its own; one
that kills a replica starts it again before the next."""

from __future__ import annotations

import asyncio
import itertools
import random
from collections.abc import AsyncIterator
from datetime import UTC, date, datetime, timedelta
from typing import Any

import aiohttp
import pytest

from bot.storage import store
from bot.storage.database import Database
from bot.storage.tables import Circle
from dialogs.challenges import Status
from fakes import postgres as pg
from fakes.bot_api import FakeBotApi
from fakes.deployment import Deployment, wait_until
from fakes.deployment import text_update as deployment_text_update

pytestmark = pytest.mark.slow  # three bot processes

REPLICAS = 3
ABOUT = "practice tool for emotional honesty"
HELP = "/practice"
REMINDED = tuple(range(5_000_001, 5_000_061))  # people whose reminder falls due
CIRCLE_GROUPS = tuple(range(-5_000_011, -5_000_001))  # groups whose circle's next day does
JOBS_EVERY = 0.1  # seconds between each replica's looks for due work


async def fall_due(
    database_url: str, reminded: tuple[int, ...] = (), groups: tuple[int, ...] = ()
) -> None:
    """People whose daily reminder falls due, and circles whose next day does, while the three
    replicas each look every JOBS_EVERY: their looks overlap, and only the jobs' lock and the
    rows' claims keep each from going out once per replica."""
    db = Database(database_url)
    now = datetime.now(UTC)
    async with db.transaction() as s:
        for person in reminded:
            await store.user_for_update(s, person, person, date.today())
            await store.set_reminder(s, person, "00:00", "UTC", now - timedelta(minutes=1))
        for number, group in enumerate(groups):
            s.add(
                Circle(
                    code=f"deploy{number}",
                    chat_id=group,
                    title=f"Group {number}",
                    template="ladder",
                    at_local="00:00",
                    time_zone="UTC",
                    status=Status.RUNNING.value,
                    day=1,
                    next_post_at=now - timedelta(minutes=1),
                    created_at=now - timedelta(days=1),
                )
            )
    await db.close()


@pytest.fixture
async def deployment(
    postgres_base: str, tmp_path_factory: pytest.TempPathFactory
) -> AsyncIterator[Deployment]:
    server = FakeBotApi(limits=True)  # Telegram's 30 a second, with a 429 past it
    await server.start()
    database_url = await pg.create_database(postgres_base, "closer_deployment")
    folder = tmp_path_factory.mktemp("deployment")
    running = Deployment(server, database_url, folder, {"CLOSER_JOBS_EVERY": str(JOBS_EVERY)})
    try:
        for _ in range(REPLICAS):
            await running.start()
        await running.ready()
        yield running
    finally:
        await running.stop()
        await server.stop()


_people = itertools.count(6_000_001)


def text_update(person: int, text: str) -> dict[str, Any]:
    return deployment_text_update(person, text, random.randrange(1, 2**31))


def answers(server: FakeBotApi, person: int) -> list[str]:
    """What each answer to this person was: "help", "about" or "other", in arrival order."""
    kinds = []
    for message, _ in server.accepted:
        if message["chat"]["id"] != person:
            continue
        words = str(message.get("text", ""))
        kinds.append("help" if HELP in words else "about" if ABOUT in words else "other")
    return kinds


async def say(deployment: Deployment, person: int, texts: list[str]) -> None:
    """One person's messages, each posted once the one before was taken: Telegram posts a
    chat's updates one at a time."""
    for text in texts:
        await deployment.post(text_update(person, text))


async def one_person_s_messages_spread_over_three_replicas_are_answered_in_order(
    three: Deployment,
) -> None:
    rng = random.Random(21)
    people = [next(_people) for _ in range(3)]
    said = {p: [rng.choice(["/help", "/about"]) for _ in range(8)] for p in people}
    await asyncio.gather(*(say(three, p, said[p]) for p in people))
    await wait_until(lambda: all(len(answers(three.server, p)) >= 8 for p in people))
    for person in people:
        assert answers(three.server, person) == [text[1:] for text in said[person]]
    assert len(set(three.taken_by.values())) == REPLICAS


async def a_burst_through_three_replicas_keeps_to_telegram_s_limit(three: Deployment) -> None:
    people = [next(_people) for _ in range(12)]
    await asyncio.gather(*(say(three, p, ["/help"] * 5) for p in people))
    await wait_until(lambda: all(len(answers(three.server, p)) >= 5 for p in people))
    assert three.server.too_many == 0


async def a_duplicate_posted_to_every_replica_is_answered_once(three: Deployment) -> None:
    person = next(_people)
    update_id = next(three.server._update_ids)
    body = {"update_id": update_id, **text_update(person, "/help")}
    async with aiohttp.ClientSession() as session:
        taken = await asyncio.gather(*(three.post_to(session, i, body) for i in range(REPLICAS)))
    assert all(taken)
    await say(three, person, ["/about"])
    await wait_until(lambda: "about" in answers(three.server, person))
    await asyncio.sleep(0.5)
    assert answers(three.server, person) == ["help", "about"]


async def a_due_reminder_is_sent_once_by_three_replicas(three: Deployment) -> None:
    await fall_due(three.database_url, reminded=REMINDED)
    await wait_until(lambda: all(answers(three.server, p) for p in REMINDED))
    await asyncio.sleep(1.0)
    assert [len(answers(three.server, p)) for p in REMINDED] == [1] * len(REMINDED)


async def a_circle_s_due_day_is_posted_once_by_three_replicas(three: Deployment) -> None:
    await fall_due(three.database_url, groups=CIRCLE_GROUPS)
    await wait_until(lambda: all(answers(three.server, g) for g in CIRCLE_GROUPS))
    await asyncio.sleep(1.0)
    days = [answers(three.server, group) for group in CIRCLE_GROUPS]
    assert [len(posts) for posts in days] == [1] * len(CIRCLE_GROUPS), days


async def burst_with_a_kill(deployment: Deployment, victim: int) -> dict[int, int]:
    """Four people write five messages each; `victim` is killed once a few are taken.
    Returns how many answers each got once all were answered."""
    people = [next(_people) for _ in range(4)]
    posted = asyncio.Event()

    async def killer() -> None:
        await posted.wait()
        deployment.replicas[victim].process.kill()

    async def writer(person: int) -> None:
        for sent in range(5):
            await deployment.post(text_update(person, "/help"))
            if sent == 1:
                posted.set()

    await asyncio.gather(killer(), *(writer(p) for p in people))
    await wait_until(lambda: all(len(answers(deployment.server, p)) >= 5 for p in people))
    await asyncio.sleep(1.0)  # anything sent twice has arrived by now
    return {p: len(answers(deployment.server, p)) for p in people}


async def killing_a_replica_mid_burst_loses_nothing_and_doubles_nothing(three: Deployment) -> None:
    victim = next(i for i in range(REPLICAS) if i != three.sender())
    got = await burst_with_a_kill(three, victim)
    assert set(got.values()) == {5}


async def killing_the_sender_mid_burst_hands_sending_over(three: Deployment) -> None:
    victim = three.sender()
    got = await burst_with_a_kill(three, victim)
    # A send in flight when it died may go again, once per chat at most.
    assert all(5 <= n <= 6 for n in got.values()), got
    assert three.sender() != victim


SCENARIOS = (
    a_due_reminder_is_sent_once_by_three_replicas,
    a_circle_s_due_day_is_posted_once_by_three_replicas,
    one_person_s_messages_spread_over_three_replicas_are_answered_in_order,
    a_burst_through_three_replicas_keeps_to_telegram_s_limit,
    a_duplicate_posted_to_every_replica_is_answered_once,
    killing_a_replica_mid_burst_loses_nothing_and_doubles_nothing,
    killing_the_sender_mid_burst_hands_sending_over,
)


async def test_three_replicas_on_one_postgresql_behind_a_balancer(deployment: Deployment):
    for scenario in SCENARIOS:
        await deployment.ensure_all()
        try:
            await scenario(deployment)
        except AssertionError as failed:
            raise AssertionError(f"{scenario.__name__}: {failed}") from failed
