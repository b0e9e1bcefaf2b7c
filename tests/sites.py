"""A scratch installation for command-line tests: its own database (SQLite file, or a PostgreSQL database
created and dropped on the configured server) and upload folder, driven by the `jetpm` command in a
subprocess, as an operator would."""

from __future__ import annotations

import os
import subprocess
import sys
import uuid
from pathlib import Path

from django.conf import settings

ENGINE = settings.DATABASES["default"]["ENGINE"]
IS_PG = "postgresql" in ENGINE


def _pg_url(name: str) -> str:
    db = settings.DATABASES["default"]
    user = db.get("USER") or "postgres"
    return f"postgres://{user}@{db.get('HOST') or '127.0.0.1'}:{db.get('PORT') or 5432}/{name}"


def _pg_admin(sql: str) -> None:
    import psycopg

    db = settings.DATABASES["default"]
    with psycopg.connect(
        host=db.get("HOST") or "127.0.0.1",
        port=db.get("PORT") or 5432,
        user=db.get("USER") or "postgres",
        password=db.get("PASSWORD") or None,
        dbname="postgres",
        autocommit=True,
    ) as conn:
        conn.execute(sql)


class Site:
    """One installation: a database and an upload folder."""

    def __init__(self, tmp: Path, name: str) -> None:
        self.media = tmp / f"{name}-uploads"
        if IS_PG:
            self.db = f"jetpm_bk_{name}_{uuid.uuid4().hex[:10]}"
            _pg_admin(f'CREATE DATABASE "{self.db}"')
            self.url = _pg_url(self.db)
        else:
            self.db = str(tmp / f"{name}.sqlite3")
            self.url = f"sqlite:///{self.db}"

    def _env(self, extra: dict[str, str] | None) -> dict[str, str]:
        return {**os.environ, "DATABASE_URL": self.url, "JETPM_MEDIA_ROOT": str(self.media), **(extra or {})}

    def run(self, *args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
        env = self._env(env)
        return subprocess.run(  # noqa: S603
            [sys.executable, "-m", "jetpm.cli", *args],
            env=env,
            capture_output=True,
            text=True,
            timeout=600,
            check=False,
        )

    def start(self, *args: str, env: dict[str, str] | None = None) -> subprocess.Popen[str]:
        """The command running in the background (for concurrent writers, workers)."""
        env = self._env(env)
        return subprocess.Popen(  # noqa: S603
            [sys.executable, "-m", "jetpm.cli", *args],
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )

    def ok(self, *args: str, env: dict[str, str] | None = None) -> str:
        result = self.run(*args, env=env)
        assert result.returncode == 0, result.stderr
        return result.stdout

    def drop(self) -> None:
        if IS_PG:
            _pg_admin(f'DROP DATABASE IF EXISTS "{self.db}" WITH (FORCE)')
