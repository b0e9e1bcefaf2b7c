"""The demo world from placement to appointments: the FY2026 cohort is the people the published FY2026 run
placed — they applied in autumn 2025, were placed and serve on the demo's today (small scale)."""

from __future__ import annotations

from datetime import date

import pytest

from jetpm.appointments.models import AppointmentTerm, Participant
from jetpm.appointments.states import TermStatus
from jetpm.core.models import AuditEvent
from jetpm.core.states import PersonKind
from jetpm.demo.generator import build_world
from jetpm.placement.models import Placement
from jetpm.placement.states import RunStatus


@pytest.mark.slow
@pytest.mark.django_db
def test_the_placed_serve() -> None:
    build_world(scale="small", seed=1)
    placed = list(
        Placement.objects.filter(
            run__status=RunStatus.PUBLISHED, run__intake_year=2026, contracting_org__isnull=False
        ).select_related("application__person", "application__country")
    )
    assert placed
    firsts = {
        t.participant.person_id: t
        for t in AppointmentTerm.objects.filter(fiscal_year=2026, year_on_programme=1).select_related(
            "participant"
        )
    }
    # the departure step (predeparture): a few placed did not arrive (their appointment removed), a few
    # travelled in April (their first term from 7 April) or with the late group (from 3 August)
    from jetpm.predeparture.models import DepartureAssignment

    no_shows = set(DepartureAssignment.objects.filter(status="no_show").values_list("person_id", flat=True))
    april = set(DepartureAssignment.objects.filter(group__code="april").values_list("person_id", flat=True))
    assert no_shows and april
    for p in placed:
        person = p.application.person
        if person.pk in no_shows:
            assert person.kind == PersonKind.APPLICANT and p.application.status == "withdrawn"
            continue
        assert person.kind == PersonKind.PARTICIPANT and person.contracting_org_id == p.contracting_org_id
        term = firsts[person.pk]
        assert term.participant.cohort_year == 2026
        assert term.participant.jet_id.startswith(f"J2026{p.application.country.code}")
        assert term.contracting_org_id == p.contracting_org_id
        assert term.status == TermStatus.SERVING  # on the demo's today
        assert term.start_date is not None
        if person.pk in april:  # their first term ends with the summer arrivals'
            assert term.start_date == date(2026, 4, 7) and term.end_date == date(2027, 7, 31)
        else:
            assert date(2026, 7, 27) <= term.start_date <= date(2026, 8, 3)
        # those already reappointed stay with their organisation, from the day after their first term
        later = AppointmentTerm.objects.filter(participant=term.participant, fiscal_year=2027).first()
        if later is not None:
            assert later.contracting_org_id == p.contracting_org_id and later.year_on_programme == 2
            assert term.end_date is not None and later.start_date == date.fromordinal(
                term.end_date.toordinal() + 1
            )
    # serving until next summer, the April arrivals are not among the returns CLAIR has to record
    from jetpm.alumni.selectors import returns_to_record
    from jetpm.core.models import User

    clair = User.objects.get(username="clair.staff")
    returning = set(returns_to_record(clair).values_list("participant__person_id", flat=True))
    assert not returning & april
    # the cohort is the placed (topped up only when the run placed fewer than the cohort's size)
    cohort = Participant.objects.filter(cohort_year=2026)
    assert cohort.count() >= len(placed) - len(no_shows)
    assert {p.application.person_id for p in placed} - no_shows <= set(
        cohort.values_list("person_id", flat=True)
    )
    jet_ids = list(cohort.values_list("jet_id", flat=True))
    assert len(jet_ids) == len(set(jet_ids))
    assert AuditEvent.objects.filter(action="placement.appointment.create").count() == len(placed)
    # the FY2025 cohort is history: it served FY2025 and, in part, serves FY2026
    fy2025 = Participant.objects.filter(cohort_year=2025)
    assert fy2025.exists()
    assert AppointmentTerm.objects.filter(participant__in=fy2025, fiscal_year=2025).count() == fy2025.count()
    assert AppointmentTerm.objects.filter(participant__in=fy2025, fiscal_year=2026).exists()
    # the demo login participant is still a FY2024 UK participant in Gifu
    login = Participant.objects.get(person__user__username="participant")
    assert login.cohort_year < 2025 and login.country.code == "GB"
