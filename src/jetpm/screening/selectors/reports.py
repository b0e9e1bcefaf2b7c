"""Reads of the missions' screening reports to HQ, always scoped (jetpm.core.scoping)."""

from __future__ import annotations

from django.db.models import Count, Q, QuerySet

from jetpm.core.access import access
from jetpm.core.models import User
from jetpm.core.scoping import scope_of, visible_to
from jetpm.screening.models import MissionReport, ReportEntry
from jetpm.screening.states import ReportStatus
from jetpm.screening.workflows import REPORT_ACTIONS


def _reports(user: User) -> QuerySet[MissionReport]:
    """The reports the user may read: their mission's (drafts included); HQ and the national bodies see
    only what the missions submitted."""
    qs = visible_to(user, MissionReport)
    scope = scope_of(user)
    if not scope.mission_ids or scope.national:
        qs = qs.filter(status__in=[ReportStatus.SUBMITTED, ReportStatus.SUPERSEDED])
    return qs


def reports_for(user: User, *, mission_id: int | None = None) -> QuerySet[MissionReport]:
    qs = _reports(user).select_related("mission", "submitted_by")
    if mission_id is not None:
        qs = qs.filter(mission_id=mission_id)
    return qs.annotate(
        n_entries=Count("entries", distinct=True),
        n_alt=Count("entries", filter=Q(entries__job_type="ALT"), distinct=True),
        n_cir=Count("entries", filter=Q(entries__job_type="CIR"), distinct=True),
        n_sea=Count("entries", filter=Q(entries__job_type="SEA"), distinct=True),
    ).order_by("-intake_year", "mission__code", "-version")


def access_report_by_id(user: User, report_id: int, *, action: str | None = None) -> MissionReport:
    """A report the user may read (and, with ``action``, act on: ``REPORT_ACTIONS``)."""
    return access(
        user,
        _reports(user).select_related("mission", "supersedes"),
        action=action,
        actions=REPORT_ACTIONS,
        pk=report_id,
    )


def report_entries(report: MissionReport) -> QuerySet[ReportEntry]:
    return report.entries.select_related("application__person", "application__nationality").order_by(
        "job_type", "rank"
    )


def missions_of(user: User) -> list[int]:
    return sorted(scope_of(user).mission_ids)
