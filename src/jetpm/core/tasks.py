"""Background work of core: the daily retention purge (django-tasks, the database backend's worker).

django-tasks has no periodic tasks, so the purge re-enqueues itself: each run first books the next day's run
(a ``ScheduledPurge`` row per day, unique: however many runs or commands try, one task per day is
enqueued, in the same transaction as its row), then purges as of its day. ``jetpm privacy schedule`` starts
the chain, and restarts it if it was lost (a database restored from before it, the task results pruned).
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from django.db import IntegrityError, transaction
from django.utils import timezone
from django_tasks import TaskResultStatus, task
from django_tasks.exceptions import TaskResultDoesNotExist

from jetpm.core.errors import DomainError
from jetpm.core.models import ScheduledPurge
from jetpm.core.states import PurgeTrigger

# The hour of the daily run, Japan time (TIME_ZONE): after the nightly backup's usual time, before work.
RUN_AT = time(3, 0)


def run_time(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, RUN_AT))


@task()
def daily_purge(run_on: str) -> None:
    """Book tomorrow's run, then apply the retention schedules as of today."""
    from jetpm.core import purge

    today = timezone.localdate()
    schedule(day=max(today, date.fromisoformat(run_on)) + timedelta(days=1))
    purge.purge(actor=None, today=today, trigger=PurgeTrigger.TASK)
    ScheduledPurge.objects.filter(run_on=run_on, done_at__isnull=True).update(done_at=timezone.now())


def schedule(*, day: date) -> tuple[ScheduledPurge, bool]:
    """The run of ``day`` booked, at most once: (its row, whether this call enqueued it)."""
    backend = daily_purge.get_backend()
    if not backend.supports_defer:
        raise DomainError(
            f"The tasks backend {type(backend).__name__} cannot run a task later: the daily purge needs the "
            "database backend (django_tasks_db.DatabaseBackend) and its worker, `jetpm db_worker`."
        )
    try:
        with transaction.atomic():
            slot = ScheduledPurge.objects.create(run_on=day)
            result = daily_purge.using(run_after=run_time(day)).enqueue(day.isoformat())
            slot.task_id = str(result.id)
            slot.save(update_fields=["task_id"])
            return slot, True
    except IntegrityError:  # booked already, by another run or command
        return ScheduledPurge.objects.get(run_on=day), False


def _waiting(slot: ScheduledPurge) -> bool:
    """Whether the slot's task is still to run (not lost with pruned task results)."""
    if slot.done_at is not None or not slot.task_id:
        return False
    try:
        status = daily_purge.get_result(slot.task_id).status
    except TaskResultDoesNotExist:
        return False
    return status in (TaskResultStatus.READY, TaskResultStatus.RUNNING)


def ensure_scheduled(*, now: datetime | None = None) -> tuple[ScheduledPurge, bool]:
    """The next daily run, booked unless one is waiting: (its row, whether this call booked it)."""
    now = timezone.localtime(now or timezone.now())
    for slot in ScheduledPurge.objects.filter(run_on__gte=now.date() - timedelta(days=1)).order_by("run_on"):
        if _waiting(slot):
            return slot, False
    day = now.date() if now.time() < RUN_AT else now.date() + timedelta(days=1)
    slot, booked = schedule(day=day)
    if not booked and not _waiting(slot):  # that day's task was lost: book the day after
        return schedule(day=day + timedelta(days=1))
    return slot, booked
