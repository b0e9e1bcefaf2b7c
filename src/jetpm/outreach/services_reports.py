"""The writes every yearly mission report shares (``MissionYearReport``: the outreach self-evaluation, the
send-off evaluation): open the draft of a year, save its texts, submit it to MOFA HQ with its figures frozen,
record MOFA's review. Each report declares itself once as a :class:`ReportKind`; its services call these.
Keyword-only, ``actor`` required, audited in the same transaction (the callers are atomic)."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from django.utils.functional import Promise
from django.utils.translation import gettext as _

from jetpm.core import audit, workflow
from jetpm.core.calendar import fiscal_year_label
from jetpm.core.errors import DomainError, NotFound, PermissionDenied, raise_all
from jetpm.core.models import Organisation, User
from jetpm.core.scoping import Scope, scope_of
from jetpm.core.states import OrgKind
from jetpm.outreach.permissions import can_draft_evaluation
from jetpm.outreach.states import EvaluationStatus

Errors = list[tuple[str | None, str]]


@dataclass(frozen=True)
class ReportKind:
    """One kind of yearly mission report: its workflow (submit, review), writers, texts and messages."""

    workflow: workflow.Workflow  # names the model; its key is the audit actions' prefix
    not_writer: str | Promise  # the writer check refused
    exists: str | Promise  # with %(year)s: the year's report exists already
    not_editable: str | Promise  # a submitted report is changed
    no_comment: str | Promise  # MOFA's review without a comment
    submit_checks: Callable[[Any], Errors] = field(default=lambda report: [])  # beyond the shared ones
    # who opens and writes a report: the mission's staff, approvers and administrators (scope, mission id)
    may_write: Callable[[Scope, int], bool] = can_draft_evaluation

    @property
    def model(self) -> Any:
        return self.workflow.model_class()

    @property
    def text_fields(self) -> tuple[str, ...]:
        return self.model.text_fields  # type: ignore[no-any-return]


def mission_by_id(mission_id: int) -> Organisation:
    try:
        return Organisation.objects.get(pk=mission_id, kind=OrgKind.MISSION)
    except Organisation.DoesNotExist as exc:
        raise DomainError(_("Choose a mission."), field="mission") from exc


def _require_writer(kind: ReportKind, actor: User, mission_id: int) -> None:
    if not kind.may_write(scope_of(actor), mission_id):
        raise PermissionDenied(str(kind.not_writer))


def locked(kind: ReportKind, report_id: int) -> Any:
    try:
        return kind.model.objects.select_for_update(of=("self",)).select_related("mission").get(pk=report_id)
    except kind.model.DoesNotExist as exc:
        raise NotFound(_("No such record.")) from exc


def open_draft(kind: ReportKind, *, actor: User, mission_id: int, fiscal_year: int) -> Any:
    """Open the draft report of a mission's year (one per mission and year)."""
    mission = mission_by_id(mission_id)
    _require_writer(kind, actor, mission.pk)
    if fiscal_year < 1987:
        raise DomainError(_("Choose a fiscal year of the programme."), field="fiscal_year")
    if kind.model.objects.filter(mission=mission, fiscal_year=fiscal_year).exists():
        raise DomainError(str(kind.exists) % {"year": fiscal_year_label(fiscal_year)}, field="fiscal_year")
    report = kind.model.objects.create(mission=mission, fiscal_year=fiscal_year)
    audit.record(
        actor=actor,
        action=f"{kind.workflow.key}.create",
        obj=report,
        organisation=mission,
        changes={"fiscal_year": [None, fiscal_year], "status": [None, report.status]},
    )
    return report


def save_texts(kind: ReportKind, *, actor: User, report_id: int, texts: Mapping[str, str]) -> Any:
    """Save the draft's texts (those given, stripped); audited when anything changed."""
    report = locked(kind, report_id)
    _require_writer(kind, actor, report.mission_id)
    if report.status != EvaluationStatus.DRAFT:
        raise DomainError(str(kind.not_editable), field="status")
    audit.save_changes(
        report,
        {name: texts[name].strip() for name in kind.text_fields if name in texts},
        fields=list(kind.text_fields),
        actor=actor,
        action=f"{kind.workflow.key}.update",
        organisation=report.mission_id,
    )
    return report


def submit(kind: ReportKind, *, actor: User, report_id: int, freeze: Callable[[Any], dict[str, Any]]) -> Any:
    """Submit to MOFA HQ: every missing part is reported at once; ``freeze(report)`` gives the values
    (the figures as they are now) written with the submission."""
    report = locked(kind, report_id)
    workflow.check(kind.workflow, report, "submit", actor=actor)
    errors: Errors = []
    if not report.changes_next_year.strip():
        errors.append(
            ("changes_next_year", _("Say what the mission will change next year before submitting."))
        )
    errors.extend(kind.submit_checks(report))
    raise_all(errors)
    return workflow.perform(kind.workflow, report, "submit", actor=actor, values=freeze(report))


def review(kind: ReportKind, *, actor: User, report_id: int, comment: str) -> Any:
    """MOFA HQ reviews a submitted report with a comment; it is final."""
    report = locked(kind, report_id)
    workflow.check(kind.workflow, report, "review", actor=actor)
    if not comment.strip():
        raise DomainError(str(kind.no_comment), field="review_comment")
    return workflow.perform(
        kind.workflow, report, "review", actor=actor, values={"review_comment": comment.strip()}
    )
