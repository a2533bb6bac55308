"""The pure part of group challenges: the templates in content, the board, the recap."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.texts import load_bot_texts
from dialogs.challenges import Member, board, clean_alias, load_templates, participation
from dialogs.yamlfile import ContentError
from tests.content_pack import copy_pack, edit

TEMPLATES = load_templates()


def test_seven_days_up_the_ladder_climbs_all_four_levels_in_order():
    levels = [day.level for day in TEMPLATES["ladder"].days]
    assert len(levels) == 7
    assert levels == sorted(levels, key=("fact", "others", "self", "immediate").index)
    assert set(levels) == {"fact", "others", "self", "immediate"}


def test_twenty_one_days_give_a_week_to_each_depth():
    levels = [day.level for day in TEMPLATES["depths"].days]
    weeks = [set(levels[i : i + 7]) for i in range(0, 21, 7)]
    assert len(levels) == 21
    assert weeks == [{"others"}, {"self"}, {"immediate"}]


def test_first_steps_is_five_gentle_days_that_never_reach_the_deepest_level():
    levels = [day.level for day in TEMPLATES["first-steps"].days]
    assert len(levels) == 5
    assert "immediate" not in levels


@pytest.fixture
def pack(tmp_path: Path) -> Path:
    return copy_pack(tmp_path)


@pytest.mark.parametrize(
    ("old", "new", "complaint"),
    [
        ("      - level: fact\n", "      - level: facts\n", "level must be one of"),
        ("  ladder:\n", "  Ladder Seven:\n", "lower-case letters"),
        (
            "        theme: Begin on solid",
            '        theme: "Two\\nlines" # Begin on solid',
            "one line",
        ),
    ],
)
def test_a_broken_template_stops_start_up_naming_file_and_line(
    pack: Path, old: str, new: str, complaint: str
):
    edit(pack / "challenges.yaml", old, new)
    with pytest.raises(ContentError, match=complaint) as err:
        load_templates(pack)
    assert "challenges.yaml:" in str(err.value)


def test_a_misspelt_circle_message_stops_start_up_naming_it(pack: Path):
    lines = (pack / "circles.yaml").read_text(encoding="utf-8").splitlines()
    line = lines.index("  circle.nudge: |-") + 1
    edit(pack / "circles.yaml", "  circle.nudge:", "  circle.nudeg:")
    with pytest.raises(ContentError, match=rf"circles\.yaml:{line}:.*unknown key 'circle\.nudeg'"):
        load_bot_texts(root=pack)


def test_a_circle_message_may_not_shadow_one_in_bot_yaml(pack: Path):
    edit(pack / "circles.yaml", "  circle.intro:", "  help: hi\n  circle.intro:")
    with pytest.raises(ContentError, match=r"already in another file"):
        load_bot_texts(root=pack)


ANA, BEN, CLEO = Member(1, "Ana"), Member(2, "ben"), Member(3, "Cleo")


def test_the_board_shows_who_practised_today_and_their_days_in_name_order():
    shown = board([CLEO, BEN, ANA], [(1, 1), (1, 2), (2, 2), (3, 1)], day=2)
    assert [(r.name, r.today, r.days) for r in shown.rows] == [
        ("Ana", True, 2),
        ("ben", True, 1),
        ("Cleo", False, 1),
    ]
    assert shown.done_today == 2


def test_before_the_first_theme_nobody_has_practised_today():
    shown = board([ANA], [], day=0)
    assert shown.rows[0].today is False
    assert shown.done_today == 0


def test_participation_counts_members_per_day_once_each():
    assert participation([(1, 1), (1, 1), (2, 1), (2, 3), (1, 9)], days=3) == [2, 0, 1]


@pytest.mark.parametrize(
    ("wanted", "alias"),
    [
        ("Sunny", "Sunny"),
        ("  Mary   Ann ", "Mary Ann"),
        ("Zoë", "Zoë"),
        ("O'Neil", "O'Neil"),
        ("", None),
        ("x" * 33, None),
        ("<b>admin</b>", None),
        ("🌞", None),
    ],
)
def test_an_alias_is_a_short_plain_name(wanted: str, alias: str | None):
    assert clean_alias(wanted) == alias
