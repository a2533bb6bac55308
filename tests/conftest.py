import asyncio
import contextlib
import fcntl
import itertools
import os
import shutil
from collections.abc import AsyncIterator, Iterator
from pathlib import Path
from typing import NoReturn

import pytest

from bench import wheel
from bot.storage import inbox
from bot.storage.database import Database
from fakes import postgres as pg
from fakes.bot_api import FakeBotApi

from .telegram_client import TelegramWorld

ROOT = Path(__file__).resolve().parent.parent
DATA = Path(__file__).resolve().parent / "data"
_databases = itertools.count(1)


def unavailable(what: str, setting: str, why: str) -> NoReturn:
    """Skip a test that needs what this machine lacks; but fail it where `setting`=1 says it must
    be there (.ci/run sets it after installing it), so that in CI such tests pass or fail."""
    if os.environ.get(setting) == "1":
        pytest.fail(f"{what} is required here ({setting}=1): {why}")
    pytest.skip(why)


def need_compiler() -> None:
    """For a test of the compiled analyzer: a C compiler and Python's headers."""
    why = wheel.why_not_compile()
    if why is not None:
        unavailable("Compiling", "CLOSER_REQUIRE_COMPILER", why)


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """The slow tests (seconds each: real processes, builds, benchmarks) go first, the quick
    ones after them. Under pytest-xdist each worker asks for its next test as it finishes one,
    so the run ends on quick tests that share out evenly, not on one worker still in a
    16-second test while the other waits. Of the tests of the compiled build, the first builds
    it (compiled_site) and goes first of all; the others come after every other slow test, when
    the build is done, so that no worker waits for it. (xdist_group("compiled") was to keep
    them on the worker that builds, but with pytest 9.2 pytest-xdist 3.8 ignores the group:
    pytest-dev/pytest-xdist#1386.)"""
    compiled = [item for item in items if "compiled_site" in getattr(item, "fixturenames", ())]

    def turn(item: pytest.Item) -> int:
        if compiled and item is compiled[0]:
            return 0
        if item in compiled:
            return 2
        return 1 if item.get_closest_marker("slow") else 3

    items.sort(key=turn)


@pytest.fixture(scope="session")
def root() -> Path:
    return ROOT


@pytest.fixture(scope="session")
def compiled_site(pytestconfig: pytest.Config, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The compiled wheel, built without the C optimiser (20 s instead of 33) and unpacked.

    Kept in pytest's cache folder under the fingerprint of its sources (bench/wheel.py), so a
    second `make test` with the analyzer unchanged reuses it instead of compiling again (the
    build was a third of a run); any change to a file that goes into the wheel builds anew, and
    older builds are removed. Under pytest-xdist the workers share one build: the first to ask
    takes the fingerprint for the whole run and builds under a lock, the others reuse it (so a
    file edited during the run cannot make one worker remove the build another is using)."""
    need_compiler()
    cache = pytestconfig.cache
    assert cache is not None  # pytest's cache plugin is on unless -p no:cacheprovider
    builds = cache.mkdir("compiled-analyzer")
    run_folder = tmp_path_factory.getbasetemp()
    if os.environ.get("PYTEST_XDIST_WORKER"):
        run_folder = run_folder.parent  # pytest-N/, this run's and no other's
    with open(builds / "build.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        taken = run_folder / "compiled.key"
        if not taken.exists():
            taken.write_text(wheel.fingerprint(compiled=True, optimise=False))
        into = builds / taken.read_text()
        built = into / "built"
        if not built.exists():
            for old in builds.iterdir():
                if old.is_dir() and old != into:
                    shutil.rmtree(old, ignore_errors=True)
            shutil.rmtree(into, ignore_errors=True)  # a build cut short: start it again
            into.mkdir()
            wheel.unpacked(into, compiled=True, optimise=False)
            built.touch()
    return into / "site"


@pytest.fixture(scope="session")
def postgres_base() -> Iterator[str]:
    url, server, why = pg.server_url()
    if url is None:
        unavailable("PostgreSQL", "CLOSER_REQUIRE_POSTGRES", why)
    yield url
    if server is not None:
        server.stop()


@pytest.fixture(params=["sqlite", "postgresql"])
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """A fresh, empty database of each kind: every storage test runs on both."""
    if request.param == "sqlite":
        return f"sqlite+aiosqlite:///{tmp_path / 'closer.db'}"
    base = request.getfixturevalue("postgres_base")
    name = f"closer_test_{next(_databases)}"
    return asyncio.run(pg.create_database(base, name))


@pytest.fixture
async def db(database_url: str) -> AsyncIterator[Database]:
    """A migrated database, on SQLite and on PostgreSQL in turn, closed afterwards."""
    database = Database(database_url)
    await database.migrate()
    yield database
    await database.close()


@pytest.fixture
def inbox_fails_once(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """The first write to the inbox fails as if the database went away; the list holds how many
    updates that write held, once it happened."""
    real_take = inbox.take
    failures: list[int] = []

    async def take_failing_once(s, updates, *rest):  # type: ignore[no-untyped-def]
        if not failures:
            failures.append(len(updates))
            raise ConnectionError("the database went away")
        return await real_take(s, updates, *rest)

    monkeypatch.setattr(inbox, "take", take_failing_once)
    return failures


@pytest.fixture
def sqlite_url(tmp_path: Path) -> str:
    return f"sqlite+aiosqlite:///{tmp_path / 'closer.db'}"


@pytest.fixture
async def server() -> AsyncIterator[FakeBotApi]:
    api = FakeBotApi()
    await api.start()
    yield api
    await api.stop()


@contextlib.asynccontextmanager
async def running_bot(
    server: FakeBotApi, url: str, webhook: bool = False
) -> AsyncIterator[TelegramWorld]:
    w = TelegramWorld(server, url, webhook=webhook)
    await w.start_bot()
    try:
        yield w
    finally:
        await w.stop_bot()


@pytest.fixture
async def world(server: FakeBotApi, database_url: str) -> AsyncIterator[TelegramWorld]:
    """The bot running against the fake server, on SQLite and on PostgreSQL."""
    async with running_bot(server, database_url) as w:
        yield w


@pytest.fixture
async def sqlite_world(server: FakeBotApi, sqlite_url: str) -> AsyncIterator[TelegramWorld]:
    """The bot on SQLite only, for behaviour that does not depend on the database."""
    async with running_bot(server, sqlite_url) as w:
        yield w


@pytest.fixture
async def replicas(server: FakeBotApi, database_url: str) -> AsyncIterator[list[TelegramWorld]]:
    """Two Closer processes' worth (each its own Application, pool and clock) in webhook mode
    on one database, as replicas behind a load balancer. The fake server posts to the one that
    called setWebhook last."""
    worlds = [TelegramWorld(server, database_url, webhook=True) for _ in range(2)]
    for world in worlds:
        await world.start_bot()
    try:
        yield worlds
    finally:
        for world in worlds:
            await world.stop_bot()
