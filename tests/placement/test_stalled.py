"""A run whose background worker was lost (killed, machine gone) is stalled: shown so, started again as a
new attempt (the lost one recorded as failed), and a late answer of the lost attempt is thrown away.
The worker really killed mid-run: tests/placement/test_worker_killed.py."""

from __future__ import annotations

from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from jetpm.core.models import AuditEvent
from jetpm.placement.models import Placement, PlacementRun
from jetpm.placement.services import runs
from jetpm.placement.states import RunStatus
from tests.placement.workflow_support import YEAR, small_year

pytestmark = pytest.mark.django_db


def _running(world, *, beat_ago: timedelta | None, attempt: int = 1) -> PlacementRun:  # type: ignore[no-untyped-def]
    """A run left running by a worker that last gave a sign of life ``beat_ago`` (None: never started)."""
    run = runs.create_run(actor=world.users["clair.staff"], intake_year=YEAR, mode="optimal")
    PlacementRun.objects.filter(pk=run.pk).update(
        status=RunStatus.RUNNING,
        attempt=attempt,
        progress=40,
        progress_message=runs.SOLVING,
        heartbeat_at=None if beat_ago is None else timezone.now() - beat_ago,
    )
    run.refresh_from_db()
    return run


def test_silent_worker_makes_the_run_stalled_and_it_starts_again(
    world, client, django_capture_on_commit_callbacks
):
    small_year(world)
    run = _running(world, beat_ago=timedelta(minutes=10))
    assert runs.is_stalled(run)
    client.force_login(world.users["clair.staff"])
    page = client.get(reverse("placement:run", kwargs={"run_id": run.pk})).content.decode()
    assert 'data-testid="run-stalled"' in page and 'data-testid="run-start"' in page
    progress = client.get(reverse("placement:run_progress", kwargs={"run_id": run.pk})).content.decode()
    assert "run-stalled" in progress and "hx-trigger" not in progress  # the bar stops polling

    with django_capture_on_commit_callbacks(execute=True):  # the immediate backend runs the new attempt
        client.post(reverse("placement:run_start", kwargs={"run_id": run.pk}))
    run.refresh_from_db()
    assert run.status == RunStatus.READY and run.attempt == 2 and run.progress == 100
    assert Placement.objects.filter(run=run).count() == 5
    events = list(
        AuditEvent.objects.filter(object_id=str(run.pk)).order_by("seq").values_list("action", "changes")
    )
    actions = [a for a, _c in events]
    assert actions[-3:] == ["placement.run.fail", "placement.run.start", "placement.run.solved"]
    assert events[-3][1]["error"][1] == runs.WORKER_LOST and events[-3][1]["attempt"] == 1
    assert events[-2][1]["attempt"] == [1, 2]


def test_a_run_still_beating_or_still_queued_is_not_stalled(world, client):
    small_year(world)
    beating = _running(world, beat_ago=timedelta(seconds=5))
    assert not runs.is_stalled(beating)
    client.force_login(world.users["clair.staff"])
    response = client.post(reverse("placement:run_start", kwargs={"run_id": beating.pk}), follow=True)
    assert "run-stalled" not in response.content.decode()
    beating.refresh_from_db()
    assert beating.status == RunStatus.RUNNING and beating.attempt == 1  # refused: it is running
    PlacementRun.objects.filter(pk=beating.pk).update(heartbeat_at=None)  # queued: waits for a worker
    beating.refresh_from_db()
    assert not runs.is_stalled(beating, timezone.now() + timedelta(days=1))


def test_late_answer_of_a_lost_attempt_is_thrown_away(world):
    small_year(world)
    run = _running(world, beat_ago=timedelta(seconds=1), attempt=2)
    runs.execute(run.pk, attempt=1)  # the lost worker's task comes back late
    run.refresh_from_db()
    assert (
        run.status == RunStatus.RUNNING
        and run.progress == 40
        and not Placement.objects.filter(run=run).exists()
    )
    runs.execute(run.pk, attempt=2)  # the current attempt
    run.refresh_from_db()
    assert run.status == RunStatus.READY and Placement.objects.filter(run=run).count() == 5


def test_recover_stalled_marks_only_the_silent_runs_failed(world, settings):
    small_year(world)
    settings.JETPM_PLACEMENT_STALLED_AFTER = 60
    silent = _running(world, beat_ago=timedelta(seconds=61))
    out = StringIO()
    call_command("placement", "recover-stalled", stdout=out)
    assert out.getvalue().strip().endswith("1 stalled placement runs")
    assert f"placement run {silent.pk} " in out.getvalue()
    silent.refresh_from_db()
    assert silent.status == RunStatus.FAILED and silent.error == runs.WORKER_LOST
    out = StringIO()
    call_command("placement", "recover-stalled", stdout=out)
    assert out.getvalue().strip() == "0 stalled placement runs"


def test_failed_run_shows_its_reason_in_the_readers_language(world, client):
    small_year(world)
    run = _running(world, beat_ago=timedelta(minutes=10))
    runs.fail_stalled()
    user = world.users["clair.staff"]
    user.language = "ja"
    user.save(update_fields=["language"])
    client.force_login(user)
    page = client.get(reverse("placement:run", kwargs={"run_id": run.pk})).content.decode()
    assert 'data-testid="run-error"' in page and "The background worker stopped" not in page
