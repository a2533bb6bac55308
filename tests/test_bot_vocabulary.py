"""The bot's words and the code that says them agree: every key said exists, and every
{placeholder} in a message is one the code fills in at each place it says it (a typo in
{partnr} would otherwise fail in front of a person, as a KeyError)."""

from __future__ import annotations

import ast
import string
from pathlib import Path

import pytest

from bot.texts import load_bot_texts
from dialogs.yamlfile import ContentError
from tests.conftest import ROOT
from tests.content_pack import copy_pack, edit


def said_in_code() -> list[tuple[Path, int, str, set[str]]]:
    """(file, line, key, keyword arguments) of every say("key", ...) and button("key", ...)."""
    calls = []
    for path in sorted((ROOT / "bot").rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.Call) or not node.args:
                continue
            name = node.func.attr if isinstance(node.func, ast.Attribute) else None
            name = name or (node.func.id if isinstance(node.func, ast.Name) else None)
            first = node.args[0]
            literal = isinstance(first, ast.Constant) and isinstance(first.value, str)
            if name in ("say", "button") and literal:
                keywords = {k.arg for k in node.keywords if k.arg}
                calls.append((path, node.lineno, str(first.value), keywords))
    return calls


def placeholders(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


def test_the_bot_says_only_keys_its_content_has() -> None:
    texts = load_bot_texts()
    calls = said_in_code()
    assert len(calls) > 50
    for path, line, key, _ in calls:
        assert key in texts.messages or key in texts.buttons, f"{path.name}:{line}: {key}"


def test_every_placeholder_is_filled_wherever_its_message_is_said() -> None:
    texts = load_bot_texts()
    for path, line, key, keywords in said_in_code():
        text = texts.messages.get(key) or texts.buttons.get(key, "")
        missing = placeholders(text) - keywords
        assert not missing, f"{path.name}:{line}: {key} is not given {sorted(missing)}"


def test_a_placeholder_the_bot_does_not_fill_stops_start_up(tmp_path: Path) -> None:
    pack = copy_pack(tmp_path)
    edit(pack / "bot.yaml", "every day at {time}", "every day at {tiem}")
    with pytest.raises(ContentError, match=r"bot\.yaml:\d+.*remind\.current.*\{tiem\}"):
        load_bot_texts(root=pack)
