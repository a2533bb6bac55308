"""Turning a Reply into text and labelled choices, with the content it names."""

from __future__ import annotations

from dataclasses import dataclass

from dialogs.content import fill

from .content import CoachContent
from .events import Button, Line, Reply


@dataclass(frozen=True)
class Rendered:
    text: str
    choices: tuple[tuple[str, str], ...]  # (label, data)


PROMPT = "prompt:"  # a line whose key is "prompt:<id>" shows that prompt from prompts.yaml


def text_of(line: Line, content: CoachContent) -> str:
    if line.key.startswith(PROMPT):
        return content.prompt_text(line.key.removeprefix(PROMPT))
    return content.text(line.key, line.variant)


def render(reply: Reply, content: CoachContent) -> Rendered:
    paragraphs = [fill(text_of(line, content), line.params) for line in reply.lines]
    return Rendered(
        "\n\n".join(p for p in paragraphs if p),
        tuple((label(button, content), button.data) for button in reply.buttons),
    )


def label(button: Button, content: CoachContent) -> str:
    if button.key is not None:
        return content.buttons[button.key]
    return button.text or button.data
