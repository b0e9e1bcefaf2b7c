"""Visibility rules of screening (see jetpm.core.scoping).

Panels, assignments, interviews and Japanese tests: the national bodies, the mission's staff, and the
panel's members. Reviews: the national bodies, the mission's staff, the panel's chair, and the reviewer
(a member sees their own scores, not the others'). Stage results and reports: the national bodies, the
mission's staff and (stage results) the chair. Conflicted applications stay hidden as in applications.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Q

from jetpm.applications.rules import also_visible, application_q, hidden
from jetpm.core.scoping import NOTHING, Scope, register, register_url_parameter
from jetpm.screening.models import (
    Assignment,
    Conflict,
    Interview,
    JapaneseTest,
    MissionReport,
    Panel,
    PanelMember,
    ReportEntry,
    Review,
    StageResult,
)


def _member_panels(scope: Scope):  # type: ignore[no-untyped-def]
    return PanelMember.objects.filter(user_id=scope.user_id or 0).values("panel_id")


@also_visible
def assigned_to_my_panels(scope: Scope) -> dict[str, Any]:
    """A panel's members (staff or external) see the applications assigned to it."""
    return {"assignment__panel_id__in": _member_panels(scope)}


@hidden
def declared_conflicts(scope: Scope) -> dict[str, Any]:
    """Nobody sees an application they declared a conflict of interest with (the national bodies aside)."""
    return {"id__in": Conflict.objects.filter(user_id=scope.user_id or 0).values("application_id")}


def _chaired_panels(scope: Scope):  # type: ignore[no-untyped-def]
    return Panel.objects.filter(chair_id=scope.user_id or 0).values("id")


def panel_q(scope: Scope, prefix: str = "") -> Q:
    if scope.national or scope.is_superuser:
        return Q()
    return Q(**{f"{prefix}mission_id__in": scope.mission_ids}) | Q(
        **{f"{prefix}id__in": _member_panels(scope)}
    )


@register(Panel)
def panel_rule(scope: Scope) -> Q:
    return panel_q(scope)


@register(PanelMember)
def panel_member_rule(scope: Scope) -> Q:
    return panel_q(scope, "panel__")


@register(Assignment)
def assignment_rule(scope: Scope) -> Q:
    return panel_q(scope, "panel__") & application_q(scope, "application__")


@register(Conflict)
def conflict_rule(scope: Scope) -> Q:
    if scope.national or scope.is_superuser:
        return Q()
    return Q(user_id=scope.user_id) | Q(application__mission_id__in=scope.mission_ids)


@register(Review)
def review_rule(scope: Scope) -> Q:
    if scope.is_superuser or scope.national:
        return Q()
    q = (
        Q(application__mission_id__in=scope.mission_ids)
        | Q(reviewer_id=scope.user_id)
        | Q(application__assignment__panel_id__in=_chaired_panels(scope))
    )
    return q & application_q(scope, "application__")


@register(StageResult)
def stage_result_rule(scope: Scope) -> Q:
    if scope.is_superuser or scope.national:
        return Q()
    q = Q(application__mission_id__in=scope.mission_ids) | Q(
        application__assignment__panel_id__in=_chaired_panels(scope)
    )
    return q & application_q(scope, "application__")


@register(Interview)
def interview_rule(scope: Scope) -> Q:
    return application_q(scope, "application__")


@register(JapaneseTest)
def japanese_test_rule(scope: Scope) -> Q:
    if scope.person_id is not None and not scope.org_ids:
        return NOTHING  # the applicant sees the result through their notices, not the raw record
    return application_q(scope, "application__")


def _reports(scope: Scope, prefix: str = "") -> Q:
    if scope.national or scope.is_superuser:
        return Q()
    return Q(**{f"{prefix}mission_id__in": scope.mission_ids})


@register(MissionReport)
def report_rule(scope: Scope) -> Q:
    return _reports(scope)


@register(ReportEntry)
def report_entry_rule(scope: Scope) -> Q:
    return _reports(scope, "report__")


register_url_parameter("panel_id", "screening.Panel")
register_url_parameter("report_id", "screening.MissionReport")
register_url_parameter("interview_id", "screening.Interview")
