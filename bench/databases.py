"""Where a benchmark runs: a SQLite file in a folder of its own, or a fresh database on
PostgreSQL (`--postgres`: the one `fakes.postgres` finds or starts, stopped afterwards)."""

from __future__ import annotations

import asyncio
import tempfile
from collections.abc import Callable, Coroutine
from pathlib import Path
from typing import Any

from fakes import postgres


def run_on(
    postgres_wanted: bool, name: str, run: Callable[[str], Coroutine[Any, Any, None]]
) -> None:
    """`run(database_url)` to the end, on the database asked for; `name` names the file or the
    PostgreSQL database."""
    with tempfile.TemporaryDirectory() as folder:
        if not postgres_wanted:
            asyncio.run(run(f"sqlite+aiosqlite:///{Path(folder) / f'{name}.db'}"))
            return
        base, server, why = postgres.server_url()
        if base is None:
            raise SystemExit(f"PostgreSQL is not available: {why}")
        try:
            asyncio.run(run(asyncio.run(postgres.create_database(base, name))))
        finally:
            if server is not None:
                server.stop()
