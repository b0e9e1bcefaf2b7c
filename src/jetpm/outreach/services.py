"""Every write of outreach. Keyword-only, typed, ``actor`` first, atomic, audited in the same transaction."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from datetime import date
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from jetpm.core import audit, exports
from jetpm.core.calendar import fiscal_year_bounds, fiscal_year_label
from jetpm.core.errors import DomainError, PermissionDenied, raise_all
from jetpm.core.models import Organisation, User
from jetpm.core.scoping import scope_of
from jetpm.outreach import selectors, services_reports
from jetpm.outreach.models import OutreachActivity, SelfEvaluation
from jetpm.outreach.permissions import (
    can_edit_activities,
    can_see_review,
)
from jetpm.outreach.states import (
    ActivityKind,
    ActivityStatus,
    Audience,
)
from jetpm.outreach.workflows import EVALUATIONS

ACTIVITY_FIELDS = [
    "fiscal_year",
    "kind",
    "status",
    "date",
    "place",
    "audience",
    "audience_detail",
    "alumni_involved",
    "attendance",
    "cost_yen",
    "notes",
]
NARRATIVE_FIELDS = list(SelfEvaluation.text_fields)


@dataclass(frozen=True)
class ActivityInput:
    """What a mission records of one activity."""

    fiscal_year: int
    kind: str
    status: str
    date: date
    place: str
    audience: str
    audience_detail: str = ""
    alumni_involved: int = 0
    attendance: int | None = None
    cost_yen: int = 0
    notes: str = ""


def validate_activity(data: ActivityInput, *, today: date | None = None) -> None:
    """Raise :class:`DomainError` naming the field that breaks a rule of an activity (:class:`FieldErrors`
    naming every one when several do, so a form shows them all at once)."""
    today = today or timezone.localdate()
    errors: list[tuple[str | None, str]] = []
    if data.kind not in ActivityKind.values:
        errors.append(("kind", _("Choose a kind of activity.")))
    if data.status not in ActivityStatus.values:
        errors.append(("status", _("Choose whether the activity is planned or done.")))
    if data.audience not in Audience.values:
        errors.append(("audience", _("Choose the target audience.")))
    if data.audience == Audience.OTHER and not data.audience_detail.strip():
        errors.append(("audience_detail", _("Describe the audience when it is “other”.")))
    if not data.place.strip():
        errors.append(("place", _("Give the place of the activity.")))
    start, end = fiscal_year_bounds(data.fiscal_year)
    if not start <= data.date <= end:
        errors.append(
            (
                "date",
                _("The date must fall inside %(year)s (%(start)s – %(end)s).")
                % {
                    "year": fiscal_year_label(data.fiscal_year),
                    "start": date_format(start, "DATE_FORMAT"),
                    "end": date_format(end, "DATE_FORMAT"),
                },
            )
        )
    for name in ("alumni_involved", "cost_yen"):
        if getattr(data, name) < 0:
            errors.append((name, _("This number cannot be negative.")))
    if data.status == ActivityStatus.PLANNED and data.attendance is not None:
        errors.append(("attendance", _("Attendance is recorded once the activity is done.")))
    if data.status == ActivityStatus.DONE:
        if data.attendance is None:
            errors.append(("attendance", _("Give the attendance of an activity that is done.")))
        elif data.attendance < 0:
            errors.append(("attendance", _("This number cannot be negative.")))
        if data.date > today and not any(field == "date" for field, _m in errors):
            errors.append(("date", _("An activity in the future cannot be done yet.")))
    raise_all(errors)


_mission = services_reports.mission_by_id


def _require_activity_editor(actor: User, mission: Organisation) -> None:
    if not can_edit_activities(scope_of(actor), mission.pk):
        raise PermissionDenied(_("Only the mission's staff may plan and record its outreach activities."))


@transaction.atomic
def create_activity(*, actor: User, mission_id: int, data: ActivityInput) -> OutreachActivity:
    mission = _mission(mission_id)
    _require_activity_editor(actor, mission)
    validate_activity(data)
    activity = OutreachActivity.objects.create(mission=mission, **asdict(data))
    audit.record(
        actor=actor,
        action="outreach_activity.create",
        obj=activity,
        organisation=mission,
        changes={k: [None, v] for k, v in audit.snapshot(activity, ACTIVITY_FIELDS).items()},
    )
    return activity


@transaction.atomic
def update_activity(*, actor: User, activity_id: int, data: ActivityInput) -> OutreachActivity:
    activity = (
        OutreachActivity.objects.select_for_update(of=("self",)).select_related("mission").get(pk=activity_id)
    )
    _require_activity_editor(actor, activity.mission)
    validate_activity(data)
    audit.save_changes(
        activity,
        asdict(data),
        fields=ACTIVITY_FIELDS,
        actor=actor,
        action="outreach_activity.update",
        organisation=activity.mission_id,
    )
    return activity


@transaction.atomic
def delete_activity(*, actor: User, activity_id: int) -> None:
    activity = (
        OutreachActivity.objects.select_for_update(of=("self",)).select_related("mission").get(pk=activity_id)
    )
    _require_activity_editor(actor, activity.mission)
    audit.record(
        actor=actor,
        action="outreach_activity.delete",
        obj=activity,
        organisation=activity.mission_id,
        changes={k: [v, None] for k, v in audit.snapshot(activity, ACTIVITY_FIELDS).items()},
    )
    activity.delete()


# --- self-evaluation ----------------------------------------------------------------------------------


EVALUATION = services_reports.ReportKind(
    workflow=EVALUATIONS,
    not_writer=gettext_lazy("Only the mission's staff may write its self-evaluation."),
    exists=gettext_lazy("The self-evaluation of %(year)s already exists."),
    not_editable=gettext_lazy("A self-evaluation that was submitted can no longer be changed."),
    no_comment=gettext_lazy("Write MOFA's comment on the self-evaluation."),
)


@transaction.atomic
def create_evaluation(*, actor: User, mission_id: int, fiscal_year: int) -> SelfEvaluation:
    """Open the draft self-evaluation of a mission's year (one per mission and year)."""
    return services_reports.open_draft(  # type: ignore[no-any-return]
        EVALUATION, actor=actor, mission_id=mission_id, fiscal_year=fiscal_year
    )


@transaction.atomic
def update_evaluation(
    *, actor: User, evaluation_id: int, what_worked: str, what_did_not_work: str, changes_next_year: str
) -> SelfEvaluation:
    texts = {
        "what_worked": what_worked,
        "what_did_not_work": what_did_not_work,
        "changes_next_year": changes_next_year,
    }
    return services_reports.save_texts(  # type: ignore[no-any-return]
        EVALUATION, actor=actor, report_id=evaluation_id, texts=texts
    )


@transaction.atomic
def submit_evaluation(*, actor: User, evaluation_id: int) -> SelfEvaluation:
    """Submit to MOFA HQ (the mission's approver or administrator): the figures are frozen as they are now."""
    return services_reports.submit(  # type: ignore[no-any-return]
        EVALUATION,
        actor=actor,
        report_id=evaluation_id,
        freeze=lambda e: {"figures": selectors.compute_figures(e.mission_id, e.fiscal_year)},
    )


@transaction.atomic
def review_evaluation(*, actor: User, evaluation_id: int, comment: str) -> SelfEvaluation:
    """MOFA HQ reviews a submitted self-evaluation with a comment; it is final."""
    return services_reports.review(  # type: ignore[no-any-return]
        EVALUATION, actor=actor, report_id=evaluation_id, comment=comment
    )


# --- export of the review ------------------------------------------------------------------------------


def review_table(actor: User, fiscal_year: int, sort: str = "mission") -> tuple[list[str], list[list[Any]]]:
    header = [
        _("Mission code"),
        _("Mission"),
        _("Activities"),
        _("Activities last year"),
        _("Change"),
        _("Attendance"),
        _("Attendance last year"),
        _("Change"),
        _("Cost (yen)"),
        _("Alumni involved"),
        _("Applicants"),
        _("Self-evaluation"),
    ]
    rows = [
        [
            m.code,
            m.name,
            m.activities,  # type: ignore[attr-defined]
            m.last_activities,  # type: ignore[attr-defined]
            m.activities_change,  # type: ignore[attr-defined]
            m.attendance,  # type: ignore[attr-defined]
            m.last_attendance,  # type: ignore[attr-defined]
            m.attendance_change,  # type: ignore[attr-defined]
            m.cost_yen,  # type: ignore[attr-defined]
            m.alumni_involved,  # type: ignore[attr-defined]
            m.applicants,  # type: ignore[attr-defined]
            selectors.review_status_label(m.evaluation_status),  # type: ignore[attr-defined]
        ]
        for m in selectors.review_rows(actor, fiscal_year, sort)
    ]
    return [str(h) for h in header], rows


@transaction.atomic
def export_review(
    *, actor: User, fiscal_year: int, fmt: str, sort: str = "mission"
) -> tuple[bytes, str, str]:
    """The review table as XLSX or CSV (UTF-8 with BOM): (content, content type, file name). Audited."""
    if not can_see_review(scope_of(actor)):
        raise PermissionDenied(_("Only the national bodies may export the missions' outreach."))
    if fmt not in ("xlsx", "csv"):
        raise DomainError(_("Choose XLSX or CSV."), field="format")
    header, rows = review_table(actor, fiscal_year, sort)
    name = f"outreach-review-fy{fiscal_year}.{fmt}"
    content, content_type = exports.table_bytes(fmt, f"FY{fiscal_year}", [header, *rows])
    audit.record(
        actor=actor,
        action="outreach_review.export",
        obj=actor,
        changes={"fiscal_year": [None, fiscal_year], "format": [None, fmt], "rows": [None, len(rows)]},
    )
    return content, content_type, name
