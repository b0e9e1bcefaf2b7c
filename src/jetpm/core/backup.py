"""Backup and restore of the whole platform: the database and the uploaded files in one file.

Contract: shared/formats/trust.md (``jetpm backup -o FILE``, ``jetpm restore FILE``). The file is a tar
archive holding ``manifest.json`` (format version, engine, applied migrations, rows per table, SHA-256 of
every member), the database (SQLite: a copy made with the online backup API; PostgreSQL: ``pg_dump`` in
custom format, taken from the same snapshot as the row counts) and ``files/`` (the upload folder).

``restore`` checks the archive whole before it touches anything and refuses a damaged file, another engine,
migrations this code does not know, or a target that already holds data (users, organisations, persons or
audit events, or files in the upload folder).
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management import call_command
from django.db import connection
from django.db.migrations.loader import MigrationLoader

FORMAT = "jetpm-backup"
VERSION = 1
DB_MEMBER = {"sqlite": "database.sqlite3", "postgresql": "database.pgdump"}
# A target holds data when any of these has a row (everything the programme records hangs off them, and
# every change writes an audit event).
DATA_TABLES = ("core_user", "core_organisation", "core_person", "core_auditevent")


class BackupError(Exception):
    """The backup or restore cannot go on; the message says why. Nothing was written."""


@dataclass(frozen=True)
class Summary:
    tables: int
    rows: int
    files: int


def _sha256_file(path: Path) -> str:
    h = hashlib.sha256()
    with path.open("rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def _engine() -> str:
    vendor = connection.vendor
    if vendor not in DB_MEMBER:
        raise BackupError(f"unsupported database engine: {vendor}")
    return vendor


def _applied_migrations() -> dict[str, list[str]]:
    loader = MigrationLoader(connection, ignore_no_migrations=True)
    out: dict[str, list[str]] = {}
    for app, name in sorted(loader.applied_migrations):
        out.setdefault(app, []).append(name)
    return out


def _known_migrations() -> set[tuple[str, str]]:
    return set(MigrationLoader(None, ignore_no_migrations=True).disk_migrations)


def _count_tables(cursor: Any, tables: list[str]) -> dict[str, int]:
    qn = connection.ops.quote_name
    counts = {}
    for table in sorted(tables):
        cursor.execute(f"SELECT COUNT(*) FROM {qn(table)}")  # noqa: S608 - table names from introspection
        counts[table] = int(cursor.fetchone()[0])
    return counts


def _pg_env_args() -> tuple[dict[str, str], list[str]]:
    db = settings.DATABASES["default"]
    env = dict(os.environ)
    if db.get("PASSWORD"):
        env["PGPASSWORD"] = str(db["PASSWORD"])
    args = []
    if db.get("HOST"):
        args += ["-h", str(db["HOST"])]
    if db.get("PORT"):
        args += ["-p", str(db["PORT"])]
    if db.get("USER"):
        args += ["-U", str(db["USER"])]
    return env, args


def _media_root() -> Path:
    return Path(settings.MEDIA_ROOT)


def _media_files() -> list[Path]:
    root = _media_root()
    if not root.exists():
        return []
    return sorted(p for p in root.rglob("*") if p.is_file())


# --------------------------------------------------------------------------------------------------- backup


def backup(output: Path) -> Summary:
    """Write the backup file (atomically: a temporary file renamed at the end)."""
    engine = _engine()
    output = output.resolve()
    with tempfile.TemporaryDirectory(prefix="jetpm-backup-") as tmp:
        work = Path(tmp)
        db_file = work / DB_MEMBER[engine]
        counts = _backup_sqlite(db_file) if engine == "sqlite" else _backup_postgresql(db_file)
        media = _media_files()
        root = _media_root()
        members = {DB_MEMBER[engine]: _sha256_file(db_file)}
        for path in media:
            members["files/" + path.relative_to(root).as_posix()] = _sha256_file(path)
        manifest = {
            "format": FORMAT,
            "version": VERSION,
            "created_at": datetime.now(UTC).isoformat(timespec="seconds"),
            "engine": engine,
            "migrations": _applied_migrations(),
            "tables": counts,
            "members": members,
        }
        partial = output.with_name(output.name + ".partial")
        with tarfile.open(partial, "w:gz") as tar:
            data = json.dumps(manifest, indent=2, sort_keys=True).encode("utf-8")
            info = tarfile.TarInfo("manifest.json")
            info.size = len(data)
            info.mtime = int(datetime.now(UTC).timestamp())
            tar.addfile(info, io.BytesIO(data))
            tar.add(db_file, arcname=DB_MEMBER[engine])
            for path in media:
                tar.add(path, arcname="files/" + path.relative_to(root).as_posix())
        partial.replace(output)
    return Summary(tables=len(counts), rows=sum(counts.values()), files=len(media))


def _backup_sqlite(target: Path) -> dict[str, int]:
    connection.ensure_connection()
    source = connection.connection
    dest = sqlite3.connect(target)
    try:
        source.backup(dest)  # the online backup API: a consistent copy while others write
    finally:
        dest.close()
    copy = sqlite3.connect(target)
    try:
        names = [
            r[0]
            for r in copy.execute(
                "SELECT name FROM sqlite_master WHERE type='table' AND name NOT LIKE 'sqlite_%'"
            )
        ]
        return {n: int(copy.execute(f'SELECT COUNT(*) FROM "{n}"').fetchone()[0]) for n in sorted(names)}  # noqa: S608
    finally:
        copy.close()


def _backup_postgresql(target: Path) -> dict[str, int]:
    env, args = _pg_env_args()
    name = str(settings.DATABASES["default"]["NAME"])
    with connection.cursor() as cursor:
        # One snapshot for the counts and the dump: they describe the same moment.
        cursor.execute("BEGIN ISOLATION LEVEL REPEATABLE READ, READ ONLY")
        try:
            cursor.execute("SELECT pg_export_snapshot()")
            snapshot = cursor.fetchone()[0]
            counts = _count_tables(cursor, connection.introspection.table_names(cursor))
            result = subprocess.run(  # noqa: S603 - fixed program, arguments from settings
                ["pg_dump", *args, "--format=custom", f"--snapshot={snapshot}", "-f", str(target), name],  # noqa: S607
                env=env,
                capture_output=True,
                text=True,
                check=False,
            )
        finally:
            cursor.execute("ROLLBACK")
    if result.returncode != 0:
        raise BackupError(f"pg_dump failed: {result.stderr.strip()}")
    return counts


# -------------------------------------------------------------------------------------------------- restore


@contextmanager
def _opened(path: Path) -> Iterator[tuple[tarfile.TarFile, dict[str, Any]]]:
    try:
        tar = tarfile.open(path, "r:gz")  # noqa: SIM115 - closed by the with below
    except (OSError, tarfile.TarError) as exc:
        raise BackupError(f"{path}: not a JETPM backup file ({exc})") from exc
    with tar:
        try:
            member = tar.extractfile("manifest.json")
            if member is None:
                raise KeyError("manifest.json")
            manifest = json.loads(member.read().decode("utf-8"))
        except (KeyError, ValueError, tarfile.TarError, OSError, EOFError) as exc:
            raise BackupError(f"{path}: the manifest is missing or damaged") from exc
        if manifest.get("format") != FORMAT or manifest.get("version") != VERSION:
            raise BackupError(f"{path}: not a JETPM backup of version {VERSION}")
        yield tar, manifest


def _target_is_empty() -> list[str]:
    """What the target already holds (empty list: it may receive the backup)."""
    found = []
    with connection.cursor() as cursor:
        existing = set(connection.introspection.table_names(cursor))
        qn = connection.ops.quote_name
        for table in DATA_TABLES:
            if table in existing:
                cursor.execute(f"SELECT COUNT(*) FROM {qn(table)}")  # noqa: S608
                n = int(cursor.fetchone()[0])
                if n:
                    found.append(f"{table}: {n} rows")
    files = _media_files()
    if files:
        found.append(f"upload folder {_media_root()}: {len(files)} files")
    return found


def restore(path: Path) -> Summary:
    """Check the whole file, then load it into the empty target database and upload folder."""
    engine = _engine()
    with _opened(path) as (tar, manifest), tempfile.TemporaryDirectory(prefix="jetpm-restore-") as tmp:
        if manifest.get("engine") != engine:
            raise BackupError(
                f"the backup is of a {manifest.get('engine')} database; the configured database is {engine}"
            )
        backed = {(app, name) for app, names in manifest.get("migrations", {}).items() for name in names}
        unknown = sorted(backed - _known_migrations())
        if unknown:
            raise BackupError(
                "the backup has migrations this version does not know: "
                + ", ".join(f"{a}.{n}" for a, n in unknown[:5])
            )
        members: dict[str, str] = manifest.get("members", {})
        db_name = DB_MEMBER[engine]
        if db_name not in members:
            raise BackupError("the backup holds no database")
        work = Path(tmp)
        try:
            names = set(tar.getnames())
            for name, digest in members.items():
                if name not in names or not _safe_member(name):
                    raise BackupError(f"damaged backup: {name} is missing")
                tar.extract(name, work, filter="data")
                if _sha256_file(work / name) != digest:
                    raise BackupError(f"damaged backup: {name} does not match its checksum")
        except (tarfile.TarError, OSError, EOFError) as exc:
            raise BackupError(f"damaged backup: {exc}") from exc
        held = _target_is_empty()
        if held:
            raise BackupError("the target is not empty (" + "; ".join(held) + ")")
        if engine == "postgresql":
            _check_pg_archive(work / db_name)
        # Everything is checked: from here on the target is written.
        if engine == "sqlite":
            _restore_sqlite(work / db_name)
        else:
            _restore_postgresql(work / db_name)
        root = _media_root()
        files = [n for n in members if n.startswith("files/")]
        for name in files:
            dest = root / name.removeprefix("files/")
            dest.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(work / name, dest)
        counts = _current_counts(list(manifest.get("tables", {})))
        expected = manifest.get("tables", {})
        wrong = [t for t, n in expected.items() if counts.get(t) != n]
        if wrong:
            raise BackupError("restored, but row counts differ from the manifest in: " + ", ".join(wrong[:5]))
    call_command("migrate", interactive=False, verbosity=0)  # a newer version's migrations, if any
    return Summary(tables=len(expected), rows=sum(expected.values()), files=len(files))


def _safe_member(name: str) -> bool:
    p = Path(name)
    return not p.is_absolute() and ".." not in p.parts


def _current_counts(tables: list[str]) -> dict[str, int]:
    connection.close()
    with connection.cursor() as cursor:
        existing = set(connection.introspection.table_names(cursor))
        return _count_tables(cursor, [t for t in tables if t in existing])


def _restore_sqlite(source_file: Path) -> None:
    target = Path(str(settings.DATABASES["default"]["NAME"]))
    connection.close()
    source = sqlite3.connect(source_file)
    dest = sqlite3.connect(target)
    try:
        source.backup(dest)  # replaces the target's whole content in one step
    finally:
        dest.close()
        source.close()


def _check_pg_archive(dump: Path) -> None:
    env, _args = _pg_env_args()
    result = subprocess.run(  # noqa: S603
        ["pg_restore", "--list", str(dump)],  # noqa: S607
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    if result.returncode != 0:
        raise BackupError(f"damaged backup: pg_restore cannot read the dump ({result.stderr.strip()})")


def _restore_postgresql(dump: Path) -> None:
    env, args = _pg_env_args()
    name = str(settings.DATABASES["default"]["NAME"])
    with connection.cursor() as cursor:
        # the target holds no data (checked): its empty tables make way for the backup's
        cursor.execute("DROP SCHEMA public CASCADE")
        cursor.execute("CREATE SCHEMA public")
    connection.close()
    result = subprocess.run(  # noqa: S603
        ["pg_restore", *args, "--no-owner", "--no-privileges", "--single-transaction", "-d", name, str(dump)],  # noqa: S607
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    if result.returncode != 0:
        raise BackupError(f"pg_restore failed: {result.stderr.strip()}")
