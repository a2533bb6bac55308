"""A throwaway PostgreSQL server for the storage tests and benchmarks, from Debian's binaries.

CLOSER_TEST_POSTGRES_URL points at a server someone else runs instead. Without either, the
PostgreSQL runs of storage tests are skipped on a developer's machine, and fail in CI, where
.ci/run sets CLOSER_REQUIRE_POSTGRES=1 after installing the server.
"""

from __future__ import annotations

import glob
import os
import shutil
import socket
import subprocess
import tempfile
from pathlib import Path


def _bin_dir() -> Path | None:
    found = shutil.which("initdb")
    if found:
        return Path(found).resolve().parent
    versions = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"))
    return Path(versions[-1]).parent if versions else None


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class PostgresServer:
    """initdb + pg_ctl start in a temporary folder; as root, run as the 'postgres' user."""

    def __init__(self, bin_dir: Path) -> None:
        self.bin_dir = bin_dir
        self.folder = Path(tempfile.mkdtemp(prefix="closer-pg-"))
        self.data = self.folder / "data"
        self.port = _free_port()
        self.as_user: list[str] = []
        if os.geteuid() == 0:
            shutil.chown(self.folder, "postgres", "postgres")
            self.as_user = ["runuser", "-u", "postgres", "--"]

    def _run(self, *args: str) -> None:
        subprocess.run([*self.as_user, *args], check=True, capture_output=True, timeout=120)

    def start(self) -> str:
        self._run(
            str(self.bin_dir / "initdb"), "-D", str(self.data), "-U", "postgres",
            "--auth=trust", "--no-sync", "-E", "UTF8",
        )  # fmt: skip
        options = (
            f"-p {self.port} -k {self.folder} -c listen_addresses=127.0.0.1 "
            "-c fsync=off -c synchronous_commit=off -c full_page_writes=off"
        )
        self._run(
            str(self.bin_dir / "pg_ctl"), "-D", str(self.data), "-o", options,
            "-l", str(self.folder / "log"), "-w", "start",
        )  # fmt: skip
        return f"postgresql+asyncpg://postgres@127.0.0.1:{self.port}"

    def stop(self) -> None:
        try:
            self._run(str(self.bin_dir / "pg_ctl"), "-D", str(self.data), "-m", "immediate", "stop")
        finally:
            shutil.rmtree(self.folder, ignore_errors=True)


def server_url() -> tuple[str | None, PostgresServer | None, str]:
    """(base url without a database, the server to stop later, why there is none)."""
    given = os.environ.get("CLOSER_TEST_POSTGRES_URL")
    if given:
        return given.rstrip("/"), None, ""
    bin_dir = _bin_dir()
    if bin_dir is None:
        return None, None, "no PostgreSQL server binaries (apt-get install postgresql)"
    server = PostgresServer(bin_dir)
    try:
        return server.start(), server, ""
    except (subprocess.SubprocessError, OSError, LookupError) as exc:
        return None, None, f"PostgreSQL did not start: {exc}"


async def create_database(base: str, name: str) -> str:
    """A fresh, empty database on the server at `base`; returns its SQLAlchemy URL."""
    import asyncpg

    conn = await asyncpg.connect(base.replace("postgresql+asyncpg", "postgresql") + "/postgres")
    try:
        await conn.execute(f'CREATE DATABASE "{name}"')
    finally:
        await conn.close()
    return f"{base}/{name}"
