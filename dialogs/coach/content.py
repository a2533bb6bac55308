"""The coach's content: every sentence (coach.yaml), the prompts (prompts.yaml) and the crisis
lines (safety.yaml), checked at load so a missing key stops start-up with file, key and line."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from dialogs.content import DEFAULT_LANGUAGE, pack_dir
from dialogs.ladder import LADDER
from dialogs.yamlfile import ContentError, Node, check_placeholders, load, texts, variants

MIN_PROMPTS = 25  # per level: months of daily practice should rarely meet the same prompt
MIN_PAIR_PROMPTS = 8  # per level of partner mode: one round a day, never the last one again
PAIR_LEVELS = LADDER[1:]  # a pair starts at feelings about others (dialogs.pair.FIRST_LEVEL)
# What a prompt is about. Daily practice moves between themes, so no two days feel alike.
THEMES = frozenset(
    {"work", "family", "friends", "body", "past", "partner", "money", "future", "everyday"}
)

# Every message key the coach says, with the placeholders the code fills in for it. Content may
# not hold a key that is not here, nor lack one, nor use a placeholder it is not given. Every
# message is also given {partner} (the person they practise with in mind).
ALWAYS_GIVEN = ("partner",)
MESSAGES: dict[str, tuple[str, ...]] = {
    "welcome.intro": (),
    "welcome.consent_needed": (),
    "welcome.ask_partner": (),
    "welcome.partner_set": (),
    "welcome.partner_none": (),
    "welcome.partner_too_long": (),
    "welcome.partner_unclear": (),
    "welcome.back": (),
    "welcome.checkin": (),
    "welcome.checkin_again": (),
    "session.practice": (),
    "session.daily": ("focus", "warm"),
    "session.daily_one": ("focus",),
    "session.pair": ("focus",),
    "level.fact": (),
    "level.others": (),
    "level.self": (),
    "level.immediate": (),
    "praise.fact": (),
    "praise.feeling": ("feeling",),
    "praise.toward": (),
    "praise.about_self": (),
    "praise.plain": (),
    "praise.loss": (),
    "redirect.loss": (),
    "safety.care_medical": (),
    "safety.care_emergency": (),
    "safety.emergency_again": (),
    "safety.emergency_settled": (),
    "concern.ask_again_typed": (),
    "concern.ask_again_heard": (),
    "concern.ask_again_unclear": (),
    "safety.after_safe_medical": (),
    "praise.deeper": (),
    "praise.own_word": (),
    "praise.rewrite": (),
    "next.step": ("level",),
    "redirect.thought": ("quote",),
    "redirect.faux": ("quote",),
    "redirect.judgment": ("quote",),
    "redirect.self_verdict": ("quote",),
    "redirect.sugar": ("quote",),
    "redirect.sugar_plain": ("plain",),
    "redirect.sugar_named": ("quote",),
    "redirect.sugar_try": (),
    "redirect.past": ("quote",),
    "redirect.question": ("quote",),
    "redirect.advice": ("quote",),
    "redirect.question_after_feeling": ("quote", "feeling"),
    "redirect.question_guidance": (),
    "redirect.judgment_after_feeling": ("quote", "feeling"),
    "redirect.advice_after_feeling": ("quote", "feeling"),
    "redirect.not_about_you": ("quote",),
    "redirect.shallow.fact": (),
    "redirect.shallow.others": (),
    "redirect.shallow.self": (),
    "redirect.shallow.immediate": (),
    "redirect.ack": (),
    "redirect.ack_feeling": ("feeling",),
    "redirect.choices": (),
    "redirect.choices_again": (),
    "rewrite.proposal": ("text",),
    "rewrite.send_or_change": (),
    "example.fact": (),
    "example.others": (),
    "example.self": (),
    "example.immediate": (),
    "example.try": (),
    "skip.done": (),
    "reflect.ask": (),
    "reflect.ask_daily": (),
    "reflect.thanks": (),
    "done.summary": ("accepted", "steps"),
    "done.idle": (),
    "stop.done": (),
    "stop.nothing": (),
    "help.text": (),
    "help.unknown_command": (),
    "button.stale": (),
    "input.empty": (),
    "input.no_words": (),
    "input.too_long": ("limit",),
    "safety.care": (),
    "safety.care_unsure": (),
    "safety.care_stopped": (),
    "safety.care_unsafe": (),
    "safety.care_driving": (),
    "safety.care_little_one": (),
    "safety.resources_intro": (),
    "safety.resource": ("contact", "name"),
    "safety.emergency": (),
    "safety.still_here": (),
    "safety.here_after": (),
    "safety.ask_after": (),
    "safety.after_safe": (),
    "safety.here": (),
    "safety.here_unsafe": (),
    "safety.ask_confirm": (),
    "safety.ask_yes_confirm": (),
    "checkin.thanks": (),
    "checkin.ask_safe": (),
    "concern.ask": (),
    "concern.ask_again": (),
    "concern.safe": (),
    "concern.resume": (),
    "input.other_language": (),
    "partner.default": (),
    "partner.safe_person": (),
    "partner.wished": (),
    "person.busy": (),
    "person.done": (),
    "person.paired": (),
}
BUTTONS = frozenset(
    {
        "consent",
        "someone_close",
        "send_this",
        "send_it",
        "example",
        "own_word",
        "own_fact",
        "skip",
        "practice",
        "daily",
        "safe_yes",
        "safe_no",
        "safe_rather_not",
    }
)
SAFETY_ANSWERS = frozenset(
    {
        "not_safe",
        "clearly_not_safe",
        "safe",
        "clearly_safe",
        "safe_of_oneself",
        "joking",
        "joke_asides",
        "rather_not",
        "no",
        "yes",
        "yes_alone",
        "negations",
        "speaking",
    }
)
PARTNER_ANSWERS = frozenset(
    {"no_one", "someone", "openers", "owners", "greetings", "relations", "possessive"}
)
ASIDES = frozenset({"override", "help", "accept"})
SIGNALS = frozenset(
    {"loss", "ingested", "emergency", "help_came", "at_the_wheel", "little_one", "guidance"}
)


@dataclass(frozen=True)
class Prompt:
    id: str
    theme: str
    text: str


@dataclass(frozen=True)
class Resource:
    name: str
    contact: str


@dataclass(frozen=True)
class CoachContent:
    messages: dict[str, tuple[str, ...]]  # each key's variants: the coach never says it the same
    # way twice in a row (see render.variant)
    buttons: dict[str, str]
    prompts: dict[str, tuple[Prompt, ...]]  # by level key
    pair_prompts: dict[str, tuple[Prompt, ...]]  # partner mode's questions, by the pair's level
    default_resources: tuple[Resource, ...]
    resources_by_country: dict[str, tuple[Resource, ...]]
    safety_answers: dict[str, tuple[str, ...]]  # how a typed "are you safe?" answer is read
    partner_answers: dict[str, tuple[str, ...]]  # how "who will you practise with?" is read
    asides: dict[str, tuple[str, ...]]  # words to the coach at a step, not a statement
    signals: dict[str, tuple[str, ...]]  # what a statement tells that changes how it is met
    # the prompts (ids) a step goes on with after a check-in answered "safe": gentle ones
    after_checkin: frozenset[str] = frozenset()

    def text(self, key: str, variant: int = 0) -> str:
        """One way of saying a message; any whole number picks one, round the list."""
        said = self.messages[key]
        return said[variant % len(said)]

    def prompt_text(self, prompt_id: str) -> str:
        for level_prompts in (*self.prompts.values(), *self.pair_prompts.values()):
            for prompt in level_prompts:
                if prompt.id == prompt_id:
                    return prompt.text
        raise KeyError(prompt_id)

    def resources(self, country: str | None) -> tuple[Resource, ...]:
        return self.resources_by_country.get((country or "").upper(), self.default_resources)


def load_coach_content(language: str = DEFAULT_LANGUAGE, root: Path | None = None) -> CoachContent:
    folder = root or pack_dir(language)
    coach = load(folder / "coach.yaml", f"{folder.name}/coach.yaml")
    prompts = load(folder / "prompts.yaml", f"{folder.name}/prompts.yaml")
    safety = load(folder / "safety.yaml", f"{folder.name}/safety.yaml")
    given = {key: frozenset((*names, *ALWAYS_GIVEN)) for key, names in MESSAGES.items()}
    coach.only(
        frozenset({"messages", "buttons", "safety_answers", "partner_answers", "asides", "signals"})
    )
    messages = variants(coach["messages"], given)
    buttons = texts(coach["buttons"], BUTTONS)
    prompts.only(frozenset({*LADDER, "together", "after_checkin"}))
    by_level = {level: _prompts(prompts[level]) for level in LADDER}
    return CoachContent(
        messages=messages,
        buttons=buttons,
        prompts=by_level,
        pair_prompts=_pair_prompts(prompts["together"]),
        default_resources=_resources(safety["default"]),
        resources_by_country={
            code.upper(): _resources(node) for code, node in safety["countries"].items()
        },
        safety_answers=_answers(coach["safety_answers"], SAFETY_ANSWERS),
        partner_answers=_answers(coach["partner_answers"], PARTNER_ANSWERS),
        asides=_answers(coach["asides"], ASIDES),
        signals=_answers(coach["signals"], SIGNALS),
        after_checkin=_gentle_prompts(prompts["after_checkin"], by_level),
    )


def _gentle_prompts(node: Node, by_level: dict[str, tuple[Prompt, ...]]) -> frozenset[str]:
    """Prompt ids, each of a step's prompts, and one at least for every step (so a step can
    always go on with one after a check-in)."""
    ids = frozenset(node.texts())
    known = {p.id for level_prompts in by_level.values() for p in level_prompts}
    unknown = sorted(ids - known)
    if unknown:
        raise node.fail(f"no prompt has the id {unknown[0]!r}")
    for level, level_prompts in by_level.items():
        if ids.isdisjoint(p.id for p in level_prompts):
            raise node.fail(f"none of them is a {level!r} prompt")
    return ids


def _answers(node: Node, keys: frozenset[str]) -> dict[str, tuple[str, ...]]:
    node.only(keys)
    found = {key: tuple(value.texts()) for key, value in node.items()}
    missing = sorted(keys - found.keys())
    if missing:
        raise node.fail(f"missing key {missing[0]!r}")
    return found


def _pair_prompts(node: Node) -> dict[str, tuple[Prompt, ...]]:
    node.only(frozenset(PAIR_LEVELS))
    return {level: _prompts(node[level], MIN_PAIR_PROMPTS) for level in PAIR_LEVELS}


def _prompts(node: Node, least: int = MIN_PROMPTS) -> tuple[Prompt, ...]:
    items = []
    seen: set[str] = set()
    for item in node.seq():
        item.only(frozenset({"id", "theme", "text"}))
        prompt = Prompt(item["id"].text(), item["theme"].text(), item["text"].text())
        check_placeholders(item["text"], prompt.text, frozenset(ALWAYS_GIVEN))
        if prompt.theme not in THEMES:
            raise item["theme"].fail(f"unknown theme (known: {', '.join(sorted(THEMES))})")
        if prompt.id in seen:
            raise item["id"].fail(f"prompt id {prompt.id!r} is used twice")
        seen.add(prompt.id)
        items.append(prompt)
    if len(items) < least:
        raise node.fail(f"needs at least {least} prompts, so daily practice can vary")
    return tuple(items)


def _resources(node: Node) -> tuple[Resource, ...]:
    items = tuple(Resource(item["name"].text(), item["contact"].text()) for item in node.seq())
    if not items:
        raise node.fail("needs at least one crisis line")
    return items


__all__ = [
    "BUTTONS",
    "MESSAGES",
    "CoachContent",
    "ContentError",
    "Prompt",
    "Resource",
    "load_coach_content",
]
