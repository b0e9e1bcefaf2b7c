"""Every read of outreach, scoped through jetpm.core.scoping."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db.models import Count, F, IntegerField, OuterRef, Q, QuerySet, Subquery, Sum, Value
from django.db.models.functions import Coalesce

from jetpm.core import workflow
from jetpm.core.access import access
from jetpm.core.models import Organisation, Person, User
from jetpm.core.scoping import visible_to
from jetpm.core.states import OrgKind, PersonKind
from jetpm.outreach.models import OutreachActivity, SelfEvaluation
from jetpm.outreach.states import (
    EVALUATION_EDITABLE,
    ActivityKind,
    ActivityStatus,
    Audience,
    EvaluationStatus,
)
from jetpm.outreach.workflows import ACTIVITY_ACTIONS, EVALUATION_ACTIONS, EVALUATIONS


def missions_for(user: User) -> QuerySet[Organisation]:
    """The missions whose outreach the user may see."""
    return visible_to(user, Organisation).filter(kind=OrgKind.MISSION).order_by("code")


def activities_for(
    user: User,
    *,
    fiscal_year: int | None = None,
    mission_id: int | None = None,
    kind: str = "",
    status: str = "",
    audience: str = "",
) -> QuerySet[OutreachActivity]:
    qs = visible_to(user, OutreachActivity).select_related("mission")
    if fiscal_year is not None:
        qs = qs.filter(fiscal_year=fiscal_year)
    if mission_id is not None:
        qs = qs.filter(mission_id=mission_id)
    if kind:
        qs = qs.filter(kind=kind)
    if status:
        qs = qs.filter(status=status)
    if audience:
        qs = qs.filter(audience=audience)
    return qs.order_by("mission__code", "date", "id")


def activity_totals(qs: QuerySet[OutreachActivity]) -> dict[str, int]:
    """Count, done, attendance, cost and alumni involved of a list of activities (one query)."""
    row = qs.order_by().aggregate(
        activities=Count("id"),
        done=Count("id", filter=Q(status=ActivityStatus.DONE)),
        attendance=Coalesce(Sum("attendance"), 0),
        cost_yen=Coalesce(Sum("cost_yen"), 0),
        alumni_involved=Coalesce(Sum("alumni_involved"), 0),
    )
    return {k: int(v or 0) for k, v in row.items()}


def access_activity_by_id(user: User, activity_id: int, *, action: str | None = None) -> OutreachActivity:
    """An activity the user may see and, with ``action="edit"``, change or delete; else :class:`NotFound`."""
    return access(
        user,
        OutreachActivity.objects.select_related("mission"),
        action=action,
        actions=ACTIVITY_ACTIONS,
        pk=activity_id,
    )


def access_evaluation_by_id(user: User, evaluation_id: int, *, action: str | None = None) -> SelfEvaluation:
    """A self-evaluation the user may see and, with ``action`` (``"edit"`` or a step of the workflow), may
    act on; else :class:`NotFound`."""
    return access(
        user,
        SelfEvaluation.objects.select_related("mission", "submitted_by", "reviewed_by"),
        action=action,
        actions=EVALUATION_ACTIONS,
        pk=evaluation_id,
    )


def is_editable(evaluation: SelfEvaluation) -> bool:
    """A draft is written; once submitted its text and figures are frozen."""
    return evaluation.status in EVALUATION_EDITABLE


def evaluation_abilities(user: User, evaluation: SelfEvaluation) -> dict[str, bool]:
    """What the user may do with the self-evaluation now (its page's buttons), from the workflow's steps
    available to them and the record's named permission to write it."""
    steps = {t.name for t in workflow.available(EVALUATIONS, user, evaluation)}
    live = is_editable(evaluation)
    return {
        "live": live,  # the figures are computed now (frozen once submitted)
        "can_edit": live and EVALUATION_ACTIONS.allows(user, evaluation, "edit"),
        "can_submit": "submit" in steps,
        "can_review": "review" in steps,
    }


def evaluation_of(user: User, mission_id: int, fiscal_year: int) -> SelfEvaluation | None:
    return visible_to(user, SelfEvaluation).filter(mission_id=mission_id, fiscal_year=fiscal_year).first()


FIGURE_FIELDS = ("status", "kind", "audience", "place", "attendance", "cost_yen", "alumni_involved")


def summarise(rows: Iterable[tuple[str, str, str, str, int | None, int, int]]) -> dict[str, Any]:
    """The year's outreach in figures, as the self-evaluation reports them (seed ６．（１）: number of
    activities, places, methods, audiences) from rows of :data:`FIGURE_FIELDS`: activities done are counted,
    planned ones apart. Pure: the demo world uses it too."""
    by_kind = dict.fromkeys(ActivityKind.values, 0)
    by_audience = dict.fromkeys(Audience.values, 0)
    places: set[str] = set()
    out = {"activities": 0, "planned": 0, "attendance": 0, "cost_yen": 0, "alumni_involved": 0}
    for status, kind, audience, place, attendance, cost_yen, alumni in rows:
        if status != ActivityStatus.DONE:
            out["planned"] += 1
            continue
        out["activities"] += 1
        out["attendance"] += attendance or 0
        out["cost_yen"] += cost_yen
        out["alumni_involved"] += alumni
        by_kind[kind] = by_kind.get(kind, 0) + 1
        by_audience[audience] = by_audience.get(audience, 0) + 1
        places.add(place)
    return {
        **out,
        "places": len(places),
        "place_list": sorted(places),
        "by_kind": by_kind,
        "by_audience": by_audience,
    }


def compute_figures(mission_id: int, fiscal_year: int) -> dict[str, Any]:
    """The figures of a mission's year, live from its activities (one query)."""
    rows = (
        OutreachActivity.objects.filter(mission_id=mission_id, fiscal_year=fiscal_year)
        .order_by()
        .values_list(*FIGURE_FIELDS)
    )
    return summarise(rows)


def evaluation_figures(evaluation: SelfEvaluation) -> dict[str, Any]:
    """The snapshot once submitted; live figures while a draft."""
    if evaluation.status != EvaluationStatus.DRAFT and evaluation.figures:
        return dict(evaluation.figures)
    return compute_figures(evaluation.mission_id, evaluation.fiscal_year)


def previous_year_figures(evaluation: SelfEvaluation) -> dict[str, Any]:
    """Last year's figures for comparison: last year's submitted snapshot when there is one, else live."""
    last = (
        SelfEvaluation.objects.filter(
            mission_id=evaluation.mission_id, fiscal_year=evaluation.fiscal_year - 1
        )
        .exclude(status=EvaluationStatus.DRAFT)
        .values_list("figures", flat=True)
        .first()
    )
    if last:
        return dict(last)
    return compute_figures(evaluation.mission_id, evaluation.fiscal_year - 1)


def figure_rows(current: dict[str, Any], previous: dict[str, Any]) -> list[dict[str, Any]]:
    """(label, this year, last year, change) for the headline figures and each kind and audience."""
    from django.utils.translation import gettext as _

    headline = [
        ("activities", _("Activities done")),
        ("planned", _("Activities still planned")),
        ("places", _("Places")),
        ("attendance", _("Attendance")),
        ("alumni_involved", _("Alumni involved")),
        ("cost_yen", _("Cost (yen)")),
    ]
    rows = [_row(label, current.get(key, 0), previous.get(key, 0), "total") for key, label in headline]
    for kind in ActivityKind:
        rows.append(
            _row(
                kind.label,
                current.get("by_kind", {}).get(kind.value, 0),
                previous.get("by_kind", {}).get(kind.value, 0),
                "kind",
            )
        )
    for audience in Audience:
        rows.append(
            _row(
                audience.label,
                current.get("by_audience", {}).get(audience.value, 0),
                previous.get("by_audience", {}).get(audience.value, 0),
                "audience",
            )
        )
    return rows


def _row(label: Any, now: int, before: int, group: str) -> dict[str, Any]:
    return {
        "label": label,
        "now": int(now),
        "before": int(before),
        "change": int(now) - int(before),
        "group": group,
    }


# --- MOFA HQ's review: every mission side by side ------------------------------------------------------

REVIEW_SORTS: dict[str, str] = {
    "mission": "code",
    "activities": "activities",
    "attendance": "attendance",
    "cost": "cost_yen",
    "alumni": "alumni_involved",
    "applicants": "applicants",
    "change": "activities_change",
    "attendance_change": "attendance_change",
    "status": "evaluation_status",
}


def _activity_sum(fiscal_year: int, field: str | None) -> Coalesce:
    qs = OutreachActivity.objects.filter(
        mission_id=OuterRef("pk"), fiscal_year=fiscal_year, status=ActivityStatus.DONE
    ).order_by()
    if field is None:
        agg = qs.values("mission_id").annotate(v=Count("id")).values("v")
    else:
        agg = qs.values("mission_id").annotate(v=Sum(field)).values("v")
    return Coalesce(Subquery(agg, output_field=IntegerField()), Value(0))


def review_rows(user: User, fiscal_year: int, sort: str = "mission") -> QuerySet[Organisation]:
    """Every mission the user sees, with its year's outreach figures, last year's, its applicants and its
    self-evaluation — one query, sortable by the columns of :data:`REVIEW_SORTS` (``-`` for descending)."""
    applicants = (
        Person.objects.filter(mission_id=OuterRef("pk"), kind=PersonKind.APPLICANT)
        .order_by()
        .values("mission_id")
        .annotate(v=Count("id"))
        .values("v")
    )
    evaluation = SelfEvaluation.objects.filter(mission_id=OuterRef("pk"), fiscal_year=fiscal_year)
    qs = missions_for(user).annotate(
        activities=_activity_sum(fiscal_year, None),
        attendance=_activity_sum(fiscal_year, "attendance"),
        cost_yen=_activity_sum(fiscal_year, "cost_yen"),
        alumni_involved=_activity_sum(fiscal_year, "alumni_involved"),
        last_activities=_activity_sum(fiscal_year - 1, None),
        last_attendance=_activity_sum(fiscal_year - 1, "attendance"),
        applicants=Coalesce(Subquery(applicants, output_field=IntegerField()), Value(0)),
        evaluation_id=Subquery(evaluation.values("id")[:1]),
        evaluation_status=Subquery(evaluation.values("status")[:1]),
    )
    qs = qs.annotate(
        activities_change=F("activities") - F("last_activities"),
        attendance_change=F("attendance") - F("last_attendance"),
    )
    descending = sort.startswith("-")
    column = REVIEW_SORTS.get(sort.lstrip("-"), "code")
    return qs.order_by(f"-{column}" if descending else column, "code")


def review_totals(user: User, fiscal_year: int) -> dict[str, int]:
    """The whole network's totals for the year and the year before (one query each)."""
    qs = visible_to(user, OutreachActivity).filter(status=ActivityStatus.DONE)
    now = activity_totals(qs.filter(fiscal_year=fiscal_year))
    before = activity_totals(qs.filter(fiscal_year=fiscal_year - 1))
    return {
        **now,
        "last_activities": before["activities"],
        "last_attendance": before["attendance"],
        "applicants": visible_to(user, Person)
        .filter(kind=PersonKind.APPLICANT, mission__isnull=False)
        .count(),
    }


def review_status_label(status: str | None) -> str:
    from django.utils.translation import gettext as _

    if not status:
        return str(_("Not started"))
    return str(EvaluationStatus(status).label)
