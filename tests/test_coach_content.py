"""The coach's content: complete, well-formed, and every key the code says exists."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from dialogs.coach.content import MESSAGES, load_coach_content
from dialogs.yamlfile import ContentError
from tests.conftest import ROOT
from tests.content_pack import copy_pack, edit


def test_every_key_the_coach_says_is_required_of_content() -> None:
    code = (ROOT / "dialogs" / "coach" / "session.py").read_text(encoding="utf-8")
    said = set(re.findall(r'say\(\s*"([a-z_.]+)"', code))
    prefixes = set(re.findall(r'say\(\s*f"([a-z_.]+)\{', code))
    assert said <= MESSAGES, said - MESSAGES
    for prefix in prefixes:
        assert any(key.startswith(prefix) for key in MESSAGES), prefix


def test_every_level_has_an_example_and_a_shallow_redirect() -> None:
    content = load_coach_content()
    for level in ("fact", "others", "self", "immediate"):
        assert f"example.{level}" in content.messages
        assert f"redirect.shallow.{level}" in content.messages
        assert len(content.prompts[level]) >= 3


def test_crisis_lines_have_a_default_for_everyone() -> None:
    content = load_coach_content()
    assert content.resources(None) == content.default_resources
    assert content.resources("zz") == content.default_resources
    assert content.resources("us") != content.default_resources


@pytest.fixture
def pack(tmp_path: Path) -> Path:
    return copy_pack(tmp_path)


def test_a_missing_message_stops_start_up_naming_it(pack: Path) -> None:
    edit(pack / "coach.yaml", "  skip.done:", "  skip.gone:")
    with pytest.raises(ContentError, match=r"coach\.yaml.*messages.*'skip\.done'") as err:
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
    kept.insert(kept.index("self:") + 1, '  - {id: self-only, text: "One prompt."}')
    (pack / "prompts.yaml").write_text("\n".join(kept) + "\n", encoding="utf-8")
    with pytest.raises(ContentError, match="at least 3 prompts"):
        load_coach_content(root=pack)
