"""`jetpm plan apportion INPUT.json [-o OUTPUT.json]` as a real process (contract: formats/apportionment.md).

The unit tests cover every validation rule; here each impossible input the contract lists, once.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

CONTRACT_INPUT = {
    "total": 1829,
    "method": "huntington-hill",
    "shares": [{"id": "US", "weight": 2885, "min": 1, "max": None}, {"id": "GB", "weight": 702}],
}


def run(tmp_path: Path, *args: str, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "jetpm.settings",
        "JETPM_VAR_DIR": str(tmp_path / "var"),
        # The command must not need a database: point it at one that cannot exist.
        "DATABASE_URL": f"sqlite:///{tmp_path / 'no' / 'such' / 'dir' / 'db.sqlite3'}",
    }
    return subprocess.run(  # noqa: S603 - our own interpreter and module
        [sys.executable, "-m", "jetpm.cli", "plan", "apportion", *args],
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


def test_contract_example_to_stdout(tmp_path: Path) -> None:
    proc = run(tmp_path, str(write(tmp_path, CONTRACT_INPUT)))
    assert proc.returncode == 0, proc.stderr
    assert proc.stderr == ""
    out = json.loads(proc.stdout)
    # Exactly the contract's output shape: these four keys in this order, seats in input order, ints.
    assert list(out) == ["method", "total", "seats", "ties"]
    assert out["method"] == "huntington-hill"
    assert out["total"] == 1829
    assert list(out["seats"]) == ["US", "GB"]
    assert all(type(v) is int for v in out["seats"].values())
    assert sum(out["seats"].values()) == 1829
    assert out == {"method": "huntington-hill", "total": 1829, "seats": {"US": 1471, "GB": 358}, "ties": []}


def test_output_option_writes_utf8_file(tmp_path: Path) -> None:
    doc = {
        "total": 7,
        "method": "dhondt",
        "shares": [{"id": "日本", "weight": 1}, {"id": "Zürich", "weight": 1}, {"id": "A", "weight": 1}],
    }
    target = tmp_path / "out.json"
    proc = run(tmp_path, str(write(tmp_path, doc)), "-o", str(target))
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout == ""
    text = target.read_text(encoding="utf-8")
    assert "日本" in text  # ensure_ascii=False
    assert json.loads(text) == {
        "method": "dhondt",
        "total": 7,
        "seats": {"日本": 2, "Zürich": 2, "A": 3},
        "ties": ["A", "Zürich", "日本"],  # 7 = 2 + 2 + 2 + 1: the three tie for the last seat, A wins
    }


def test_stdin_input(tmp_path: Path) -> None:
    proc = run(tmp_path, "-", stdin=json.dumps(CONTRACT_INPUT))
    assert proc.returncode == 0, proc.stderr
    assert json.loads(proc.stdout)["seats"] == {"US": 1471, "GB": 358}


def _with_shares(*shares: dict[str, Any], total: int = 10) -> dict[str, Any]:
    return {"total": total, "method": "sainte-lague", "shares": list(shares)}


@pytest.mark.parametrize(
    ("doc", "cause"),
    [
        # The impossible inputs the contract lists.
        (
            _with_shares({"id": "A", "weight": 1, "min": 6}, {"id": "B", "weight": 1, "min": 5}),
            "sum of minimums",
        ),
        (
            _with_shares({"id": "A", "weight": 1, "max": 4}, {"id": "B", "weight": 1, "max": 5}),
            "sum of maximums",
        ),
        (
            _with_shares({"id": "A", "weight": 1, "min": 3, "max": 2}, {"id": "B", "weight": 1}),
            "min above max",
        ),
        (_with_shares({"id": "A", "weight": -5}, {"id": "B", "weight": 1}), "negative weight"),
        (_with_shares({"id": "A", "weight": 1}, {"id": "A", "weight": 2}), "duplicate id 'A'"),
        # And a malformed one.
        ({"total": 10, "method": "jefferson", "shares": [{"id": "A", "weight": 1}]}, "unknown method"),
    ],
)
def test_impossible_input_exits_2_naming_the_cause(tmp_path: Path, doc: dict[str, Any], cause: str) -> None:
    target = tmp_path / "out.json"
    proc = run(tmp_path, str(write(tmp_path, doc)), "-o", str(target))
    assert proc.returncode == 2
    assert cause in proc.stderr
    assert proc.stdout == ""
    assert not target.exists()  # nothing written


def test_missing_file_exits_2(tmp_path: Path) -> None:
    proc = run(tmp_path, str(tmp_path / "nope.json"))
    assert proc.returncode == 2
    assert "nope.json" in proc.stderr
    assert "no such file" in proc.stderr


def test_invalid_json_exits_2(tmp_path: Path) -> None:
    path = tmp_path / "in.json"
    path.write_text('{"total": 3, "method": ', encoding="utf-8")
    proc = run(tmp_path, str(path))
    assert proc.returncode == 2
    assert "not valid JSON" in proc.stderr
    assert "line 1" in proc.stderr


def test_unwritable_output_exits_2(tmp_path: Path) -> None:
    proc = run(tmp_path, str(write(tmp_path, CONTRACT_INPUT)), "-o", str(tmp_path / "missing" / "out.json"))
    assert proc.returncode == 2
    assert "cannot write" in proc.stderr
