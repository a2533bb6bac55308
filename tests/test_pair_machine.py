"""Partner mode, as machines: a round's statement (each event from each status, and what it
returns), answering one, rounds and the pair's ladder. The Telegram side of it is in
test_telegram_partners.py."""

from __future__ import annotations

from datetime import timedelta

import pytest

from dialogs.callbacks import PairEdit, PairHeard, PairKeep, PairSend, PairThanks, PairWrite
from dialogs.effects import Say
from dialogs.pair import (
    WAIT_ALONE,
    AnswerStep,
    Drop,
    Edit,
    Heard,
    Keep,
    Line,
    Note,
    Reveal,
    Round,
    Send,
    SendAlone,
    Skip,
    Tell,
    Thanks,
    ToCoach,
    Withdraw,
    Written,
    answer,
    answer_choices,
    choose_prompt,
    climb,
    handle,
    may_open,
)

TEXT = "I'm nervous about my exam on Friday."


def at(mine: Note, theirs: Note = Note.EMPTY, **more: object) -> Round:
    return Round(mine=mine, theirs=theirs, partner="Sam", name="Alex", **more)  # type: ignore[arg-type]


def keys(effects: tuple[object, ...]) -> list[str]:
    found = []
    for e in effects:
        if isinstance(e, Say):
            found.append(e.key)
        elif isinstance(e, Tell):
            found.append(f"tell:{e.say.key}")
        else:
            found.append(type(e).__name__)
    return found


def test_an_accepted_statement_becomes_a_draft_with_exactly_what_the_partner_will_read():
    outcome = handle(at(Note.EMPTY), None, Written(f"  {TEXT}\n"))
    assert (outcome.note, outcome.text) == (Note.DRAFT, TEXT)
    (preview,) = outcome.effects
    assert isinstance(preview, Say)
    assert preview.params == {"partner": "Sam", "text": TEXT}
    assert [c.action for c in preview.choices] == [PairSend(), PairEdit(), PairKeep()]


@pytest.mark.parametrize(
    ("theirs", "note", "said"),
    [
        (Note.EMPTY, Note.SENT, ["pair.sent_waiting", "tell:pair.partner_wrote"]),
        (Note.DRAFT, Note.SENT, ["pair.sent_waiting", "tell:pair.partner_wrote"]),
        (Note.KEPT, Note.SENT, ["pair.sent_waiting", "tell:pair.partner_wrote"]),
        (Note.SENT, Note.DELIVERED, ["Reveal", "pair.revealed"]),
        (Note.DELIVERED, Note.DELIVERED, ["Reveal", "pair.revealed"]),
    ],
)
def test_sending_waits_for_the_partners_unless_theirs_is_sent(theirs, note, said):
    outcome = handle(at(Note.DRAFT, theirs), TEXT, Send())
    assert (outcome.note, keys(outcome.effects)) == (note, said)


def test_the_reveal_delivers_both_only_when_both_were_sent():
    both = handle(at(Note.DRAFT, Note.SENT), TEXT, Send()).effects[0]
    after_alone = handle(at(Note.DRAFT, Note.DELIVERED), TEXT, Send()).effects[0]
    assert (both, after_alone) == (Reveal(both=True), Reveal(both=False))
    alone = handle(at(Note.SENT, waited=WAIT_ALONE), TEXT, SendAlone()).effects[0]
    assert alone == Reveal(both=False, alone=True)  # said so to the one who receives it


def test_the_partner_hears_that_one_is_waiting_never_its_words():
    (tell,) = [e for e in handle(at(Note.DRAFT), TEXT, Send()).effects if isinstance(e, Tell)]
    assert tell.say.params == {"partner": "Alex"}
    assert [c.action for c in tell.say.choices] == [PairWrite()]


@pytest.mark.parametrize(
    ("event", "note", "said"),
    [
        (Edit(), Note.EMPTY, ["pair.edit", "AskAgain"]),
        (Keep(), Note.KEPT, ["pair.kept"]),
    ],
)
def test_edit_asks_again_and_keep_sends_nothing(event, note, said):
    outcome = handle(at(Note.DRAFT), TEXT, event)
    assert (outcome.note, outcome.text, keys(outcome.effects)) == (note, None, said)
    assert not any(isinstance(e, Reveal | Tell) for e in outcome.effects)


@pytest.mark.parametrize(
    ("waited", "note", "said"),
    [
        (WAIT_ALONE - timedelta(hours=10), Note.SENT, ["pair.not_yet"]),
        (WAIT_ALONE, Note.DELIVERED, ["Reveal", "pair.sent_alone"]),
    ],
)
def test_a_waiting_statement_goes_on_its_own_only_after_36_hours(waited, note, said):
    outcome = handle(at(Note.SENT, waited=waited), TEXT, SendAlone())
    assert (outcome.note, keys(outcome.effects)) == (note, said)
    if note is Note.SENT:
        assert outcome.effects[0].params == {"hours": "10"}
        assert outcome.text == TEXT  # still the writer's, still waiting


def test_a_waiting_statement_can_be_taken_back_at_any_time_and_its_words_go():
    outcome = handle(at(Note.SENT, waited=timedelta(minutes=5)), TEXT, Withdraw())
    assert (outcome.note, outcome.text, keys(outcome.effects)) == (
        Note.WITHDRAWN,
        None,
        ["pair.withdrawn"],
    )


@pytest.mark.parametrize("event", [Send(), SendAlone()])
def test_nothing_goes_while_the_pair_is_paused(event):
    mine = Note.DRAFT if isinstance(event, Send) else Note.SENT
    outcome = handle(at(mine, reachable=False, waited=WAIT_ALONE), TEXT, event)
    assert (outcome.note, keys(outcome.effects)) == (mine, ["pair.paused"])


@pytest.mark.parametrize(
    ("mine", "event"),
    [
        (Note.SENT, Send()),  # a double tap
        (Note.DELIVERED, Send()),
        (Note.EMPTY, Keep()),  # an old preview's button
        (Note.DELIVERED, Withdraw()),
        (Note.KEPT, Edit()),
    ],
)
def test_a_stale_button_changes_nothing_and_says_so(mine, event):
    outcome = handle(at(mine), TEXT, event)
    assert (outcome.note, keys(outcome.effects)) == (mine, ["pair.stale"])


@pytest.mark.parametrize(
    ("mine", "theirs", "days", "opens"),
    [
        (Note.DELIVERED, Note.DELIVERED, 1, True),
        (Note.DELIVERED, Note.DELIVERED, 0, False),  # one round a day
        (Note.KEPT, Note.EMPTY, 3, True),
        (Note.EMPTY, Note.SENT, 2, False),  # a waiting statement keeps its round open
        (Note.DRAFT, Note.EMPTY, 2, False),
    ],
)
def test_a_new_round_opens_on_a_new_day_when_nothing_is_waiting(mine, theirs, days, opens):
    assert may_open(mine, theirs, days) is opens


def test_the_pairs_ladder_rises_one_step_after_two_reveals_and_stops_at_the_top():
    assert climb("others", 0) == ("others", 1)
    assert climb("others", 1) == ("self", 0)
    assert climb("self", 1) == ("immediate", 0)
    assert climb("immediate", 5) == ("immediate", 6)


def test_the_rounds_question_is_the_pairs_and_never_the_last_one_again():
    ids = ["a", "b", "c"]
    assert choose_prompt(ids, 7, 3, None) == choose_prompt(ids, 7, 3, None)
    assert all(choose_prompt(ids, 7, r, "b") != "b" for r in range(1, 30))
    assert len({choose_prompt(ids, 7, r, None) for r in range(1, 30)}) == 3


# --- answering ------------------------------------------------------------------------------
def test_thanks_goes_to_the_writer_at_once():
    outcome = answer(AnswerStep.IDLE, None, "Sam", "Alex", Thanks(2))
    assert keys(outcome.effects) == ["pair.thanks_sent", "tell:pair.thanked"]
    assert outcome.effects[1].say.params == {"partner": "Alex"}


def test_i_heard_you_asks_for_one_line_and_a_plain_line_is_delivered():
    asked = answer(AnswerStep.IDLE, None, "Sam", "Alex", Heard(2))
    assert (asked.step, asked.round, keys(asked.effects)) == (
        AnswerStep.LINE,
        2,
        ["pair.line_ask"],
    )
    line = Line(" I heard how tired you are. ", frozenset(), danger=False)
    sent = answer(AnswerStep.LINE, 2, "Sam", "Alex", line)
    assert (sent.step, keys(sent.effects)) == (
        AnswerStep.IDLE,
        ["pair.line_sent", "tell:pair.line"],
    )
    assert sent.effects[1].say.params == {"partner": "Alex", "text": "I heard how tired you are."}


@pytest.mark.parametrize("kind", ["judgment", "thought", "advice", "question"])
def test_a_line_with_a_verdict_advice_or_a_question_is_asked_again(kind):
    line = Line("you should rest more", frozenset({kind}), danger=False)
    outcome = answer(AnswerStep.LINE, 2, "Sam", "Alex", line)
    assert (outcome.step, keys(outcome.effects)) == (AnswerStep.LINE, ["pair.line_again"])


def test_danger_in_a_line_is_never_delivered_and_goes_to_the_coach():
    line = Line("i dont want to be here anymore", frozenset({"concern"}), danger=True)
    outcome = answer(AnswerStep.LINE, 2, "Sam", "Alex", line)
    assert (outcome.step, keys(outcome.effects)) == (AnswerStep.IDLE, ["pair.line_held", "ToCoach"])


def test_text_when_not_answering_is_the_coachs_and_anything_else_ends_answering():
    idle = answer(AnswerStep.IDLE, None, "Sam", "Alex", Line("hi", frozenset(), False))
    assert idle.effects == (ToCoach(),)
    dropped = answer(AnswerStep.LINE, 2, "Sam", "Alex", Drop())
    assert (dropped.step, dropped.effects) == (AnswerStep.IDLE, (ToCoach(),))


def test_a_delivered_statement_offers_thanks_and_i_heard_you_and_nothing_that_scores():
    assert [c.action for c in answer_choices(4)] == [PairThanks(4), PairHeard(4)]


def test_an_empty_or_long_line_is_asked_for_again():
    empty = answer(AnswerStep.LINE, 2, "Sam", "Alex", Line("  ", frozenset(), False))
    long = answer(AnswerStep.LINE, 2, "Sam", "Alex", Line("x " * 400, frozenset(), False))
    assert keys(empty.effects) == ["pair.line_ask"]
    assert keys(long.effects) == ["pair.line_too_long"]


def test_never_mind_ends_a_line_unsent_and_is_spent_when_not_writing_one():
    skipped = answer(AnswerStep.LINE, 2, "Sam", "Alex", Skip())
    assert (skipped.step, keys(skipped.effects)) == (AnswerStep.IDLE, ["pair.line_dropped"])
    stale = answer(AnswerStep.IDLE, None, "Sam", "Alex", Skip())
    assert keys(stale.effects) == ["pair.stale"]
