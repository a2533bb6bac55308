"""The coach's content: complete, well-formed, and every key the code says exists."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from dialogs.coach.content import MESSAGES, load_coach_content
from dialogs.coach.judge import Redirect
from dialogs.ladder import LADDER
from dialogs.yamlfile import ContentError
from tests.conftest import ROOT
from tests.content_pack import copy_pack, edit

PERSON_DONE = "  person.done: Send /practice or /daily when you're ready."
COACH_CODE = "\n".join(
    path.read_text(encoding="utf-8") for path in sorted((ROOT / "dialogs" / "coach").glob("*.py"))
)
BOT_CODE = "\n".join(
    path.read_text(encoding="utf-8") for path in sorted((ROOT / "bot").rglob("*.py"))
)


def test_every_key_the_coach_says_is_declared() -> None:
    said = set(re.findall(r'(?:say|text)\(\s*"([a-z_.]+)"', COACH_CODE + BOT_CODE))
    said -= set(re.findall(r'say\(\s*"([a-z_.]+)"', BOT_CODE)) - set(MESSAGES)  # the bot's own
    assert said <= MESSAGES.keys(), said - MESSAGES.keys()


def test_keys_built_from_a_level_or_a_redirect_are_all_declared() -> None:
    for level in LADDER:
        for prefix in ("level", "example", "redirect.shallow"):
            assert f"{prefix}.{level}" in MESSAGES
    for redirect in Redirect:
        if redirect is not Redirect.SHALLOW:  # said per level, above
            assert f"redirect.{redirect.value}" in MESSAGES, redirect


def test_every_parameter_the_coach_passes_is_declared_for_its_message() -> None:
    calls = re.findall(r'say\(\s*"([a-z_.]+)",([^)]*)\)', COACH_CODE)
    assert calls
    for key, arguments in calls:
        passed = set(re.findall(r"(\w+)=", arguments))
        assert passed <= set(MESSAGES[key]) | {"partner"}, (key, passed)


def test_an_unknown_message_key_stops_start_up(pack: Path) -> None:
    edit(pack / "coach.yaml", "  person.done:", "  person.dnoe: Thanks.\n  person.done:")
    with pytest.raises(ContentError, match=r"unknown key 'person\.dnoe'") as err:
        load_coach_content(root=pack)
    assert err.value.line is not None


def test_a_placeholder_the_code_does_not_fill_stops_start_up(pack: Path) -> None:
    edit(pack / "coach.yaml", "We'll keep {partner} in mind", "We'll keep {partnr} in mind")
    with pytest.raises(ContentError, match=r"welcome\.partner_set.*\{partnr\}.*not filled"):
        load_coach_content(root=pack)


def test_a_message_may_be_said_in_several_ways(pack: Path) -> None:
    edit(pack / "coach.yaml", PERSON_DONE, "  person.done: [One., Two.]")
    content = load_coach_content(root=pack)
    assert content.messages["person.done"] == ("One.", "Two.")
    assert [content.text("person.done", n) for n in range(3)] == ["One.", "Two.", "One."]


def test_every_level_has_an_example_and_a_shallow_redirect() -> None:
    content = load_coach_content()
    for level in ("fact", "others", "self", "immediate"):
        assert f"example.{level}" in content.messages
        assert f"redirect.shallow.{level}" in content.messages
        assert len(content.prompts[level]) >= 25


def test_crisis_lines_have_a_default_for_everyone() -> None:
    content = load_coach_content()
    assert content.resources(None) == content.default_resources
    assert content.resources("zz") == content.default_resources
    assert content.resources("us") != content.default_resources


@pytest.fixture
def pack(tmp_path: Path) -> Path:
    return copy_pack(tmp_path)


def test_a_missing_message_stops_start_up_naming_it(pack: Path) -> None:
    edit(pack / "coach.yaml", PERSON_DONE + "\n", "")
    with pytest.raises(ContentError, match=r"coach\.yaml.*messages.*'person\.done'") as err:
        load_coach_content(root=pack)
    assert err.value.line is not None


def test_a_malformed_placeholder_is_named_with_its_line(pack: Path) -> None:
    edit(pack / "coach.yaml", "We'll keep {partner} in mind", "We'll keep {partner in mind")
    with pytest.raises(ContentError, match=r"welcome\.partner_set.*placeholder") as err:
        load_coach_content(root=pack)
    assert err.value.line is not None


def test_too_few_prompts_for_a_level_is_refused(pack: Path) -> None:
    text = (pack / "prompts.yaml").read_text(encoding="utf-8")
    kept = [ln for ln in text.splitlines() if not ln.strip().startswith("- {id: self-")][:]
    kept.insert(kept.index("self:") + 1, '  - {id: self-only, theme: work, text: "One prompt."}')
    (pack / "prompts.yaml").write_text("\n".join(kept) + "\n", encoding="utf-8")
    with pytest.raises(ContentError, match="at least 25 prompts"):
        load_coach_content(root=pack)


def test_a_prompt_on_an_unknown_theme_is_refused(pack: Path) -> None:
    edit(pack / "prompts.yaml", "theme: money", "theme: mony")
    with pytest.raises(ContentError, match=r"prompts\.yaml:\d+.*unknown theme"):
        load_coach_content(root=pack)


def test_a_gentle_prompt_that_does_not_exist_is_refused(pack: Path) -> None:
    edit(
        pack / "prompts.yaml",
        "after_checkin: [fact-everyday-first-hour",
        "after_checkin: [fact-everyday-frist-hour",
    )
    with pytest.raises(ContentError, match=r"prompts\.yaml:\d+.*'fact-everyday-frist-hour'"):
        load_coach_content(root=pack)


def test_gentle_prompts_must_cover_every_step(pack: Path) -> None:
    edit(pack / "prompts.yaml", ", immediate-everyday-small-habit]", "]")
    with pytest.raises(ContentError, match=r"prompts\.yaml:\d+.*'immediate'"):
        load_coach_content(root=pack)


def test_every_level_has_prompts_on_at_least_six_themes() -> None:
    content = load_coach_content()
    for level, prompts in content.prompts.items():
        assert len({p.theme for p in prompts}) >= 6, level


FRAGMENTS = ("level.", "partner.", "safety.resource")  # set inside other sentences, or a line


def test_every_way_of_saying_a_message_is_a_whole_sentence() -> None:
    """A comma in an unquoted YAML list splits a sentence in two: each variant must end as a
    sentence ends."""
    content = load_coach_content()
    for key, said in content.messages.items():
        if key.startswith(FRAGMENTS):
            continue
        for text in said:
            assert text.rstrip()[-1] in ".?!:\"')", (key, text)


def test_every_answer_to_are_you_safe_reads_as_itself_after_chat_spelling() -> None:
    """A phrase that chat spelling turns into a common word ("y" -> "why", "ya" -> "you",
    "n" -> "and") would read any answer holding that word as yes, or as no."""
    from dialogs.analysis import default_analyzer

    analyzer = default_analyzer()
    g = analyzer.lex.grammar
    common = g.second_person | g.question_words | g.function_words
    content = load_coach_content()
    for key in ("safe", "clearly_safe", "not_safe", "clearly_not_safe", "no", "rather_not"):
        for phrase in content.safety_answers[key]:
            for word in phrase.split():  # "idk" -> "i do not know" stands for a phrase: fine
                read = analyzer.words(word)
                assert not (len(read) == 1 and read[0] != word and read[0] in common), (key, word)
