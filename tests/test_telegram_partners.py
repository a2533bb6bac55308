"""Partner mode end to end: the real Application, the fake Bot API server, two (or three)
people, and a clock the tests move. The world starts on Saturday 21 November 2026, 09:00 UTC."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import func, select

from bot.storage.tables import Pair, PairInvite, PairNote
from tests.coach_words import said, said_in
from tests.telegram_client import TelegramUser, TelegramWorld
from tests.test_telegram_practice import export

CONSENT = "I'm 18+ and I understand"
OTHERS = "I'm worried about my dad's health."
OTHERS_TOO = "I'm excited about my sister's new job."
JUDGMENT = "I feel like my boss never listens to anyone."


def sent_to(world: TelegramWorld, person: TelegramUser) -> list[str]:
    """Every text the bot has sent to this person, in order."""
    return [str(c.params.get("text", "")) for c in world.server.calls_to("sendMessage", person.id)]


def shown_to(world: TelegramWorld, person: TelegramUser) -> list[str]:
    """The messages standing in the person's chat (sends Telegram took, not failed tries)."""
    messages = sorted(world.server.messages.items())
    return [str(m.get("text", "")) for (chat, _), m in messages if chat == person.id]


async def invite(world: TelegramWorld, inviter: TelegramUser) -> str:
    """/partner invite: the link's /start payload."""
    await inviter.send("/partner invite")
    link = next(w for w in inviter.last_reply.split() if "?start=pair_" in w)
    return link.split("?start=", 1)[1]


async def paired(world: TelegramWorld) -> tuple[TelegramUser, TelegramUser]:
    ana, ben = world.user("Ana"), world.user("Ben")
    payload = await invite(world, ana)
    await ben.send(f"/start {payload}")
    await ben.tap("Practise with Ana")
    await world.outbox_idle()
    return ana, ben


async def held(world: TelegramWorld) -> list[PairNote]:
    assert world.closer is not None
    async with world.closer.db.transaction() as s:
        return list(await s.scalars(select(PairNote)))


async def count(world: TelegramWorld, table: type) -> int:
    assert world.closer is not None
    async with world.closer.db.transaction() as s:
        return int(await s.scalar(select(func.count()).select_from(table)) or 0)


async def both_sent(world: TelegramWorld) -> tuple[TelegramUser, TelegramUser]:
    ana, ben = await paired(world)
    await write(world, ana, OTHERS)
    await ana.tap("Send to Ben")
    await write(world, ben, OTHERS_TOO)
    await ben.tap("Send to Ana")
    await world.outbox_idle()
    return ana, ben


async def write(world: TelegramWorld, person: TelegramUser, statement: str) -> None:
    """Open the round's question and write a statement the coach accepts: the preview."""
    await world.outbox_idle()  # what waited for their chat goes first, then the replies
    await person.tap("Write")
    await world.outbox_idle()
    if CONSENT in person.buttons:
        await person.tap(CONSENT)
    await person.send(statement)
    await world.outbox_idle()


async def test_an_invitation_pairs_two_people_and_both_get_the_same_question(
    sqlite_world: TelegramWorld,
):
    ana, ben = world_people = await paired(sqlite_world)
    assert "Ana has invited you" in sent_to(sqlite_world, ben)[0]
    to_ana, to_ben = sent_to(sqlite_world, ana), sent_to(sqlite_world, ben)
    assert any("Ben accepted your invitation" in t for t in to_ana)
    question_ana = next(t for t in to_ana if t.startswith("Your question with Ben"))
    question_ben = next(t for t in to_ben if t.startswith("Your question with Ana"))
    # the same question, each naming the other
    assert question_ana.split("\n", 1)[1].replace("Ben", "X") == question_ben.split("\n", 1)[
        1
    ].replace("Ana", "X")
    assert world_people


async def test_statements_are_revealed_only_when_both_have_sent_theirs(
    world: TelegramWorld,
):
    ana, ben = await paired(world)
    await write(world, ana, OTHERS)
    assert "This is exactly what Ben will read" in ana.last_reply
    assert OTHERS in ana.last_reply
    await ana.tap("Send to Ben")
    await world.outbox_idle()
    to_ben = sent_to(world, ben)
    assert "Ana has written theirs" in to_ben[-1]
    assert not any(OTHERS in t for t in to_ben)  # never the content before the reveal
    await write(world, ben, OTHERS_TOO)
    await ben.tap("Send to Ana")
    await world.outbox_idle()
    assert any(OTHERS in t and t.startswith("From Ana") for t in sent_to(world, ben))
    assert any(OTHERS_TOO in t and t.startswith("From Ben") for t in sent_to(world, ana))
    delivered = [c for c in world.server.calls if "From " in str(c.params.get("text"))]
    assert all(c.params.get("protect_content") for c in delivered)
    # the words are erased once delivered (neither keeps a journal)
    async with world.closer.db.transaction() as s:
        notes = list(await s.scalars(__import__("sqlalchemy").select(PairNote)))
    assert notes
    assert all(n.text is None for n in notes)


async def test_a_judgment_is_coached_before_anything_can_be_sent(sqlite_world: TelegramWorld):
    ana, _ben = await paired(sqlite_world)
    await write(sqlite_world, ana, JUDGMENT)
    assert "Send to Ben" not in ana.buttons
    assert not said("session.pair", ana.last_reply)


async def test_keep_it_to_myself_sends_nothing(sqlite_world: TelegramWorld):
    ana, ben = await paired(sqlite_world)
    await write(sqlite_world, ana, OTHERS)
    await ana.tap("Keep it to myself")
    await sqlite_world.outbox_idle()
    assert "Nothing was sent" in ana.last_reply
    assert not any("Ana has written" in t for t in sent_to(sqlite_world, ben))


async def test_declining_tells_the_inviter_and_the_link_is_spent(sqlite_world: TelegramWorld):
    ana, ben = sqlite_world.user("Ana"), sqlite_world.user("Ben")
    payload = await invite(sqlite_world, ana)
    await ben.send(f"/start {payload}")
    await ben.tap("No, thanks")
    await sqlite_world.outbox_idle()
    assert "wasn't taken up" in sent_to(sqlite_world, ana)[-1]
    await ben.send(f"/start {payload}")
    assert "can't be used any more" in ben.last_reply
    assert await count(sqlite_world, Pair) == 0


async def test_a_used_link_names_nobody_to_a_third_person(sqlite_world: TelegramWorld):
    ana, ben, cleo = (sqlite_world.user(n) for n in ("Ana", "Ben", "Cleo"))
    payload = await invite(sqlite_world, ana)
    await ben.send(f"/start {payload}")
    await ben.tap("Practise with Ana")
    replies = await cleo.send(f"/start {payload}")
    assert "can't be used any more" in replies[-1]
    assert not any("Ana" in r or "Ben" in r for r in replies)
    assert "Practise with Ana" not in cleo.buttons


async def test_an_expired_link_is_refused_and_a_new_one_cancels_the_old(
    sqlite_world: TelegramWorld,
):
    ana, ben = sqlite_world.user("Ana"), sqlite_world.user("Ben")
    old = await invite(sqlite_world, ana)
    new = await invite(sqlite_world, ana)
    assert "can't be used any more" in (await ben.send(f"/start {old}"))[-1]
    sqlite_world.clock.advance(timedelta(days=7, minutes=1))
    assert "can't be used any more" in (await ben.send(f"/start {new}"))[-1]
    assert await count(sqlite_world, PairInvite) == 0


async def test_ones_own_link_and_a_second_partner_are_refused(sqlite_world: TelegramWorld):
    ana, ben = await paired(sqlite_world)
    cleo = sqlite_world.user("Cleo")
    payload = await invite(sqlite_world, cleo)
    assert "your own invitation" in (await cleo.send(f"/start {payload}"))[-1]
    assert "already practise with Ana" in (await ben.send(f"/start {payload}"))[-1]
    assert "already practise with Ben" in (await ana.send("/partner invite"))[-1]


async def test_a_redelivered_accept_makes_one_pair(sqlite_world: TelegramWorld):
    ana, ben = sqlite_world.user("Ana"), sqlite_world.user("Ben")
    payload = await invite(sqlite_world, ana)
    await ben.send(f"/start {payload}")
    message = ben.message_with_button("Practise with Ana")
    data = message["reply_markup"]["inline_keyboard"][0][0]["callback_data"]
    tap = ben.tap_update(message, data)
    await ben.send_update(tap)
    await ben.send_update(tap)
    await sqlite_world.outbox_idle()
    assert await count(sqlite_world, Pair) == 1
    assert sum("accepted your invitation" in t for t in sent_to(sqlite_world, ana)) == 1


async def test_edit_asks_the_question_again_and_the_new_words_are_previewed(
    sqlite_world: TelegramWorld,
):
    ana, _ = await paired(sqlite_world)
    await write(sqlite_world, ana, OTHERS)
    await ana.tap("Edit")
    assert any("Write it again" in r for r in ana.replies)
    await ana.send(OTHERS_TOO)
    assert OTHERS_TOO in ana.last_reply
    assert "Send to Ben" in ana.buttons


async def test_a_waiting_statement_can_be_taken_back_or_after_36_hours_sent_alone(
    sqlite_world: TelegramWorld,
):
    ana, ben = await paired(sqlite_world)
    await write(sqlite_world, ana, OTHERS)
    await ana.tap("Send to Ben")
    await ana.send("/partner")
    assert "Take mine back" in ana.buttons
    assert "Send mine on its own" not in ana.buttons
    sqlite_world.clock.advance(timedelta(hours=36, minutes=1))
    await ana.send("/partner")
    await ana.tap("Send mine on its own")
    await sqlite_world.outbox_idle()
    assert any(t.startswith("From Ana") and OTHERS in t for t in sent_to(sqlite_world, ben))
    # the round is settled for Ana: on this new day, Ben's "Write" opens the next question
    await ben.tap("Write")
    await sqlite_world.outbox_idle()
    assert "Ben opened today's question" in sent_to(sqlite_world, ana)[-1]


async def test_a_statement_taken_back_is_never_delivered_and_is_erased(
    sqlite_world: TelegramWorld,
):
    ana, ben = await paired(sqlite_world)
    await write(sqlite_world, ana, OTHERS)
    await ana.tap("Send to Ben")
    await ana.send("/partner")
    await ana.tap("Take mine back")
    await write(sqlite_world, ben, OTHERS_TOO)
    await ben.tap("Send to Ana")
    await sqlite_world.outbox_idle()
    assert not any(OTHERS in t for t in sent_to(sqlite_world, ben))
    assert all(n.text != OTHERS for n in await held(sqlite_world))


async def test_a_crisis_in_a_pair_statement_is_never_sent_and_the_partner_hears_only_that(
    sqlite_world: TelegramWorld,
):
    ana, ben = await paired(sqlite_world)
    await write(sqlite_world, ben, OTHERS_TOO)
    await ben.tap("Send to Ana")
    crisis = "i want to end it all tonight, i have the pills"
    await write(sqlite_world, ana, crisis)
    assert said_in("safety.care", ana.replies)
    await sqlite_world.outbox_idle()
    to_ben = sent_to(sqlite_world, ben)
    assert to_ben[-1] == "Ana isn't practising today."
    assert not any("pills" in t or "tonight" in t for t in to_ben)
    assert all(n.text != crisis for n in await held(sqlite_world))
    assert "Send to Ben" not in ana.buttons


async def test_a_thank_you_and_a_line_reach_the_writer_and_advice_is_coached(
    sqlite_world: TelegramWorld,
):
    ana, ben = await both_sent(sqlite_world)
    await ben.tap("Thank you")
    await ana.tap("I heard you…")
    await ana.send("you should tell her how proud you are")
    assert "reads more like advice" in ana.last_reply
    await ana.send("I hear how glad you are for her, and I feel warm reading it.")
    await sqlite_world.outbox_idle()
    to_ben = sent_to(sqlite_world, ben)
    assert "Ana heard you" in to_ben[-1]
    assert "you should" not in "".join(to_ben)
    assert "Ben read yours and says thank you." in sent_to(sqlite_world, ana)


async def test_leaving_tells_the_other_and_keeps_each_ones_practice(sqlite_world: TelegramWorld):
    ana, ben = await both_sent(sqlite_world)
    await ana.send("/partner")
    await ana.tap("Leave partner mode")
    await ana.tap("Yes, leave")
    await sqlite_world.outbox_idle()
    assert "Ana has ended partner mode" in sent_to(sqlite_world, ben)[-1]
    assert await count(sqlite_world, Pair) == 0
    assert "one person you choose" in (await ben.send("/partner"))[-1]
    assert (await export(ana))["practice_days"]  # their own practice stays


async def test_forget_by_either_ends_the_pair_and_erases_their_waiting_words(
    world: TelegramWorld,
):
    ana, ben = await paired(world)
    await write(world, ben, OTHERS_TOO)
    await ben.tap("Send to Ana")
    await ben.send("/forget")
    await ben.tap("Yes, erase everything")
    await world.outbox_idle()
    assert "Ben has ended partner mode" in sent_to(world, ana)[-1]
    assert await held(world) == []
    assert await count(world, Pair) == 0


async def test_a_restart_between_the_two_sends_of_a_reveal_delivers_each_once(
    world: TelegramWorld,
):
    ana, ben = await paired(world)
    await write(world, ana, OTHERS)
    await ana.tap("Send to Ben")
    await write(world, ben, OTHERS_TOO)
    world.server.fail("sendMessage", 500, chat_id=ana.id, times=1)
    await ben.tap("Send to Ana")  # Ben's reply goes; Ana's delivery fails once
    await world.wait_for(lambda: any(t.startswith("From Ben") for t in sent_to(world, ana)))
    await world.restart()
    for _ in range(3):  # past the retry's wait
        world.clock.advance(timedelta(minutes=1))
        await world.sender_round()
    await world.outbox_idle()
    from_ben = [t for t in shown_to(world, ana) if t.startswith("From Ben")]
    from_ana = [t for t in shown_to(world, ben) if t.startswith("From Ana")]
    assert (len(from_ben), len(from_ana)) == (1, 1)


async def test_two_pairs_share_nothing(sqlite_world: TelegramWorld):
    ana, ben = await both_sent(sqlite_world)
    cleo, dev = sqlite_world.user("Cleo"), sqlite_world.user("Dev")
    payload = await invite(sqlite_world, cleo)
    await dev.send(f"/start {payload}")
    await dev.tap("Practise with Cleo")
    await sqlite_world.outbox_idle()
    await write(sqlite_world, cleo, "I'm nervous about my interview tomorrow.")
    await cleo.tap("Send to Dev")
    await write(sqlite_world, dev, "I'm relieved that my cat is home.")
    await dev.tap("Send to Cleo")
    await sqlite_world.outbox_idle()
    for person in (ana, ben):
        assert not any(
            "interview" in t or "cat is home" in t for t in sent_to(sqlite_world, person)
        )
    for person in (cleo, dev):
        assert not any("dad" in t or "sister" in t for t in sent_to(sqlite_world, person))
    assert "Dev" in (await cleo.send("/partner"))[-1]


async def test_blocking_the_bot_pauses_the_pair_and_tells_the_other_once(
    sqlite_world: TelegramWorld,
):
    ana, ben = await paired(sqlite_world)
    sqlite_world.server.blocked.add(ben.id)
    await write(sqlite_world, ana, OTHERS)
    await ana.tap("Send to Ben")  # the news goes to Ben: 403
    await sqlite_world.outbox_idle()
    await ana.send("/partner")
    assert "paused" in ana.last_reply
    unreachable = [t for t in sent_to(sqlite_world, ana) if "can't reach Ben" in t]
    assert len(unreachable) == 1
    sqlite_world.server.blocked.discard(ben.id)
    await ben.send("/partner")  # back: the pair goes on
    assert "You practise with Ana" in ben.last_reply
    assert "paused" not in ben.last_reply


async def test_export_holds_the_pair_and_the_words_still_held(sqlite_world: TelegramWorld):
    ana, _ = await paired(sqlite_world)
    await write(sqlite_world, ana, OTHERS)
    await ana.tap("Send to Ben")
    data = (await export(ana))["partner"]
    assert data["partner"] == "Ben"
    assert data["written"] == [{"round": 1, "status": "sent", "text": OTHERS}]


async def test_a_new_day_opens_a_new_question_for_both(sqlite_world: TelegramWorld):
    ana, ben = await both_sent(sqlite_world)
    await ana.send("/partner")
    assert "both shared today" in ana.last_reply
    assert "Write" not in ana.buttons
    sqlite_world.clock.advance(timedelta(days=1))
    await ana.send("/partner")
    assert "question is ready" in ana.last_reply
    await ana.tap("Write")
    await sqlite_world.outbox_idle()
    assert "Ana opened today's question for you both" in sent_to(sqlite_world, ben)[-1]


async def test_the_coach_asks_no_name_of_someone_in_partner_mode(sqlite_world: TelegramWorld):
    _, ben = await paired(sqlite_world)
    await ben.send("/practice")
    await ben.tap(CONSENT)
    assert not said_in("welcome.ask_partner", ben.replies)
    assert said_in("session.practice", ben.replies)


async def test_after_a_crisis_partner_mode_waits_a_day_and_the_coach_speaks_of_someone_safe(
    sqlite_world: TelegramWorld,
):
    _ana, ben = await paired(sqlite_world)
    await write(sqlite_world, ben, "i want to end it tonight")
    assert said_in("safety.care", ben.replies)
    await ben.send("im safe now")
    await ben.send("/partner")
    assert "can wait for now" in ben.last_reply
    assert "Write" not in ben.buttons  # no push toward the partner in the day after
    await ben.send("/practice")
    await ben.send("im ok, better today")  # the check-in that opens the next session
    for statement in ("I work nights.", OTHERS, "I'm proud of my garden."):
        await ben.send(statement)
    assert "Ana" not in ben.last_reply  # the last step: someone they feel safe with
    assert said("partner.safe_person", ben.last_reply)
    await ben.send("/stop")
    sqlite_world.clock.advance(timedelta(hours=25))
    await ben.send("/partner")
    await ben.tap("Write")
    await sqlite_world.outbox_idle()
    assert said_in("session.pair", ben.replies)
    assert "Ana" in ben.last_reply


async def test_words_typed_at_the_preview_show_it_again_and_change_nothing(
    sqlite_world: TelegramWorld,
):
    ana, _ = await paired(sqlite_world)
    await write(sqlite_world, ana, OTHERS)
    replies = await ana.send("actually i feel lonely and a little angry")
    assert "still waiting for your choice" in replies[0]
    assert OTHERS in replies[-1]
    await ana.tap("Send to Ben")
    assert "Sent." in ana.last_reply


async def test_person_while_paired_says_how_to_change_who_the_last_step_speaks_of(
    sqlite_world: TelegramWorld,
):
    ana, _ = await paired(sqlite_world)
    await ana.send("/person")
    assert said("person.paired", ana.last_reply)


async def test_one_thanks_a_round_and_a_spent_button_answers_on_the_tap(
    sqlite_world: TelegramWorld,
):
    ana, ben = await both_sent(sqlite_world)
    message = ben.message_with_button("Thank you")
    data = next(
        b["callback_data"]
        for row in message["reply_markup"]["inline_keyboard"]
        for b in row
        if b["text"] == "Thank you"
    )
    await ben.tap_data(message, data)
    await ben.tap_data(message, data)  # a double tap on the old message
    await sqlite_world.outbox_idle()
    thanks = [t for t in sent_to(sqlite_world, ana) if "says thank you" in t]
    assert len(thanks) == 1
    toasts = [c.params.get("text") for c in ben.received if c.method == "answerCallbackQuery"]
    assert toasts
    assert toasts[-1]


async def test_never_mind_ends_a_line_unsent(sqlite_world: TelegramWorld):
    ana, ben = await both_sent(sqlite_world)
    await ana.tap("I heard you…")
    await ana.tap("Never mind")
    assert "nothing was sent" in ana.last_reply
    await ana.send("I'm glad about my day.")  # the coach's again, not a line for Ben
    await sqlite_world.outbox_idle()
    assert not any("heard you" in t for t in sent_to(sqlite_world, ben))


async def test_a_reminder_in_partner_mode_offers_the_pairs_question(sqlite_world: TelegramWorld):
    from bot.practice import reminders

    ana, ben = await both_sent(sqlite_world)
    await ben.send("/remind 8:30 Berlin")
    sqlite_world.clock.advance(timedelta(days=1))
    sqlite_world.clock.set(sqlite_world.clock.now().replace(hour=7, minute=31))
    assert sqlite_world.closer is not None
    assert await reminders.queue_due(sqlite_world.closer) == 1
    await sqlite_world.outbox_idle()
    await ben.tap("Write to Ana")
    await sqlite_world.outbox_idle()
    assert "Ben opened today's question" in sent_to(sqlite_world, ana)[-1]


async def test_with_both_journals_on_the_words_stay_and_export_shows_what_was_received(
    sqlite_world: TelegramWorld,
):
    ana, ben = await paired(sqlite_world)
    for person in (ana, ben):
        await person.send("/privacy")
        await person.tap("Turn the journal on")
    await write(sqlite_world, ana, OTHERS)
    await ana.tap("Send to Ben")
    await write(sqlite_world, ben, OTHERS_TOO)
    await ben.tap("Send to Ana")
    await sqlite_world.outbox_idle()
    assert {n.text for n in await held(sqlite_world)} == {OTHERS, OTHERS_TOO}
    data = (await export(ben))["partner"]
    assert data["received"] == [{"round": 1, "text": OTHERS}]


async def test_forget_by_the_one_who_invited_ends_the_pair_too(sqlite_world: TelegramWorld):
    ana, ben = await both_sent(sqlite_world)
    await ana.send("/forget")
    await ana.tap("Yes, erase everything")
    await sqlite_world.outbox_idle()
    assert "Ana has ended partner mode" in sent_to(sqlite_world, ben)[-1]
    assert await count(sqlite_world, Pair) == 0
    assert "one person you choose" in (await ben.send("/partner"))[-1]
