"""The small parts of the Telegram side: settings, buttons, time zones, the flood brake, the
update processor."""

from __future__ import annotations

import asyncio
import io
import logging
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from datetime import date, timedelta

import pytest
from telegram import Update

from bot import chart
from bot.delivery.processor import PerUserProcessor
from bot.logs import RedactToken
from bot.practice.flood import FloodGuard, Verdict
from bot.settings import DEFAULT_DATABASE_URL, Settings, SettingsError
from bot.texts import load_bot_texts
from bot.timezones import country_of, find_zone, zone_label
from dialogs.ladder import LADDER
from tests.conftest import ROOT

GOOD_TOKEN = "123456:ABC-def_ghi"
WEBHOOK_SECRET = "0123456789abcdef0123456789abcdef-_"


def test_settings_default_to_telegram_and_a_sqlite_file():
    settings = Settings.from_env({})
    assert settings.token is None
    assert settings.base_url == "https://api.telegram.org"
    assert settings.database_url == DEFAULT_DATABASE_URL
    assert settings.log_level == logging.INFO


def test_an_in_memory_database_is_taken_only_when_asked_for():
    env = {"DATABASE_URL": "sqlite+aiosqlite:///:memory:", "ALLOW_MEMORY_DATABASE": "1"}
    assert Settings.from_env(env).database_url.endswith(":memory:")


@pytest.mark.parametrize(
    ("env", "names"),
    [
        ({"TELEGRAM_BOT_TOKEN": "not a token"}, "TELEGRAM_BOT_TOKEN"),
        ({"TELEGRAM_BASE_URL": "api.telegram.org"}, "TELEGRAM_BASE_URL"),
        ({"DATABASE_URL": "postgresql://u@h/db"}, "postgresql+asyncpg"),
        ({"DATABASE_URL": "mysql://u@h/db"}, "DATABASE_URL"),
        ({"DATABASE_URL": "sqlite+aiosqlite:///:memory:"}, "in-memory"),
        ({"DATABASE_URL": "sqlite+aiosqlite://"}, "in-memory"),
        ({"LOG_LEVEL": "chatty"}, "LOG_LEVEL"),
        ({"CLOSER_WEBHOOK_URL": "http://bot.example.org"}, "CLOSER_WEBHOOK_URL"),
        ({"CLOSER_WEBHOOK_URL": "https://bot.example.org"}, "CLOSER_WEBHOOK_SECRET"),
        ({"CLOSER_WEBHOOK_SECRET": "short"}, "CLOSER_WEBHOOK_SECRET"),
        (
            {"CLOSER_WEBHOOK_SECRET": "a secret with spaces in it, long enough"},
            "CLOSER_WEBHOOK_SECRET",
        ),
        ({"CLOSER_LISTEN": "8080"}, "CLOSER_LISTEN"),
        ({"CLOSER_LISTEN": "0.0.0.0:99999"}, "CLOSER_LISTEN"),
        ({"CLOSER_PAID_BROADCAST": "maybe"}, "CLOSER_PAID_BROADCAST"),
        ({"CLOSER_JOBS_EVERY": "soon"}, "CLOSER_JOBS_EVERY"),
        ({"CLOSER_JOBS_EVERY": "0"}, "CLOSER_JOBS_EVERY"),
    ],
)
def test_a_bad_setting_names_itself_in_one_line(env: dict[str, str], names: str):
    with pytest.raises(SettingsError) as error:
        Settings.from_env(env)
    assert names in str(error.value)
    assert "\n" not in str(error.value)


def test_settings_poll_unless_a_webhook_address_is_given():
    settings = Settings.from_env({})
    assert not settings.webhook
    assert settings.listen == ("127.0.0.1", 8080)


def test_webhook_settings_are_read_from_the_environment():
    env = {
        "CLOSER_WEBHOOK_URL": "https://bot.example.org/closer/",
        "CLOSER_WEBHOOK_SECRET": WEBHOOK_SECRET,
        "CLOSER_LISTEN": "0.0.0.0:8443",
    }
    settings = Settings.from_env(env)
    assert settings.webhook
    assert settings.webhook_url == "https://bot.example.org/closer"
    assert settings.webhook_secret == WEBHOOK_SECRET
    assert settings.listen == ("0.0.0.0", 8443)


@pytest.mark.parametrize(("value", "seconds"), [("", 20.0), ("0.5", 0.5), ("300", 300.0)])
def test_the_jobs_look_every_twenty_seconds_unless_told(value: str, seconds: float):
    assert Settings.from_env({"CLOSER_JOBS_EVERY": value}).jobs_every == seconds


@pytest.mark.parametrize(("value", "paid"), [("", False), ("0", False), ("1", True)])
def test_paid_broadcasts_are_a_setting_off_unless_turned_on(value: str, paid: bool):
    assert Settings.from_env({"CLOSER_PAID_BROADCAST": value}).paid_broadcast is paid


def test_the_webhook_secret_never_shows_in_the_settings_repr():
    env = {"CLOSER_WEBHOOK_URL": "https://bot.example.org", "CLOSER_WEBHOOK_SECRET": WEBHOOK_SECRET}
    assert WEBHOOK_SECRET not in repr(Settings.from_env(env))


def test_the_token_never_shows_in_the_settings_repr():
    assert GOOD_TOKEN not in repr(Settings.from_env({"TELEGRAM_BOT_TOKEN": GOOD_TOKEN}))


def test_a_traceback_that_quotes_the_token_is_logged_with_the_token_masked():
    written = io.StringIO()
    handler = logging.StreamHandler(written)
    handler.addFilter(RedactToken(GOOD_TOKEN))
    logger = logging.getLogger("closer.tests.redact")
    logger.addHandler(handler)
    try:
        raise ValueError(f"cannot reach /bot{GOOD_TOKEN}/getMe")
    except ValueError:
        logger.exception("request failed")
    finally:
        logger.removeHandler(handler)
    assert "cannot reach /bot<token>/getMe" in written.getvalue()
    assert GOOD_TOKEN not in written.getvalue()


def test_a_bad_setting_stops_start_up_with_one_clear_line():
    run = subprocess.run(
        [sys.executable, "-m", "bot"],
        env={"DATABASE_URL": "mysql://x", "PATH": "/usr/bin:/bin"},
        cwd=ROOT, capture_output=True, text=True, timeout=60,
    )  # fmt: skip
    assert run.returncode == 2
    assert run.stderr.strip().count("\n") == 0
    assert run.stderr.startswith("closer: DATABASE_URL")


@pytest.mark.parametrize(
    ("place", "zone"),
    [("Berlin", "Europe/Berlin"), ("new york", "America/New_York"),
     ("São Paulo", "America/Sao_Paulo"), ("Europe/Paris", "Europe/Paris"), ("UTC", "UTC"),
     ("San Francisco", "America/Los_Angeles"),
     ("mumbai", "Asia/Kolkata"), ("Atlantis", None), ("", None),
     ("berlin germany", "Europe/Berlin"), ("Paris, France", "Europe/Paris"),
     ("GMT+2", "Etc/GMT-2"), ("utc -5", "Etc/GMT+5"), ("UTC+0", "Etc/UTC")],
)  # fmt: skip
def test_find_zone_by_city_or_zone_name(place: str, zone: str | None):
    found = find_zone(place, load_bot_texts().cities)
    assert (found.key if found else None) == zone


def test_an_offset_zone_is_shown_the_way_it_was_asked():
    assert zone_label("Etc/GMT-2") == "UTC+2"
    assert zone_label("Etc/GMT+5") == "UTC-5"
    assert zone_label("Europe/Berlin") == "Europe/Berlin"


def test_a_zone_gives_the_country_for_crisis_lines():
    assert country_of("Europe/Berlin") == "DE"
    assert country_of("America/New_York") == "US"
    assert country_of("UTC") is None


def test_the_flood_brake_allows_a_burst_then_warns_once_then_refills():
    guard = FloodGuard(burst=3, refill=2.0)
    verdicts = [guard.check(1, 0.0) for _ in range(5)]
    assert verdicts == [Verdict.ALLOW] * 3 + [Verdict.SLOW_DOWN, Verdict.QUIET]
    assert guard.check(2, 0.0) is Verdict.ALLOW  # one person's flood is theirs alone
    assert guard.check(1, 2.0) is Verdict.ALLOW


def test_the_flood_brake_forgets_people_idle_past_its_window_and_only_them():
    guard = FloodGuard(burst=3, refill=2.0, forget_after=600.0)
    for person in range(20_000):
        guard.check(person, 0.0)
    guard.check(7, 300.0)  # heard from again: remembered from then
    guard.check(20_001, 601.0)
    assert len(guard) == 2  # person 7 and the newcomer; the idle are gone


async def _nothing() -> None:
    return None


async def test_waiting_for_an_update_ends_when_that_update_is_done_and_not_before():
    processor = PerUserProcessor()
    waiting = asyncio.ensure_future(processor.wait_done(2))
    await processor.do_process_update(Update(1), _nothing())
    await asyncio.sleep(0)
    assert not waiting.done()  # another update finishing does not end the wait
    await processor.do_process_update(Update(2), _nothing())
    await asyncio.wait_for(waiting, 1)
    await asyncio.wait_for(processor.wait_done(2), 1)  # already done: returns at once


async def test_one_waiter_giving_up_leaves_the_others_waiting():
    processor = PerUserProcessor()
    patient = asyncio.ensure_future(processor.wait_done(3))
    with pytest.raises(TimeoutError):
        await asyncio.wait_for(processor.wait_done(3), 0.01)
    await processor.do_process_update(Update(3), _nothing())
    await asyncio.wait_for(patient, 1)


async def test_the_processor_tells_a_listener_each_update_it_has_finished():
    processor = PerUserProcessor()
    told: list[int] = []
    processor.on_done.append(told.append)
    await processor.do_process_update(Update(5), _nothing())
    await processor.do_process_update(Update(6), _nothing())
    assert told == [5, 6]


def test_charts_draw_from_many_threads_at_once():
    """Drawn with Figure, not pyplot: /progress draws in worker threads."""
    today = date(2026, 11, 30)
    dates = [today - timedelta(days=27 - i) for i in range(28)]
    labels = {level: level for level in LADDER}
    series = {level: [i % 3 for i in range(28)] for level in LADDER}
    with ThreadPoolExecutor(max_workers=4) as pool:
        pngs = list(pool.map(lambda _: chart.draw(dates, series, labels, "today"), range(8)))
    assert all(png.startswith(b"\x89PNG") for png in pngs)
    assert len(set(pngs)) == 1  # the same picture each time: no state shared between drawings


def test_a_first_week_is_drawn_as_a_week_not_a_month():
    today = date(2026, 11, 30)
    dates = [today - timedelta(days=27 - i) for i in range(28)]
    series = {level: [0] * 27 + [1] for level in LADDER}
    assert chart.shown_days(dates, series) == chart.MIN_DAYS
    series["fact"][5] = 1
    assert chart.shown_days(dates, series) == 23


def test_starting_the_bot_does_not_load_the_charting_library():
    """matplotlib costs 0.4 s and 50 MB at start; only a /progress chart or a recap needs it."""
    code = "import sys, bot.app; sys.exit('matplotlib' in sys.modules)"
    assert subprocess.run([sys.executable, "-c", code], cwd=ROOT).returncode == 0
