"""One person's practice with the coach: restore(snapshot) -> handle(event) -> snapshot().

The Coach is built once per process (content, analyzer, the machine). A Session is light: plain
fields that fit in a small JSON snapshot. It never stores anything itself; it returns replies and
records for the caller to keep, in one transaction with the new snapshot.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any

from dialogs.analysis import Analysis, Analyzer, IssueKind, Level, default_analyzer
from dialogs.analysis.phrases import expand
from dialogs.content import fill
from dialogs.ladder import LADDER
from dialogs.progress import pattern_of

from . import prompts
from .asides import Aside, AsidePhrases, read_aside
from .checkin import Answer, AnswerPhrases, any_phrase_in, read_answer, said_in_jest, said_yes
from .content import CoachContent, load_coach_content
from .events import Button, Command, Context, Event, Line, Outcome, Record, Reply, Result, Text
from .judge import Redirect, Verdict, judge
from .machine import LEVEL_STEP, STEP_LEVEL, STEPS, State, fire
from .partner import Kind, PartnerPhrases, read_partner

SCHEMA = 1
ONE_DAY = timedelta(days=1)
EXPLAINED_WORDS = 3  # a typed reply to "are you safe?" this long is more than a nod
MAX_PARTNER_NAME = 40
MAX_STATEMENT_CHARS = 1000  # a statement is a sentence or two; a letter is asked to be shortened
REDIRECTS_BEFORE_CHOICES = 2
PERSON = "person"  # the mode of a visit that only names who they practise with (/person)
PAIR = "pair"  # partner mode: one statement for the partner, at the pair's level, then a preview
FIRST_FRONTIER = "others"  # a fact is easy; the first level worth growing into is a feeling


class Coach:
    """Everything sessions share. Build one per process."""

    def __init__(self, content: CoachContent, analyzer: Analyzer) -> None:
        self.content = content
        self.analyzer = analyzer

        def phrases(said: dict[str, tuple[str, ...]], key: str) -> tuple[tuple[str, ...], ...]:
            """Content phrases read as the analyzer reads a statement ("im ok" -> i, am, ok),
            with (a|b) choices spelled out as in the lexicon."""
            return tuple(analyzer.words(one) for phrase in said[key] for one in expand(phrase))

        def words_of(said: dict[str, tuple[str, ...]], key: str) -> frozenset[str]:
            """Every word of those phrases, one by one (negations, asides to a joke)."""
            return frozenset(w for phrase in phrases(said, key) for w in phrase)

        self.loss = phrases(content.signals, "loss")  # a death or a loss told: met with care
        self.ingested = phrases(content.signals, "ingested")  # pills, poison, a spiked drink
        self.emergency = phrases(content.signals, "emergency")  # someone's body failing now
        self.help_came = phrases(content.signals, "help_came")  # and help with them, or better
        self.at_the_wheel = phrases(content.signals, "at_the_wheel")  # about to drive: keys down
        self.little_one = phrases(content.signals, "little_one")  # a baby or child at hand
        self.guidance = phrases(content.signals, "guidance")  # "any tips": asking us what to do
        safety = content.safety_answers
        self.answers = AnswerPhrases(
            not_safe=phrases(safety, "not_safe"),
            clearly_not_safe=phrases(safety, "clearly_not_safe"),
            safe=phrases(safety, "safe"),
            clearly_safe=phrases(safety, "clearly_safe"),
            safe_of_oneself=phrases(safety, "safe_of_oneself"),
            joking=phrases(safety, "joking"),
            joke_asides=words_of(safety, "joke_asides"),
            rather_not=phrases(safety, "rather_not"),
            no=phrases(safety, "no"),
            yes=phrases(safety, "yes"),
            yes_alone=phrases(safety, "yes_alone"),
            negations=words_of(safety, "negations"),
            speaking=words_of(safety, "speaking"),
        )
        partner = content.partner_answers
        self.partner = PartnerPhrases(
            no_one=phrases(partner, "no_one"),
            someone=phrases(partner, "someone"),
            openers=frozenset(w.casefold() for w in partner["openers"]),
            owners=frozenset(w.casefold() for w in partner["owners"]),
            greetings=phrases(partner, "greetings"),
            relations=frozenset(w.casefold() for w in partner["relations"]),
            possessive=partner["possessive"][0],
        )
        asides = content.asides
        self.asides = AsidePhrases(
            override=phrases(asides, "override"),
            help=phrases(asides, "help"),
            accept=phrases(asides, "accept"),
        )

    @classmethod
    def load(cls) -> Coach:
        return cls(load_coach_content(), default_analyzer())

    def restore(self, snapshot: dict[str, Any] | None) -> Session:
        return Session.from_snapshot(self, snapshot)


@dataclass
class Session:
    coach: Coach = field(repr=False, compare=False)
    state: str = State.WELCOME.value
    consented: bool = False
    partner: str | None = None  # "" = "someone close"; None = not asked yet
    partner_none: bool = False  # they have no one yet: the last step is about who they wish for
    mode: str = "practice"
    plan: list[str] = field(default_factory=list)  # level keys still to come, in order
    tries: int = 0  # redirects on the current step
    accepted: int = 0
    steps: int = 0
    frontier: str = FIRST_FRONTIER
    frontier_days: list[str] = field(default_factory=list)
    recent_prompts: list[str] = field(default_factory=list)
    checkin: bool = False  # after a crisis or a concern: the next session starts with a check-in
    awaiting_checkin: bool = False
    resume_to: str | None = None  # asking "are you safe?": the state to go back to after "yes"
    safety_asks: int = 0  # how many times it has been asked for this concern
    unsafe_said: bool = False  # in safety because they told us they are not safe
    # the day of the last crisis or "not safe" (ISO): for a day after it, "it was a joke" answers
    # no check-in (erased with everything else)
    crisis_day: str | None = None
    # the danger told was something swallowed or given to them: emergency care comes first,
    # and "im safe" does not settle it (a poisoning can take hours to show)
    medical: bool = False
    # the danger told is someone's body failing now (not breathing, won't wake): the answer is
    # the emergency number, for them, before anything about the person writing
    emergency: bool = False
    # After a stop, the named partner leaves the last step (it may be the person they fear):
    # it speaks of "someone you feel safe with" until they name someone again.
    partner_paused: bool = False
    focus: str | None = None  # the level today's daily session works on, when given one
    pair_prompt: str | None = None  # partner mode: the round's question, the same for both
    # How many times each message with several variants has been said to this person: the next
    # time takes the next variant, so the coach never says a thing the same way twice running.
    said: dict[str, int] = field(default_factory=dict)
    # Kept only while a session runs (privacy): the last statement, and what was offered for it.
    pending: dict[str, Any] = field(default_factory=dict)

    # --- the snapshot -----------------------------------------------------------------------
    _FIELDS = (
        "state",
        "consented",
        "partner",
        "partner_none",
        "mode",
        "plan",
        "tries",
        "accepted",
        "steps",
        "frontier",
        "frontier_days",
        "recent_prompts",
        "checkin",
        "awaiting_checkin",
        "resume_to",
        "safety_asks",
        "unsafe_said",
        "crisis_day",
        "medical",
        "emergency",
        "partner_paused",
        "focus",
        "pair_prompt",
        "said",
        "pending",
    )

    @classmethod
    def from_snapshot(cls, coach: Coach, snapshot: dict[str, Any] | None) -> Session:
        session = cls(coach)
        if not snapshot or snapshot.get("v") != SCHEMA:
            return session  # new person, or an unknown schema: start fresh, never crash
        for name in cls._FIELDS:
            if name in snapshot:
                setattr(session, name, snapshot[name])
        if session.state not in State.__members__.values():
            session.state = State.WELCOME.value
        return session

    def snapshot(self) -> dict[str, Any]:
        data: dict[str, Any] = {"v": SCHEMA}
        for name in self._FIELDS:
            value = getattr(self, name)
            data[name] = (
                list(value)
                if isinstance(value, list)
                else (dict(value) if isinstance(value, dict) else value)
            )
        return data

    # --- used by the machine's conditions ---------------------------------------------------
    @property
    def upcoming(self) -> str:
        return LEVEL_STEP[self.plan[0]].value if self.plan else State.REFLECT.value

    @property
    def step(self) -> State | None:
        state = State(self.state)
        return state if state in STEPS else None

    # --- handling one event -----------------------------------------------------------------
    def handle(self, event: Event, ctx: Context) -> Result:
        turn = _Turn(self, ctx)
        if isinstance(event, Text):
            turn.text(event.text)
        elif isinstance(event, Command):
            turn.command(event.name, event.focus, event.prompt)
        else:
            turn.tap(event.data)
        return turn.result()


class _Turn:
    """The work of one event: collects replies and records."""

    def __init__(self, session: Session, ctx: Context) -> None:
        self.s = session
        self.ctx = ctx
        self.content = session.coach.content
        self.lines: list[Line] = []
        self.replies: list[Reply] = []
        self.records: list[Record] = []
        self.completed: str | None = None
        self.kept: str | None = None
        self.finished: str | None = None
        self.crisis = False
        self.concern = False
        self.care_also: list[str] = []  # care for what this message told: a wheel, a baby

    def result(self) -> Result:
        self.send()
        return Result(
            tuple(self.replies),
            tuple(self.records),
            self.s.state,
            self.completed,
            self.crisis,
            self.concern,
            self.kept,
            self.finished,
        )

    # --- building replies -------------------------------------------------------------------
    def say(self, key: str, **params: str) -> None:
        self.lines.append(Line(key, {"partner": self.partner, **params}, self.variant(key)))

    def variant(self, key: str) -> int:
        """The next of a message's variants for this person: a start that differs from person to
        person, then one step on each time it is said."""
        if len(self.content.messages[key]) < 2:
            return 0
        count = self.s.said.get(key, 0)
        self.s.said = {**self.s.said, key: count + 1}
        return prompts.offset(self.ctx.seed, key) + count

    def send(self, *buttons: Button) -> None:
        if self.lines:
            self.replies.append(Reply(tuple(self.lines), tuple(buttons)))
            self.lines = []

    @property
    def partner(self) -> str:
        if self.s.mode == PAIR and self.ctx.pair_partner:  # writing to them, by choice
            return self.ctx.pair_partner
        if self.s.partner_paused:
            return self.content.text("partner.safe_person")
        if self.ctx.pair_partner:
            return self.ctx.pair_partner
        if self.s.partner:
            return self.s.partner
        return self.content.text("partner.wished" if self.s.partner_none else "partner.default")

    # --- text -------------------------------------------------------------------------------
    def text(self, raw: str) -> None:
        text = raw.strip()
        analysis = self.s.coach.analyzer.analyze(text) if text else None
        state = State(self.s.state)
        if analysis is not None and analysis.danger is not None:  # safety first, in every state
            words = self.answer_words(text)
            if any_phrase_in(words, self.s.coach.ingested):
                self.s.medical = True
            if any_phrase_in(words, self.s.coach.at_the_wheel):
                self.care_also.append("safety.care_driving")
            if any_phrase_in(words, self.s.coach.little_one):
                self.care_also.append("safety.care_little_one")
            if any_phrase_in(words, self.s.coach.emergency):  # no time for "are you safe?"
                if self.s.emergency and state is State.SAFETY:  # said once: the call, again
                    self.say("safety.emergency_again")
                    return
                self.s.emergency = True
                self.enter_safety("safety.care_emergency")
                return
            self.s.emergency = False  # an earlier emergency is not this danger's
            self.danger(analysis.danger, state, words)
            return
        if not _visible(text):  # nothing, or only invisible characters ("\u200b")
            if state is State.WELCOME and self.s.consented and not self.has_partner:
                self.say("welcome.partner_unclear")  # it was a name we asked for
                self.send(Button("someone", key="someone_close"))
            else:
                self.say("input.empty")
            return
        if state in STEPS and not any(ch.isalnum() for ch in text):
            self.say("input.no_words")  # "😭😭😭", "...": seen, and asked for a few words
            return
        if len(text) > MAX_STATEMENT_CHARS and state in STEPS:
            self.say("input.too_long", limit=str(MAX_STATEMENT_CHARS))
            return
        if state in STEPS and analysis is not None and analysis.language != "en":
            self.say("input.other_language")
            return
        if state is State.SAFETY:
            words = self.answer_words(text)
            # "im ok" said of oneself answers us once we have asked, but not the moment after
            # the crisis was said, nor after they told us they were not safe
            of_oneself = self.s.safety_asks >= 1 and not self.s.unsafe_said
            self.after_crisis(*self.typed_answer(words, of_oneself), typed=words)
        elif state is State.CHECKIN:
            words = self.answer_words(text)
            answer, plainly = self.typed_answer(words)
            # we asked a yes-or-no question: a "yes" (or "да", "si") answers it plainly
            plainly = plainly or said_yes(words, self.s.coach.answers)
            if answer is Answer.UNCLEAR and self.joking(words):  # "its a joke relax"
                answer, plainly = Answer.SAFE, True
            if answer is Answer.SAFE and not plainly and self.s.safety_asks >= 2:
                # asked twice, after "rather not say" or no answer: a nod ("ok") is not a yes
                answer = Answer.UNCLEAR
            # a few words that are no answer are often an explanation: heard before asking again
            explained = len(words) >= EXPLAINED_WORDS
            self.safety_answer(answer, explained)
        elif state is State.WELCOME:
            self.welcome_text(text)
        elif state in STEPS:
            assert analysis is not None
            self.step_text(text, analysis)
        elif state is State.REFLECT:
            self.say("reflect.thanks")
            self.finish()
        elif self.s.checkin:  # the session ended in a crisis or a check-in: no cheer
            self.say("safety.here_after")
        else:
            self.say("done.idle")

    # --- commands ---------------------------------------------------------------------------
    def command(self, name: str, focus: str | None = None, prompt: str | None = None) -> None:
        state = State(self.s.state)
        if name == "help":
            self.say("help.text")
        elif name in ("practice", "daily", "start"):
            self.start(name, focus if focus in LADDER else None)
        elif name == PAIR and focus in LADDER and prompt and self.ctx.pair_partner:
            self.start(name, focus, prompt)
        elif name == "stop":
            self.stop()
        elif name == "person":
            self.change_person(state)
        elif name == "skip":
            if state in STEPS:
                self.skip()
            elif state is State.REFLECT:  # the reflection is optional: skipping it ends the day
                self.say("skip.done")
                self.finish()
            elif state is State.CHECKIN:  # as "rather not say": asked once more, then care
                self.safety_answer(Answer.RATHER_NOT)
            elif state is State.SAFETY:
                self.here()
            else:
                self.say("stop.nothing")
        else:
            self.say("help.unknown_command")

    def start(self, name: str, focus: str | None = None, prompt: str | None = None) -> None:
        s = self.s
        if s.state != State.WELCOME.value:
            fire("restart", s)
        s.pending, s.plan, s.tries = {}, [], 0
        s.focus = focus if name in ("daily", PAIR) else None
        s.pair_prompt = prompt if name == PAIR else None
        if name == PAIR:  # they chose to write to their partner again (bot/ waits a day)
            s.partner_paused = False
        if name == "start" and s.consented and self.has_partner:
            self.say("welcome.back")
        s.mode = name if name in ("daily", PAIR) else "practice"
        self.welcome_step()

    @property
    def has_partner(self) -> bool:
        """Whether they have said who they practise with (or are in partner mode)."""
        return self.s.partner is not None or bool(self.ctx.pair_partner)

    def welcome_step(self) -> None:
        """Say what welcome needs next: consent, a partner, a check-in, or begin."""
        s = self.s
        if not s.consented:
            self.say("welcome.intro")
            self.send(Button("consent", key="consent"))
        elif not self.has_partner:
            self.say("welcome.ask_partner")
            self.send(Button("someone", key="someone_close"))
        elif s.checkin or s.awaiting_checkin:  # not skipped by starting again unanswered
            self.say("welcome.checkin_again" if s.awaiting_checkin else "welcome.checkin")
            s.checkin, s.awaiting_checkin = False, True
        else:
            self.begin()

    def welcome_text(self, text: str) -> None:
        s = self.s
        if s.awaiting_checkin:  # "how are you doing?" after a crisis: heard, not only thanked
            s.awaiting_checkin = False
            answers = self.s.coach.answers
            words = self.answer_words(text)
            if read_answer(words, answers) is Answer.SAFE:
                self.say("checkin.thanks")
                self.begin()
            elif any_phrase_in(words, answers.clearly_not_safe):
                self.enter_safety(unsafe=True)
            else:  # "not really", "idk", rather not say: "how are you doing?" is not "are you
                # safe?", so that is asked plainly, with the three buttons (danger said in words
                # has already stopped, above)
                self.ask_safe("checkin.ask_safe")
        elif not s.consented:
            self.say("welcome.consent_needed")
            self.send(Button("consent", key="consent"))
        elif not self.has_partner:
            if len(text) > MAX_PARTNER_NAME or "\n" in text:
                self.say("welcome.partner_too_long")
                self.send(Button("someone", key="someone_close"))
                return
            answer = read_partner(text, self.s.coach.analyzer.words(text), self.s.coach.partner)
            if answer.kind is Kind.UNCLEAR:
                self.say("welcome.partner_unclear")
                self.send(Button("someone", key="someone_close"))
                return
            s.partner_paused = False
            s.partner = answer.name if answer.kind is Kind.NAME else ""
            s.partner_none = answer.kind is Kind.NO_ONE
            self.say("welcome.partner_none" if s.partner_none else "welcome.partner_set")
            self.partner_named()
        else:
            self.begin()

    def partner_named(self) -> None:
        """After the partner question: begin the session, or, if /person asked it, stop there."""
        if self.s.mode == PERSON:
            self.say("person.done")
            fire("stop", self.s)
        else:
            self.begin()

    def change_person(self, state: State) -> None:
        """/person: ask again who they practise with in mind, between sessions only (the
        prompts of a running session already speak of someone)."""
        s = self.s
        if state in STEPS or state in (State.REFLECT, State.CHECKIN):
            self.say("person.busy")
            return
        if self.ctx.pair_partner:  # partner mode names them: leaving it is how to change
            self.say("person.paired")
            return
        if state is not State.WELCOME:
            fire("restart", s)
        s.partner, s.partner_none, s.mode, s.plan, s.pending = None, False, PERSON, [], {}
        self.welcome_step()

    # --- a session's path -------------------------------------------------------------------
    def begin(self) -> None:
        s = self.s
        if s.mode == PAIR and s.focus and s.pair_prompt:  # one statement, for the partner
            s.plan = [s.focus]
            s.focus = None
            self.say("session.pair", focus=self.level_name(s.plan[0]))
        elif s.mode == "daily":
            focus = s.focus or s.frontier
            s.focus = None
            warm = LADDER[max(LADDER.index(focus) - 1, 0)]
            if warm != focus:
                s.plan = [warm, focus]
                self.say("session.daily", warm=self.level_name(warm), focus=self.level_name(focus))
            else:
                s.plan = [focus]
                self.say("session.daily_one", focus=self.level_name(focus))
        else:
            s.plan = list(LADDER)
            self.say("session.practice")
        s.accepted, s.steps, s.tries, s.pending = 0, len(s.plan), 0, {}
        fire("begin", s)
        self.prompt()

    def prompt(self, gentle: bool = False) -> None:
        """The step's question; `gentle`: after a check-in, one of the gentle themes only."""
        if self.s.mode == PAIR and self.s.pair_prompt:  # the round's question, theirs too
            self.lines.append(Line(f"prompt:{self.s.pair_prompt}", {"partner": self.partner}))
            self.send()
            return
        level = STEP_LEVEL[State(self.s.state)]
        chosen = prompts.choose(
            self.content.prompts[level],
            self.s.recent_prompts,
            self.ctx.seed,
            self.ctx.today,
            level,
            self.content.after_checkin if gentle else frozenset(),
        )
        self.s.recent_prompts = prompts.remember(self.s.recent_prompts, chosen.id)
        self.lines.append(Line(f"prompt:{chosen.id}", {"partner": self.partner}))
        self.send()

    def level_name(self, level: str) -> str:
        return fill(self.content.text(f"level.{level}"), {"partner": self.partner})

    def advance(self) -> None:
        s = self.s
        s.plan = s.plan[1:]
        s.tries, s.pending = 0, {}
        fire("advance", s)
        if s.state == State.REFLECT.value and s.mode == PAIR:  # the preview is partner mode's
            self.completed = s.mode if s.accepted else None
            self.finished = s.mode
            s.pair_prompt = None
            fire("finish", s)
        elif s.state == State.REFLECT.value:  # the steps are done: the day counts already, if
            self.completed = s.mode if s.accepted else None  # one of them was more than skipped
            self.say("reflect.ask" if s.mode == "practice" else "reflect.ask_daily")
            self.send()
        else:
            self.say("next.step", level=self.level_name(STEP_LEVEL[State(s.state)]))
            self.prompt()

    def finish(self) -> None:
        s = self.s
        self.say("done.summary", accepted=str(s.accepted), steps=str(s.steps))
        self.finished = s.mode
        s.plan, s.pending = [], {}
        fire("finish", s)

    def stop(self) -> None:
        """/stop ends what /skip would act on: a step, the reflection, or a check-in."""
        s = self.s
        if s.state == State.WELCOME.value and s.consented:  # a question before a session: left
            s.mode = "practice"
            fire("stop", s)
        if s.state == State.SAFETY.value:  # nothing to stop but the care: still here
            self.here()
            return
        if s.state in (State.DONE.value, State.WELCOME.value):
            self.say("stop.nothing")
            return
        if s.state == State.CHECKIN.value:  # left unanswered: stopped, with who can help
            self.enter_safety(care="safety.care_stopped", asked=True)
            return
        s.plan, s.pending, s.tries = [], {}, 0
        s.awaiting_checkin, s.resume_to = False, None
        fire("stop", s)
        self.say("stop.done")

    def skip(self) -> None:
        step = self.s.step
        assert step is not None
        self.record(step, None, Outcome.SKIPPED)
        self.say("skip.done")
        self.advance()

    # --- a statement at a step --------------------------------------------------------------
    def step_text(self, text: str, analysis: Analysis) -> None:
        """A message at a step: the override, a wish for help, or a statement to coach."""
        s = self.s
        aside = read_aside(s.coach.analyzer.words(text), s.coach.asides)
        if aside is Aside.OVERRIDE and "text" in s.pending:
            self.own_word()
        elif aside is Aside.ACCEPT and "proposal" in s.pending:
            self.tap_in_step("send")
        elif aside is Aside.HELP:
            self.example()
        else:
            self.statement(text, analysis)

    def statement(self, text: str, analysis: Analysis, *, proposed: bool = False) -> None:
        step = self.s.step
        assert step is not None
        if step is State.IMMEDIATE and analysis.level is Level.OTHERS and self.names_partner(text):
            # "i feel close to maya right now": said of them by name, to a coach, is the same
            # feeling toward them that "you" would say to their face
            analysis = analysis.with_level(Level.IMMEDIATE)
        verdict = judge(step, analysis)
        if verdict.accepted:
            self.accept(step, text, analysis, verdict, proposed=proposed)
        else:
            self.redirect(step, text, analysis, verdict)

    def accept(
        self,
        step: State,
        text: str,
        analysis: Analysis,
        verdict: Verdict,
        *,
        proposed: bool = False,
        own_word: bool = False,
    ) -> None:
        s = self.s
        self.record(step, analysis, Outcome.OWN_WORD if own_word else Outcome.ACCEPTED)
        self.kept = text  # the version they chose to send: typed, tapped, or insisted on
        s.accepted += 1
        if own_word:
            self.say("praise.own_word")
        else:
            self.praise(step, analysis, verdict, proposed)
        if not own_word and analysis.is_clean:
            self.grow_frontier(STEP_LEVEL[step])
        self.advance()

    def praise(self, step: State, analysis: Analysis, verdict: Verdict, proposed: bool) -> None:
        """Specific praise: name what made the statement strong (at most three things). A loss
        told is met as a loss first, never with "clear and direct"."""
        loss = any_phrase_in(self.answer_words(analysis.text), self.s.coach.loss)
        if loss:
            self.say("praise.loss")
        if verdict.deeper and not proposed:  # a suggestion taken is not theirs to be praised for
            self.say("praise.deeper")
        if step is State.FACTS:
            if not verdict.deeper and not loss:
                self.say("praise.fact")
            return
        # toward the person "here and now" is no praise for a feeling told in the past tense
        now = not any(issue.kind is IssueKind.PAST for issue in analysis.issues)
        if proposed:  # their own words, made plain: one line of praise is enough
            self.say("praise.rewrite")
            if analysis.level is Level.IMMEDIATE and now:
                self.say("praise.toward")
            return
        elif analysis.feelings:
            self.say("praise.feeling", feeling=analysis.feelings[0])
        if analysis.level is Level.IMMEDIATE and now:
            self.say("praise.toward", partner=self.partner)
        elif analysis.level is Level.SELF and step is State.SELF:
            self.say("praise.about_self")
        elif analysis.is_clean and not verdict.deeper and not loss:
            self.say("praise.plain")

    def grow_frontier(self, level: str) -> None:
        """The frontier rises after a clean statement at it on two different days."""
        s = self.s
        if level != s.frontier or s.frontier == LADDER[-1]:
            return
        today = self.ctx.today.isoformat()
        if today not in s.frontier_days:
            s.frontier_days = [*s.frontier_days, today]
        if len(s.frontier_days) >= 2:
            s.frontier = LADDER[LADDER.index(level) + 1]
            s.frontier_days = []

    def redirect(self, step: State, text: str, analysis: Analysis, verdict: Verdict) -> None:
        s = self.s
        s.tries += 1
        s.pending = {"text": text}
        self.record(step, analysis, Outcome.REDIRECTED)
        tried = analysis.level is not Level.NONE  # "hmm" is no attempt to thank them for
        if any_phrase_in(self.answer_words(text), s.coach.loss):
            self.say("redirect.loss")  # a loss told is heard before anything is asked of it
        elif verdict.redirect is Redirect.SHALLOW and analysis.feelings:
            # a real feeling, only not yet the step's: heard by name before it is taken further
            self.say("redirect.ack_feeling", feeling=analysis.feelings[0])
        elif s.tries == 1 and tried:  # once per step: before every redirect it reads like a form
            self.say("redirect.ack")
        buttons: list[Button] = []
        issue = verdict.issue
        quote = issue.evidence if issue else ""
        # the statement without its softening, worked out once (the Analysis does not keep it)
        plain = analysis.unsoftened if verdict.redirect is Redirect.SUGAR else None
        if plain and judge(step, s.coach.analyzer.analyze(plain)).redirect is not None:
            plain = None  # a version the step would turn back at once is no help to send
        match verdict.redirect:
            case Redirect.FAUX:
                assert issue is not None
                self.say("redirect.faux", quote=quote)
                s.pending["faux"] = list(issue.span)
                buttons += [Button(f"feel:{word}", text=word) for word in issue.may_hide[:4]]
            case Redirect.SUGAR if plain:
                self.say("redirect.sugar", quote=quote)
                self.say("redirect.sugar_plain", plain=plain)
                self.say("redirect.sugar_try")
                s.pending["proposal"] = plain
                buttons.append(Button("send", key="send_this"))
            case Redirect.SUGAR:  # nothing is left once the softening goes: ask for it plainly
                self.say("redirect.sugar_named", quote=quote)
            case Redirect.SHALLOW:
                self.say(f"redirect.shallow.{STEP_LEVEL[step]}")
            case Redirect.JUDGMENT if analysis.feelings and issue:
                # "im annoyed that hes so lazy": the feeling is heard, the verdict let go
                self.say(
                    "redirect.judgment_after_feeling", quote=quote, feeling=analysis.feelings[0]
                )
            case Redirect.QUESTION | Redirect.ADVICE if analysis.feelings and issue:
                # the feeling was said: keep it, and let the question or the advice go, quoted
                # to the end of its sentence ("pls eat something", not "pls eat")
                key = f"redirect.{verdict.redirect.value}_after_feeling"
                rest = _to_sentence_end(text, issue.span[0])
                self.say(key, quote=rest, feeling=analysis.feelings[0])
            case Redirect.QUESTION if any_phrase_in(self.answer_words(quote), s.coach.guidance):
                self.say("redirect.question_guidance")  # asking us for tips: nobody to go first
            case other:
                assert other is not None
                self.say(f"redirect.{other.value}", quote=quote)
        # The override is offered from the first redirect, where there is something to insist on
        # (a feeling, or a finding); after "idk" it would make no sense.
        contestable = bool(analysis.feelings or analysis.issues)
        # at the first step they insist on a fact about them, not a feeling
        label = "own_fact" if step is State.FACTS else "own_word"
        own = [Button("own", key=label)] if contestable else []
        if s.tries < REDIRECTS_BEFORE_CHOICES:
            self.send(*buttons, *own)
        elif buttons:  # a version or feelings on offer already: one question, not two
            self.send(*buttons, *own, Button("skip", key="skip"))
        else:
            self.send()
            first = s.tries == REDIRECTS_BEFORE_CHOICES
            self.say("redirect.choices" if first else "redirect.choices_again")
            self.send(Button("example", key="example"), *own, Button("skip", key="skip"))

    def record(self, step: State, analysis: Analysis | None, outcome: Outcome) -> None:
        reached = analysis.level if analysis else Level.NONE
        if outcome is Outcome.OWN_WORD:  # "this really is my feeling": it reached the step
            reached = max(reached, Level(STEP_LEVEL[step]), key=lambda level: level.rank)
        self.records.append(
            Record(
                step=STEP_LEVEL[step],
                reached=reached.value,
                issues=_patterns(analysis) if analysis else (),
                outcome=outcome,
                mode=self.s.mode,
            )
        )

    # --- buttons ----------------------------------------------------------------------------
    def tap(self, data: str) -> None:
        s = self.s
        state = State(s.state)
        if state is State.WELCOME and data == "consent" and not s.consented:
            s.consented = True
            self.welcome_step()
        elif state is State.WELCOME and data == "someone" and s.consented and not self.has_partner:
            s.partner, s.partner_none, s.partner_paused = "", False, False
            self.partner_named()
        elif data in ("practice", "daily") and state in (State.DONE, State.SAFETY):
            self.start(data)
        elif state is State.CHECKIN and data in tuple(Answer):
            self.safety_answer(Answer(data))
        elif state is State.SAFETY and data in tuple(Answer):
            self.after_crisis(Answer(data), plainly=True)
        elif data == Answer.NOT_SAFE.value:  # "not safe" from an older question: heard, always
            self.enter_safety(unsafe=True)
        elif state in STEPS:
            self.tap_in_step(data)
        else:
            self.say("button.stale")

    def tap_in_step(self, data: str) -> None:
        s = self.s
        step = s.step
        assert step is not None
        pending = s.pending
        if data.startswith("feel:") and "faux" in pending and "text" in pending:
            proposal = _rewrite(pending["text"], pending["faux"], data.removeprefix("feel:"))
            proposal = s.coach.analyzer.analyze(proposal).unsoftened or proposal
            s.pending = {**pending, "proposal": proposal}
            self.say("rewrite.proposal", text=proposal)
            self.say("rewrite.send_or_change")
            self.send(Button("send", key="send_it"))
        elif data == "send" and "proposal" in pending:
            proposal = pending["proposal"]
            analysis = s.coach.analyzer.analyze(proposal)
            self.statement(proposal, analysis, proposed=True)
        elif data == "own" and "text" in pending:
            self.own_word()
        elif data == "example":
            self.example()
        elif data == "skip":
            self.skip()
        else:
            self.say("button.stale")

    def names_partner(self, text: str) -> bool:
        """Whether the statement names the partner as what it is about: not only as the one
        addressed at its start ("zoe i have so much anger toward my dad" is about dad; a
        feeling toward the one addressed says "you", which the analyzer reads already)."""
        s = self.s
        partner = self.ctx.pair_partner or s.partner
        if not partner or s.partner_paused:
            return False
        words = list(s.coach.analyzer.words(text))
        name = [w for w in s.coach.analyzer.words(partner) if w != s.coach.partner.possessive]
        if not name:
            return False
        n = len(name)
        grammar = s.coach.analyzer.lex.grammar
        speaker = grammar.first_person - grammar.possessives  # "i", "me": not "my"

        def addressed(i: int) -> bool:  # "zoe i have…", "zoe, im…": said to them, at the start
            after = [w for w in words[i + n : i + n + 2] if w.isalnum()]
            return i == 0 and bool(after) and after[0] in speaker

        return any(words[i : i + n] == name and not addressed(i) for i in range(len(words) - n + 1))

    def own_word(self) -> None:
        """ "This really is my feeling": theirs, taken as they said it."""
        step = self.s.step
        assert step is not None
        text = self.s.pending["text"]
        analysis = self.s.coach.analyzer.analyze(text)
        self.accept(step, text, analysis, Verdict(None), own_word=True)

    def example(self) -> None:
        step = self.s.step
        assert step is not None
        self.say(f"example.{STEP_LEVEL[step]}")
        self.say("example.try")

    # --- safety -----------------------------------------------------------------------------
    def danger(self, kind: IssueKind, state: State, words: list[str]) -> None:
        """A crisis stops everything; a concern asks whether they are safe (twice at most).
        Either way the statement is not scored: no record is made of it. `words`: the message's,
        as a typed answer is read."""
        if kind is IssueKind.CRISIS:  # stopped already: not "I've stopped the exercise" again
            self.enter_safety("safety.still_here" if state is State.SAFETY else "safety.care")
        elif state is State.CHECKIN:  # possible danger, said while we ask: heard, asked again,
            # then care (a false alarm is not made a crisis); never "you don't have to explain"
            if read_answer(words, self.s.coach.answers) is Answer.NOT_SAFE:
                self.safety_answer(Answer.NOT_SAFE)  # "no i dont want to be here anymore"
            elif self.s.safety_asks >= 2:
                self.safety_answer(Answer.UNCLEAR)
            else:
                self.ask_safe("concern.ask_again_heard")
        elif state is State.SAFETY:
            self.still_in_safety()
        else:
            self.ask_safe()

    def ask_safe(self, key: str = "concern.ask") -> None:
        """Pause the exercise and ask, directly and kindly, whether they are safe right now."""
        s = self.s
        self.concern = True
        if s.state != State.CHECKIN.value:
            s.resume_to, s.safety_asks = s.state, 0
            s.checkin = True  # if they leave without answering, the next session checks in
            fire("concern", s)
        s.safety_asks += 1
        self.say(key)
        self.safe_buttons()

    def safe_buttons(self) -> None:
        self.send(
            Button(Answer.SAFE.value, key="safe_yes"),
            Button(Answer.NOT_SAFE.value, key="safe_no"),
            Button(Answer.RATHER_NOT.value, key="safe_rather_not"),
        )

    def safety_answer(self, answer: Answer, explained: bool = False) -> None:
        s = self.s
        if answer is Answer.SAFE:
            s.checkin = False
            self.say("concern.safe")
            if s.medical:  # a drink they fear was spiked: safe now is not yet safe from it
                self.say("safety.care_medical")
            s.medical = False
            self.resume()
        elif answer is Answer.NOT_SAFE:
            self.enter_safety(unsafe=True)
        elif s.safety_asks >= 2:  # still no answer: care, without claiming they told us more
            self.enter_safety(care="safety.care_unsure", asked=True)
        elif explained:  # they wrote something else, often why: heard, then asked plainly
            self.ask_safe("concern.ask_again_typed")
        elif answer is Answer.RATHER_NOT:  # a gentle second ask, no explaining needed
            self.ask_safe("concern.ask_again")
        else:  # "hmm", "i guess", "yes i am not": asked once more, plainly
            self.ask_safe("concern.ask_again_unclear")

    def resume(self) -> None:
        """Back at the step they were on before the check-in, with a fresh question: the one
        they were answering may be what brought the hard thing up (a walk found "when your
        body is tired or sore…" asked again after a disclosure of starving)."""
        s = self.s
        back = State(s.resume_to or State.DONE.value)
        fire("resume", s)
        s.resume_to, s.safety_asks = None, 0
        if back in STEPS:
            self.say("concern.resume")
            self.prompt(gentle=True)
        elif back is State.WELCOME:
            self.welcome_step()
        elif back is State.REFLECT:
            self.say("reflect.ask")

    def enter_safety(
        self, care: str = "safety.care", asked: bool = False, unsafe: bool = False
    ) -> None:
        """A crisis ends the exercise at once: care, crisis lines, nothing scored. `asked`:
        "are you safe?" has been asked enough (twice, or answered `unsafe`), so it is not
        asked again, and a nod ("ok") does not end this."""
        s = self.s
        self.crisis = True
        if unsafe and care == "safety.care":
            care = "safety.care_unsafe"  # told, perhaps by a tap: not "what you wrote"
        s.plan, s.pending, s.tries = [], {}, 0
        s.checkin, s.awaiting_checkin = True, False
        s.resume_to, s.safety_asks = None, 2 if asked or unsafe else 0
        s.unsafe_said = unsafe
        s.crisis_day = self.ctx.today.isoformat()
        # never coach toward someone who may be the danger (a partner mode's partner too)
        s.partner_paused = bool(s.partner or self.ctx.pair_partner)
        if s.state != State.SAFETY.value:
            fire("crisis", s)
        self.say(care)
        if s.medical and not s.emergency:
            self.say("safety.care_medical")
        for key in self.care_also:  # what to do first, before any line is called
            self.say(key)
        self.resources()

    def still_in_safety(self) -> None:
        self.say("safety.still_here")
        self.resources()

    def here(self) -> None:
        """A short word of presence once the lines are given; after "not safe", with the way to
        help, never a way back to practice."""
        self.say("safety.here_unsafe" if self.s.unsafe_said else "safety.here")

    def answer_words(self, text: str) -> list[str]:
        """A typed answer's words as the answer phrases are read: normalised, marks left out."""
        return [w for w in self.s.coach.analyzer.words(text) if w.isalnum()]

    def joking(self, words: list[str]) -> bool:
        """Whether the answer says it was a joke (checkin.said_in_jest), to a check-in this
        session raised: not one that opens a session after a crisis, nor within a day of one."""
        s = self.s
        if s.resume_to is None or s.resume_to == State.WELCOME.value or s.unsafe_said:
            return False
        if s.crisis_day is not None and s.crisis_day >= (self.ctx.today - ONE_DAY).isoformat():
            return False  # a crisis a day ago or less: "jk" after it is no answer
        return said_in_jest(words, s.coach.answers)

    def typed_answer(self, words: list[str], of_oneself: bool = False) -> tuple[Answer, bool]:
        """A typed answer to "are you safe right now?" (its words, as `answer_words` reads
        them), and whether it says "safe" plainly: in so many words, or, with `of_oneself`, of
        oneself ("yeah im ok")."""
        answers = self.s.coach.answers
        plainly = any_phrase_in(words, answers.clearly_safe, unless_after=answers.negations)
        if of_oneself and not plainly:
            plainly = any_phrase_in(words, answers.safe_of_oneself, unless_after=answers.negations)
        return read_answer(words, answers), plainly

    def after_crisis(self, answer: Answer, plainly: bool, typed: list[str] | None = None) -> None:
        """Words after the exercise stopped for a crisis, that are no danger themselves: read
        as an answer to "are you safe right now?", so there is a way on from here that is not
        the same block of lines again and again. Safe (said plainly, or in answer to our
        asking): thanked, and the session ends (the next one opens with a check-in). Not safe:
        the lines again. Anything else: asked once, then the lines, then only a short word that
        we are here. Once they have said they are not safe, a nod ("ok", "thanks") is no
        answer to a question we did not ask again: only "I'm safe" said plainly ends it."""
        s = self.s
        if s.emergency and typed is not None:
            # someone else's emergency: until help is there, every word is the call again
            # ("what do i do", "its not me", "ok calling"); then relief, and the session ends
            if not any_phrase_in(typed, s.coach.help_came):
                self.say("safety.emergency_again")
                return
            s.emergency = s.medical = False
            self.say("safety.emergency_settled")
            fire("settle", s)
            return
        s.emergency = False  # a tapped answer: about the person writing, as any other
        if answer is Answer.SAFE and (plainly or s.safety_asks == 1):
            # "safe" now is not safe from what was swallowed: emergency care, asked once more
            self.say("safety.after_safe_medical" if s.medical else "safety.after_safe")
            s.medical = False
            fire("settle", s)
        elif answer is Answer.SAFE and s.unsafe_said:  # "im ok" after "not safe": asked, once
            s.safety_asks = 1
            self.say("safety.ask_confirm")
            self.safe_buttons()
        elif answer is Answer.SAFE and typed is not None and said_yes(typed, s.coach.answers):
            # a "yes" after we could not be sure: heard, and asked once more so it is clear
            # what it answers (not "if you're safe, you can tell me so", as if unheard)
            s.safety_asks = 1
            self.say("safety.ask_yes_confirm")
            self.safe_buttons()
        elif answer is Answer.NOT_SAFE:
            s.safety_asks, s.unsafe_said = max(s.safety_asks, 2), True  # not asked again
            self.still_in_safety()
        elif s.safety_asks == 0:
            s.safety_asks += 1
            self.say("safety.ask_after")
            self.safe_buttons()
        elif s.safety_asks == 1:
            s.safety_asks += 1
            self.still_in_safety()
        else:
            self.here()

    def resources(self) -> None:
        self.say("safety.resources_intro")
        for resource in self.content.resources(self.ctx.country):
            self.say("safety.resource", name=resource.name, contact=resource.contact)
        if not self.s.emergency:  # someone else's emergency opened with the number already
            self.say("safety.emergency")


def _visible(text: str) -> bool:
    """Whether any character shows: not only spaces, control or format characters."""
    return any(unicodedata.category(ch)[0] not in "CZ" for ch in text)


def _patterns(analysis: Analysis) -> tuple[str, ...]:
    found = {pattern_of(issue) for issue in analysis.issues}
    return tuple(sorted(p.value for p in found if p is not None))


_KEEP_AFTER = ("when", "whenever", "because", "that", "as", "if", "since", "after", "while")


def _rewrite(text: str, span: list[int], feeling: str) -> str:
    """Put the feeling where the faux feeling stood: "I feel ignored when you…" -> "I feel
    lonely when you…". What names who did it ("…ignored by my boss") goes: the feeling is the
    speaker's own, and the person can add their own "when…"."""
    start, end = span
    rest = text[end:].strip()
    keep = rest.split(" ", 1)[0].lower() in _KEEP_AFTER
    tail = f" {rest}" if keep else ""
    sentence = f"{text[:start]}{feeling}{tail}".strip()
    return sentence if sentence[-1:] in ".!?" else f"{sentence}."


def _to_sentence_end(text: str, start: int) -> str:
    """The words from `start` to the end of their sentence (the mark kept)."""
    end = len(text)
    for mark in ".!?\n":
        found = text.find(mark, start)
        if found != -1:
            end = min(end, found + (mark != "\n"))
    return text[start:end].strip()
