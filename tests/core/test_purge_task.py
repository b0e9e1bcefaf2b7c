"""The daily purge (jetpm.core.tasks): the task purges and books exactly one next run, however often the
booking is asked for; ``jetpm privacy schedule`` starts the chain. The same task deletes the API tokens long
expired."""

from __future__ import annotations

import io
from collections.abc import Iterator
from datetime import date, datetime, timedelta
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import empty
from django_tasks_db.models import DBTaskResult

from jetpm.applications.models import private_storage
from jetpm.core import services_retention, tasks
from jetpm.core.models import ApiToken, AuditEvent, PurgeRun, ScheduledPurge

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


@override_settings(TASKS=DB_TASKS)
def test_the_task_deletes_tokens_expired_over_30_days_ago(world):
    """The daily task deletes the API tokens expired more than EXPIRED_TOKEN_DAYS ago (revoked or not), keeps
    one expired more recently and a working one, and writes one audit event with the count only."""
    assert services_retention.EXPIRED_TOKEN_DAYS == 30
    user = world.users["mission_a.staff"]
    now = timezone.now()

    def token(name: str, expires: timedelta, **extra: object) -> ApiToken:
        return ApiToken.objects.create(
            user=user,
            name=name,
            digest=name.ljust(64, "0"),
            prefix=name[:8],
            expires_at=now + expires,
            **extra,
        )

    old = token("old", -timedelta(days=31))
    old_revoked = token("oldrev", -timedelta(days=45), revoked_at=now - timedelta(days=60))
    recent = token("recent", -timedelta(days=29))
    live = token("live", timedelta(days=10))
    tasks.daily_purge.call(timezone.localdate().isoformat())
    left = set(ApiToken.objects.values_list("pk", flat=True))
    assert left == {recent.pk, live.pk}
    assert old.pk not in left and old_revoked.pk not in left
    event = AuditEvent.objects.get(action="api_token.delete_expired")
    run = PurgeRun.objects.get()
    assert (event.object_type, event.object_id) == ("core.PurgeRun", str(run.pk))
    assert event.actor_id is None and event.person_id is None and event.organisation_id is None
    assert event.changes["api_tokens_deleted"] == 2
    assert set(event.changes) == {"api_tokens_deleted", "expired_before"}
    assert "old" not in event.object_label and user.username not in str(event.changes)
    # the next day's run (nothing left to delete): one event again, with nothing deleted
    tasks.daily_purge.call(timezone.localdate().isoformat())
    assert ApiToken.objects.count() == 2
    counts = AuditEvent.objects.filter(action="api_token.delete_expired").order_by("seq")
    assert [e.changes["api_tokens_deleted"] for e in counts] == [2, 0]


def test_the_tokens_page_says_when_expired_tokens_are_deleted(world, client):
    client.force_login(world.users["mission_a.staff"])
    page = client.get(reverse("api_tokens"))
    assert page.status_code == 200
    assert "Expired tokens are deleted 30 days after they expire." in page.content.decode()
