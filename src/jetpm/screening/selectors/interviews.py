"""Reads of interviews, always scoped (jetpm.core.scoping)."""

from __future__ import annotations

from django.db.models import QuerySet

from jetpm.applications.models import Application
from jetpm.core.access import access
from jetpm.core.models import User
from jetpm.core.scoping import visible_to
from jetpm.screening.models import Interview, Panel
from jetpm.screening.states import INVITED_FROM
from jetpm.screening.workflows import INTERVIEW_ACTIONS


def interviews_for(user: User, panel: Panel) -> QuerySet[Interview]:
    return (
        visible_to(user, Interview)
        .filter(panel=panel)
        .select_related("application__person")
        .order_by("starts_at")
    )


def access_interview_by_id(user: User, interview_id: int, *, action: str | None = None) -> Interview:
    """An interview the user may see (and, with ``action``, act on: ``INTERVIEW_ACTIONS``)."""
    return access(
        user,
        Interview.objects.select_related("application__person", "panel"),
        action=action,
        actions=INTERVIEW_ACTIONS,
        pk=interview_id,
    )


def waiting_for_interview(user: User, panel: Panel) -> QuerySet[Application]:
    return (
        visible_to(user, Application)
        .filter(assignment__panel=panel, status=INVITED_FROM)
        .select_related("person")
        .order_by("reference")
    )


def interviews_of(
    user: User, *, intake_year: int | None = None, panel_id: int | None = None
) -> QuerySet[Interview]:
    """The interviews the user may see across their panels (for a mission's system), by time."""
    qs = visible_to(user, Interview).select_related("application")
    if intake_year is not None:
        qs = qs.filter(application__intake_year=intake_year)
    if panel_id is not None:
        qs = qs.filter(panel_id=panel_id)
    return qs.order_by("starts_at", "pk")
