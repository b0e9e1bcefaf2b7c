"""Reads of panels, always scoped (jetpm.core.scoping): the panels a user sees, their members, conflicts and
the applications they may be given."""

from __future__ import annotations

from django.db.models import Count, IntegerField, OuterRef, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce

from jetpm.applications.models import Application
from jetpm.applications.states import ApplicationStatus
from jetpm.core.access import access
from jetpm.core.models import User
from jetpm.core.scoping import visible_to
from jetpm.screening.models import Assignment, Conflict, Panel, PanelMember
from jetpm.screening.workflows import PANEL_ACTIONS


def panels_for(user: User, *, intake_year: int | None = None) -> QuerySet[Panel]:
    qs = visible_to(user, Panel).select_related("mission", "chair")
    if intake_year is not None:
        qs = qs.filter(intake_year=intake_year)
    # one count per panel by subquery: counting both through joins multiplied the members by the
    # assignments (tens of thousands of rows for a year's panels)
    return qs.annotate(n_members=_count_of(PanelMember), n_assigned=_count_of(Assignment)).order_by(
        "-intake_year", "mission__code", "name"
    )


def _count_of(model: type[PanelMember] | type[Assignment]) -> Coalesce:
    rows = model.objects.filter(panel=OuterRef("pk")).order_by().values("panel").annotate(n=Count("pk"))
    return Coalesce(Subquery(rows.values("n")[:1], output_field=IntegerField()), Value(0))


def my_panels(user: User) -> QuerySet[Panel]:
    """The panels the user sits on, with how many applications wait for their review."""
    return panels_for(user).filter(members__user=user)


def access_panel_by_id(user: User, panel_id: int, *, action: str | None = None) -> Panel:
    """A panel the user may see (and, with ``action``, act on: ``PANEL_ACTIONS``)."""
    return access(
        user,
        Panel.objects.select_related("mission", "chair"),
        action=action,
        actions=PANEL_ACTIONS,
        pk=panel_id,
    )


def panel_members(panel: Panel) -> list[PanelMember]:
    return list(panel.members.select_related("user").order_by("user__username"))


def assignable_applications(user: User, panel: Panel) -> QuerySet[Application]:
    """The mission's eligible applications of the panel's year (and job type) without a panel."""
    qs = visible_to(user, Application).filter(
        mission_id=panel.mission_id,
        intake_year=panel.intake_year,
        status=ApplicationStatus.ELIGIBLE,
        assignment__isnull=True,
    )
    if panel.job_type:
        qs = qs.filter(job_type=panel.job_type)
    return qs.select_related("person", "nationality").order_by("reference")


def panel_conflicts(user: User, panel: Panel) -> QuerySet[Conflict]:
    """Conflicts declared on the panel's applications (for the chair and the mission's staff)."""
    return (
        Conflict.objects.filter(application__assignment__panel=panel)
        .exclude(application__conflicts__user=user)
        .select_related("user", "application")
        .order_by("-declared_at")
    )
