"""Publishing a placement run appoints the placed participants; corrections move them; declines undo it."""

from __future__ import annotations

from datetime import date

import pytest

from jetpm.appointments.appointing import JetNumbers, unappoint
from jetpm.appointments.models import AppointmentTerm, Participant, TermEnding
from jetpm.appointments.states import TermStatus
from jetpm.core.models import AuditEvent, Milestone, MilestoneOverride, Person, RecruitmentCycle
from jetpm.core.states import MilestoneKind, PersonKind
from jetpm.placement.services import adjust, declines, runs
from tests.placement.workflow_support import YEAR, candidate, request, small_year, solved

pytestmark = pytest.mark.django_db

ARRIVAL = date(YEAR, 7, 30)


def _arrival(world, override: date | None = None) -> None:  # type: ignore[no-untyped-def]
    cycle, _c = RecruitmentCycle.objects.get_or_create(intake_year=YEAR)
    m, _m = Milestone.objects.update_or_create(
        cycle=cycle,
        kind=MilestoneKind.ARRIVAL,
        defaults={"starts_on": ARRIVAL, "ends_on": date(YEAR, 8, 31)},
    )
    if override is not None:
        MilestoneOverride.objects.create(
            milestone=m, mission=world.orgs["mission_b"], starts_on=override, ends_on=override
        )


def test_publish_creates_participants_and_first_terms(world, django_assert_max_num_queries):
    _arrival(world)
    p = small_year(world)
    run = solved(world)
    clair = world.users["clair.staff"]
    placed = list(run.placements.filter(contracting_org__isnull=False).select_related("application"))
    assert len(placed) >= 3
    runs.publish_run(actor=clair, run_id=run.pk)
    for row in placed:
        app = row.application
        person = Person.objects.get(pk=app.person_id)
        assert person.kind == PersonKind.PARTICIPANT
        assert person.contracting_org_id == row.contracting_org_id
        participant = Participant.objects.get(person=person)
        assert participant.cohort_year == YEAR and participant.country_id == app.country_id
        assert participant.jet_id.startswith(f"J{YEAR}GB") and len(participant.jet_id) == 12
        term = participant.terms.get()
        assert (term.fiscal_year, term.year_on_programme, term.status) == (YEAR, 1, TermStatus.SERVING)
        assert term.contracting_org_id == row.contracting_org_id
        assert term.job_type == app.job_type and term.language_id == app.language_id
        assert term.start_date == date(YEAR, 7, 31) and term.end_date == date(YEAR + 1, 7, 30)
    jet_ids = sorted(Participant.objects.values_list("jet_id", flat=True))
    assert jet_ids == [f"J{YEAR}GB{n:05d}" for n in range(1, len(placed) + 1)]
    # the unplaced stay applicants without a participant record
    unplaced = run.placements.filter(contracting_org__isnull=True).select_related("application")
    for row in unplaced:
        assert not Participant.objects.filter(person_id=row.application.person_id).exists()
        assert Person.objects.get(pk=row.application.person_id).kind == PersonKind.APPLICANT
    assert AuditEvent.objects.filter(action="placement.appointment.create").count() == len(placed)
    assert p.apps["a"].person_id in set(Participant.objects.values_list("person_id", flat=True))


def test_publish_runs_a_bounded_number_of_queries(world, django_assert_max_num_queries):
    _arrival(world)
    request(world, "co_a", 30)
    for i in range(30):
        candidate(world, f"q{i}", ["21"])
    run = solved(world)
    clair = world.users["clair.staff"]
    assert run.placements.filter(contracting_org__isnull=False).count() == 30
    with django_assert_max_num_queries(60):
        runs.publish_run(actor=clair, run_id=run.pk)
    assert AppointmentTerm.objects.filter(fiscal_year=YEAR).count() == 30


def test_the_missions_own_arrival_date(world):
    _arrival(world, override=date(YEAR, 8, 10))
    request(world, "co_a", 2)
    a, _u = candidate(world, "uk", ["21"])
    b, _v = candidate(world, "ie", ["21"], mission_key="mission_b")
    runs.publish_run(actor=world.users["clair.staff"], run_id=solved(world).pk)
    start = dict(AppointmentTerm.objects.values_list("participant__person_id", "start_date"))
    assert start[a.person_id] == date(YEAR, 7, 31)
    assert start[b.person_id] == date(YEAR, 8, 11)
    assert Participant.objects.get(person_id=b.person_id).jet_id == f"J{YEAR}IE00001"


def test_jet_numbers_continue_after_the_highest(world):
    numbers = JetNumbers(YEAR)
    assert numbers.next("GB") == f"J{YEAR}GB00001"
    assert numbers.next("GB") == f"J{YEAR}GB00002"
    assert numbers.next("IE") == f"J{YEAR}IE00001"


def test_a_correction_moves_the_term_and_unplacing_undoes_it(world):
    _arrival(world)
    p = small_year(world)
    run = solved(world)
    clair = world.users["clair.staff"]
    runs.publish_run(actor=clair, run_id=run.pk)
    a = p.apps["a"]
    first = run.placements.get(application=a).contracting_org_id
    fix = runs.create_correction(actor=clair, run_id=run.pk)
    # free a seat elsewhere for a, then move them there
    rows = {r.application_id: r.contracting_org_id for r in fix.placements.all()}
    other = next(
        app
        for app_id, org in rows.items()
        if org and org != first
        for app in [p.apps[k] for k in p.apps if p.apps[k].pk == app_id]
    )
    target = rows[other.pk]
    adjust.adjust(actor=clair, run_id=fix.pk, action="unplace", application_id=other.pk, reason="visa")
    adjust.adjust(
        actor=clair, run_id=fix.pk, action="move", application_id=a.pk, to_org_id=target, reason="closer"
    )
    runs.publish_run(actor=clair, run_id=fix.pk)
    term = AppointmentTerm.objects.get(participant__person_id=a.person_id, fiscal_year=YEAR)
    assert term.contracting_org_id == target
    assert Person.objects.get(pk=a.person_id).contracting_org_id == target
    assert AuditEvent.objects.filter(action="placement.appointment.move").count() == 1
    # the one unplaced by the correction is an applicant again, without a term
    assert not Participant.objects.filter(person_id=other.person_id).exists()
    assert Person.objects.get(pk=other.person_id).kind == PersonKind.APPLICANT
    # the others kept their number and term
    assert Participant.objects.count() == len([o for o in rows.values() if o]) - 1


def test_decline_before_the_start_removes_the_term(world):
    _arrival(world)
    p = small_year(world)
    run = solved(world)
    runs.publish_run(actor=world.users["clair.staff"], run_id=run.pk)
    a = p.apps["a"]
    assert Participant.objects.filter(person_id=a.person_id).exists()
    declines.decline(actor=p.users["a"], application_id=a.pk, reason="family reasons")
    assert not Participant.objects.filter(person_id=a.person_id).exists()
    assert not AppointmentTerm.objects.filter(participant__person_id=a.person_id).exists()
    person = Person.objects.get(pk=a.person_id)
    assert person.kind == PersonKind.APPLICANT and person.contracting_org_id is None
    assert AuditEvent.objects.filter(action="placement.appointment.remove").count() == 1


def test_decline_after_the_start_ends_the_term_as_resigned(world):
    _arrival(world)
    p = small_year(world)
    run = solved(world)
    runs.publish_run(actor=world.users["clair.staff"], run_id=run.pk)
    a = p.apps["a"]
    a.refresh_from_db()
    done = unappoint(actor=None, application=a, reason="left", today=date(YEAR, 9, 1))
    assert done == "resigned"
    term = AppointmentTerm.objects.get(participant__person_id=a.person_id)
    assert term.status == TermStatus.RESIGNED
    assert TermEnding.objects.get(term=term).ended_on == date(YEAR, 9, 1)
    assert Person.objects.get(pk=a.person_id).kind == PersonKind.ALUMNUS
    assert unappoint(actor=None, application=a, reason="again", today=date(YEAR, 9, 2)) is None


def _titles(user, day: date = date(2026, 11, 26)) -> list[str]:  # type: ignore[no-untyped-def]
    from jetpm.core.dashboard import tasks_for

    return [t.title for t in tasks_for(user, day, [])]


def test_dashboard_tasks(world):
    from django.utils import translation

    _arrival(world)
    p = small_year(world)
    clair = world.users["clair.staff"]
    with translation.override("en"):
        assert any(t.startswith("5 accepted candidates of") for t in _titles(clair))
        assert not any("Placement" in t for t in _titles(world.users["mission_a.staff"]))
        run = solved(world)
        titles = _titles(clair)
        assert any("is ready to publish" in t for t in titles)
        assert not any(str(run) in t for t in titles), "the run's code (year v1) is not for people"
        assert any(t.startswith("5 accepted candidates of") for t in titles)
        runs.publish_run(actor=clair, run_id=run.pk)
        placed = run.placements.filter(contracting_org__isnull=False).count()
        titles = _titles(clair)
        assert not any("is ready to publish" in t for t in titles)
        left = 5 - placed
        noun = "candidate" if left == 1 else "candidates"
        assert any(t.startswith(f"{left} accepted {noun} of") for t in titles)
        co = world.users["co_a.coordinator"]
        n_a = run.placements.filter(contracting_org=world.orgs["co_a"]).count()
        noun = "participant" if n_a == 1 else "participants"
        assert any(t.endswith(f"are published: {n_a} {noun}") for t in _titles(co))
        a = run.placements.select_related("contracting_org").get(application=p.apps["a"])
        assert f"Your placement: {a.contracting_org.name} — read your notice" in _titles(p.users["a"])
        # a past intake's tasks are gone
        assert not any("Your placement" in t for t in _titles(p.users["a"], date(2028, 4, 1)))
        declines.decline(actor=p.users["a"], application_id=p.apps["a"].pk, reason="family")
        assert not any("Your placement" in t for t in _titles(p.users["a"]))
