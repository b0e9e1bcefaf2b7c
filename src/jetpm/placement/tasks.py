"""Background work of placement (django-tasks: the database backend's worker in production, inline in
tests)."""

from __future__ import annotations

from django_tasks import task

from jetpm.placement.services import runs


@task()
def solve_run(run_id: int) -> None:
    """Build the instance of the run's year, solve it and save the placements (progress on the run)."""
    runs.execute(run_id)
