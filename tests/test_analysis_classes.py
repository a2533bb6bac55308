"""The analyzer reads people as they write: one test per class of statement it used to miss
(issue "An analyzer that reads people as they write"), each with look-alikes that must stay as
they are. The statements are written for these tests, not taken from any corpus."""

from __future__ import annotations

import pytest

from dialogs.analysis import IssueKind, Level, analyze
from dialogs.analysis.analyzer import default_analyzer
from dialogs.analysis.reading import read
from dialogs.analysis.spelling import Speller, distance

NOT_FEELING = {IssueKind.THOUGHT, IssueKind.JUDGMENT}


def kinds(text: str) -> set[IssueKind]:
    return set(analyze(text).kinds)


def judged(text: str) -> bool:
    return bool(kinds(text) & NOT_FEELING)


@pytest.mark.parametrize(
    "text",
    [
        "my neighbours are such liars",  # a plural of a listed noun
        "i feel shortchanged by the whole team",  # a faux feeling from the reference list
        "the new manager is a total snake",
        "ugh she is so two faced",  # hyphen typed as a space
        "hes the laziest guy in the office",  # a degree of a listed adjective
    ],
)
def test_lists_cover_inflections_and_spelling_variants(text: str) -> None:
    assert judged(text)


@pytest.mark.parametrize(
    ("typed", "meant"),
    [("im so anxoius", "anxious"), ("feeling dissapointed", "disappointed"), ("lonley", "lonely")],
)
def test_a_misspelt_feeling_is_read_as_the_feeling(typed: str, meant: str) -> None:
    assert meant in analyze(typed).feelings


def test_the_speller_leaves_english_words_and_short_words_alone() -> None:
    speller = Speller(["lonely", "nervous"], known=lambda w: w in {"lovely"})
    assert speller.mend("lovely") is None  # an English word, one letter from "lonely"
    assert speller.mend("lonly") == "lonely"
    assert speller.mend("nrvs") is None  # shorter than five letters
    assert speller.mend("x" * 5000) is None  # noise, not worth mending


def test_the_speller_mends_only_within_its_edits_not_every_word_sharing_a_deletion() -> None:
    speller = Speller(["email", "ashamed", "disappointed"], known=lambda w: False)
    assert speller.mend("kemal") is None  # "emal" is a deletion of both; two edits apart
    assert speller.mend("mohamed") is None  # seven letters: one edit, or names become feelings
    assert speller.mend("dissapointd") is None  # three edits away: too far even at eight
    assert speller.mend("disapointd") == "disappointed"  # eight or more: two edits


def test_two_edits_that_change_the_first_letter_are_another_word_not_a_slip() -> None:
    targets = ["punching", "cutting", "threaten", "murder", "hoarded"]
    speller = Speller(targets, known=lambda w: False)
    assert speller.mend("benching") is None  # two edits, the first letter among them
    assert speller.mend("threating") == "threaten"  # two edits, the first letter kept
    assert speller.mend("cuting") == "cutting"  # one slip is always mended
    assert speller.mend("muder") == "murder"
    assert speller.mend("horded") == "hoarded"
    assert analyze("upset with my coach for benching me").danger is None


def test_a_name_the_speller_does_not_know_is_a_person_who_can_be_judged() -> None:
    assert judged("Kemal ignores me in meetings")


def test_on_a_tie_the_speller_prefers_a_feeling_word() -> None:
    speller = Speller(["screw", "scared"], known=lambda w: False, preferred=frozenset({"scared"}))
    assert speller.mend("scred") == "scared"


def test_a_four_letter_word_is_mended_only_by_a_swap_into_one_word_it_may_swap_into() -> None:
    targets = frozenset({"want", "life", "hate", "heat"})
    speller = Speller(targets, known=lambda w: False, swapped_into=targets)
    assert speller.mend("wnat") == "want"
    assert speller.mend("lfie") == "life"
    assert speller.mend("haet") is None  # "hate" or "heat": two words, so neither
    assert speller.mend("wnt") is None  # a letter missing is no swap
    assert speller.mend("nwat") is None  # the first letter is kept in a typo
    assert (
        Speller(["want"], known=lambda w: False).mend("wnat") is None
    )  # not a word it may swap into


@pytest.mark.parametrize(
    ("typed", "read"),
    [
        ("i want to jupm", "jump"),
        ("Hari keeps calling me", "hari"),
        ("a new cust today", "customer"),
    ],
)
def test_a_swap_is_mended_but_never_in_a_name_and_short_forms_are_read_whole(
    typed: str, read: str
) -> None:
    assert read in default_analyzer().lex.tokenizer.words(typed)


def test_a_swap_of_two_letters_is_one_edit() -> None:
    assert distance("anxoius", "anxious") == 1


@pytest.mark.parametrize(
    "text",
    [
        "u brushed me off again",
        "my brother twists everything i say",
        "she gaslights me constantly",
        # a deed judged in the word that tells it (set Y): what an observation leaves out
        "my aunt interfered with the seating plan",
        "he bragged about his car all night",
        "you made a scene at dinner",
        "my flatmate drags her feet on the bills",
        # "too much" measures a deed against a standard; favourites, games (set Z2)
        "he talks too much in meetings",
        "my boss plays favourites",
        "hes playing games with me",
    ],
)
def test_an_interpretive_verb_is_a_judgment_without_feel(text: str) -> None:
    assert IssueKind.JUDGMENT in kinds(text)


@pytest.mark.parametrize(
    "text",
    [
        "i ignored the noise and slept",
        "did u ignore my text?",
        "we did nothing all weekend",
        "she did absolutely nothing wrong",  # a deed defended, not judged
        "they bulldozed the old cinema",  # a thing, not a person, pushed over
        "she pried the jar open for me",
        "my son thinks about himself as a failure lately",
        "we played games with the kids all afternoon",
        "i worry too much about my kids",  # one's own, not a person judged
    ],
)
def test_an_interpretive_verb_of_ones_own_or_asked_is_no_judgment(text: str) -> None:
    assert IssueKind.JUDGMENT not in kinds(text)


@pytest.mark.parametrize(
    ("text", "judged_"),
    [
        # another's deed measured against a standard (set R): an observation says how often
        ("my sister cancels on me far too often", True),
        ("u drive way too fast", True),
        ("she takes everything too seriously", True),
        # one's own deed, a feeling's strength, a thing: nobody judged
        ("i ate way too much at lunch", False),
        ("we stayed too long at the party", False),
        ("it hurts too much to talk about", False),
        ("i miss u too much", False),
        ("the film was too long", False),
    ],
)
def test_a_deed_of_another_measured_too_much_is_a_judgment(text: str, judged_: bool) -> None:
    assert (IssueKind.JUDGMENT in kinds(text)) is judged_


@pytest.mark.parametrize(
    "text",
    [
        "marcus is so lazy",
        "my flatmates are all so selfish",
        "Dana is such a drama queen",
        "my sis is basically a thief",  # a filler between the copula and the verdict
        "My partner is a workaholic.",
        "I'm a terrible cook.",  # a bad one of any kind of doer
        "my nephew is such a procrastinator",  # evaluative nouns (sets Q and R)
        "his new gf is a bad influence tbh",
        "the doctors here are clueless",  # a place between the subject and its copula
        "so stupid for believing him",  # its subject left out, the deed it is for after it
    ],
)
def test_any_subject_with_a_copula_and_a_verdict_is_a_judgment(text: str) -> None:
    assert IssueKind.JUDGMENT in kinds(text)


@pytest.mark.parametrize(
    ("text", "level"),
    [
        ("thunder scares me", Level.OTHERS),
        ("it stings when u forget to call", Level.IMMEDIATE),
        ("my laugh makes me self conscious", Level.SELF),
        ("the deadline is stressing me out", Level.OTHERS),
        ("the mortgage letter scares the hell out of me", Level.OTHERS),  # an idiom of it
        ("money stuff keeps me up at night", Level.OTHERS),
        ("you scare the crap out of me when you drive like that", Level.IMMEDIATE),
    ],
)
def test_a_feeling_with_its_cause_as_subject(text: str, level: Level) -> None:
    analysis = analyze(text)
    assert analysis.feelings
    assert analysis.level is level


def test_a_stimulus_verb_with_no_speaker_is_no_feeling_of_theirs() -> None:
    assert not analyze("the storm scared the cat").feelings
    assert not analyze("i moved to leeds in 2019").feelings


@pytest.mark.parametrize(
    ("text", "feeling"),
    [
        ("ive never been happier", "happier"),  # a feeling's degrees are the feeling
        ("im the happiest ive been", "happiest"),  # "the" before a superlative keeps the frame
        ("anxious 24/7 haha", "anxious"),  # "24/7" is "all the time"
        ("eh mildly stressed, nothing new", "stressed"),  # an interjection keeps it too
    ],
)
def test_a_feeling_in_its_degrees_or_after_an_interjection_is_found(
    text: str, feeling: str
) -> None:
    assert feeling in analyze(text).feelings


@pytest.mark.parametrize(
    "text",
    [
        "I still have the panic alarm from the refuge days",  # "the" before a noun
        "im number 3 on the waiting list",  # "number" is no degree of "numb"
        "im the closest to the door so ill get it",
    ],
)
def test_no_feeling_is_read_into_a_look_alike_of_its_forms(text: str) -> None:
    assert not analyze(text).feelings


def test_an_apology_laughed_at_is_no_pain_laughed_off() -> None:
    assert IssueKind.SUGAR_COATING not in kinds("sorry lol")


def test_a_kind_of_feeling_named_is_no_hedge() -> None:
    assert IssueKind.SUGAR_COATING not in kinds("i feel a strange kind of loss")
    assert IssueKind.SUGAR_COATING in kinds("im sad kind of")


def test_a_feeling_with_the_deed_it_is_for_is_no_verdict() -> None:
    assert IssueKind.JUDGMENT not in kinds("so proud for finishing")


@pytest.mark.parametrize("text", ["im like 3% jealous", "i might be kinda upset?", "semi annoyed"])
def test_a_feeling_inside_fillers_is_found_and_its_hedge_flagged(text: str) -> None:
    analysis = analyze(text)
    assert analysis.feelings
    assert IssueKind.SUGAR_COATING in analysis.kinds
    assert IssueKind.QUESTION not in analysis.kinds  # a feeling said with a rising voice


@pytest.mark.parametrize(
    "text",
    [
        "im sad tonight, do u even care?",  # a clause in question order after the feeling
        "im nervous abt the exam, any tips?",  # asking what to do
        "im anxious about my sister. should i text her?",
    ],
)
def test_a_question_after_a_feeling_shared_is_still_a_question(text: str) -> None:
    assert IssueKind.QUESTION in kinds(text)


@pytest.mark.parametrize(
    "text",
    ["so excited for tonight. should i bring cake?", "im happy, you know?", "im calm. when is it?"],
)
def test_a_practical_question_or_a_tag_beside_a_feeling_is_no_question(text: str) -> None:
    assert IssueKind.QUESTION not in kinds(text)


@pytest.mark.parametrize(
    ("text", "asks"),
    [
        # chat drops the "?" at the end of a message; the word order still asks (set Q)
        ("son moved out last week, how do i stop checking his location", True),
        ("got a presentation tmrw, any tips", True),
        ("got a date tmrw any tips lol", True),  # a plea for guidance closing the only clause
        ("lonely even w people around me, is that normal", True),
        # more of what came before, or no clause of its own: nothing asked
        ("im calm, which is new for me", False),
        ("so proud of myself, did it all by myself", False),  # a verb first tells
        ("im scared, what if he leaves", False),  # a worry said aloud
        ("hes never home anymore, whats the point of being married", False),  # a sigh
        ("how i see it is pretty simple", False),
        ("when i was a kid i was scared of dogs", False),
    ],
)
def test_a_last_clause_in_question_order_asks_without_its_mark(text: str, asks: bool) -> None:
    assert (IssueKind.QUESTION in kinds(text)) is asks


@pytest.mark.parametrize(
    ("text", "level"),
    [
        ("are you angry?", Level.NONE),  # only asks
        ("hey, do you think im annoying?", Level.NONE),  # a greeting before it tells nothing
        ("what do u think?", Level.NONE),
        ("I'm 40 and still renting, is that normal?", Level.FACT),  # tells, then asks
        ("i told him about my debt, was that a mistake?", Level.FACT),
        ("son moved out last week, how do i stop checking his location", Level.FACT),  # a verb
        ("im sad tonight, do u even care?", Level.SELF),
    ],
)
def test_a_question_keeps_the_level_of_what_was_told_before_it(text: str, level: Level) -> None:
    analysis = analyze(text)
    assert IssueKind.QUESTION in {issue.kind for issue in analysis.issues}
    assert analysis.level is level


@pytest.mark.parametrize(
    "text", ["just text her back already", "let it go for once", "go apologise to ur mum"]
)
def test_a_command_of_any_verb_is_advice(text: str) -> None:
    assert IssueKind.ADVICE in kinds(text)


@pytest.mark.parametrize(
    "text",
    [
        "im worried about u so pls eat something",  # a plea inside the sentence
        "im scared to lose u, dont go",  # "do not" and a plain verb alone
        "just be happy for me ok?",  # a "?" after a tag does not make it an invitation
    ],
)
def test_a_plea_or_a_bare_dont_is_advice(text: str) -> None:
    assert IssueKind.ADVICE in kinds(text)


@pytest.mark.parametrize(
    ("text", "softened"),
    [
        ("im hurt but doesnt matter", True),  # a dismissal after the "but"
        ("honestly im sad, sorry if thats dumb", True),  # an apology for the feeling
        ("i feel like my opinion doesnt matter at work", False),  # what the thought says
        ("nervous but ok", False),  # a state, not a dismissal
        # a feeling called silly as it is said, or shrugged at after (set Q)
        ("i miss my ex a little, dumb i know", True),
        ("im jealous of my sister but idk", True),
        ("im sad and idk why", False),  # not knowing why is no shrug
    ],
)
def test_what_dismisses_a_feeling_and_what_only_sounds_like_it(text: str, softened: bool) -> None:
    assert (IssueKind.SUGAR_COATING in kinds(text)) is softened


@pytest.mark.parametrize(
    "text",
    [
        "wish me luck",
        "call me later",
        "work sucks today",
        "right now i feel calm",
        "miss u",
        "rain on a sunday makes me so content",  # its opening words are the subject of "makes"
        "walking the dog is my favourite bit",
        "wow ur so selfish",  # an interjection the dictionary also knows as a verb
    ],
)
def test_what_only_looks_like_a_command_is_not_advice(text: str) -> None:
    assert IssueKind.ADVICE not in kinds(text)


@pytest.mark.parametrize(
    "text",
    [
        "landlord is selling so we have to be out by june",
        "my wife said we need to talk",
        "i miss you so much, we should catch up soon",  # an invitation, not advice
    ],
)
def test_we_with_a_plan_or_reported_is_no_advice(text: str) -> None:
    assert IssueKind.ADVICE not in kinds(text)


@pytest.mark.parametrize(
    ("text", "level"),
    [
        ("if i were u id dump him", Level.NONE),  # the "i" is the advice's, not a fact
        ("stop interrupting me omg", Level.NONE),
        ("I got a new job. you should apply too", Level.FACT),  # a fact beside the advice
        ("you need to call me, i got the job", Level.FACT),
    ],
)
def test_advice_alone_tells_nothing_of_the_speaker(text: str, level: Level) -> None:
    assert analyze(text).level is level


@pytest.mark.parametrize(
    ("text", "level"),
    [
        ("kinda lonely tonight ngl", Level.SELF),
        ("missing my gran today", Level.OTHERS),
        ("got promoted last week", Level.FACT),
        ("was sad all weekend", Level.SELF),  # "was", "am", "been" opening it: the speaker's
        ("been anxious all day", Level.SELF),
        ("is sad tbh", Level.OTHERS),  # but "is" speaks of a thing
        ("im fine lol", Level.SELF),  # one's own state, hidden: no fact
        ("im ok i guess", Level.SELF),
        ("im fine, thanks", Level.FACT),
    ],
)
def test_a_statement_with_its_i_left_out(text: str, level: Level) -> None:
    assert analyze(text).level is level


@pytest.mark.parametrize(
    ("text", "level"),
    [
        ("i feel rested after a long sleep", Level.SELF),  # a circumstance, not an object
        # a feeling with no object answers a belief about the listener beside it
        ("im scared, i feel like u already have one foot out the door", Level.IMMEDIATE),
        ("i feel u are pulling away and im scared", Level.IMMEDIATE),
        ("im sad. i feel like nobody texts me back", Level.SELF),  # a belief about everyone
        # "and it hurts": "it" is the clause before, the listener's deed or another's
        ("u always forget the important stuff and it hurts", Level.IMMEDIATE),
        ("our therapist keeps siding with him and it infuriates me", Level.OTHERS),
        ("no big deal but it hurt when u walked off", Level.IMMEDIATE),  # a contrast is no cause
        # a "when" clause before a feeling with no object tells what set it off
        ("when u yell i get scared and i need us to talk quieter", Level.IMMEDIATE),
        ("When my manager gives me a task at five on Friday, I feel tense.", Level.OTHERS),
        ("When I hear you sigh while I speak, I feel nervous.", Level.IMMEDIATE),
        ("when i wake up i feel anxious", Level.SELF),
        # what the speaker thinks of, sees or hears in that clause tells whom it is about
        ("when i think about my old school i get so anxious", Level.OTHERS),
        ("when i think about how i acted i feel ashamed", Level.SELF),
        ("when i think about what u said i get angry", Level.IMMEDIATE),
        # a cause as the subject; a feeling verb with "for" (sets Q and R)
        ("it bothers me when my flatmate leaves dishes out", Level.OTHERS),
        ("i worry for my brother every day", Level.OTHERS),
        # a name and its verb right after a feeling with no "I": what it is about (set R)
        ("a bit sad tom didnt say bye", Level.OTHERS),
        ("so happy jess called", Level.OTHERS),
        ("happy birthday tom", Level.NONE),  # a greeting, no clause after the name
        ("im ok just a lil sad u didnt come", Level.IMMEDIATE),  # the "im" of "ok" carries on
        ("i dont know when youll be back, im lonely", Level.SELF),  # no "when" opening it
        ("when my dad called about your accident i got so scared", Level.OTHERS),
        ("so excited for tonight", Level.OTHERS),  # a time as the object of "for"
        ("im ashamed of my handwriting", Level.SELF),
        ("im scared we will miss the train", Level.OTHERS),  # "we" is no "you"
        ("im sad we barely talk anymore", Level.IMMEDIATE),  # but "we talk" is the two of us
        ("my cousin drove me home, im so grateful", Level.OTHERS),  # the clause beside it
        ("I'm proud of who I am.", Level.SELF),  # a clause with the speaker as its subject
        ("kinda scared of what im turning into", Level.SELF),
        ("im proud of how my son handled it", Level.OTHERS),  # "my son" is its subject
        ("i felt so lonely last night", Level.SELF),  # a time alone is no object
        ("im nervous about tomorrow", Level.OTHERS),  # but the object of "about" is
        ("im afraid of being alone forever", Level.SELF),  # one's own state, after "of"
        ("scared of ending up like my dad", Level.OTHERS),  # unless someone stands in it
        ("i feel shy around new people", Level.SELF),  # shy among others: about oneself
        ("im kinda awkward around u", Level.IMMEDIATE),
        ("im scared ill never be good enough", Level.SELF),  # "ill" + a verb: "i will"
        ("im frustrated with my phone", Level.OTHERS),  # a thing of one's own is no self
        ("im stressed about my work", Level.OTHERS),
        ("im embarrassed by my screen time", Level.SELF),  # but one's own doing is
        ("im sad and tired and hungry", Level.SELF),  # a state beside it is no object
        ("calm as a lake tonight", Level.SELF),  # a likeness is no object
        ("im stressed, my boss hasnt replied yet", Level.OTHERS),
        ("relieved, but the kids are still sick", Level.SELF),  # set against, not its cause
        ("im hurt, jess didnt invite me but its fine", Level.OTHERS),  # the cause, then a shrug
        ("im annoyed, my sister ate my lunch tho", Level.OTHERS),
        ("im annoyed as my flatmate left the dishes again", Level.OTHERS),  # "as": a cause
        ("im a bit hurt, but ur a sweetheart", Level.IMMEDIATE),  # said to you, it still is
        # an apology's "sorry" opening the message is a formula, not regret about oneself
        ("sorry, im stressed about money", Level.OTHERS),
        ("sorry to whine, im gutted about my grandad", Level.OTHERS),
        ("sorry i yelled at you", Level.IMMEDIATE),  # before what it is sorry for: the feeling
        # a deed of the speaker's after "and" is no object of the feeling
        ("im tired and want to sleep", Level.SELF),
        ("yesterday i was exhausted and cried on the train", Level.SELF),
        ("im angry about my job and work", Level.OTHERS),  # a noun after "and" still is
        ("i feel sad and abandoned", Level.SELF),  # a faux feeling beside it is no object
        # a feeling with no subject, then a gerund with what it takes: what is happening now
        ("really happy sitting here with you", Level.IMMEDIATE),
        ("nervous saying this out loud to u", Level.IMMEDIATE),
        # the body's feeling answers the "when" clause beside it
        ("i tense up when you bring up marriage", Level.IMMEDIATE),
        ("when u hold my hand in public i get butterflies", Level.IMMEDIATE),
        ("i tense up before exams", Level.SELF),
    ],
)
def test_what_a_feeling_is_about(text: str, level: Level) -> None:
    assert analyze(text).level is level


@pytest.mark.parametrize(
    "text",
    [
        "i feel pathetic",
        "i feel like such a loser",
        "im a horrible friend",
        # "stupid" names a verdict, though shame goes with it: labellers read it so (set Z2)
        "I feel stupid for trusting him.",
        "i feel so dumb",
        "i feel unattractive",
        "my dad makes me feel like a failure",  # a verdict put on the speaker by another
    ],
)
def test_a_self_verdict_after_feel_is_a_judgment(text: str) -> None:
    assert IssueKind.JUDGMENT in kinds(text)


@pytest.mark.parametrize(
    "text", ["i feel so embarrassed", "i feel silly", "i feel so ashamed", "i feel hopeless"]
)
def test_a_feeling_after_feel_is_no_verdict(text: str) -> None:
    assert not kinds(text)


@pytest.mark.parametrize(
    "text",
    [
        "oh great, u forgot again 🙄",  # aimed at a person: blame
        "thanks for nothing",
        "Perfect. He forgot the tickets. Again.",
    ],
)
def test_sarcasm_at_a_person_is_a_judgment(text: str) -> None:
    assert IssueKind.JUDGMENT in kinds(text)


def test_sarcasm_about_a_situation_is_pain_laughed_off() -> None:
    assert kinds("oh great, the bus is late again 🙄") == {IssueKind.SUGAR_COATING}


def test_sincere_thanks_with_again_is_no_sarcasm() -> None:
    assert not kinds("thanks for helping me again")


@pytest.mark.parametrize(
    "text", ["i feel like a zombie today", "i feel like pasta tonight", "it feels like spring"]
)
def test_feel_like_without_a_clause_is_no_thought(text: str) -> None:
    assert IssueKind.THOUGHT not in kinds(text)


@pytest.mark.parametrize(
    "text",
    ["I feel that I've let my twenties slip away.", "i feel as if nothing i do counts"],
)
def test_feel_that_or_as_if_before_a_clause_is_a_thought_the_model_cannot_doubt(text: str) -> None:
    assert IssueKind.THOUGHT in kinds(text)


@pytest.mark.parametrize(
    "text", ["how could you forget my birthday?", "do u even care?", "how dare u read my texts"]
)
def test_a_question_that_only_accuses_is_a_judgment(text: str) -> None:
    assert IssueKind.JUDGMENT in kinds(text)


def test_a_thought_about_a_named_person_is_a_thought() -> None:
    assert IssueKind.THOUGHT in kinds("i feel like maya is avoiding me")


def test_laughing_off_a_painful_event_is_sugar_coating() -> None:
    assert IssueKind.SUGAR_COATING in kinds("got fired today lol")
    assert not kinds("got the job lol")


@pytest.mark.parametrize(
    ("text", "wanted"),
    [
        ("so nervous for the interview. what time is it at?", set()),
        ("im hurt. why didnt u call?", {IssueKind.QUESTION}),
        ("how long does this feeling last", {IssueKind.QUESTION}),
    ],
)
def test_questions_asked_instead_of_sharing(text: str, wanted: set[IssueKind]) -> None:
    assert kinds(text) & {IssueKind.QUESTION} == wanted


def test_i_felt_places_a_thought_in_the_past() -> None:
    assert {IssueKind.THOUGHT, IssueKind.PAST} <= kinds("back then i felt like nobody cared")
    assert IssueKind.PAST not in kinds("i have felt like nobody cared")


def test_ur_before_a_noun_reads_as_your() -> None:
    assert analyze("ur message made me smile").level is Level.IMMEDIATE
    assert IssueKind.JUDGMENT in kinds("ur so selfish")


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("ill call u later", ["i", "will", "call", "you", "later"]),
        ("ill never get it", ["i", "will", "never", "get", "it"]),
        ("im ill today", ["i", "am", "ill", "today"]),  # unwell after a linking word
        ("feeling ill again", ["feeling", "ill", "again"]),
    ],
)
def test_ill_is_i_will_before_a_verb_and_unwell_elsewhere(text: str, words: list[str]) -> None:
    assert read(text, default_analyzer().lex).words == words


@pytest.mark.parametrize(
    "text",
    [
        "i feel like everyone in my cohort is smarter than me",  # a subject with a phrase after it
        "i feel like nobody at school gets me",
        "i feel like my parents favor my brother",  # a plural subject and its verb
        "i feel like i always say the wrong thing",  # an adverb before the verb
        "i feel like were drifting apart",  # "were" for "we are" where a clause opens
    ],
)
def test_a_belief_after_feel_like_is_a_thought(text: str) -> None:
    assert IssueKind.THOUGHT in kinds(text)


@pytest.mark.parametrize("text", ["i feel like my old self", "i feel like a kid at christmas"])
def test_a_likeness_after_feel_like_is_no_thought(text: str) -> None:
    assert IssueKind.THOUGHT not in kinds(text)


@pytest.mark.parametrize(
    ("text", "level"),
    [
        ("im happy for him but also kinda jealous", Level.OTHERS),  # shares "for him"
        ("im happy for u but also a bit sad", Level.IMMEDIATE),
    ],
)
def test_a_second_feeling_after_but_also_is_found_with_its_hedge(text: str, level: Level) -> None:
    analysis = analyze(text)
    assert len(analysis.feelings) == 2
    assert IssueKind.SUGAR_COATING in analysis.kinds
    assert analysis.level is level


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("oh great, more emails on a sunday", IssueKind.SUGAR_COATING),  # the day, no one
        ("yay another weekend of my brother not calling", IssueKind.JUDGMENT),  # someone in it
        ("what a surprise, the train is late again", IssueKind.SUGAR_COATING),  # feigned surprise
    ],
)
def test_praise_before_more_of_the_same_is_sarcasm(text: str, kind: IssueKind) -> None:
    assert kind in kinds(text)


@pytest.mark.parametrize(
    "text",
    ["great, another baby in the family, im so happy", "i want another slice of cake"],
)
def test_praise_meant_or_more_wanted_is_no_sarcasm(text: str) -> None:
    assert not kinds(text) & {IssueKind.SUGAR_COATING, IssueKind.JUDGMENT}


@pytest.mark.parametrize(
    ("text", "feeling"),
    [("so tired 🙈", "tired"), ("kinda proud of myself 💪", "proud")],
)
def test_an_emoji_after_a_feeling_with_no_i_leaves_it_a_feeling(text: str, feeling: str) -> None:
    assert feeling in analyze(text).feelings


def test_a_long_subject_after_feel_like_is_still_a_thought() -> None:
    assert IssueKind.THOUGHT in kinds("i feel like no one at the office would care")


@pytest.mark.parametrize(
    ("text", "level"),
    [
        # a fragment with no subject goes on about the one before it
        ("gran turned 90 on sunday. still sharp as ever. im so grateful", Level.OTHERS),
        # a fragment that opens with a verb is the speaker's own deed, its "I" left out
        ("walked by the sea all morning. feeling calm", Level.SELF),
    ],
)
def test_a_feeling_with_no_object_answers_the_sentences_before_it(text: str, level: Level) -> None:
    assert analyze(text).level is level


@pytest.mark.parametrize(
    ("text", "judged_"),
    [("ur the best partner ever", False), ("my brother never helps", True)],
)
def test_ever_closing_a_superlative_makes_no_rule_of_an_act(text: str, judged_: bool) -> None:
    assert judged(text) is judged_


@pytest.mark.parametrize(
    ("text", "level"),
    [
        ("the storm last night has me rattled", Level.OTHERS),  # "has me": a cause, its feeling
        ("her kindness fills me with gratitude", Level.OTHERS),
    ],
)
def test_a_cause_that_has_or_fills_the_speaker_with_a_feeling(text: str, level: Level) -> None:
    assert analyze(text).level is level


@pytest.mark.parametrize(
    "text",
    ["feel like such a fraud tonight", "my new flatmate is a bit of a suck up", "hes a thief"],
)
def test_a_verdict_with_its_i_left_out_or_a_noun_of_character_is_a_judgment(text: str) -> None:
    assert IssueKind.JUDGMENT in kinds(text)


@pytest.mark.parametrize(
    ("text", "level"),
    [
        ("im such a nervous wreck today", Level.SELF),
        ("i am feeling myself so tired in this job", Level.SELF),  # a reflexive "myself"
    ],
)
def test_a_feeling_said_as_a_state_or_reflexively_is_about_oneself(text: str, level: Level) -> None:
    assert analyze(text).level is level


def test_a_feeling_with_its_i_left_out_is_no_verdict_unless_likened() -> None:
    assert not judged("feeling ugly today ngl")


@pytest.mark.parametrize(
    "text",
    ["im crazy nervous", "im insanely jealous", "im proper gutted", "dead excited for friday"],
)
def test_an_intensifier_that_judges_alone_grades_the_feeling_after_it(text: str) -> None:
    assert analyze(text).feelings
    assert not judged(text)


@pytest.mark.parametrize("text", ["hes crazy", "she is insane", "im so stupid"])
def test_the_same_words_alone_still_judge(text: str) -> None:
    assert judged(text)


@pytest.mark.parametrize(
    ("text", "feeling"),
    [("im freezing and furious", "furious"), ("i was at work and bored", None)],
)
def test_a_feeling_after_and_shares_the_speakers_frame_across_a_state(
    text: str, feeling: str | None
) -> None:
    # "bored" may be a second deed ("born in leeds and moved to york"): left alone
    assert (feeling in analyze(text).feelings) if feeling else not analyze(text).feelings


def test_a_second_deed_after_and_is_no_feeling() -> None:
    assert analyze("I was born in Manila and moved to Toronto at six.").feelings == ()


@pytest.mark.parametrize(
    ("text", "level"),
    [
        ("im a bit low today", Level.SELF),
        ("so down rn", Level.SELF),
        ("im down", Level.FACT),  # "I'm in", not sad
        ("im low on battery", Level.FACT),
    ],
)
def test_low_and_down_after_am_are_feelings_only_when_graded_and_alone(
    text: str, level: Level
) -> None:
    assert analyze(text).level is level


@pytest.mark.parametrize("text", ["dont hate me", "dont panic", "dont worry about me"])
def test_dont_and_a_feeling_verb_is_said_to_someone_not_felt(text: str) -> None:
    assert analyze(text).level is not Level.SELF


def test_dont_and_a_feeling_verb_with_the_speaker_left_out_is_theirs() -> None:
    assert analyze("dont trust myself around him").level is not Level.FACT


@pytest.mark.parametrize(
    "text", ["so happy seeing you", "feel so helpless watching my mum get sicker"]
)
def test_a_feeling_before_what_one_is_doing(text: str) -> None:
    assert analyze(text).feelings


@pytest.mark.parametrize(
    ("text", "feeling"),
    [("i feel rotten", "rotten"), ("feeling human again", "human"), ("i feel old", "old")],
)
def test_an_adjective_no_list_has_is_a_feeling_after_feel(text: str, feeling: str) -> None:
    assert feeling in analyze(text).feelings


@pytest.mark.parametrize(
    "text",
    [
        "i feel sure he lied",  # a belief
        "i feel like going for a walk",  # a wish
        "i feel kinda cheated by the landlord",  # a faux feeling, not "kind"
    ],
)
def test_what_only_stands_where_a_feeling_would_is_none(text: str) -> None:
    unlisted = set(analyze(text).feelings) - {"cheated"}
    assert not unlisted


@pytest.mark.parametrize(
    "text",
    [
        "she just wants attention as usual",  # a motive read into what someone does
        "hes doing it on purpose i swear",
        "they def talk about me behind my back",
        "He deserves to be fired for that.",
        "he had no right to say that",
    ],
)
def test_a_motive_or_a_verdict_on_what_someone_deserves_is_a_judgment(text: str) -> None:
    assert judged(text)


@pytest.mark.parametrize(
    "text", ["my son wants a dog", "i want to win the race", "you deserve a holiday"]
)
def test_wanting_and_deserving_alone_judge_no_one(text: str) -> None:
    assert not judged(text)


@pytest.mark.parametrize(
    "text",
    ["my team lead is a tyrant", "politicians are all corrupt", "My ex was incredibly selfish."],
)
def test_labels_people_give_each_other_are_judgments(text: str) -> None:
    assert judged(text)


@pytest.mark.parametrize(
    "text",
    ["im fine lol", "im ok i guess", "im fine. really.", "im fine, just tired", "im okay-ish"],
)
def test_a_fine_laughed_off_hedged_or_insisted_on_hides_a_feeling(text: str) -> None:
    assert IssueKind.SUGAR_COATING in kinds(text)


@pytest.mark.parametrize(
    "text",
    [
        "im fine thanks, how are u",
        "im good, the weekend was great",
        "im good lol what about you",  # a laugh before more talk is only friendly
        "im fine, just wanted to say thanks for yesterday",  # "just" before a deed
    ],
)
def test_a_plain_fine_is_an_answer(text: str) -> None:
    assert IssueKind.SUGAR_COATING not in kinds(text)


def test_a_laugh_typed_as_a_full_stop_ends_its_clause() -> None:
    assert "tired" in analyze("im fine lol just tired").feelings


@pytest.mark.parametrize(
    "text",
    [
        "cool cool cool, nobody showed up to my bday",  # praise set off, then what hurt
        "awesome, the landlord raised the rent again",
        "living the dream on my 4th double this week 🙃",
        "cant wait for another dinner with my in-laws 🫠",
    ],
)
def test_praise_before_what_hurt_is_sarcasm(text: str) -> None:
    assert kinds(text) & {IssueKind.SUGAR_COATING, IssueKind.JUDGMENT}


@pytest.mark.parametrize(
    "text",
    [
        "great, my surgery went well",
        "great, i didnt fail",
        "amazing, we got the flat",
        "brilliant, the baby slept through again",  # "again" alone is no groan
        "great, nobody got hurt",
    ],
)
def test_praise_before_good_news_is_praise(text: str) -> None:
    assert not kinds(text) & {IssueKind.SUGAR_COATING, IssueKind.JUDGMENT}


def test_a_feeling_with_no_object_reads_back_a_few_clauses_not_to_the_start(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A message of 400 feelings read back to its start for each of them (300 ms): the
    clauses read stay in proportion to the message's length."""
    from dialogs.analysis import feelings

    read: list[int] = []
    told_by = feelings._told_by

    def counted(r, c0, c1):  # type: ignore[no-untyped-def]
        read.append(c0)
        return told_by(r, c0, c1)

    monkeypatch.setattr(feelings, "_told_by", counted)
    for n in (10, 200):
        read.clear()
        analyze("i feel sad, " * n)
        assert len(read) <= 14 * n  # each reads a dozen clauses back, not all n before it
