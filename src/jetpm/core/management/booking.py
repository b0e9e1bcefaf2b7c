"""What ``jetpm privacy schedule`` and ``jetpm audit schedule`` share: book a daily task in the background
worker unless one is waiting (jetpm.core.tasks) and print the booking for the operator (in English: scripts
read it)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime

from django.core.management.base import CommandError, OutputWrapper
from django.utils import timezone

from jetpm.core.errors import DomainError
from jetpm.core.models import DailySlot

EXIT_INPUT = 2


def book_daily(
    stdout: OutputWrapper,
    *,
    what: str,
    ensure: Callable[[], tuple[DailySlot, bool]],
    run_time: Callable[[date], datetime],
) -> None:
    """Book the next run of the daily task ``what`` (``ensure``, e.g. ``tasks.ensure_scheduled``) and print
    when it runs, Japan time (``run_time`` of its day); a backend that cannot run a task later exits 2."""
    try:
        slot, booked = ensure()
    except DomainError as exc:
        raise CommandError(exc.message, returncode=EXIT_INPUT) from None
    when = timezone.localtime(run_time(slot.run_on)).strftime("%Y-%m-%d %H:%M %Z")
    verb = "booked" if booked else "already booked"
    stdout.write(f"{what} {verb}: next run {when}; `jetpm db_worker` runs it")
