"""Background work of core (django-tasks, the database backend's worker): the daily retention purge (and the
deletion of API tokens long expired), the daily verification of the audit log's hash chain, and the
verification asked for on the chain's page.

django-tasks has no periodic tasks, so a daily task re-enqueues itself: each run first books the next day's
run (a row per day, ``ScheduledPurge`` or ``ScheduledVerification``, unique: however many runs or commands
try, one task per day is enqueued, in the same transaction as its row), then does its work as of its day.
``jetpm privacy schedule`` and ``jetpm audit schedule`` start the chains, and restart one that was lost (a
database restored from before it, the task results pruned).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone
from django_tasks import TaskResultStatus, task
from django_tasks.exceptions import TaskResultDoesNotExist

from jetpm.core.errors import DomainError
from jetpm.core.models import PurgeRun, ScheduledPurge, ScheduledVerification
from jetpm.core.states import PurgeTrigger, VerificationTrigger

# The hours of the daily runs, Japan time (TIME_ZONE): the verification before the purge (whose events it
# then finds on the next day), both after the nightly backup's usual time and before work.
RUN_AT = time(3, 0)
VERIFY_AT = time(2, 0)


def run_time(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, RUN_AT))


def verification_time(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, VERIFY_AT))


@task()
def daily_purge(run_on: str) -> None:
    """Book tomorrow's run, apply the retention schedules as of today, then delete the API tokens expired
    more than ``services_retention.EXPIRED_TOKEN_DAYS`` ago (an audit event of its own about the run) and
    tell the people whose tokens expire within two weeks (``services_retention.remind_expiring_tokens``)."""
    from jetpm.core import purge, services_retention

    today = timezone.localdate()
    schedule(day=max(today, date.fromisoformat(run_on)) + timedelta(days=1))
    outcome = purge.purge(actor=None, today=today, trigger=PurgeTrigger.TASK)
    assert outcome.run_id is not None  # recorded by every run that is not a dry run
    services_retention.delete_expired_tokens(run=PurgeRun.objects.get(pk=outcome.run_id))
    services_retention.remind_expiring_tokens()
    ScheduledPurge.objects.filter(run_on=run_on, done_at__isnull=True).update(done_at=timezone.now())


@task()
def daily_verification(run_on: str) -> None:
    """Book tomorrow's run, then verify the whole chain and record it."""
    from jetpm.core import services_chain

    today = timezone.localdate()
    schedule_verification(day=max(today, date.fromisoformat(run_on)) + timedelta(days=1))
    services_chain.run_verification(trigger=VerificationTrigger.TASK)
    ScheduledVerification.objects.filter(run_on=run_on, done_at__isnull=True).update(done_at=timezone.now())


@task()
def verify_requested(verification_id: int) -> None:
    """The full verification asked for on the chain's page (its row is already recorded)."""
    from jetpm.core import services_chain

    services_chain.run_verification(trigger=VerificationTrigger.PAGE, verification_id=verification_id)


@dataclass(frozen=True)
class Daily:
    """A task that runs once a day and books its next run: its task, its row per day, its hour."""

    task: Any  # django_tasks' Task of a function taking the day (YYYY-MM-DD)
    slots: Any  # the model of its rows per day (run_on unique, task_id, done_at)
    at: time
    what: str  # for the operator's message

    def run_time(self, day: date) -> datetime:
        return timezone.make_aware(datetime.combine(day, self.at))


PURGE = Daily(daily_purge, ScheduledPurge, RUN_AT, "the daily purge")
VERIFICATION = Daily(daily_verification, ScheduledVerification, VERIFY_AT, "the daily verification")


def _book(daily: Daily, day: date) -> tuple[Any, bool]:
    """The run of ``day`` booked, at most once: (its row, whether this call enqueued it)."""
    backend = daily.task.get_backend()
    if not backend.supports_defer:
        raise DomainError(
            f"The tasks backend {type(backend).__name__} cannot run a task later: {daily.what} needs the "
            "database backend (django_tasks_db.DatabaseBackend) and its worker, `jetpm db_worker`."
        )
    try:
        with transaction.atomic():
            slot = daily.slots.objects.create(run_on=day)
            result = daily.task.using(run_after=daily.run_time(day)).enqueue(day.isoformat())
            slot.task_id = str(result.id)
            slot.save(update_fields=["task_id"])
            return slot, True
    except IntegrityError:  # booked already, by another run or command
        return daily.slots.objects.get(run_on=day), False


def _waiting(daily: Daily, slot: Any) -> bool:
    """Whether the slot's task is still to run (not lost with pruned task results)."""
    if slot.done_at is not None or not slot.task_id:
        return False
    try:
        status = daily.task.get_result(slot.task_id).status
    except TaskResultDoesNotExist:
        return False
    return status in (TaskResultStatus.READY, TaskResultStatus.RUNNING)


def _ensure(daily: Daily, now: datetime | None) -> tuple[Any, bool]:
    """The next daily run, booked unless one is waiting: (its row, whether this call booked it)."""
    now = timezone.localtime(now or timezone.now())
    for slot in daily.slots.objects.filter(run_on__gte=now.date() - timedelta(days=1)).order_by("run_on"):
        if _waiting(daily, slot):
            return slot, False
    day = now.date() if now.time() < daily.at else now.date() + timedelta(days=1)
    slot, booked = _book(daily, day)
    if not booked and not _waiting(daily, slot):  # that day's task was lost: book the day after
        return _book(daily, day + timedelta(days=1))
    return slot, booked


def schedule(*, day: date) -> tuple[ScheduledPurge, bool]:
    """The purge of ``day`` booked, at most once: (its row, whether this call enqueued it)."""
    return _book(PURGE, day)


def ensure_scheduled(*, now: datetime | None = None) -> tuple[ScheduledPurge, bool]:
    """The next daily purge, booked unless one is waiting: (its row, whether this call booked it)."""
    return _ensure(PURGE, now)


def schedule_verification(*, day: date) -> tuple[ScheduledVerification, bool]:
    """The verification of ``day`` booked, at most once: (its row, whether this call enqueued it)."""
    return _book(VERIFICATION, day)


def ensure_verification_scheduled(*, now: datetime | None = None) -> tuple[ScheduledVerification, bool]:
    """The next daily verification, booked unless one is waiting: (its row, whether this call booked it)."""
    return _ensure(VERIFICATION, now)
