"""``jetpm backup`` and ``jetpm restore`` on the configured engine (SQLite, or PostgreSQL in CI's second
phase), driven as an operator would at the command line: the demo world is backed up, restored into an
empty database and upload folder, and gives the same figures, the same files and an intact audit chain;
a damaged file or a non-empty target is refused with exit 2 and nothing written."""

from __future__ import annotations

import hashlib
import io
import tarfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.sites import IS_PG, Site  # noqa: F401


def _files(root: Path) -> dict[str, str]:
    return {
        p.relative_to(root).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(root.rglob("*"))
        if p.is_file()
    }


FIGURES = (
    ("stats", "retention", "--from-fy", "2022", "--to-fy", "2024", "--format", "csv"),
    ("stats", "participants", "--fy", "2024", "--format", "csv"),
    ("stats", "participants", "--fy", "2026", "--format", "csv"),
    ("audit", "verify"),
)


@pytest.fixture(scope="module")
def backed_up(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Site, Path, dict[str, str]]]:
    tmp = tmp_path_factory.mktemp("backup")
    source = Site(tmp, "source")
    try:
        source.ok("migrate", "--no-input", "-v0")
        source.ok("demo-data", "--scale", "small", "--seed", "1")
        figures = {" ".join(a): source.ok(*a) for a in FIGURES}
        out = source.ok("backup", "-o", str(tmp / "jetpm.backup"))
        assert "uploaded files" in out
        yield source, tmp / "jetpm.backup", figures
    finally:
        source.drop()


@pytest.mark.slow
@pytest.mark.parametrize("target_state", ["migrated", "fresh"])
def test_round_trip_gives_the_same_figures_files_and_chain(backed_up, tmp_path, target_state):
    source, backup_file, figures = backed_up
    target = Site(tmp_path, "target")
    try:
        if target_state == "migrated":
            target.ok("migrate", "--no-input", "-v0")
        out = target.ok("restore", str(backup_file))
        assert out.startswith("restored ")
        for args in FIGURES:
            assert target.ok(*args) == figures[" ".join(args)], args
        assert _files(target.media) == _files(source.media) and _files(target.media)
        # the restored site works on: a new audit event joins the restored chain
        target.ok("shell", "-c", _NEW_EVENT)
        assert target.ok("audit", "verify").endswith("events verified\n")
    finally:
        target.drop()


_NEW_EVENT = (
    "from jetpm.core import services; from jetpm.core.models import User; "
    "u = User.objects.order_by('pk').first(); "
    "services.set_user_language(actor=u, language='en' if u.language == 'ja' else 'ja')"
)


@pytest.mark.slow
def test_a_non_empty_target_is_refused_and_left_as_it_was(backed_up, tmp_path):
    _source, backup_file, _figures = backed_up
    target = Site(tmp_path, "busy")
    try:
        target.ok("migrate", "--no-input", "-v0")
        target.ok("shell", "-c", _MAKE_ORG)
        before = target.ok("audit", "verify")
        result = target.run("restore", str(backup_file))
        assert result.returncode == 2
        assert "not empty" in result.stderr and "core_organisation: 1 rows" in result.stderr
        assert target.ok("audit", "verify") == before
        assert not target.media.exists() or not any(target.media.rglob("*"))
    finally:
        target.drop()


_MAKE_ORG = (
    "from jetpm.core import services; from jetpm.core.scoping import OPERATOR; "
    "from jetpm.core.models import Organisation; "
    "Organisation.objects.create(kind='mic', name_ja='総務省', name_en='MIC', code='mic')"
)


def _damaged(backup_file: Path, bad: Path, damage: str) -> None:
    if damage == "truncated":
        data = backup_file.read_bytes()
        bad.write_bytes(data[: len(data) // 2])
    elif damage == "member_changed":  # one uploaded file's last byte flipped, the manifest kept
        with tarfile.open(backup_file, "r:gz") as src, tarfile.open(bad, "w:gz") as dst:
            for member in src.getmembers():
                f = src.extractfile(member)
                data = f.read() if f else b""
                if member.name.startswith("files/"):
                    data = data[:-1] + bytes([data[-1] ^ 0xFF])
                member.size = len(data)
                dst.addfile(member, io.BytesIO(data))
    else:
        bad.write_text("id,name\n1,x\n")


@pytest.mark.slow
def test_a_damaged_file_is_refused_with_nothing_written(backed_up, tmp_path):
    _source, backup_file, _figures = backed_up
    target = Site(tmp_path, "damaged")
    try:
        target.ok("migrate", "--no-input", "-v0")
        for damage in ("truncated", "member_changed", "not_a_backup"):
            bad = tmp_path / f"{damage}.backup"
            _damaged(backup_file, bad, damage)
            result = target.run("restore", str(bad))
            assert result.returncode == 2, (damage, result.stderr)
            assert "damaged" in result.stderr or "not a JETPM backup" in result.stderr, damage
            assert target.ok("audit", "verify") == "0 events verified\n"
            assert not target.media.exists() or not any(target.media.rglob("*"))
    finally:
        target.drop()
