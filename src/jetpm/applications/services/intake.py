"""Writes of the missions' intake: document problems, eligibility, withdrawal and disqualification (through
the status machine, with a notice to the applicant), the bulk eligibility check, and the audited export."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from jetpm.applications.intake import selectors as selectors_intake
from jetpm.applications.models import Application, Document
from jetpm.applications.permissions import can_manage_intake, is_hq, is_mission_staff
from jetpm.applications.services import notices, transitions
from jetpm.applications.states import ApplicationStatus
from jetpm.applications.workflows import APPLICATIONS
from jetpm.core import audit, exports, workflow
from jetpm.core.errors import DomainError, PermissionDenied
from jetpm.core.models import User
from jetpm.core.scoping import scope_of

S = ApplicationStatus
# The moves of the intake pages (the screening stages have their own pages).
INTAKE_TARGETS = (S.ELIGIBLE, S.INELIGIBLE, S.WITHDRAWN, S.DISQUALIFIED)
# Moves the applicant is told about.
NOTIFIED = frozenset({S.INELIGIBLE, S.WITHDRAWN, S.DISQUALIFIED})
CHUNK = 2000
EXPORT_FORMATS = ("xlsx", "csv")


def _status_label(status: str) -> str:
    return str(dict(S.choices).get(status, status))


def _locked_document(document_id: int) -> Document:
    try:
        return (
            Document.objects.select_related("application").select_for_update(of=("self",)).get(pk=document_id)
        )
    except Document.DoesNotExist as exc:
        raise DomainError(_("Choose a document of the application."), field="document") from exc


def _require_manager(actor: User, application: Application) -> None:
    if not can_manage_intake(scope_of(actor), application):
        raise PermissionDenied(_("Only the mission and headquarters may manage this application."))


# --- document problems -------------------------------------------------------------------------------------


@transaction.atomic
def mark_document_problem(*, actor: User, document_id: int, problem: str) -> Document:
    """Note a problem with a document (unreadable, wrong kind, expired…) and tell the applicant."""
    doc = _locked_document(document_id)
    application = doc.application
    _require_manager(actor, application)
    problem = problem.strip()
    if not problem:
        raise DomainError(_("Describe the problem."), field="problem")
    if len(problem) > 500:
        raise DomainError(_("Describe the problem in at most 500 characters."), field="problem")
    old = doc.problem
    doc.problem = problem
    doc.problem_at = timezone.now()
    doc.save(update_fields=["problem", "problem_at"])
    audit.record(
        actor=actor,
        action="application.document.problem",
        obj=doc,
        changes={"problem": [old, problem], "kind": doc.kind},
        organisation=application.mission_id,
        person=application.person_id,
    )
    with translation.override(notices.language_of(application)):
        kind = dict(Document._meta.get_field("kind").flatchoices).get(doc.kind, doc.kind)
        notices.notify(
            application=application,
            kind="document_problem",
            subject=_("Application %(ref)s: a problem with a document") % {"ref": application.reference},
            body=_(
                "The mission found a problem with your document “%(kind)s” (%(name)s):\n\n%(problem)s\n\n"
                "Please send a corrected document to the mission."
            )
            % {"kind": kind, "name": doc.original_name, "problem": problem},
        )
    return doc


@transaction.atomic
def clear_document_problem(*, actor: User, document_id: int) -> Document:
    doc = _locked_document(document_id)
    application = doc.application
    _require_manager(actor, application)
    if not doc.problem:
        raise DomainError(_("This document has no problem noted."), field="document")
    old = doc.problem
    doc.problem = ""
    doc.problem_at = None
    doc.save(update_fields=["problem", "problem_at"])
    audit.record(
        actor=actor,
        action="application.document.problem_cleared",
        obj=doc,
        changes={"problem": [old, ""], "kind": doc.kind},
        organisation=application.mission_id,
        person=application.person_id,
    )
    return doc


# --- status changes ----------------------------------------------------------------------------------------


def _notify_status(application: Application, to: str, reason: str) -> None:
    with translation.override(notices.language_of(application)):
        status = _status_label(to)
        notices.notify(
            application=application,
            kind=f"status_{to}",
            subject=_("Application %(ref)s: %(status)s") % {"ref": application.reference, "status": status},
            body=_("The status of your application %(ref)s is now “%(status)s”.\n\nReason: %(reason)s")
            % {"ref": application.reference, "status": status, "reason": reason},
        )


@transaction.atomic
def change_status(*, actor: User, application_id: int, to: str, reason: str = "") -> Application:
    """Eligible, ineligible (with a reason), withdrawn (recorded for the applicant, with a reason) or
    disqualified (with a reason): through the status machine, with a notice to the applicant."""
    if to not in INTAKE_TARGETS:
        raise DomainError(_("Choose an action."), field="to")
    application = transitions.lock(application_id)
    _require_manager(actor, application)
    transitions.move(application, to, actor=actor, reason=reason)
    if to in NOTIFIED:
        _notify_status(application, to, reason.strip())
    return application


# --- bulk eligibility --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class BulkResult:
    eligible: int
    ineligible: int


def _step(source: str, target: str) -> str:
    name = workflow.step_between(APPLICATIONS, source, target)
    assert name is not None, (source, target)
    return name


def _reason_of(codes: list[str]) -> str:
    return (_("Eligibility rules not met: %(codes)s") % {"codes": ", ".join(codes)})[:500]


@transaction.atomic
def bulk_eligibility(*, actor: User, mission_id: int, intake_year: int) -> BulkResult:
    """Every submitted application of the mission and year: eligible when the platform found no rule
    failure, ineligible (the failures as the reason) otherwise. Chunked; one audit event per application."""
    scope = scope_of(actor)
    if not (is_mission_staff(scope, mission_id) or is_hq(scope)):
        raise PermissionDenied(_("Only the mission's staff may check its applications."))
    rows = list(
        Application.objects.select_for_update(of=("self",))
        .filter(mission_id=mission_id, intake_year=intake_year, status=S.SUBMITTED)
        .order_by("pk")
        .only("pk", "reference", "status", "mission_id", "person_id", "eligibility_failures")
    )
    passed = [a for a in rows if not a.eligibility_failures]
    failed = [a for a in rows if a.eligibility_failures]
    eligible = workflow.perform_bulk(
        APPLICATIONS,
        passed,
        _step(S.SUBMITTED, S.ELIGIBLE),
        actor=actor,
        changes={"bulk": True},
        chunk=CHUNK,
    )
    ineligible = workflow.perform_bulk(
        APPLICATIONS,
        failed,
        _step(S.SUBMITTED, S.INELIGIBLE),
        actor=actor,
        reason_of=lambda a: _reason_of([str(c) for c in a.eligibility_failures or []]),
        changes={"bulk": True},
        chunk=CHUNK,
    )
    return BulkResult(eligible=eligible, ineligible=ineligible)


# --- export ------------------------------------------------------------------------------------------------


@transaction.atomic
def export_applications(
    *, actor: User, filters: selectors_intake.IntakeFilter, fmt: str
) -> tuple[bytes | Iterator[bytes], str, str]:
    """The filtered list as XLSX or CSV (UTF-8 with BOM): (content, content type, file name). Personal
    data: audited with the filters and the number of rows. The CSV is streamed: its content is an iterator
    that reads the rows in chunks while it is sent (the audit event, with the count, is written first); the
    XLSX (a zip written at the end) is made whole."""
    from jetpm.applications.permissions import can_view_intake

    if not can_view_intake(scope_of(actor)):
        raise PermissionDenied(_("Only the missions and headquarters may export applications."))
    if fmt not in EXPORT_FORMATS:
        raise DomainError(_("Choose XLSX or CSV."), field="format")
    year = filters.intake_year
    name = f"applications-{year}.{fmt}" if year else f"applications.{fmt}"
    content: bytes | Iterator[bytes]
    if fmt == "csv":
        n = selectors_intake.applications_for(actor, filters).count()
        content = exports.csv_chunks(
            _with_language(
                translation.get_language(),
                [selectors_intake.export_header()],
                selectors_intake.export_rows(actor, filters),
            )
        )
        content_type = exports.CSV_CONTENT_TYPE
    else:
        rows = list(selectors_intake.export_rows(actor, filters))
        n = len(rows)
        title = f"FY{year}" if year else "applications"
        content, content_type = exports.table_bytes(fmt, title, [selectors_intake.export_header(), *rows])
    _record_export(actor=actor, fmt=fmt, filters=filters, rows=n)
    return content, content_type, name


def _with_language(language: str | None, *parts: Iterable[list[Any]]) -> Iterator[list[Any]]:
    """The rows of ``parts`` with the request's language active while they are made (a streamed response
    is consumed after the view, when the request's language is no longer active)."""
    with translation.override(language):
        for part in parts:
            yield from part


def _record_export(*, actor: User, fmt: str, filters: selectors_intake.IntakeFilter, rows: int) -> None:
    audit.record(
        actor=actor,
        action="application.export",
        obj=actor,
        changes={"format": [None, fmt], "filters": [None, filters.as_dict()], "rows": [None, rows]},
    )
