"""The demo world tells one story on its today (2026-12-06, small scale): the intake whose screening window
contains today has its applications, panels and its country plan in draft (its requests are collected
October – February, the plan follows them: seed ３) and nothing selected yet; the intake before it is
published, placed and serving."""

from __future__ import annotations

from datetime import date

import pytest

from jetpm.applications.models import Application
from jetpm.applications.states import ApplicationStatus as S
from jetpm.appointments.models import AppointmentTerm
from jetpm.appointments.states import TermStatus
from jetpm.core.models import Milestone, MilestoneOverride
from jetpm.core.states import MilestoneKind
from jetpm.demo.generator import build_world
from jetpm.placement.models import Placement, PlacementRun
from jetpm.placement.states import RunStatus
from jetpm.planning.models import CountryPlan
from jetpm.planning.states import PlanStatus
from jetpm.screening.models import Assignment, Interview, Panel, Review
from jetpm.selection.models import Offer, SelectionList
from jetpm.selection.states import ListStatus

TODAY = date(2026, 12, 6)


@pytest.mark.slow
@pytest.mark.django_db
def test_the_world_on_its_today() -> None:
    build_world(scale="small", seed=1)
    screening = Milestone.objects.get(
        kind=MilestoneKind.SCREENING, starts_on__lte=TODAY, ends_on__gte=TODAY
    ).cycle.intake_year
    previous = screening - 1
    assert (screening, previous) == (2027, 2026)

    # the intake in screening: applications submitted through the missions inside their windows
    intake = Milestone.objects.get(cycle__intake_year=screening, kind=MilestoneKind.INTAKE)
    overrides = dict(MilestoneOverride.objects.filter(milestone=intake).values_list("mission_id", "ends_on"))
    apps = Application.objects.filter(intake_year=screening)
    submitted = apps.exclude(status=S.DRAFT)
    assert submitted.count() > 500
    for mission_id, at in submitted.values_list("mission_id", "submitted_at"):
        assert intake.starts_on <= at.date() <= overrides.get(mission_id, intake.ends_on) < TODAY
    # … eligibility checked (a few still waiting), panels assigned, some reviews done, interviews ahead
    assert apps.filter(status=S.ELIGIBLE).count() > 0.5 * submitted.count()
    assert 0 < apps.filter(status=S.SUBMITTED).count() < 0.1 * submitted.count()
    assert Panel.objects.filter(intake_year=screening).exists()
    assert Assignment.objects.filter(application__intake_year=screening).count() > 0.7 * submitted.count()
    reviews = Review.objects.filter(application__intake_year=screening)
    assert reviews.filter(status="submitted").exists() and reviews.filter(status="draft").exists()
    assert all(r.submitted_at.date() < TODAY for r in reviews.filter(status="submitted"))
    interviews = Interview.objects.filter(application__intake_year=screening)
    assert interviews.exists()
    for i in interviews:
        assert TODAY < i.starts_at.date() <= date(screening, 2, 28)
        assert i.invited_at is not None and i.invited_at.date() <= TODAY
    # … with its plan in draft over the requests so far, and no selection yet
    draft = CountryPlan.objects.get(intake_year=screening)
    assert draft.status == PlanStatus.DRAFT and draft.lines.exists()
    approved = CountryPlan.objects.get(intake_year=previous, status=PlanStatus.APPROVED)
    assert approved.approved_at is not None and approved.approved_at.date() < date(previous, 3, 31)
    assert not SelectionList.objects.filter(intake_year=screening).exists()
    assert not Offer.objects.filter(application__intake_year=screening).exists()
    assert not apps.filter(status__in=[S.RECOMMENDED, S.SHORTLISTED, S.ACCEPTED, S.CLEARED]).exists()
    assert not PlacementRun.objects.filter(intake_year=screening).exists()

    # the previous intake: selection published in the spring, placed, arrived and serving in FY2026
    lists = SelectionList.objects.filter(intake_year=previous)
    assert lists.exists() and not lists.exclude(status=ListStatus.PUBLISHED).exists()
    assert all(sl.published_at.date() < date(previous, 4, 1) for sl in lists)
    assert not Application.objects.filter(
        intake_year=previous,
        status__in=[S.SUBMITTED, S.ELIGIBLE, S.DOCUMENT_SCREENED, S.INTERVIEW, S.RECOMMENDED, S.SHORTLISTED],
    ).exists()
    run = PlacementRun.objects.get(intake_year=previous, status=RunStatus.PUBLISHED)
    placed = Placement.objects.filter(run=run, contracting_org__isnull=False)
    assert placed.exists()
    serving = AppointmentTerm.objects.filter(
        fiscal_year=previous,
        year_on_programme=1,
        status=TermStatus.SERVING,
        participant__person__applications__intake_year=previous,
    )
    # (the departure step: a few placed did not arrive, their appointment removed)
    from jetpm.predeparture.models import DepartureAssignment

    no_shows = DepartureAssignment.objects.filter(intake_year=previous, status="no_show").count()
    assert serving.count() == placed.count() - no_shows
    assert all(date(previous, 4, 1) < t.start_date < TODAY for t in serving)  # type: ignore[operator]
    # FY2026 is the year served today: no term of it is over, and the year before is completed
    assert (
        not AppointmentTerm.objects.filter(fiscal_year=previous).exclude(status=TermStatus.SERVING).exists()
    )
    assert (
        not AppointmentTerm.objects.filter(fiscal_year=previous - 1)
        .exclude(status=TermStatus.COMPLETED)
        .exists()
    )
