"""Departure groups and arrival: the services and their rules (each refusal names the rule and writes
nothing), the first term started by arrival, the seat reopened by a no-show or a withdrawal."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from jetpm.applications.states import ApplicationStatus
from jetpm.appointments.models import AppointmentTerm, Participant
from jetpm.core.errors import DomainError, FieldErrors, NotFound, PermissionDenied
from jetpm.core.figures import TABLES
from jetpm.core.models import AuditEvent, Person
from jetpm.core.states import PersonKind
from jetpm.placement.services import runs
from jetpm.predeparture.departure import services
from jetpm.predeparture.departure.states import DepartureStatus
from jetpm.predeparture.models import DepartureAssignment, DepartureChange, DepartureGroup
from jetpm.selection.models import Offer
from tests.placement.workflow_support import YEAR
from tests.predeparture.departure_helpers import ARRIVES, DEPARTS, group, published

pytestmark = pytest.mark.django_db


def _counts() -> tuple[int, int, int, int]:
    return (
        DepartureGroup.objects.count(),
        DepartureAssignment.objects.count(),
        DepartureChange.objects.count(),
        AuditEvent.objects.count(),
    )


def test_group_dates_outside_the_intake_year_are_refused_with_the_rule(world):
    before = _counts()
    with pytest.raises(FieldErrors) as exc:
        services.create_group(
            actor=world.users["mission_a.staff"],
            intake_year=YEAR,
            mission_id=world.orgs["mission_a"].pk,
            code="april",
            fields=services.GroupFields(date(YEAR, 3, 30), date(YEAR + 1, 4, 2), ""),
        )
    fields = {f for f, _m in exc.value.errors}
    assert fields == {"airport", "departure_date", "arrival_date"}
    assert "Dates within the intake year" in str(exc.value)
    assert _counts() == before


def test_a_group_cannot_arrive_before_it_leaves(world):
    with pytest.raises(DomainError, match="Arrival after departure"):
        group(world, departs=date(YEAR, 7, 29), arrives=date(YEAR, 7, 28))
    assert not DepartureGroup.objects.exists()


def test_one_group_of_each_kind_and_only_the_missions_staff(world):
    group(world)
    with pytest.raises(DomainError, match="One group of each kind"):
        group(world)
    with pytest.raises(PermissionDenied):
        services.create_group(
            actor=world.users["mission_b.staff"],
            intake_year=YEAR,
            mission_id=world.orgs["mission_a"].pk,
            code="b",
            fields=services.GroupFields(DEPARTS, ARRIVES, "LHR"),
        )
    assert DepartureGroup.objects.count() == 1


def test_a_flight_for_someone_not_placed_is_refused(world):
    p = published(world)
    g = group(world)
    unplaced = p.apps["e"]  # a French ALT: no French post
    assert not AppointmentTerm.objects.filter(participant__person_id=unplaced.person_id).exists()
    before = _counts()
    with pytest.raises(DomainError, match="Only placed candidates travel"):
        services.assign(actor=world.users["mission_a.staff"], group_id=g.pk, person_id=unplaced.person_id)
    assert _counts() == before


def test_assign_all_puts_the_placed_and_upgraded_alternates_go_to_the_late_group(world):
    p = published(world)
    placed = AppointmentTerm.objects.filter(fiscal_year=YEAR).count()
    assert placed >= 3
    # a is an upgraded alternate
    Offer.objects.create(application=p.apps["a"], origin="upgrade", deadline=date(YEAR, 5, 1))
    g = group(world)
    staff = world.users["mission_a.staff"]
    with pytest.raises(DomainError, match="Upgraded alternates travel with the late group"):
        services.assign(actor=staff, group_id=g.pk, person_id=p.apps["a"].person_id)
    n = services.assign_all(actor=staff, group_id=g.pk)
    assert n == placed - 1
    late = group(world, "late", departs=date(YEAR, 8, 20), arrives=date(YEAR, 8, 21))
    assert services.assign_all(actor=staff, group_id=late.pk) == 1
    assert DepartureAssignment.objects.get(person_id=p.apps["a"].person_id).group == late
    assert AuditEvent.objects.filter(action="departure.assign").count() == placed
    with pytest.raises(DomainError, match="already in the"):
        services.assign(actor=staff, group_id=g.pk, person_id=p.apps["b"].person_id)


def _travelling(world, name: str = "b"):  # type: ignore[no-untyped-def]
    p = published(world)
    g = group(world)
    services.assign_all(actor=world.users["mission_a.staff"], group_id=g.pk)
    return p, DepartureAssignment.objects.select_related("group").get(person_id=p.apps[name].person_id)


def test_arrival_before_departure_is_refused_and_arrival_starts_the_first_term_the_next_day(world):
    _p, a = _travelling(world)
    clair = world.users["clair.staff"]
    before = _counts()
    with pytest.raises(DomainError, match="Arrival after departure"):
        services.confirm_arrival(
            actor=clair, departure_id=a.pk, arrived_on=DEPARTS - timedelta(days=1), today=date(YEAR, 8, 5)
        )
    with pytest.raises(DomainError, match="in the future"):
        services.confirm_arrival(actor=clair, departure_id=a.pk, arrived_on=ARRIVES, today=DEPARTS)
    assert _counts() == before
    services.confirm_arrival(
        actor=clair, departure_id=a.pk, arrived_on=date(YEAR, 7, 30), today=date(YEAR, 8, 5)
    )
    a.refresh_from_db()
    assert a.status == DepartureStatus.ARRIVED and a.arrived_on == date(YEAR, 7, 30)
    term = AppointmentTerm.objects.get(pk=a.term_id)
    assert term.start_date == date(YEAR, 7, 31) and term.end_date == date(YEAR + 1, 7, 30)
    assert AuditEvent.objects.filter(action="departure.arrive").count() == 1
    assert AuditEvent.objects.filter(action="appointment_term.start").count() == 1
    assert DepartureChange.objects.filter(assignment=a, kind="arrived").exists()


def test_an_april_arrival_serves_until_the_summer_cohort_ends(world):
    p = published(world)
    g = group(world, "april", departs=date(YEAR, 4, 5), arrives=date(YEAR, 4, 6))
    staff = world.users["mission_a.staff"]
    a = services.assign(actor=staff, group_id=g.pk, person_id=p.apps["b"].person_id)
    services.confirm_arrival(
        actor=staff if False else world.users["clair.staff"],
        departure_id=a.pk,
        arrived_on=date(YEAR, 4, 6),
        today=date(YEAR, 4, 10),
    )
    term = AppointmentTerm.objects.get(pk=a.term_id)
    assert (term.start_date, term.end_date) == (date(YEAR, 4, 7), date(YEAR + 1, 7, 31))


def test_only_the_receiving_co_or_clair_confirms(world):
    _p, a = _travelling(world)
    co = a.contracting_org
    other = "co_b.coordinator" if co == world.orgs["co_a"] else "co_a.coordinator"
    with pytest.raises((NotFound, PermissionDenied)):
        services.confirm_arrival(
            actor=world.users[other], departure_id=a.pk, arrived_on=ARRIVES, today=date(YEAR, 8, 1)
        )
    with pytest.raises((NotFound, PermissionDenied)):
        services.confirm_arrival(
            actor=world.users["mission_a.staff"],
            departure_id=a.pk,
            arrived_on=ARRIVES,
            today=date(YEAR, 8, 1),
        )
    a.refresh_from_db()
    assert a.status == DepartureStatus.ASSIGNED


def test_a_no_show_reopens_the_seat(world):
    _p, a = _travelling(world)
    clair = world.users["clair.staff"]
    with pytest.raises(DomainError, match="once the group has arrived"):
        services.record_no_show(actor=clair, departure_id=a.pk, reason="missed", today=DEPARTS)
    with pytest.raises(DomainError):
        services.record_no_show(actor=clair, departure_id=a.pk, reason=" ", today=ARRIVES)
    done = services.record_no_show(actor=clair, departure_id=a.pk, reason="Visa refused", today=ARRIVES)
    assert done.appointment == "removed" and done.withdrawn and done.alternate
    a.refresh_from_db()
    assert a.status == DepartureStatus.NO_SHOW and a.reason == "Visa refused"
    app = _p.apps["b"]
    app.refresh_from_db()
    assert app.status == ApplicationStatus.WITHDRAWN
    assert not AppointmentTerm.objects.filter(participant__person_id=app.person_id).exists()
    assert not Participant.objects.filter(person_id=app.person_id).exists()
    assert Person.objects.get(pk=app.person_id).kind == PersonKind.APPLICANT
    # placement's correction run leaves the seat free
    published_run = runs.published_run(YEAR)
    fix = runs.create_correction(actor=clair, run_id=published_run.pk)
    assert not fix.placements.filter(application=app).exists()
    # the record stays for the figures: one no-show in the group
    rows = TABLES["arrivals"].compute({"fy": YEAR})[1]
    assert [(r[1], r[6]) for r in rows] == [("a", 1)]
    assert AuditEvent.objects.filter(action="departure.no_show").count() == 1


def test_a_withdrawal_is_before_departure_only(world):
    _p, a = _travelling(world)
    staff = world.users["mission_a.staff"]
    before = _counts()
    with pytest.raises(DomainError, match="before departure"):
        services.record_withdrawal(actor=staff, departure_id=a.pk, reason="Changed mind", today=DEPARTS)
    assert _counts() == before
    done = services.record_withdrawal(
        actor=staff, departure_id=a.pk, reason="Changed mind", today=DEPARTS - timedelta(days=10)
    )
    assert done.withdrawn
    a.refresh_from_db()
    assert a.status == DepartureStatus.WITHDRAWN


def test_after_the_cut_off_no_alternate(world):
    published(world)
    g = group(world, "late", departs=date(YEAR, 8, 20), arrives=date(YEAR, 8, 21))
    assert services.upgrade_cutoff(YEAR, g.mission_id) == date(YEAR, 8, 20)
    g.delete()
    assert services.upgrade_cutoff(YEAR, world.orgs["mission_a"].pk) == date(YEAR, 8, 31)


def test_moves_and_travel_changes_need_a_reason_and_stay_in_the_history(world):
    _p, a = _travelling(world)
    staff = world.users["mission_a.staff"]
    b = group(world, "b", departs=date(YEAR, 8, 4), arrives=date(YEAR, 8, 5))
    with pytest.raises(DomainError, match="needs a reason"):
        services.move(actor=staff, departure_id=a.pk, group_id=b.pk, reason="")
    services.move(actor=staff, departure_id=a.pk, group_id=b.pk, reason="Exams until July")
    a.refresh_from_db()
    assert a.group == b
    with pytest.raises(DomainError, match="needs a reason"):
        services.update_group(
            actor=staff,
            group_id=b.pk,
            fields=services.GroupFields(date(YEAR, 8, 5), date(YEAR, 8, 6), "LHR"),
            reason="",
        )
    services.update_group(
        actor=staff,
        group_id=b.pk,
        fields=services.GroupFields(date(YEAR, 8, 5), date(YEAR, 8, 6), "LHR", "BA 5"),
        reason="Flight cancelled",
    )
    kinds = set(DepartureChange.objects.filter(group=b).values_list("kind", "reason"))
    assert ("moved", "Exams until July") in kinds and ("travel", "Flight cancelled") in kinds
    assert AuditEvent.objects.filter(action="departure.group.change").count() == 1


def test_stats_arrivals_rows_and_columns(world):
    _p, a = _travelling(world)
    services.confirm_arrival(
        actor=world.users["clair.staff"], departure_id=a.pk, arrived_on=ARRIVES, today=date(YEAR, 8, 1)
    )
    header, rows = TABLES["arrivals"].compute({"fy": YEAR})
    assert list(header) == [
        "fiscal_year",
        "group",
        "arrival_date",
        "mission",
        "participants",
        "arrived",
        "no_shows",
    ]
    n = DepartureAssignment.objects.count()
    assert rows == [[YEAR, "a", ARRIVES.isoformat(), world.orgs["mission_a"].code, n, 1, 0]]
