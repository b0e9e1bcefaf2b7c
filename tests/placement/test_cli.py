"""`jetpm placement solve INSTANCE.json --mode optimal|stable [-o RESULT.json]` as a real process."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from .test_model import CONTRACT


def run(tmp_path: Path, *args: str, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "jetpm.settings",
        "JETPM_VAR_DIR": str(tmp_path / "var"),
        # The command must not need a database: point it at one that cannot exist.
        "DATABASE_URL": f"sqlite:///{tmp_path / 'no' / 'such' / 'dir' / 'db.sqlite3'}",
    }
    return subprocess.run(  # noqa: S603 - our own interpreter and module
        [sys.executable, "-m", "jetpm.cli", "placement", "solve", *args],
        capture_output=True,
        text=True,
        encoding="utf-8",
        env=env,
        input=stdin,
        timeout=60,
        check=False,
    )


def write(tmp_path: Path, doc: Any, name: str = "in.json") -> Path:
    path = tmp_path / name
    path.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    return path


@pytest.mark.parametrize("mode", ["optimal", "stable"])
def test_contract_example_to_stdout(tmp_path: Path, mode: str) -> None:
    proc = run(tmp_path, str(write(tmp_path, CONTRACT)), "--mode", mode)
    assert proc.returncode == 0, proc.stderr
    assert proc.stderr == ""
    out = json.loads(proc.stdout)
    assert out["mode"] == mode
    assert out["assignments"] == {"P0001": "S0001"}
    assert out["unassigned"] == ["P0002"]
    assert out["summary"]["blocking_pairs"] == 0


def test_output_file_and_stdin(tmp_path: Path) -> None:
    target = tmp_path / "out.json"
    proc = run(tmp_path, "-", "--mode", "stable", "-o", str(target), stdin=json.dumps(CONTRACT))
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout == ""
    assert json.loads(target.read_text(encoding="utf-8"))["assignments"] == {"P0001": "S0001"}
    umask = os.umask(0)
    os.umask(umask)
    assert target.stat().st_mode & 0o777 == 0o666 & ~umask  # the usual permissions, not mkstemp's 0600
    assert not list(tmp_path.glob(".out.json.*"))  # no temporary file left behind


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("{not json", "is not valid JSON"),
        ('{"participants": [], "participants": [], "positions": []}', "duplicate key 'participants'"),
        (
            '{"participants": [], "positions": [{"id": "S1", "organisation": "O", "prefecture": "13", '
            '"job_type": "ALT", "language": "en", "capacity": -2}]}',
            "position 'S1': 'capacity' must be at least 0",
        ),
    ],
)
def test_bad_input_exit_2_and_nothing_written(tmp_path: Path, text: str, message: str) -> None:
    source = tmp_path / "bad.json"
    source.write_text(text, encoding="utf-8")
    target = tmp_path / "out.json"
    proc = run(tmp_path, str(source), "--mode", "optimal", "-o", str(target))
    assert proc.returncode == 2
    assert message in proc.stderr
    assert proc.stdout == ""
    assert not target.exists()


def test_missing_file_and_bad_mode(tmp_path: Path) -> None:
    proc = run(tmp_path, str(tmp_path / "nope.json"), "--mode", "stable")
    assert proc.returncode == 2
    assert "no such file" in proc.stderr
    proc = run(tmp_path, str(write(tmp_path, CONTRACT)), "--mode", "best")
    assert proc.returncode == 2
    assert "invalid choice: 'best'" in proc.stderr
    proc = run(tmp_path, str(write(tmp_path, CONTRACT)))
    assert proc.returncode == 2
    assert "--mode" in proc.stderr
