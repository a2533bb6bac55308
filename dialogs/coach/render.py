"""Turning a Reply into text and labelled choices, with the content it names."""

from __future__ import annotations

from dataclasses import dataclass

from .content import CoachContent
from .events import Button, Reply


@dataclass(frozen=True)
class Rendered:
    text: str
    choices: tuple[tuple[str, str], ...]  # (label, data)


class _Blank(dict):
    """Formatting never fails on a missing parameter: it shows nothing there."""

    def __missing__(self, key: str) -> str:
        return ""


PROMPT = "prompt:"  # a line whose key is "prompt:<id>" shows that prompt from prompts.yaml


def text_of(key: str, content: CoachContent) -> str:
    if key.startswith(PROMPT):
        return content.prompt_text(key.removeprefix(PROMPT))
    return content.messages[key]


def render(reply: Reply, content: CoachContent) -> Rendered:
    paragraphs = [
        text_of(line.key, content).format_map(_Blank(line.params)) for line in reply.lines
    ]
    return Rendered(
        "\n\n".join(p for p in paragraphs if p),
        tuple((label(button, content), button.data) for button in reply.buttons),
    )


def label(button: Button, content: CoachContent) -> str:
    if button.key is not None:
        return content.buttons[button.key]
    return button.text or button.data
