"""Loading and checking the analyzer's word lists (content/<lang>/lexicon/*.yaml).

Every list is read through the same Tokenizer that reads statements, so a reviewer writes
"don't worry about me" and it matches "dont worry abt me". All lists go into ONE PhraseIndex whose
payloads are tagged (`Tag`), so reading a statement scans its words once.
"""

from __future__ import annotations

import gc
import re
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from enum import IntEnum, StrEnum, auto
from functools import lru_cache
from pathlib import Path

from dialogs.content import DEFAULT_LANGUAGE, pack_dir
from dialogs.yamlfile import ContentError, Node, load

from . import coaching_model
from .coaching_model import CoachingModel
from .danger_book import DangerBook
from .danger_lexicon import add_danger
from .danger_model import DangerModel, load_model
from .inflect import PAST_TAGS, degrees, is_english, plurals, verb_forms
from .language import Languages
from .letters_model import LettersModel, load_letters_model
from .phrases import PhraseIndex, expand
from .spelling import Speller
from .tokens import Spelling, Tokenizer


class Tag(IntEnum):
    """What a lexicon phrase is. One phrase may carry several tags. (An IntEnum: hashed in C.)"""

    FEELING = auto()
    FEELING_VERB = auto()
    FEELING_VERB_PAST = auto()
    SENSATION = auto()
    BODY_PART = auto()  # "my stomach", "my hands": where a feeling may be told as the body's state
    BODY_STATE = auto()  # "in knots", "sweaty"
    FEELING_AMOUNT = auto()  # "so much", "a wave of": before a feeling named as a noun
    FEELING_HOLDER = auto()  # "full of", "overcome with": the speaker holding such a feeling
    FEELING_HAVING = auto()  # "have", "carry": the speaker having an amount of one
    ENDEARMENT = auto()  # "my love": a person called by a feeling's name, not the feeling
    PLEASANT_STATE = auto()  # "full", "warm": a body state that tells a good feeling
    WISH_OBJECT = auto()
    FAUX = auto()
    EVALUATION = auto()
    GENERALISER = auto()
    TRAILING_GENERALISER = auto()  # "every single time": may close a clause far from its subject
    EXCESS = auto()  # "far too often": a deed measured against a standard
    BLAME = auto()
    THOUGHT_VERB = auto()
    IMPERSONAL_THOUGHT = auto()
    SELF_VERDICT = auto()
    HEDGE = auto()
    CLAUSE_HEDGE = auto()
    MINIMIZER = auto()
    STANDALONE_MINIMIZER = auto()
    REASSURANCE = auto()
    LAUGH = auto()
    APOLOGY = auto()
    COMPLIMENT = auto()
    CONTRAST = auto()
    LITOTES_MODIFIER = auto()
    LITOTES_FEELING = auto()
    PADDING = auto()
    PAST = auto()
    PRESENT = auto()
    SPEAKING_NOW = auto()
    TAG_QUESTION = auto()
    RHETORICAL = auto()  # "whats the point": a sigh in question form
    ADVICE_MODAL = auto()
    ADVICE_PHRASE = auto()
    GUIDANCE = auto()  # "should i…", "any tips": asking the listener what to do
    LOGISTICS = auto()  # a time, a place, a thing to bring: a practical question
    IMPERATIVE = auto()
    DANGER = auto()  # a role or concept of the danger rules (Entry.concept says which)
    DANGER_CALM = auto()  # a look-alike that excuses a danger match inside it
    PERSON = auto()
    DISCOURSE = auto()
    INTERPRETIVE = auto()  # "brushed me off": what someone did, told as what they meant
    STIMULUS = auto()  # "scares (me)": a cause as subject, the speaker as object; Entry.feeling
    STIMULUS_PAST = auto()
    STIMULUS_ADJ = auto()  # "so embarrassing", "its scary": what a cause is like; Entry.feeling
    STIMULUS_ALONE = auto()  # "it hurts", "that stings": a stimulus verb that needs no "me"
    DISMISSAL = auto()  # "whatever", closing a clause
    CLOSING_APOLOGY = auto()  # "sorry", closing the statement
    PAINFUL_EVENT = auto()  # "got dumped", "the funeral": pain told as an event
    SARCASM_MARK = auto()
    SARCASTIC_PRAISE = auto()
    SARCASTIC_PHRASE = auto()
    REPEAT_MARK = auto()
    NON_ANSWER = auto()  # "idk", "no idea": no answer at all, whoever says it


class Valence(StrEnum):
    POSITIVE = "positive"
    NEGATIVE = "negative"
    MIXED = "mixed"


@dataclass(frozen=True)
class FeelingWord:
    """A feeling as the lexicon knows it."""

    word: str  # the normalised spelling, reported in Analysis.feelings
    family: str
    valence: Valence
    self_conscious: bool
    feel_only: bool  # a feeling only after "feel" ("I feel good"), not after "am" ("I'm good")


@dataclass(frozen=True)
class FauxWord:
    word: str
    may_hide: tuple[str, ...]
    not_before: frozenset[str] = frozenset()  # "used" is no faux feeling in "I'm used to it"


@dataclass(frozen=True)
class Entry:
    """A phrase's tag and, for feelings and faux feelings, what it carries."""

    tag: Tag
    feeling: FeelingWord | None = None
    faux: FauxWord | None = None
    # for Tag.DANGER: the ids in the DangerBook of every role and concept this phrase is (one
    # entry per phrase, so a word like "me" that is a role in four languages makes one hit)
    concepts: tuple[int, ...] = ()


@dataclass(frozen=True)
class Grammar:
    first_person: frozenset[str]
    second_person: frozenset[str]
    we_us: frozenset[str]
    us_two: frozenset[str]
    third_person: frozenset[str]
    self_nouns: frozenset[str]
    linking_present: frozenset[str]
    linking_past: frozenset[str]
    speaker_links: frozenset[str]  # "WAS sad all weekend": the speaker's, the I left out
    likeness_words: frozenset[str]  # "calm AS a lake": a likeness follows, no object
    progressive_be: frozenset[str]  # "im DREADING it": the be before a feeling verb's -ing
    obligation_verbs: frozenset[str]  # "you never HAVE to ask": a kindness, not a charge
    asking_after: frozenset[str]  # "HOW is ur day": asks after the person, arranges nothing
    frame_fillers: frozenset[str]
    no_show_verbs: frozenset[str]  # "nobody CAME": what no one did that the speaker hoped for
    nobody_words: frozenset[str]  # "cool cool, NOBODY showed up": no one came, did, wrote
    laugh_marks: frozenset[str]  # "im fine LOL just tired": a laugh that ends a clause as a mark
    reassurance_companions: frozenset[str]  # "im fine LOL", "im fine, REALLY": fine, insisted on
    not_feelings: frozenset[str]  # "i feel SURE": an adjective after "feel" that is no feeling
    closing_feelings: frozenset[str]  # "im a bit LOW": after "am" too, when nothing follows
    intensifiers: frozenset[str]  # "im CRAZY nervous": grades the feeling after it, judges no one
    clause_breaks: frozenset[str]
    subject_pronouns: frozenset[str]
    determiners: frozenset[str]
    prepositions: frozenset[str]
    conjunctions: frozenset[str]
    ing_nouns: frozenset[str]
    no_object_words: frozenset[str]
    question_words: frozenset[str]
    auxiliaries: frozenset[str]
    feel_forms: frozenset[str]
    negations: frozenset[str]
    perfect_auxiliaries: frozenset[str]
    cause_verbs: frozenset[str]
    coordinators: frozenset[str]
    cause_verbs_past: frozenset[str]
    linking_words: frozenset[str]
    verdict_copulas: frozenset[str]
    verdict_fillers: frozenset[str]
    person_pronouns: frozenset[str]
    everyone_words: frozenset[str]
    apology_words: frozenset[str]
    subject_tails: frozenset[str]
    everything_words: frozenset[str]
    appraisal_verbs: frozenset[str]
    generaliser_gap: frozenset[str]
    contrasts: frozenset[str]
    joiners: frozenset[str]
    advice_gap: frozenset[str]
    thought_gap: frozenset[str]
    thought_links: frozenset[str]
    felt_verdicts: frozenset[str]
    superlative_fillers: frozenset[str]
    cause_openers: frozenset[str]
    perception_verbs: frozenset[str]
    topic_prepositions: frozenset[str]  # "think ABOUT him": what the thought is of
    clausal_subjects: frozenset[str]
    subject_determiners: frozenset[str]
    act_fillers: frozenset[str]
    dummy_subjects: frozenset[str]
    not_commands: frozenset[str]
    plea_words: frozenset[str]
    command_openers: frozenset[str]
    command_objects: frozenset[str]
    gerund_commands: frozenset[str]
    motion_commands: frozenset[str]
    object_words: frozenset[str]
    degree_words: frozenset[str]
    infinitive_markers: frozenset[str]
    blame_verbs: frozenset[str]
    presence_prepositions: frozenset[str]
    circumstance_prepositions: frozenset[str]
    aimed_families: frozenset[str]
    eye_rolls: frozenset[str]
    habit_verbs: frozenset[str]
    encouragements: frozenset[str]
    object_prepositions: frozenset[str]
    durations: frozenset[str]
    relationship_nouns: frozenset[str]
    conditional_words: frozenset[str]
    noun_question_words: frozenset[str]
    third_person_objects: frozenset[str]
    first_person_objects: frozenset[str]
    context_skips: frozenset[str]
    adjective_commands: frozenset[str]
    thanks_words: frozenset[str]
    more_of: frozenset[str]
    possessives: frozenset[str]
    relative_pronouns: frozenset[str]
    relative_openers: frozenset[str]  # "…, WHICH is new": more of what came before, no question
    subordinators: frozenset[str]  # "AFTER im gone": a clause of its own
    fine_words: frozenset[str]  # "im OK just sad": the "I am" carries on to the feeling

    # Derived at load, so the rules test one set instead of several:
    function_words: frozenset[str] = field(init=False)  # words that cannot head a noun phrase
    never_commands: frozenset[str] = field(init=False)  # never open a command ("I…", "the…")
    you_or_us: frozenset[str] = field(init=False)
    question_openers: frozenset[str] = field(init=False)  # "how…", "do you…" without a "?"
    speaker_words: frozenset[str] = field(init=False)  # the speaker, or the two practising

    def __post_init__(self) -> None:
        words = self.prepositions | self.conjunctions | self.auxiliaries | self.negations
        words |= self.question_words | self.clause_breaks | self.linking_present | self.linking_past
        never = self.subject_pronouns | self.first_person | self.third_person | self.determiners
        never |= self.question_words | self.prepositions | self.not_commands | self.auxiliaries
        never |= self.no_object_words | self.negations | self.conjunctions
        never -= self.command_openers | self.adjective_commands | {"do"}  # "do not text him"
        derived = {
            "function_words": words,
            "never_commands": never,
            "you_or_us": self.second_person | self.us_two,
            "question_openers": self.question_words | self.auxiliaries,
            "speaker_words": self.first_person | self.we_us,
        }
        for name, value in derived.items():
            object.__setattr__(self, name, frozenset(value))


@dataclass(frozen=True)
class Lexicon:
    tokenizer: Tokenizer
    grammar: Grammar
    index: PhraseIndex[Entry]
    families: dict[str, Valence]
    danger: DangerBook
    languages: Languages
    vocabulary: frozenset[str]  # every word the lexicon files hold
    your_spellings: frozenset[str]  # "ur": "you are", or "your" before a noun
    i_will_spellings: frozenset[str]  # "ill": "i will" before a verb, else unwell
    i_will_before: frozenset[str]  # the words after which "ill" is "i will" besides verbs
    we_are_spellings: frozenset[str]  # "were": "we are" where a clause opens
    we_are_after: frozenset[str]  # the words before it that open a clause
    we_are_before: frozenset[str]  # the words after it, besides -ing forms
    together_verbs: frozenset[str]  # every form of the verbs of being together ("we TALKED")
    danger_model: DangerModel | None = None
    coaching_model: CoachingModel | None = None
    letters_model: LettersModel | None = None  # danger in the other languages, by letters


_FILES = (
    "grammar",
    "chat",
    "feelings",
    "faux_feelings",
    "judgments",
    "softening",
    "time",
    "speech",
    "danger",
)
_WORDISH = re.compile(r"[^\W_]+(?:['-][^\W_]+)*")


@lru_cache(maxsize=4)
def load_lexicon(language: str = DEFAULT_LANGUAGE, root: Path | None = None) -> Lexicon:
    """Read and check every lexicon file; a fault raises ContentError naming file, key and line."""
    with _built_at_once():
        return _load(language, root)


@contextmanager
def _built_at_once() -> Iterator[None]:
    """No garbage collection while the lexicon builds, and none of its objects looked at again.

    The build makes about a million objects that all live as long as the process and hold no
    garbage. Python's collector would walk them again and again as they pile up: that was
    nearly half of every start (1.9 s of 4.1). After the build they move to the permanent
    generation (gc.freeze), so the collector never walks them while statements are read either.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        gc.freeze()
        if enabled:
            gc.enable()


def _load(language: str, root: Path | None) -> Lexicon:
    folder = root or pack_dir(language) / "lexicon"
    docs = {name: load(folder / f"{name}.yaml", f"{folder.name}/{name}.yaml") for name in _FILES}
    # Danger in the other languages people write in: content/<code>/danger.yaml.
    packs = folder.parent.parent
    foreign = [
        load(path, f"{path.parent.name}/{path.name}")
        for path in sorted(packs.glob("*/danger.yaml"))
        if path.parent.name != language
    ]
    lexicon = _Builder(docs, foreign).build()
    return replace(
        lexicon,
        danger_model=load_model(folder / "danger_model.json"),
        coaching_model=coaching_model.load_model(folder / "coaching_model.json"),
        letters_model=load_letters_model(
            packs / "languages" / "danger_letters.json", frozenset(lexicon.languages.marks)
        ),
    )


class _Builder:
    def __init__(self, docs: dict[str, Node], foreign: list[Node]) -> None:
        self.docs = docs
        self.foreign = foreign
        self.index: PhraseIndex[Entry] = PhraseIndex()
        self.tokenizer = self._tokenizer()

    # --- the tokenizer first: every other list is read through it --------------------------
    def _tokenizer(self) -> Tokenizer:
        chat = self.docs["chat"]
        spellings = {
            key: tuple(value.split()) for key, value in chat["spellings"].text_map().items()
        }
        endings = chat["contraction_endings"].text_map()
        irregular = {k: tuple(v.split()) for k, v in chat["irregular_negations"].text_map().items()}
        # English words, and every word of every pack: the speller mends into the first only
        # (a typo in English must not become a word of another language's danger list).
        self.danger_words = frozenset(_scalar_words(self.docs["danger"].raw))  # guarded below
        others = (doc for name, doc in self.docs.items() if name != "danger")
        self.english_words = self.danger_words | frozenset(self._all_words(others))
        vocabulary = self.english_words | frozenset(self._all_words(self.foreign))
        self.vocabulary = vocabulary
        return Tokenizer(
            Spelling(
                spellings=spellings,
                endings=endings,
                s_means_is=frozenset(chat["s_means_is"].texts()),
                irregular=irregular,
                vocabulary=vocabulary,
                slashed={k: tuple(v.split()) for k, v in chat["slashed"].text_map().items()},
            )
        )

    def _all_words(self, docs: Iterable[Node]) -> Iterable[str]:
        for doc in docs:
            yield from _scalar_words(doc.raw)

    def _words(self, phrase: str) -> tuple[str, ...]:
        return self.tokenizer.words(phrase)

    def _add(self, node: Node, tag: Tag) -> None:
        node.texts()  # a non-empty list of text, or a ContentError saying where
        for item in node.seq():
            self._add_phrase(item, item.text(), Entry(tag))

    def _add_phrase(self, node: Node, phrase: str, entry: Entry) -> None:
        try:
            spellings = expand(phrase)
        except ValueError as exc:
            raise node.fail(str(exc)) from exc
        for spelling in spellings:
            words = self._words(spelling)
            if not words:
                raise node.fail(f"{phrase!r} has no words")
            self.index.add(words, entry)
            if "-" in spelling:  # "two-faced" is also typed "two faced" and "twofaced"
                for joint in (" ", ""):
                    self.index.add(self._words(spelling.replace("-", joint)), entry)

    def _add_inflected(self, node: Node, tag: Tag, *, verb: bool) -> None:
        """Add each phrase with the inflections of its head: a verb's first word ("brush off" ->
        brushes off, brushed off…) or a noun's last ("a liar" -> liars)."""
        node.texts()
        for item in node.seq():
            try:
                spellings = expand(item.text())
            except ValueError as exc:  # said with the file and line, as every content error
                raise item.fail(str(exc)) from exc
            for spelling in spellings:
                for form in _inflected(spelling, verb=verb):
                    self._add_phrase(item, form, Entry(tag))

    def _set(self, node: Node) -> frozenset[str]:
        """A class of single words, each as the reading spells it ("cant" gives "can" and
        "not"). A phrase is refused: its words would each count alone ("screen time" made every
        "time" one's own)."""
        node.texts()
        out: set[str] = set()
        for item in node.seq():
            text = item.text()
            if " " in text:
                raise item.fail(f"{text!r} is a phrase; this list takes single words")
            out.update(self._words(text))
        return frozenset(out)

    # --- the files ---------------------------------------------------------------------------
    def build(self) -> Lexicon:
        grammar = self._grammar()
        families = self._feelings()
        self._faux(families)
        self._simple_lists()
        danger = DangerBook(negations=grammar.negations)
        add_danger(self.docs["danger"], danger, self.index, self._words, inflect=True)
        markers: dict[str, frozenset[str]] = {}
        for doc in self.foreign:
            code = add_danger(doc, danger, self.index, self._words, inflect=False)
            markers[code] = self._set(doc["markers"])
        english = grammar.first_person | grammar.second_person | grammar.determiners
        english |= grammar.auxiliaries | grammar.prepositions | grammar.conjunctions
        self._mend_spelling()
        english_words = self.english_words

        def also_english(word: str) -> bool:
            return word in english_words or is_english(word)

        languages = Languages(english, markers, also_english)
        return Lexicon(
            self.tokenizer,
            grammar,
            self.index,
            families,
            danger,
            languages,
            self.vocabulary,
            frozenset(self.docs["chat"]["you_or_your"].texts()),
            frozenset(self.docs["chat"]["i_will_spellings"].texts()),
            frozenset(self.docs["chat"]["i_will_before"].texts()),
            frozenset(self.docs["chat"]["we_are_spellings"].texts()),
            frozenset(self.docs["chat"]["we_are_after"].texts()),
            frozenset(self.docs["chat"]["we_are_before"].texts()),
            self._verb_words(self.docs["grammar"]["together_verbs"]),
        )

    def _verb_words(self, node: Node) -> frozenset[str]:
        """The first word of each verb phrase, in every tense ("talk" -> talks, talked…)."""
        out: set[str] = set()
        for verb in node.texts():
            for spelled in verb_forms(verb.split()[0]).values():
                out.update(spelled)
        return frozenset(out)

    def _mend_spelling(self) -> None:
        """From here on, a misspelt word is read as the lexicon word it was meant to be."""
        vocabulary = self.vocabulary

        def known(word: str) -> bool:
            return word in vocabulary or is_english(word)

        feelings = frozenset(w for phrase in self.known_feelings for w in phrase.split())
        guarded = feelings | self.danger_words
        speller = Speller(self.english_words, known, feelings, guarded)
        self.tokenizer.use_speller(speller, guarded)

    def _grammar(self) -> Grammar:
        g, speech = self.docs["grammar"], self.docs["speech"]
        self._add_inflected(g["person_nouns"], Tag.PERSON, verb=False)
        self._add(g["discourse_markers"], Tag.DISCOURSE)
        self._add(g["non_answers"], Tag.NON_ANSWER)
        return Grammar(
            first_person=self._set(g["first_person"]),
            second_person=self._set(g["second_person"]),
            we_us=self._set(g["we_us"]),
            us_two=self._set(g["us_two"]),
            third_person=self._set(g["third_person"]),
            self_nouns=self._set(g["self_nouns"]),
            linking_present=self._set(g["linking_present"]),
            linking_past=self._set(g["linking_past"]),
            speaker_links=self._set(g["speaker_links"]),
            likeness_words=self._set(g["likeness_words"]),
            progressive_be=self._set(g["progressive_be"]),
            obligation_verbs=self._set(g["obligation_verbs"]),
            asking_after=self._set(speech["asking_after"]),
            frame_fillers=self._set(g["frame_fillers"]),
            intensifiers=self._set(g["intensifiers"]),
            closing_feelings=self._set(g["closing_feelings"]),
            not_feelings=self._set(g["not_feelings"]),
            reassurance_companions=self._set(g["reassurance_companions"]),
            laugh_marks=self._set(g["laugh_marks"]),
            nobody_words=self._set(g["nobody_words"]),
            no_show_verbs=self._set(g["no_show_verbs"]),
            clause_breaks=self._set(g["clause_breaks"]),
            subject_pronouns=self._set(g["subject_pronouns"]),
            determiners=self._set(g["determiners"]),
            prepositions=self._set(g["prepositions"]),
            conjunctions=self._set(g["conjunctions"]),
            ing_nouns=self._set(g["ing_nouns"]),
            no_object_words=self._set(g["no_object_words"]),
            question_words=self._set(speech["question_words"]),
            auxiliaries=self._set(speech["auxiliaries"]),
            feel_forms=self._set(g["feel_forms"]),
            negations=self._set(g["negations"]),
            perfect_auxiliaries=self._set(g["perfect_auxiliaries"]),
            cause_verbs=self._set(g["cause_verbs"]),
            coordinators=self._set(g["coordinators"]),
            cause_verbs_past=self._set(g["cause_verbs_past"]),
            linking_words=self._set(g["linking_words"]),
            verdict_copulas=self._set(g["verdict_copulas"]),
            verdict_fillers=self._set(g["verdict_fillers"]),
            person_pronouns=self._set(g["person_pronouns"]),
            everyone_words=self._set(g["everyone_words"]),
            apology_words=self._set(g["apology_words"]),
            subject_tails=self._set(g["subject_tails"]),
            everything_words=self._set(g["everything_words"]),
            appraisal_verbs=self._set(g["appraisal_verbs"]),
            generaliser_gap=self._set(g["generaliser_gap"]),
            contrasts=self._set(g["contrasts"]),
            joiners=self._set(g["joiners"]),
            advice_gap=self._set(g["advice_gap"]),
            thought_gap=self._set(g["thought_gap"]),
            thought_links=self._set(g["thought_links"]),
            felt_verdicts=self._set(g["felt_verdicts"]),
            superlative_fillers=self._set(g["superlative_fillers"]),
            cause_openers=self._set(g["cause_openers"]),
            perception_verbs=self._set(g["perception_verbs"]),
            topic_prepositions=self._set(g["topic_prepositions"]),
            clausal_subjects=self._set(g["clausal_subjects"]),
            subject_determiners=self._set(g["subject_determiners"]),
            act_fillers=self._set(g["act_fillers"]),
            dummy_subjects=self._set(g["dummy_subjects"]),
            not_commands=self._set(speech["not_commands"]),
            plea_words=self._set(speech["plea_words"]),
            command_openers=self._set(speech["command_openers"]),
            command_objects=self._set(speech["command_objects"]),
            gerund_commands=self._set(speech["gerund_commands"]),
            motion_commands=self._set(speech["motion_commands"]),
            object_words=self._set(speech["object_words"]),
            degree_words=self._set(g["degree_words"]),
            infinitive_markers=self._set(g["infinitive_markers"]),
            blame_verbs=self._set(g["blame_verbs"]),
            presence_prepositions=self._set(g["presence_prepositions"]),
            circumstance_prepositions=self._set(g["circumstance_prepositions"]),
            aimed_families=self._set(g["aimed_families"]),
            eye_rolls=self._set(g["eye_rolls"]),
            habit_verbs=self._set(g["habit_verbs"]),
            encouragements=self._set(g["encouragements"]),
            object_prepositions=self._set(g["object_prepositions"]),
            durations=self._set(g["durations"]),
            relationship_nouns=self._set(g["relationship_nouns"]),
            conditional_words=self._set(speech["conditional_words"]),
            noun_question_words=self._set(speech["noun_question_words"]),
            third_person_objects=self._set(speech["third_person_objects"]),
            first_person_objects=self._set(speech["first_person_objects"]),
            context_skips=self._set(g["context_skips"]),
            adjective_commands=self._set(speech["adjective_commands"]),
            thanks_words=self._set(g["thanks_words"]),
            more_of=self._set(g["more_of"]),
            possessives=self._set(g["possessives"]),
            relative_pronouns=self._set(g["relative_pronouns"]),
            relative_openers=self._set(g["relative_openers"]),
            subordinators=self._set(g["subordinators"]),
            fine_words=self._set(g["fine_words"]),
        )

    def _feelings(self) -> dict[str, Valence]:
        doc = self.docs["feelings"]
        families: dict[str, Valence] = {}
        owner: dict[tuple[str, ...], str] = {}
        no_degrees = self._set(doc["no_degrees"])
        singles: list[tuple[str, str, FeelingWord]] = []
        for name, fam in doc["families"].items():
            try:
                valence = Valence(fam["valence"].text())
            except ValueError as exc:
                raise fam["valence"].fail("valence must be positive, negative or mixed") from exc
            self_conscious = fam["self_conscious"].flag() if fam.get("self_conscious") else False
            # a family's words that are about oneself though the family is not ("shy" is afraid)
            shy = fam.get("self_conscious_words")
            about_self = frozenset(self._words(i.text()) for i in shy.seq()) if shy else frozenset()
            families[name] = valence
            for key, feel_only in (("words", False), ("feel_only", True)):
                node = fam.get(key)
                if node is None:
                    if key == "words":
                        raise fam.fail("missing key 'words'")
                    continue
                for item in node.seq():
                    words = self._words(item.text())
                    if words in owner:
                        raise item.fail(f"{item.text()!r} is already in family {owner[words]!r}")
                    owner[words] = name
                    conscious = self_conscious or words in about_self
                    feeling = FeelingWord(" ".join(words), name, valence, conscious, feel_only)
                    self._add_phrase(item, item.text(), Entry(Tag.FEELING, feeling=feeling))
                    if len(words) == 1 and not feel_only and words[0] not in no_degrees:
                        singles.append((words[0], name, feeling))
        # a feeling's degrees are the feeling ("never been happier", "the saddest"), unless a
        # family lists the form itself
        for word, name, feeling in singles:
            for degree in degrees(word):
                if (degree,) not in owner:
                    owner[(degree,)] = name
                    self.index.add((degree,), Entry(Tag.FEELING, feeling=feeling))
        for present, past in doc["verbs"].text_map().items():
            head, *rest = present.split()
            forms = verb_forms(head)
            for tag, spelled in forms.items():
                kind = Tag.FEELING_VERB_PAST if tag in PAST_TAGS else Tag.FEELING_VERB
                for form in spelled:  # "missing my dad", "loves", "hated"
                    self.index.add(self._words(" ".join([form, *rest])), Entry(kind))
            self.index.add(self._words(past), Entry(Tag.FEELING_VERB_PAST))
        alone = frozenset(doc["stimulus_alone"].texts())
        self._stimulus_adjectives(doc["stimulus_adjectives"], owner, families)
        self._stimulus_verbs(doc["stimulus_verbs"], owner, families, alone)
        self._stimulus_verbs(doc["stimulus_phrases"], owner, families)
        self._add(doc["sensations"], Tag.SENSATION)
        self._add(doc["body_parts"], Tag.BODY_PART)
        self._add(doc["body_states"], Tag.BODY_STATE)
        self._add(doc["pleasant_body_states"], Tag.PLEASANT_STATE)
        self._add(doc["wish_objects"], Tag.WISH_OBJECT)
        self._add(doc["noun_amounts"], Tag.FEELING_AMOUNT)
        self._add(doc["noun_holders"], Tag.FEELING_HOLDER)
        self._add(doc["noun_having"], Tag.FEELING_HAVING)
        self._add(doc["endearments"], Tag.ENDEARMENT)
        self.known_feelings = {" ".join(w) for w in owner}
        return families

    def _stimulus_verbs(
        self,
        node: Node,
        owner: dict[tuple[str, ...], str],
        families: dict[str, Valence],
        alone: frozenset[str] = frozenset(),
    ) -> None:
        """ "the news scares me": each verb carries the feeling it names, in every tense."""
        for verb, verb_node in node.items():
            feeling = _feeling_named(verb_node, self._words(verb_node.text()), owner, families)
            head, *rest = verb.split()
            by_tag = verb_forms(head)
            present = {
                f for tag, spelled in by_tag.items() if tag not in PAST_TAGS for f in spelled
            }
            for form in {f for spelled in by_tag.values() for f in spelled}:
                # "hurt" is also present: a form that may be either is read as present
                kind = Tag.STIMULUS if form in present else Tag.STIMULUS_PAST
                for phrase in expand(" ".join([form, *rest])):
                    self.index.add(self._words(phrase), Entry(kind, feeling=feeling))
                if head in alone:
                    self.index.add(self._words(form), Entry(Tag.STIMULUS_ALONE))
            if not rest:  # "embarrass" -> "embarrassing": what the cause is like
                for form in by_tag.get("VBG", ()):
                    self.index.add(self._words(form), Entry(Tag.STIMULUS_ADJ, feeling=feeling))

    def _stimulus_adjectives(
        self, node: Node, owner: dict[tuple[str, ...], str], families: dict[str, Valence]
    ) -> None:
        """ "its scary", "so stressful": adjectives that say what a cause does to the speaker."""
        for adjective, adj_node in node.items():
            feeling = _feeling_named(adj_node, self._words(adj_node.text()), owner, families)
            self.index.add(self._words(adjective), Entry(Tag.STIMULUS_ADJ, feeling=feeling))

    def _faux(self, families: dict[str, Valence]) -> None:
        for item in self.docs["faux_feelings"]["entries"].seq():
            hidden = item["may_hide"].texts()
            for word_node, word in zip(item["may_hide"].seq(), hidden, strict=True):
                if " ".join(self._words(word)) not in self.known_feelings:
                    raise word_node.fail(f"{word!r} is not a feeling in feelings.yaml")
            not_before = item.get("not_before")
            faux = FauxWord(
                item["word"].text(),
                tuple(hidden),
                frozenset(not_before.texts()) if not_before else frozenset(),
            )
            for form in item["forms"].seq():
                self._add_phrase(form, form.text(), Entry(Tag.FAUX, faux=faux))

    def _simple_lists(self) -> None:
        lists = {
            "judgments": {
                "sarcasm_marks": Tag.SARCASM_MARK,
                "sarcastic_praise": Tag.SARCASTIC_PRAISE,
                "sarcastic_phrases": Tag.SARCASTIC_PHRASE,
                "repeat_marks": Tag.REPEAT_MARK,
                "generalisers": Tag.GENERALISER,
                "trailing_generalisers": Tag.TRAILING_GENERALISER,
                "excess_measures": Tag.EXCESS,
                "blame": Tag.BLAME,
                "thought_verbs": Tag.THOUGHT_VERB,
                "impersonal_thoughts": Tag.IMPERSONAL_THOUGHT,
                "self_verdicts": Tag.SELF_VERDICT,
            },
            "softening": {
                "hedges": Tag.HEDGE,
                "clause_hedges": Tag.CLAUSE_HEDGE,
                "minimizers": Tag.MINIMIZER,
                "standalone_minimizers": Tag.STANDALONE_MINIMIZER,
                "dismissals": Tag.DISMISSAL,
                "closing_apologies": Tag.CLOSING_APOLOGY,
                "reassurances": Tag.REASSURANCE,
                "laughs": Tag.LAUGH,
                "apologies": Tag.APOLOGY,
                "compliments": Tag.COMPLIMENT,
                "contrasts": Tag.CONTRAST,
                "litotes_modifiers": Tag.LITOTES_MODIFIER,
                "litotes_feelings": Tag.LITOTES_FEELING,
                "padding": Tag.PADDING,
            },
            "time": {"past": Tag.PAST, "present": Tag.PRESENT, "speaking_now": Tag.SPEAKING_NOW},
            "speech": {
                "tags": Tag.TAG_QUESTION,
                "advice_modals": Tag.ADVICE_MODAL,
                "advice_phrases": Tag.ADVICE_PHRASE,
                "guidance_asks": Tag.GUIDANCE,
                "rhetorical_asks": Tag.RHETORICAL,
                "logistics": Tag.LOGISTICS,
                "imperatives": Tag.IMPERATIVE,
            },
        }
        for file, keys in lists.items():
            doc = self.docs[file]
            for key, tag in keys.items():
                self._add(doc[key], tag)
        softening = self.docs["softening"]
        self._add_inflected(softening["painful_event_verbs"], Tag.PAINFUL_EVENT, verb=True)
        self._add_inflected(softening["painful_event_nouns"], Tag.PAINFUL_EVENT, verb=False)
        judgments = self.docs["judgments"]
        self._add_inflected(judgments["evaluations"], Tag.EVALUATION, verb=False)
        self._add_inflected(judgments["interpretive_verbs"], Tag.INTERPRETIVE, verb=True)


ARTICLES = frozenset({"a", "an", "the"})  # "a quiet kind of pride": a noun phrase follows
_PARTICLES = frozenset({"off", "down", "out", "around", "along", "on", "aside", "away", "over"})
_OBJECTS = ("me", "us", "him", "her", "them", "you", "everyone")


def _feeling_named(
    node: Node,
    words: tuple[str, ...],
    owner: dict[tuple[str, ...], str],
    families: dict[str, Valence],
) -> FeelingWord:
    """The feeling a stimulus verb or adjective names: a word of one of the families."""
    family = owner.get(words)
    if family is None:
        raise node.fail(f"{node.text()!r} is not a feeling in the families above")
    return FeelingWord(" ".join(words), family, families[family], False, False)


def _inflected(phrase: str, *, verb: bool) -> list[str]:
    """The phrase with its head inflected; a phrasal verb also with an object inside it."""
    words = phrase.split()
    if not verb:
        if len(words) > 1 and words[0] in ARTICLES:  # "a snake" is also "a total snake"
            words = words[1:]
        bare = " ".join(words)
        return [phrase, bare] + [" ".join([*words[:-1], p]) for p in plurals(words[-1])]
    heads = [f for spelled in verb_forms(words[0]).values() for f in spelled]
    out = []
    for head in dict.fromkeys(heads):
        out.append(" ".join([head, *words[1:]]))
        if len(words) == 2 and words[1] in _PARTICLES:  # "brushed me off"
            out.extend(f"{head} {obj} {words[1]}" for obj in _OBJECTS)
    return out


def _scalar_words(node: object) -> Iterable[str]:
    """Every word-like piece of every scalar in a composed YAML tree (keys included)."""
    import yaml

    if isinstance(node, yaml.ScalarNode):
        yield from _WORDISH.findall(str(node.value).casefold())
    elif isinstance(node, yaml.SequenceNode):
        for item in node.value:
            yield from _scalar_words(item)
    elif isinstance(node, yaml.MappingNode):
        for key, value in node.value:
            yield from _scalar_words(key)
            yield from _scalar_words(value)


__all__ = [
    "ContentError",
    "Entry",
    "FauxWord",
    "FeelingWord",
    "Grammar",
    "Lexicon",
    "Tag",
    "Valence",
    "load_lexicon",
]
