"""The daily purge (jetpm.core.tasks): the task purges and books exactly one next run, however often the
booking is asked for; ``jetpm privacy schedule`` starts the chain."""

from __future__ import annotations

import io
from collections.abc import Iterator
from datetime import date, datetime, timedelta
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import override_settings
from django.utils import timezone
from django.utils.functional import empty
from django_tasks_db.models import DBTaskResult

from jetpm.applications.models import private_storage
from jetpm.core import tasks
from jetpm.core.models import AuditEvent, PurgeRun, ScheduledPurge

pytestmark = pytest.mark.django_db
DB_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


@pytest.fixture(autouse=True)
def _media(settings, tmp_path: Path) -> Iterator[None]:
    """The purge removes files without a record from the upload folder: a temporary one, not the developer's
    (whose files no test record names)."""
    settings.MEDIA_ROOT = str(tmp_path / "media")
    private_storage._wrapped = empty
    yield
    private_storage._wrapped = empty


@override_settings(TASKS=DB_TASKS)
def test_the_task_purges_and_books_exactly_one_next_run(world):
    today = timezone.localdate()
    tasks.daily_purge.call(today.isoformat())
    run = PurgeRun.objects.get()
    assert run.trigger == "task" and run.today == today and run.finished_at is not None
    assert AuditEvent.objects.filter(action="privacy.purge").count() == 1
    tomorrow = today + timedelta(days=1)
    slot = ScheduledPurge.objects.get()
    assert slot.run_on == tomorrow
    queued = DBTaskResult.objects.get()
    assert str(queued.id) == slot.task_id and queued.task_path == "jetpm.core.tasks.daily_purge"
    assert queued.args_kwargs == {"args": [tomorrow.isoformat()], "kwargs": {}}
    at = timezone.make_aware(datetime.combine(tomorrow, tasks.RUN_AT))
    assert timezone.localtime(queued.run_after) == at
    # the same day's run again (a second worker, a retry): nothing more is booked
    tasks.daily_purge.call(today.isoformat())
    assert ScheduledPurge.objects.count() == 1 and DBTaskResult.objects.count() == 1


@override_settings(TASKS=DB_TASKS)
def test_booking_a_day_twice_enqueues_once():
    day = date(2031, 6, 2)
    first, booked = tasks.schedule(day=day)
    again, booked_again = tasks.schedule(day=day)
    assert booked and not booked_again and first.pk == again.pk
    assert DBTaskResult.objects.count() == 1


@override_settings(TASKS=DB_TASKS)
def test_the_schedule_command_starts_the_chain_once():
    out = io.StringIO()
    call_command("privacy", "schedule", stdout=out)
    assert "daily purge booked: next run" in out.getvalue()
    call_command("privacy", "schedule", stdout=out)
    assert "already booked" in out.getvalue()
    assert ScheduledPurge.objects.count() == 1 and DBTaskResult.objects.count() == 1
    # the task's result pruned (or a database restored from before it): booked again, for the next day
    DBTaskResult.objects.all().delete()
    call_command("privacy", "schedule", stdout=out)
    assert ScheduledPurge.objects.count() == 2 and DBTaskResult.objects.count() == 1


def test_a_backend_that_cannot_defer_is_refused_clearly():
    with pytest.raises(CommandError) as exc:
        call_command("privacy", "schedule", stdout=io.StringIO())
    assert exc.value.returncode == 2 and "django_tasks_db.DatabaseBackend" in str(exc.value)
    assert not ScheduledPurge.objects.exists()
