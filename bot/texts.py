"""The bot's own words (content/en/bot.yaml, circles.yaml for group challenges, partner.yaml for
partner mode) and the cities /remind knows, checked at load."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from dialogs import circle, pair, sharing
from dialogs.content import DEFAULT_LANGUAGE, fill, pack_dir
from dialogs.progress import Pattern
from dialogs.yamlfile import Node, load, texts

# Every key the bot says, with the placeholders the code fills in for it: content may not hold
# a key that is not here, nor lack one, nor use another placeholder (checked at load; and
# tests/test_bot_vocabulary.py checks that the code fills these wherever it says them).
MESSAGES: dict[str, tuple[str, ...]] = {
    "help": (),
    "about": ("version",),
    "non_text.sticker": (),
    "non_text.voice": (),
    "non_text.photo": (),
    "non_text.document": (),
    "non_text.other": (),
    "flood": (),
    "edited": (),
    "group_only_private": (),
    "button.spent": (),
    "button.unknown": (),
    "button.private_only": (),
    "progress.none": (),
    "progress.summary": ("frontier", "levels", "streak_line", "total_landed"),
    "progress.today": (),
    "progress.streak": ("days_word", "streak"),
    "progress.streak_rest": ("days_word", "rest_days", "rest_word", "streak"),
    "progress.streak_none": (),
    "progress.streak_not_yet": (),
    "progress.level_line": ("count", "level"),
    "progress.rarer_intro": (),
    "progress.rarer_line": ("before", "kind", "recent"),
    "progress.chart_caption": ("weeks",),
    "progress.level.fact": (),
    "progress.level.others": (),
    "progress.level.self": (),
    "progress.level.immediate": (),
    "progress.day": (),
    "progress.days": (),
    **{f"issue.{pattern.value}": () for pattern in Pattern},
    "remind.usage": (),
    "remind.current": ("time", "zone"),
    "remind.none": (),
    "remind.set": ("time", "when", "zone"),
    "remind.today": (),
    "remind.tomorrow": (),
    "remind.off": (),
    "remind.was_off": (),
    "remind.need_place": ("time",),
    "remind.unknown_place": ("place",),
    "remind.bad_time": (),
    "remind.message": (),
    "privacy.text": ("journal",),
    "privacy.journal_on": (),
    "privacy.journal_off": (),
    "privacy.now_on": (),
    "privacy.now_off": (),
    "privacy.off_ask": ("count", "statements_word"),
    "privacy.off_kept": (),
    "privacy.statement": (),
    "privacy.statements": (),
    "export.caption": ("when",),
    "export.empty": (),
    "forget.ask": (),
    "forget.done": (),
    "forget.kept": (),
}
CIRCLE_MESSAGES: dict[str, tuple[str, ...]] = {
    "circle.admins_only": (),
    "circle.alias_bad": (),
    "circle.alias_set": ("name",),
    "circle.alias_usage": ("name",),
    "circle.already_running": ("title",),
    "circle.announce": ("summary", "time", "title", "when", "zone"),
    "circle.bad_time": (),
    "circle.board_done": ("days", "name", "total"),
    "circle.board_empty": (),
    "circle.board_joined": ("count",),
    "circle.board_member": ("name",),
    "circle.board_open": ("days", "name", "total"),
    "circle.board_today": ("count", "done"),
    "circle.day_post": ("day", "days", "theme"),
    "circle.ended_note": (),
    "circle.facilitator_not_member": ("name",),
    "circle.facilitator_set": ("name",),
    "circle.facilitator_usage": (),
    "circle.intro": (),
    "circle.join_already": ("title",),
    "circle.join_done": ("time", "title", "zone"),
    "circle.join_not_member": ("title",),
    "circle.join_unknown": (),
    "circle.left": ("title",),
    "circle.not_member": (),
    "circle.list": ("lines", "name"),
    "circle.list_line": ("day", "days", "state", "title"),
    "circle.list_none": (),
    "circle.need_place": ("key", "time"),
    "circle.none": (),
    "circle.nudges_off": ("title",),
    "circle.paused_note": (),
    "circle.recap_caption": ("days", "members", "sessions", "title"),
    "circle.recap_caption_early": ("days", "members", "sessions", "title"),
    "circle.recap_empty": ("title",),
    "circle.recap_empty_early": ("title",),
    "circle.announce_over": ("summary", "title"),
    "circle.join_ended": ("title",),
    "circle.sharing_now_off": (),
    "circle.sharing_now_on": (),
    "circle.sharing_usage": ("state",),
    "circle.state_off": (),
    "circle.state_on": (),
    "circle.status_announced": (),
    "circle.status_paused": (),
    "circle.status_running": (),
    "circle.template_line": ("days", "key", "summary", "title"),
    "circle.unknown_place": ("place",),
    "circle.unknown_template": ("key",),
    "circle.usage": ("templates",),
    **sharing.MESSAGES,
    **circle.MESSAGES,
}
PAIR_MESSAGES: dict[str, tuple[str, ...]] = pair.MESSAGES
BUTTONS: dict[str, tuple[str, ...]] = {
    "start_daily": (),
    "journal_on": (),
    "journal_off": (),
    "journal_off_yes": (),
    "journal_off_no": (),
    "forget_yes": (),
    "forget_no": (),
}
CIRCLE_BUTTONS: dict[str, tuple[str, ...]] = {
    "join": (),
    "practise": (),
    "leave": ("title",),
    **sharing.BUTTONS,
    **circle.BUTTONS,
}
PAIR_BUTTONS: dict[str, tuple[str, ...]] = pair.BUTTONS
# Every command the bot registers with Telegram (setMyCommands), in the order of the menu.
COMMANDS = (
    "start",
    "practice",
    "daily",
    "skip",
    "stop",
    "person",
    "partner",
    "progress",
    "remind",
    "privacy",
    "export",
    "forget",
    "help",
    "about",
)
PRIVATE_CIRCLE_COMMANDS = ("circles", "alias")
# Commands shown in groups' menus (setMyCommands with the all-group-chats scope).
GROUP_COMMANDS = (
    "board",
    "challenge",
    "pause",
    "resume",
    "end",
    "nudge",
    "sharing",
    "facilitator",
)


@dataclass(frozen=True)
class BotTexts:
    messages: dict[str, str]
    buttons: dict[str, str]
    commands: dict[str, str]  # command -> its description in Telegram's menu (private chats)
    group_commands: dict[str, str]  # the same, for group chats
    cities: dict[str, str]  # lower-case city -> IANA zone

    def say(self, key: str, /, **params: object) -> str:
        return fill(self.messages[key], params)

    def button(self, key: str, /, **params: object) -> str:
        return fill(self.buttons[key], params)


def load_bot_texts(language: str = DEFAULT_LANGUAGE, root: Path | None = None) -> BotTexts:
    folder = root or pack_dir(language)
    bot = load(folder / "bot.yaml", f"{folder.name}/bot.yaml")
    circles = load(folder / "circles.yaml", f"{folder.name}/circles.yaml")
    partner = load(folder / "partner.yaml", f"{folder.name}/partner.yaml")
    partner.only(frozenset({"messages", "buttons"}))
    cities = load(folder / "cities.yaml", f"{folder.name}/cities.yaml")
    commands = _commands(bot["commands"], COMMANDS) | _commands(
        circles["private_commands"], PRIVATE_CIRCLE_COMMANDS
    )
    return BotTexts(
        messages=_merged(
            _merged(texts(bot["messages"], MESSAGES), circles["messages"], CIRCLE_MESSAGES),
            partner["messages"],
            PAIR_MESSAGES,
        ),
        buttons=_merged(
            _merged(texts(bot["buttons"], BUTTONS), circles["buttons"], CIRCLE_BUTTONS),
            partner["buttons"],
            PAIR_BUTTONS,
        ),
        commands=commands,
        group_commands=_commands(circles["group_commands"], GROUP_COMMANDS),
        cities={
            name.lower(): zone
            for name, zone in texts(cities["cities"], frozenset(), open_keys=True).items()
        },
    )


def _commands(node: Node, names: tuple[str, ...]) -> dict[str, str]:
    found = texts(node, frozenset(names))
    for name, value in node.items():
        if not 3 <= len(found[name]) <= 256:  # Telegram's limits for a description
            raise value.fail("a command description must be 3 to 256 characters")
    return {name: found[name] for name in names}


def _merged(
    first: dict[str, str], node: Node, required: Mapping[str, tuple[str, ...]]
) -> dict[str, str]:
    """Two files' texts as one mapping; a key in both would make one silently win."""
    for key, value in node.items():
        if key in first:
            raise value.fail(f"key {key!r} is already in another file")
    return first | texts(node, required)
