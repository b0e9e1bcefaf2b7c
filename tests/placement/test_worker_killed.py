"""A background worker killed (SIGKILL) in the middle of a placement run: nothing of the run is half-written,
and the work is done once, by another worker, afterwards.

A scratch installation (tests/sites.py) with the shared small world and a year to place; the run is queued
by CLAIR's service and solved by ``jetpm db_worker`` in its own process.

- PostgreSQL: the test holds the audit chain's head row, which the worker takes last, inside the
  transaction that saves the placements and moves the run to "ready". Once the worker waits for it (seen in
  ``pg_stat_activity``), the worker has written the placements in that transaction: it is killed there, the
  transaction is never committed, and the run is found running with no placement. Its signs of life stop, so
  ``jetpm placement recover-stalled`` records it failed; CLAIR starts it again and a new worker solves it.
- SQLite has one writer at a time and the worker's transaction takes the write lock first: the test holds
  that lock, the worker is killed while it waits to claim the task, and the next worker resumes the task
  (never claimed) from the start.
"""

from __future__ import annotations

import json
import sqlite3
import threading
import time
from pathlib import Path

import pytest

from tests.sites import IS_PG, Site

SETUP = """
from tests.world import build_world
from tests.placement.workflow_support import YEAR, small_year
from jetpm.placement.services import runs
w = build_world()
small_year(w)
run = runs.create_run(actor=w.users["clair.staff"], intake_year=YEAR, mode="optimal")
runs.start_run(actor=w.users["clair.staff"], run_id=run.pk)
print("RUN", run.pk)
"""

STATE = """
import json
from django_tasks_db.models import DBTaskResult
from jetpm.core.models import AuditEvent
from jetpm.placement.models import Placement, PlacementRun
run = PlacementRun.objects.get(pk={run_id})
print("STATE", json.dumps({{
    "status": run.status,
    "attempt": run.attempt,
    "progress": run.progress,
    "error": run.error,
    "beat": run.heartbeat_at is not None,
    "placements": Placement.objects.filter(run=run).count(),
    "solved": AuditEvent.objects.filter(action="placement.run.solved", object_id=str(run.pk)).count(),
    "failed": AuditEvent.objects.filter(action="placement.run.fail", object_id=str(run.pk)).count(),
    "tasks": sorted(DBTaskResult.objects.values_list("status", flat=True)),
}}))
"""

RESTART = """
from jetpm.core.models import User
from jetpm.placement.services import runs
runs.start_run(actor=User.objects.get(username="clair.staff"), run_id={run_id})
"""

WORKER = ("db_worker", "--interval", "0.2", "--no-startup-delay")
QUICK_STALL = {"JETPM_PLACEMENT_STALLED_AFTER": "1"}


def _state(site: Site, run_id: int) -> dict:
    out = site.ok("shell", "-c", STATE.format(run_id=run_id))
    return json.loads(next(line for line in out.splitlines() if line.startswith("STATE "))[6:])


def _drain(stream) -> list[str]:  # type: ignore[no-untyped-def]
    """Read a pipe in the background (a worker must never block on a full pipe); the lines so far."""
    lines: list[str] = []
    threading.Thread(target=lambda: lines.extend(iter(stream.readline, "")), daemon=True).start()
    return lines


def _until(condition, what: str, timeout: float = 120) -> None:  # type: ignore[no-untyped-def]
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, f"gave up waiting for {what}"
        time.sleep(0.1)


def _pg(site: Site):  # type: ignore[no-untyped-def]
    import psycopg
    from django.conf import settings

    db = settings.DATABASES["default"]
    return psycopg.connect(
        host=db.get("HOST") or "127.0.0.1",
        port=db.get("PORT") or 5432,
        user=db.get("USER") or "postgres",
        password=db.get("PASSWORD") or None,
        dbname=site.db,
    )


def _waiting_for_the_chain(site: Site) -> list[int]:
    with _pg(site) as conn:
        rows = conn.execute(
            "SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'"
            " AND query ILIKE '%core_auditchainhead%'"
        ).fetchall()
    return [r[0] for r in rows]


def _backend_gone(site: Site, pid: int) -> bool:
    with _pg(site) as conn:
        return conn.execute("SELECT count(*) FROM pg_stat_activity WHERE pid = %s", (pid,)).fetchone()[0] == 0


@pytest.fixture
def site(tmp_path: Path):  # type: ignore[no-untyped-def]
    s = Site(tmp_path, "killed")
    s.ok("migrate", "--no-input")
    yield s
    s.drop()


@pytest.mark.slow
def test_worker_killed_mid_run_leaves_nothing_half_written_and_the_run_is_done_once(site):
    out = site.ok("shell", "-c", SETUP)
    run_id = int(next(line for line in out.splitlines() if line.startswith("RUN "))[4:])
    assert _state(site, run_id)["tasks"] == ["READY"]

    if IS_PG:
        holder = _pg(site)
        holder.execute("SELECT * FROM core_auditchainhead FOR UPDATE")  # the chain's head, until rollback
        worker = site.start(*WORKER)
        _drain(worker.stdout)
        _drain(worker.stderr)
        _until(lambda: bool(_waiting_for_the_chain(site)) or worker.poll() is not None, "the worker to wait")
        assert worker.poll() is None, "the worker ended instead of waiting for the audit chain"
        [backend] = _waiting_for_the_chain(site)
        worker.kill()  # SIGKILL: no handler runs, no commit is sent
        worker.wait()
        holder.rollback()
        holder.close()
        _until(lambda: _backend_gone(site, backend), "the dead worker's database session to end")
        state = _state(site, run_id)
        # the save's transaction (placements, run "ready", audit) was rolled back as a whole
        assert state["status"] == "running" and state["progress"] == 80 and state["beat"]
        assert state["placements"] == 0 and state["solved"] == 0
        assert state["tasks"] == ["RUNNING"]  # claimed by the dead worker: never run again by itself
        # its signs of life have stopped: recorded as failed, then CLAIR starts it again
        time.sleep(1.5)
        recovered = site.ok("placement", "recover-stalled", env=QUICK_STALL)
        assert recovered.strip().endswith("1 stalled placement runs"), recovered
        state = _state(site, run_id)
        assert state["status"] == "failed" and state["failed"] == 1 and "worker stopped" in state["error"]
        assert state["tasks"] == ["FAILED"]  # the lost attempt's task, closed with it
        site.ok("shell", "-c", RESTART.format(run_id=run_id))
        expected_attempt, expected_tasks = 2, ["FAILED", "SUCCESSFUL"]
    else:
        holder = sqlite3.connect(site.db, timeout=1, isolation_level=None)
        holder.execute("BEGIN IMMEDIATE")  # the write lock: the worker cannot claim the task
        worker = site.start(*WORKER)
        _drain(worker.stdout)
        errors = _drain(worker.stderr)
        _until(lambda: any("Starting worker" in line for line in errors), "the worker to start")
        time.sleep(1)  # it is trying to claim the task now
        assert worker.poll() is None
        worker.kill()
        worker.wait()
        holder.rollback()
        holder.close()
        state = _state(site, run_id)
        assert state["status"] == "running" and state["progress"] == 0 and not state["beat"]
        assert state["placements"] == 0 and state["solved"] == 0 and state["tasks"] == ["READY"]
        expected_attempt, expected_tasks = 1, ["SUCCESSFUL"]

    # another worker does the queued work, once
    site.ok("db_worker", "--batch", "--no-startup-delay")
    state = _state(site, run_id)
    assert state["status"] == "ready" and state["attempt"] == expected_attempt
    assert state["placements"] == 5 and state["solved"] == 1
    assert state["tasks"] == expected_tasks
    assert "events verified" in site.ok("audit", "verify")
