"""The demo world's entrance (small scale, built once for the module): the finished FY2026 intake and the
FY2027 one in screening on the demo's today, the status machine covered, screening and selection consistent
with each other, the demo applicant's scheduled interview, determinism and a bounded number of queries."""

from __future__ import annotations

import tempfile
from collections import Counter, defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any
from unittest import mock

import pytest
from django.conf import settings
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext, override_settings

from jetpm.applications.models import Application, Document, Referee
from jetpm.applications.states import REASON_REQUIRED, ApplicationStatus, DocumentKind
from jetpm.core.calendar import default_milestone_dates
from jetpm.core.models import AuditEvent, Membership, User
from jetpm.core.states import Role
from jetpm.demo import generator
from jetpm.demo.world import entrance
from jetpm.demo.world.core import DEMO_TODAY, PUBLISHED_YEAR, SCREENING_YEAR
from jetpm.planning.models import Criterion, PlanLine
from jetpm.screening.models import (
    Assignment,
    Interview,
    JapaneseTest,
    MissionReport,
    Panel,
    PanelMember,
    ReportEntry,
    Review,
    StageResult,
)
from jetpm.screening.states import ReportStatus, ReviewStatus
from jetpm.selection.models import Offer, SelectionEntry, SelectionList, Vacancy
from jetpm.selection.states import ListStatus, OfferOrigin, OfferStatus, Result, VacancyStatus

S = ApplicationStatus
DONE, LIVE = PUBLISHED_YEAR, SCREENING_YEAR  # FY2026 (finished) and FY2027 (in screening)
# Today, the finished intake has no file left in the screening, and nothing of the intake in screening has
# been recommended or selected yet.
DONE_STATUSES = set(S.values) - {
    S.SUBMITTED,
    S.ELIGIBLE,
    S.DOCUMENT_SCREENED,
    S.INTERVIEW,
    S.RECOMMENDED,
    S.SHORTLISTED,
}
LIVE_STATUSES = {
    S.DRAFT,
    S.SUBMITTED,
    S.ELIGIBLE,
    S.INELIGIBLE,
    S.DOCUMENT_SCREENED,
    S.INTERVIEW,
    S.NOT_RECOMMENDED,
    S.WITHDRAWN,
    S.DISQUALIFIED,
}


@dataclass
class Built:
    references: list[str]  # of the kept world
    references_again: list[str]  # of a first build with the same seed (rolled back)
    queries: list[dict[str, Any]]  # the entrance step's queries in the kept world


class _Rollback(Exception):
    pass


def _build(seed: int, queries: list[dict[str, Any]] | None = None) -> list[str]:
    original = entrance.entrance_step

    def counted(ctx: generator.DemoContext) -> None:
        with CaptureQueriesContext(connection) as captured:
            original(ctx)
        if queries is not None:
            queries.extend(captured.captured_queries)

    counted.__module__, counted.__qualname__ = original.__module__, original.__qualname__
    steps = [counted if s is original else s for s in generator.STEPS]
    with mock.patch.object(generator, "STEPS", steps):
        generator.build_world(scale="small", seed=seed)
    return list(Application.objects.order_by("reference").values_list("reference", flat=True))


@pytest.fixture(scope="module")
def built(django_db_setup: None, django_db_blocker: Any) -> Iterator[Built]:
    with (
        tempfile.TemporaryDirectory() as media,
        override_settings(MEDIA_ROOT=media),
        django_db_blocker.unblock(),
    ):
        outer = transaction.atomic()
        outer.__enter__()
        try:
            first: list[str] = []
            try:
                with transaction.atomic():
                    first = _build(5)
                    raise _Rollback
            except _Rollback:
                pass
            queries: list[dict[str, Any]] = []
            references = _build(5, queries)
            yield Built(references=references, references_again=first, queries=queries)
        finally:
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)


pytestmark = [pytest.mark.django_db, pytest.mark.slow]


def _apps(year: int = DONE) -> list[Application]:
    return list(Application.objects.filter(intake_year=year).select_related("mission", "country", "person"))


def test_every_status_of_today_and_the_volumes(built: Built) -> None:
    # the entrance step's two intakes; the one before them is the compact FY2025 intake
    # (jetpm.demo.world.earlier_intake, tested in tests/evaluation): submitted applications only
    earlier = Application.objects.exclude(intake_year__in=[DONE, LIVE])
    assert set(earlier.values_list("intake_year", flat=True)) == {DONE - 1}
    assert not earlier.filter(submitted_at__isnull=True).exists()
    for year, statuses in ((DONE, DONE_STATUSES), (LIVE, LIVE_STATUSES)):
        apps = _apps(year)
        assert 950 <= len(apps) <= 1050
        by_status = Counter(a.status for a in apps)
        assert set(by_status) == statuses, (year, set(by_status) ^ statuses)
        _check_applications(year, apps)
    assert Counter(a.status for a in _apps(DONE))[S.NOT_RECOMMENDED] > 0.3 * len(_apps(DONE))
    assert Counter(a.status for a in _apps(LIVE))[S.ELIGIBLE] > 0.5 * len(_apps(LIVE))


def _check_applications(year: int, apps: list[Application]) -> None:
    jobs = Counter(a.job_type for a in apps)
    assert 0.85 <= jobs["ALT"] / len(apps) <= 0.95
    countries = Counter(a.country.code for a in apps)
    assert countries.most_common(1)[0][0] == "US" and 0.35 <= countries["US"] / len(apps) <= 0.55
    for a in apps:
        if a.status in REASON_REQUIRED:
            assert a.status_reason, a.reference
        if a.status == S.INELIGIBLE:
            assert a.eligibility_failures, a.reference
        if a.status == S.DRAFT:
            assert a.submitted_at is None
        else:
            # inside the mission's own intake window (the US embassy closed FY2027's on 13 November 2026)
            assert a.submitted_at is not None
            opens, closes = default_milestone_dates(year)["intake"]
            if year == 2027 and a.mission.code == "mission-us-washington":
                closes = date(2026, 11, 13)
            assert opens <= a.submitted_at.date() <= closes, (a.reference, a.submitted_at)
            assert a.declaration_true and a.declaration_consent and len(a.statement.split()) >= 120
            assert a.preference_1_id and a.preference_2_id and a.preference_3_id
        assert a.reference.startswith(f"{year}-{a.country.code}-") and len(a.reference) == 14
        assert a.email.endswith("@example.org")
        assert a.birth_date is not None and date(1975, 1, 1) <= a.birth_date <= date(2003, 12, 31)
        if a.job_type == "CIR" and a.status != S.INELIGIBLE:
            assert a.japanese_level in {"N1", "N2"}
    dups = [a for a in apps if a.duplicate_of_id]
    assert dups
    originals = {a.pk: a for a in apps}
    for a in dups:
        o = originals[a.duplicate_of_id]
        assert (a.passport_family_name, a.passport_given_names, a.birth_date) == (
            o.passport_family_name,
            o.passport_given_names,
            o.birth_date,
        )


def test_missions_of_their_country_one_per_person_year(built: Built) -> None:
    apps = _apps(DONE) + _apps(LIVE)
    through = Application.mission.field.related_model.countries.through  # type: ignore[attr-defined]
    pairs = set(through.objects.values_list("organisation_id", "country_id"))
    assert all((a.mission_id, a.country_id) in pairs for a in apps)
    assert all(a.nationality_id == a.country_id and a.person.nationality_id == a.country_id for a in apps)
    assert len({(a.person_id, a.intake_year) for a in apps}) == len(apps)
    # the candidates placed by the published FY2026 run became participants (jetpm.demo.world.placement)
    from jetpm.placement.models import Placement
    from jetpm.predeparture.models import DepartureAssignment

    # … except the few who did not arrive (jetpm.demo.world.departure): their appointment was undone
    not_arrived = set(
        DepartureAssignment.objects.filter(status__in=["no_show", "withdrawn"]).values_list(
            "person_id", flat=True
        )
    )
    assert not_arrived
    placed = (
        set(
            Placement.objects.filter(run__status="published", contracting_org__isnull=False).values_list(
                "application__person_id", flat=True
            )
        )
        - not_arrived
    )
    assert all(a.person.kind == ("participant" if a.person_id in placed else "applicant") for a in apps)
    assert len(set(built.references)) == len(built.references)


def test_documents_are_real_files(built: Built) -> None:
    docs = list(Document.objects.all())
    names = {d.file.name for d in docs}
    assert names and all(n.startswith("applications/demo/") for n in names)
    for name in names:
        assert (Path(settings.MEDIA_ROOT) / name).is_file()
    assert any(d.problem for d in docs)
    # the entrance's intakes (the compact FY2025 intake keeps no documents)
    submitted = Application.objects.filter(intake_year__in=[DONE, LIVE]).exclude(status=S.DRAFT)
    for kind in (DocumentKind.TRANSCRIPT, DocumentKind.DEGREE, DocumentKind.NATIONALITY):
        assert Document.objects.filter(application__in=submitted, kind=kind).count() == submitted.count()
    cleared = Application.objects.filter(intake_year__in=[DONE, LIVE], status=S.CLEARED)
    for kind in (DocumentKind.HEALTH, DocumentKind.CRIMINAL_RECORD):
        assert Document.objects.filter(application__in=cleared, kind=kind).count() == cleared.count()
    referees = Referee.objects.filter(application__in=submitted)
    assert referees.count() == 2 * submitted.count()
    assert referees.filter(letter__isnull=False).count() > 0.8 * referees.count()


@pytest.mark.parametrize("year", [DONE, LIVE])
def test_reviews_scores_are_weighted(built: Built, year: int) -> None:
    weights: dict[str, dict[str, Decimal]] = defaultdict(dict)
    for c in Criterion.objects.filter(guideline__intake_year=year, guideline__status="approved"):
        weights[c.stage][c.code] = c.weight
    reviews = list(Review.objects.filter(application__intake_year=year))
    # the finished intake's reviews are all submitted; the intake in screening has drafts in progress
    assert any(r.status == ReviewStatus.DRAFT for r in reviews) == (year == LIVE)
    for r in reviews:
        if r.status != ReviewStatus.SUBMITTED:
            assert r.weighted is None
            continue
        assert set(r.scores) == set(weights[r.stage])
        expected = sum(weights[r.stage][k] * v for k, v in r.scores.items()) / sum(weights[r.stage].values())
        assert r.weighted is not None and abs(r.weighted - expected) < Decimal("0.001")
    results = list(StageResult.objects.filter(application__intake_year=year))
    resolved = [r for r in results if r.resolved is not None]
    assert (resolved or year == LIVE) and all(
        r.resolved_by_id and r.spread is not None and r.spread > 1 for r in resolved
    )
    assert all(r.z_score is not None for r in results)
    # reviewers sit on the application's panel
    members = set(PanelMember.objects.values_list("panel_id", "user_id"))
    panel_of = dict(Assignment.objects.values_list("application_id", "panel_id"))
    assert all((panel_of[r.application_id], r.reviewer_id) in members for r in reviews)


def test_panels_and_logins(built: Built) -> None:
    staff = User.objects.get(username="mission.staff")
    for year in (DONE, LIVE):
        uk = Panel.objects.filter(mission__code="mission-gb-london", intake_year=year)
        assert uk.exists() and all(p.chair_id == staff.pk for p in uk)
        assert PanelMember.objects.filter(panel__in=uk, user__username="panelist").exists()
        # every application past the eligibility check is on a panel of its mission
        screened = Application.objects.filter(intake_year=year).exclude(
            status__in=[S.DRAFT, S.SUBMITTED, S.INELIGIBLE, S.WITHDRAWN, S.DISQUALIFIED]
        )
        on_panel = screened.filter(assignment__isnull=False, assignment__panel__intake_year=year)
        assert screened.exists() and on_panel.count() == screened.count()
    externals = User.objects.filter(username__startswith="panel.")
    assert externals.exists() and not any(u.has_usable_password() for u in externals)
    assert Membership.objects.filter(user__in=externals, role=Role.PANELIST).count() == externals.count()
    interviewed = Application.objects.filter(intake_year=DONE, interview__isnull=False)
    assert interviewed.exists()
    for i in Interview.objects.select_related("application"):
        year = i.application.intake_year
        assert date(year, 1, 1) <= i.starts_at.date() <= date(year, 2, 28)
        assert i.invited_at is not None and i.invited_at.date() < min(i.starts_at.date(), DEMO_TODAY)
    cir = interviewed.filter(job_type="CIR")
    assert JapaneseTest.objects.filter(application__in=cir).count() == cir.count()
    reports = MissionReport.objects.filter(intake_year=DONE)
    assert reports.exists() and all(r.status == ReportStatus.SUBMITTED for r in reports)
    recommended = set(ReportEntry.objects.values_list("application_id", flat=True))
    listed = SelectionEntry.objects.filter(selection__intake_year=DONE)  # (FY2025's compact: no reports)
    assert set(listed.values_list("application_id", flat=True)) <= recommended


def test_selection_within_seats_and_ranked(built: Built) -> None:
    seats: Counter[tuple[str, str]] = Counter()
    for line in PlanLine.objects.filter(plan__intake_year=DONE, plan__status="approved").select_related(
        "country"
    ):
        seats[(line.country.code, line.job_type)] += line.seats
    lists = list(SelectionList.objects.filter(intake_year=DONE).select_related("country"))
    assert lists and all(sl.status == ListStatus.PUBLISHED and sl.approved_by is not None for sl in lists)
    assert lists[0].approved_by.username == "council.approver"  # type: ignore[union-attr]
    for sl in lists:
        assert sl.seats == seats[(sl.country.code, sl.job_type)]
        entries = list(sl.entries.select_related("application"))
        short = [e for e in entries if e.result == Result.SHORTLISTED]
        assert len(short) <= sl.seats
        ranks = sorted(e.alternate_rank for e in entries if e.result == Result.ALTERNATE)
        assert ranks == list(range(1, len(ranks) + 1))
        for e in entries:
            assert (e.application.country_id, e.application.job_type) == (sl.country_id, sl.job_type)
        # places taken now (open or accepted offers) stay within the seats
        taken = Offer.objects.filter(
            application__selection_entry__selection=sl, status__in=[OfferStatus.OPEN, OfferStatus.ACCEPTED]
        ).count()
        assert taken <= sl.seats
    for e in SelectionEntry.objects.select_related("application"):
        if e.result == Result.NOT_SELECTED:
            assert e.application.status == S.NOT_SELECTED
        elif e.result == Result.SHORTLISTED:
            assert e.application.status in {
                S.SHORTLISTED,
                S.ACCEPTED,
                S.DECLINED,
                S.CLEARED,
                S.WITHDRAWN,
                S.DISQUALIFIED,
            }
            assert Offer.objects.get(application=e.application).origin == OfferOrigin.SHORTLIST
    vacancies = list(Vacancy.objects.select_related("filled_by__selection_entry", "freed_by"))
    assert any(v.status == VacancyStatus.FILLED for v in vacancies)
    for v in vacancies:
        assert v.freed_by.status in {S.DECLINED, S.WITHDRAWN, S.DISQUALIFIED}
        if v.status == VacancyStatus.FILLED:
            assert v.filled_by is not None
            entry = v.filled_by.selection_entry
            assert entry.selection_id == v.selection_id and entry.result == Result.ALTERNATE
            assert v.filled_by.offer.origin == OfferOrigin.UPGRADE  # type: ignore[union-attr]
            assert v.filled_by.status in {S.ACCEPTED, S.CLEARED}


def test_the_demo_applicant_is_invited_to_an_interview(built: Built) -> None:
    """Today the applicant's FY2027 application has passed the document screening and its interview, in
    January, is scheduled: the portal shows the invitation (with its calendar file); no offer yet."""
    app = Application.objects.select_related("mission", "interview").get(person__user__username="applicant")
    assert (app.intake_year, app.status, app.mission.code) == (LIVE, S.INTERVIEW, "mission-gb-london")
    assert app.submitted_at is not None and app.submitted_at.date() < DEMO_TODAY
    assert app.interview.starts_at.date() > DEMO_TODAY and app.interview.invited_at is not None
    assert app.notices.filter(kind="interview").exists()
    assert StageResult.objects.get(application=app, stage="documents").passed
    assert not Offer.objects.filter(application=app).exists()
    # nobody has an offer to reply to today: the offers of the finished intake were all replied to
    assert not Offer.objects.filter(status=OfferStatus.OPEN).exists()
    assert not Offer.objects.filter(application__intake_year=LIVE).exists()


def test_deterministic_and_bounded(built: Built) -> None:
    assert built.references == built.references_again
    inserts = [q for q in built.queries if q["sql"].lstrip().upper().startswith("INSERT")]
    updates = [q for q in built.queries if q["sql"].lstrip().upper().startswith("UPDATE")]
    others = [q for q in built.queries if q not in inserts and q not in updates]
    # the demo applicant, the missions' intake windows, and per year the plan's lines and the criteria:
    # never one per row
    assert len(others) <= 6, [q["sql"][:80] for q in others]
    # the statuses through the workflow layer: one UPDATE per step, reason and chunk of rows, and one of the
    # audit chain's head per batch of events — not one per row (some 15,000 steps at this scale)
    moved = ["applications.Application", "screening.Review"]
    moves = AuditEvent.objects.filter(object_type__in=moved).count()
    assert moves > 10_000 and len(updates) <= 200
    rows = Application.objects.count() * 20  # generous: every row of the step, per application
    assert len(inserts) <= rows / 40


@pytest.mark.parametrize("year", [DONE, LIVE])
def test_scores_are_the_services(built: Built, year: int) -> None:
    """Weighted scores, stage results and z-scores are what the review service computes
    (screening/services/reviews.py with screening/calibration.py), not a copy of it."""
    from jetpm.screening import calibration
    from jetpm.screening.services.reviews import _q

    weights: dict[str, dict[str, float]] = defaultdict(dict)
    for c in Criterion.objects.filter(guideline__intake_year=year, guideline__status="approved"):
        weights[c.stage][c.code] = float(c.weight)
    submitted: dict[tuple[int, str], list[float]] = defaultdict(list)
    for r in Review.objects.filter(application__intake_year=year, status=ReviewStatus.SUBMITTED):
        scores = {k: float(v) for k, v in r.scores.items()}
        assert r.weighted == _q(calibration.weighted(scores, weights[r.stage]))
        assert r.weighted is not None
        submitted[(r.application_id, r.stage)].append(float(r.weighted))
    panel_of = dict(Assignment.objects.values_list("application_id", "panel_id"))
    by_panel: dict[tuple[int, str], list[StageResult]] = defaultdict(list)
    results = list(StageResult.objects.filter(application__intake_year=year))
    assert results
    for res in results:
        summary = calibration.summarise(submitted[(res.application_id, res.stage)])
        assert summary is not None
        assert (res.mean, res.spread) == (_q(summary.mean), _q(summary.spread))
        by_panel[(panel_of[res.application_id], res.stage)].append(res)
    for group in by_panel.values():
        zs = calibration.z_scores([calibration.Score(r.pk, float(r.final)) for r in group])
        for r, z in zip(group, zs, strict=True):
            assert r.z_score is not None and abs(r.z_score - z.z) < 1e-9


def test_reports_and_lists_rank_as_the_services(built: Built) -> None:
    """The missions' reports rank as screening/services/reports.py does, and the selection lists are what
    selection/ranking.propose makes of the reports' entries."""
    from jetpm.screening.services.reports import report_order
    from jetpm.selection import ranking

    finals = {
        (r.application_id, r.stage): r for r in StageResult.objects.filter(application__intake_year=DONE)
    }
    entries = list(
        ReportEntry.objects.filter(report__intake_year=DONE).select_related("application").order_by("rank")
    )
    assert entries
    by_report: dict[tuple[int, str], list[ReportEntry]] = defaultdict(list)
    for e in entries:
        by_report[(e.report_id, e.job_type)].append(e)
        interview = finals[(e.application_id, "interview")]
        assert (e.score, e.z_score) == (interview.final, interview.z_score)
    for group in by_report.values():
        keys = [
            report_order(
                finals[(e.application_id, "interview")].final,
                finals[(e.application_id, "documents")].final,
                e.application.reference,
            )
            for e in group
        ]
        assert keys == sorted(keys) and [e.rank for e in group] == list(range(1, len(group) + 1))
    of_app = {e.application_id: e for e in entries}
    for sl in SelectionList.objects.filter(intake_year=DONE):
        listed = list(sl.entries.all())
        candidates = [
            ranking.Candidate(
                e.application_id,
                of_app[e.application_id].score,
                of_app[e.application_id].z_score,
                of_app[e.application_id].rank,
            )
            for e in listed
        ]
        n_alternates = sum(1 for e in listed if e.result == Result.ALTERNATE)
        proposed = {
            p.candidate.application_id: (p.result, p.alternate_rank)
            for p in ranking.propose(candidates, sl.seats, n_alternates)
        }
        assert {e.application_id: (e.result, e.alternate_rank) for e in listed} == proposed
