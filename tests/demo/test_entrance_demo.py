"""The demo world's FY2025 entrance (small scale, built once for the module): the status machine covered,
screening and selection consistent with each other, the demo applicant's open offer, determinism and a
bounded number of queries."""

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
from jetpm.core.models import Membership, User
from jetpm.core.states import Role
from jetpm.demo import generator
from jetpm.demo.world import entrance
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


pytestmark = pytest.mark.django_db


def _apps() -> list[Application]:
    return list(Application.objects.filter(intake_year=2025).select_related("mission", "country", "person"))


def test_every_status_and_the_volumes(built: Built) -> None:
    apps = _apps()
    assert 950 <= len(apps) <= 1050
    by_status = Counter(a.status for a in apps)
    assert set(by_status) == set(S.values), set(S.values) - set(by_status)
    assert by_status[S.NOT_RECOMMENDED] > by_status[S.SHORTLISTED]
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
            assert a.submitted_at is not None and date(2024, 9, 1) <= a.submitted_at.date() <= date(
                2024, 11, 30
            )
            assert a.declaration_true and a.declaration_consent and len(a.statement.split()) >= 120
            assert a.preference_1_id and a.preference_2_id and a.preference_3_id
        assert a.reference.startswith(f"2025-{a.country.code}-") and len(a.reference) == 14
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
    apps = _apps()
    through = Application.mission.field.related_model.countries.through  # type: ignore[attr-defined]
    pairs = set(through.objects.values_list("organisation_id", "country_id"))
    assert all((a.mission_id, a.country_id) in pairs for a in apps)
    assert all(a.nationality_id == a.country_id and a.person.nationality_id == a.country_id for a in apps)
    assert len({(a.person_id, a.intake_year) for a in apps}) == len(apps)
    # the candidates placed by the published FY2025 run became participants (jetpm.demo.world.placement)
    from jetpm.placement.models import Placement

    placed = set(
        Placement.objects.filter(run__status="published", contracting_org__isnull=False).values_list(
            "application__person_id", flat=True
        )
    )
    assert all(a.person.kind == ("participant" if a.person_id in placed else "applicant") for a in apps)
    assert len(set(built.references)) == len(built.references)


def test_documents_are_real_files(built: Built) -> None:
    docs = list(Document.objects.filter(application__intake_year=2025))
    names = {d.file.name for d in docs}
    assert names and all(n.startswith("applications/demo/") for n in names)
    for name in names:
        assert (Path(settings.MEDIA_ROOT) / name).is_file()
    assert any(d.problem for d in docs)
    submitted = Application.objects.filter(intake_year=2025).exclude(status=S.DRAFT)
    for kind in (DocumentKind.TRANSCRIPT, DocumentKind.DEGREE, DocumentKind.NATIONALITY):
        assert Document.objects.filter(application__in=submitted, kind=kind).count() == submitted.count()
    cleared = Application.objects.filter(status=S.CLEARED)
    for kind in (DocumentKind.HEALTH, DocumentKind.CRIMINAL_RECORD):
        assert Document.objects.filter(application__in=cleared, kind=kind).count() == cleared.count()
    referees = Referee.objects.filter(application__in=submitted)
    assert referees.count() == 2 * submitted.count()
    assert referees.filter(letter__isnull=False).count() > 0.8 * referees.count()


def test_reviews_scores_are_weighted(built: Built) -> None:
    weights: dict[str, dict[str, Decimal]] = defaultdict(dict)
    for c in Criterion.objects.filter(guideline__intake_year=2025, guideline__status="approved"):
        weights[c.stage][c.code] = c.weight
    reviews = list(Review.objects.filter(application__intake_year=2025))
    assert any(r.status == ReviewStatus.DRAFT for r in reviews)
    for r in reviews:
        if r.status != ReviewStatus.SUBMITTED:
            assert r.weighted is None
            continue
        assert set(r.scores) == set(weights[r.stage])
        expected = sum(weights[r.stage][k] * v for k, v in r.scores.items()) / sum(weights[r.stage].values())
        assert r.weighted is not None and abs(r.weighted - expected) < Decimal("0.001")
    results = list(StageResult.objects.filter(application__intake_year=2025))
    resolved = [r for r in results if r.resolved is not None]
    assert resolved and all(r.resolved_by_id and r.spread is not None and r.spread > 1 for r in resolved)
    assert all(r.z_score is not None for r in results)
    # reviewers sit on the application's panel
    members = set(PanelMember.objects.values_list("panel_id", "user_id"))
    panel_of = dict(Assignment.objects.values_list("application_id", "panel_id"))
    assert all((panel_of[r.application_id], r.reviewer_id) in members for r in reviews)


def test_panels_and_logins(built: Built) -> None:
    uk = Panel.objects.filter(mission__code="mission-gb-london", intake_year=2025)
    staff = User.objects.get(username="mission.staff")
    assert uk.exists() and all(p.chair_id == staff.pk for p in uk)
    assert PanelMember.objects.filter(panel__in=uk, user__username="panelist").exists()
    externals = User.objects.filter(username__startswith="panel.")
    assert externals.exists() and not any(u.has_usable_password() for u in externals)
    assert Membership.objects.filter(user__in=externals, role=Role.PANELIST).count() == externals.count()
    interviewed = Application.objects.filter(intake_year=2025, interview__isnull=False)
    assert interviewed.exists()
    assert all(date(2025, 1, 1) <= i.starts_at.date() <= date(2025, 2, 28) for i in Interview.objects.all())
    cir = interviewed.filter(job_type="CIR")
    assert JapaneseTest.objects.filter(application__in=cir).count() == cir.count()
    reports = MissionReport.objects.filter(intake_year=2025)
    assert reports.exists() and all(r.status == ReportStatus.SUBMITTED for r in reports)
    recommended = set(ReportEntry.objects.values_list("application_id", flat=True))
    assert set(SelectionEntry.objects.values_list("application_id", flat=True)) <= recommended


def test_selection_within_seats_and_ranked(built: Built) -> None:
    seats: Counter[tuple[str, str]] = Counter()
    for line in PlanLine.objects.filter(plan__intake_year=2025, plan__status="approved").select_related(
        "country"
    ):
        seats[(line.country.code, line.job_type)] += line.seats
    lists = list(SelectionList.objects.filter(intake_year=2025).select_related("country"))
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


def test_the_demo_applicant_has_an_open_offer(built: Built) -> None:
    app = Application.objects.select_related("offer", "mission").get(person__user__username="applicant")
    assert (app.intake_year, app.status, app.mission.code) == (2025, S.SHORTLISTED, "mission-gb-london")
    assert app.offer.status == OfferStatus.OPEN and app.offer.deadline == date(2026, 12, 18)
    assert app.notices.filter(kind="offer").exists()
    open_offers = Offer.objects.filter(status=OfferStatus.OPEN)
    assert all(o.deadline == entrance.OPEN_OFFER_DEADLINE for o in open_offers)


def test_deterministic_and_bounded(built: Built) -> None:
    assert built.references == built.references_again
    inserts = [q for q in built.queries if q["sql"].lstrip().upper().startswith("INSERT")]
    others = [q for q in built.queries if q not in inserts]
    assert len(others) <= 5  # the plan's lines, the criteria, the demo applicant: never one per row
    rows = Application.objects.count() * 20  # generous: every row of the step, per application
    assert len(inserts) <= rows / 40
