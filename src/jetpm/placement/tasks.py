"""Background work of placement (django-tasks: the database backend's worker in production, inline in
tests)."""

from __future__ import annotations

from django_tasks import task

from jetpm.placement.services import runs


@task()
def solve_run(run_id: int, attempt: int | None = None) -> None:
    """Build the instance of the run's year, solve it and save the placements (progress on the run). A task
    of an attempt that is no longer the run's current one does nothing."""
    runs.execute(run_id, attempt)
