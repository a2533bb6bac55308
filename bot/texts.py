"""The bot's own words (content/en/bot.yaml) and the cities /remind knows, checked at load."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from dialogs.content import DEFAULT_LANGUAGE, pack_dir
from dialogs.yamlfile import load, texts

MESSAGES = frozenset(
    {
        "help",
        "about",
        "non_text.sticker",
        "non_text.voice",
        "non_text.photo",
        "non_text.other",
        "flood",
        "edited",
        "group_only_private",
        "button.spent",
        "button.unknown",
        "progress.none",
        "progress.summary",
        "progress.rest",
        "progress.level_line",
        "progress.rarer_intro",
        "progress.rarer_line",
        "progress.chart_caption",
        "progress.level.fact",
        "progress.level.others",
        "progress.level.self",
        "progress.level.immediate",
        "progress.day",
        "progress.days",
        "issue.thought",
        "issue.faux_feeling",
        "issue.judgment",
        "issue.sugarcoating",
        "issue.past",
        "issue.question",
        "issue.advice",
        "remind.usage",
        "remind.current",
        "remind.none",
        "remind.set",
        "remind.today",
        "remind.tomorrow",
        "remind.off",
        "remind.was_off",
        "remind.need_place",
        "remind.unknown_place",
        "remind.bad_time",
        "remind.message",
        "privacy.text",
        "privacy.journal_on",
        "privacy.journal_off",
        "privacy.now_on",
        "privacy.now_off",
        "export.caption",
        "export.empty",
        "forget.ask",
        "forget.done",
        "forget.kept",
    }
)
BUTTONS = frozenset({"start_daily", "journal_on", "journal_off", "forget_yes", "forget_no"})
# Every command the bot registers with Telegram (setMyCommands), in the order of the menu.
COMMANDS = (
    "start",
    "practice",
    "daily",
    "skip",
    "stop",
    "progress",
    "remind",
    "privacy",
    "export",
    "forget",
    "help",
    "about",
)


@dataclass(frozen=True)
class BotTexts:
    messages: dict[str, str]
    buttons: dict[str, str]
    commands: dict[str, str]  # command -> its description in Telegram's menu
    cities: dict[str, str]  # lower-case city -> IANA zone

    def say(self, key: str, **params: object) -> str:
        return self.messages[key].format(**{k: str(v) for k, v in params.items()})


def load_bot_texts(language: str = DEFAULT_LANGUAGE, root: Path | None = None) -> BotTexts:
    folder = root or pack_dir(language)
    bot = load(folder / "bot.yaml", f"{folder.name}/bot.yaml")
    cities = load(folder / "cities.yaml", f"{folder.name}/cities.yaml")
    commands = texts(bot["commands"], frozenset(COMMANDS))
    for name, node in bot["commands"].items():
        if not 3 <= len(commands[name]) <= 256:  # Telegram's limits for a description
            raise node.fail("a command description must be 3 to 256 characters")
    return BotTexts(
        messages=texts(bot["messages"], MESSAGES),
        buttons=texts(bot["buttons"], BUTTONS),
        commands={name: commands[name] for name in COMMANDS},
        cities={name.lower(): zone for name, zone in texts(cities["cities"], frozenset()).items()},
    )
