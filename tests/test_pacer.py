"""The bot's one pacer, as the calls made straight to Telegram use it: a message's turn for
edits, none for answers and membership checks, 429s honoured by everything, short ones waited
out, dropped connections tried again, refusals left to the caller."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Awaitable, Callable
from datetime import timedelta

import pytest
from telegram.error import BadRequest, NetworkError, RetryAfter

from bot.delivery import pacer as pacer_module
from bot.delivery.pacer import DIRECT_TRIES, Pace, Pacer


def answers(*outcomes: Exception | str) -> tuple[Callable[[], Awaitable[str]], list[float]]:
    """A Telegram call that fails or answers in turn; and when each try was made."""
    tries: list[float] = []
    queue = list(outcomes)

    async def call() -> str:
        tries.append(time.monotonic())
        outcome = queue.pop(0)
        if isinstance(outcome, Exception):
            raise outcome
        return outcome

    return call, tries


def wait(seconds: float) -> RetryAfter:
    return RetryAfter(timedelta(seconds=seconds))


async def test_an_edit_refused_with_a_short_429_is_made_again_after_the_wait():
    call, tries = answers(wait(0.3), "edited")
    assert await Pacer().call(call, message=True) == "edited"
    assert tries[1] - tries[0] >= 0.3 - 0.01


async def test_a_429_on_any_direct_call_pauses_every_later_message():
    pacer = Pacer()
    call, _ = answers(wait(60))
    with pytest.raises(RetryAfter):
        await pacer.call(call, message=False)  # an answer to a tap, not a message
    with pytest.raises(TimeoutError):  # the outbox's sender takes this turn before each post
        await asyncio.wait_for(pacer.take_slot(), 0.2)
    assert pacer.retried_after == 1


async def test_a_long_429_is_not_waited_for_but_still_pauses_sending():
    pacer = Pacer()
    call, tries = answers(wait(60))
    started = time.monotonic()
    with pytest.raises(RetryAfter):
        await pacer.call(call, message=True)
    assert len(tries) == 1
    assert time.monotonic() - started < 1.0
    assert pacer.paused_until >= started + 59


async def test_edits_take_a_messages_turn_and_other_calls_do_not():
    pacer = Pacer(Pace(per_second=10))
    started = time.monotonic()
    for _ in range(5):
        call, _ = answers("ok")
        await pacer.call(call, message=False)
    assert time.monotonic() - started < 0.2  # thirty Join taps are not spaced like posts
    started = time.monotonic()
    for _ in range(5):
        call, _ = answers("ok")
        await pacer.call(call, message=True)
    assert time.monotonic() - started >= 0.4 - 0.01


@pytest.fixture
def quick_backoff(monkeypatch: pytest.MonkeyPatch) -> float:
    """The waits after dropped connections (in the bot half a second, then a second), shrunk
    fiftyfold: these tests need not wait them out."""
    monkeypatch.setattr(pacer_module, "DROP_BACKOFF", 0.01)
    return 0.01


async def test_a_dropped_connection_is_tried_again_and_a_refusal_is_not(quick_backoff: float):
    call, tries = answers(NetworkError("reset"), NetworkError("reset"), "ok")
    assert await Pacer().call(call, message=False) == "ok"
    assert len(tries) == 3
    assert tries[1] - tries[0] >= 2 * quick_backoff - 0.001  # a moment's wait, doubling
    assert tries[2] - tries[1] >= 4 * quick_backoff - 0.001
    call, tries = answers(BadRequest("message to edit not found"), "never")
    with pytest.raises(BadRequest):
        await Pacer().call(call, message=True)
    assert len(tries) == 1


async def test_a_call_that_keeps_failing_gives_up_after_its_tries(quick_backoff: float):
    call, tries = answers(*[NetworkError("down")] * (DIRECT_TRIES + 1))
    with pytest.raises(NetworkError):
        await Pacer().call(call, message=False)
    assert len(tries) == DIRECT_TRIES


async def test_a_reply_goes_before_background_sends_already_waiting_for_their_turn():
    pacer = Pacer(Pace(per_second=20))
    order: list[str] = []

    async def send(name: str, urgent: bool) -> None:
        await pacer.take_slot(urgent=urgent)
        order.append(name)

    background = [asyncio.create_task(send(f"reminder {n}", False)) for n in range(5)]
    await asyncio.sleep(0.01)  # the reminders are queued, the first one sent
    await send("reply", True)
    await asyncio.gather(*background)
    assert order[:2] == ["reminder 0", "reply"]
    assert order[2:] == [f"reminder {n}" for n in range(1, 5)]
