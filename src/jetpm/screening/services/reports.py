"""The mission's screening report to HQ: recommended candidates ranked per job type, locked once
submitted; a correction is a new version that supersedes the submitted one when it is submitted."""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal

from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from jetpm.applications.models import Application
from jetpm.applications.states import ApplicationStatus
from jetpm.core import audit, workflow
from jetpm.core.errors import DomainError, IllegalTransition
from jetpm.core.models import User
from jetpm.screening.models import MissionReport, ReportEntry, StageResult
from jetpm.screening.services._common import require_decider
from jetpm.screening.states import ReportStatus, Stage
from jetpm.screening.workflows import REPORTS


def report_order(
    interview: Decimal | None, documents: Decimal | None, reference: str
) -> tuple[Decimal, Decimal, str]:
    """The sort key of a recommended application in its mission's report: the final interview score (highest
    first), then the final document score, then the reference (the demo world ranks with it too)."""
    return (
        -(interview if interview is not None else Decimal(-1)),
        -(documents if documents is not None else Decimal(-1)),
        reference,
    )


def ranked_entries(mission_id: int, intake_year: int) -> list[ReportEntry]:
    """The recommended applications ranked per job type: final interview score (highest first), then
    document score, then reference. Unsaved entries (no report)."""
    apps = list(
        Application.objects.filter(
            mission_id=mission_id, intake_year=intake_year, status=ApplicationStatus.RECOMMENDED
        ).values_list("pk", "job_type", "reference")
    )
    results: dict[tuple[int, str], StageResult] = {
        (r.application_id, r.stage): r
        for r in StageResult.objects.filter(
            application_id__in=[a[0] for a in apps], stage__in=[Stage.DOCUMENTS, Stage.INTERVIEW]
        )
    }

    def final(pk: int, stage: str) -> Decimal | None:
        r = results.get((pk, stage))
        return r.final if r is not None else None

    def key(a: tuple[int, str, str]) -> tuple[Decimal, Decimal, str]:
        return report_order(final(a[0], Stage.INTERVIEW), final(a[0], Stage.DOCUMENTS), a[2])

    entries: list[ReportEntry] = []
    for job_type in sorted({a[1] for a in apps}):
        for rank, a in enumerate(sorted((x for x in apps if x[1] == job_type), key=key), start=1):
            interview = results.get((a[0], Stage.INTERVIEW))
            score = final(a[0], Stage.INTERVIEW)
            entries.append(
                ReportEntry(
                    application_id=a[0],
                    job_type=job_type,
                    rank=rank,
                    score=score if score is not None else Decimal(0),
                    z_score=interview.z_score if interview is not None else None,
                )
            )
    return entries


def _locked(report_id: int) -> MissionReport:
    return MissionReport.objects.select_for_update(of=("self",)).get(pk=report_id)


@transaction.atomic
def build_report(*, actor: User, mission_id: int, intake_year: int) -> MissionReport:
    """The mission's draft report of the year, (re)filled with the ranked recommended candidates. A new
    draft after a submitted report is its next version."""
    require_decider(actor, mission_id)
    reports = MissionReport.objects.select_for_update(of=("self",)).filter(
        mission_id=mission_id, intake_year=intake_year
    )
    report = reports.filter(status=ReportStatus.DRAFT).order_by("-version").first()
    if report is None:
        submitted = reports.filter(status=ReportStatus.SUBMITTED).first()
        report = MissionReport.objects.create(
            mission_id=mission_id,
            intake_year=intake_year,
            version=(reports.aggregate(v=Max("version"))["v"] or 0) + 1,
            supersedes=submitted,
        )
    entries = ranked_entries(mission_id, intake_year)
    report.entries.all().delete()
    for e in entries:
        e.report = report
    ReportEntry.objects.bulk_create(entries)
    audit.record(
        actor=actor,
        action="screening.report.build",
        obj=report,
        organisation=mission_id,
        changes={"entries": [None, len(entries)], "version": [None, report.version]},
    )
    return report


@transaction.atomic
def reorder(
    *, actor: User, report_id: int, ranks: Mapping[int, int], note: str | None = None
) -> MissionReport:
    """New ranks for a draft report's entries (application id → rank); each job type's ranks must be
    1..n without gaps or repeats."""
    report = _locked(report_id)
    require_decider(actor, report.mission_id)
    if report.status != ReportStatus.DRAFT:
        raise IllegalTransition(_("A submitted report is locked: correct it with a new version."))
    entries = list(report.entries.all())
    by_job: dict[str, list[int]] = {}
    for e in entries:
        rank = ranks.get(e.application_id, e.rank)
        if rank < 1:
            raise DomainError(_("Ranks start at 1."), field=f"rank_{e.application_id}")
        by_job.setdefault(e.job_type, []).append(rank)
    for job_type, values in by_job.items():
        if sorted(values) != list(range(1, len(values) + 1)):
            raise DomainError(
                _("The ranks of %(job_type)s must run from 1 to %(n)s without gaps or repeats.")
                % {"job_type": job_type, "n": len(values)},
                field="ranks",
            )
    before = {str(e.application_id): e.rank for e in entries}
    fresh = [
        ReportEntry(
            report=report,
            application_id=e.application_id,
            job_type=e.job_type,
            rank=ranks.get(e.application_id, e.rank),
            score=e.score,
            z_score=e.z_score,
        )
        for e in entries
    ]
    report.entries.all().delete()
    ReportEntry.objects.bulk_create(fresh)
    if note is not None:
        report.note = note.strip()
        report.save(update_fields=["note"])
    audit.record(
        actor=actor,
        action="screening.report.reorder",
        obj=report,
        organisation=report.mission_id,
        changes={"ranks": [before, {str(e.application_id): e.rank for e in fresh}]},
    )
    return report


@transaction.atomic
def submit_report(*, actor: User, report_id: int) -> MissionReport:
    report = _locked(report_id)
    workflow.check(REPORTS, report, "submit", actor=actor)
    if not report.entries.exists():
        raise DomainError(_("The report recommends nobody: build it first."), field="entries")
    old = report.supersedes
    if old is None:
        old = MissionReport.objects.filter(
            mission_id=report.mission_id, intake_year=report.intake_year, status=ReportStatus.SUBMITTED
        ).first()
    values: dict[str, object] = {}
    if old is not None and old.status == ReportStatus.SUBMITTED:
        workflow.supersede(REPORTS, _locked(old.pk), actor=actor, by=report)
        if report.supersedes_id is None:
            values["supersedes"] = old
    return workflow.perform(REPORTS, report, "submit", actor=actor, values=values)


@transaction.atomic
def new_version(*, actor: User, report_id: int) -> MissionReport:
    """Correct a submitted report: a draft copy (next version) that supersedes it once submitted."""
    old = _locked(report_id)
    require_decider(actor, old.mission_id)
    if old.status != ReportStatus.SUBMITTED:
        raise IllegalTransition(_("Only a submitted report is corrected with a new version."))
    if (
        MissionReport.objects.filter(supersedes=old).exists()
        or MissionReport.objects.filter(
            mission_id=old.mission_id, intake_year=old.intake_year, status=ReportStatus.DRAFT
        ).exists()
    ):
        raise DomainError(_("A correction of this report is already being prepared."), field="report")
    version = (
        MissionReport.objects.filter(mission_id=old.mission_id, intake_year=old.intake_year).aggregate(
            v=Max("version")
        )["v"]
        or 0
    ) + 1
    report = MissionReport.objects.create(
        mission_id=old.mission_id, intake_year=old.intake_year, version=version, supersedes=old, note=old.note
    )
    ReportEntry.objects.bulk_create(
        ReportEntry(
            report=report,
            application_id=e.application_id,
            job_type=e.job_type,
            rank=e.rank,
            score=e.score,
            z_score=e.z_score,
        )
        for e in old.entries.all()
    )
    audit.record(
        actor=actor,
        action="screening.report.new_version",
        obj=report,
        organisation=report.mission_id,
        changes={"version": [old.version, version], "supersedes": [None, old.pk]},
    )
    return report
