"""Shared records of the alumni tests: a participant whose last term is over, ready to return."""

from __future__ import annotations

from datetime import date

from jetpm.appointments.models import AppointmentTerm, Participant
from jetpm.appointments.states import TermStatus
from jetpm.core.models import Organisation, Person
from jetpm.core.states import JobType

LAST_FY = 2025
TERM_END = date(2026, 7, 31)
RETURNED = date(2026, 8, 5)


def finished_participant(
    person: Person, co: Organisation, *, jet_id: str, years: int = 2, status: str = TermStatus.COMPLETED
) -> AppointmentTerm:
    """A participant whose terms ran FY(2025-years+1)..FY2025 at ``co``; the last one ``status``."""
    participant = Participant.objects.create(
        person=person,
        jet_id=jet_id,
        cohort_year=LAST_FY - years + 1,
        country=person.nationality,
        job_type=JobType.ALT,
    )
    terms = [
        AppointmentTerm(
            participant=participant,
            fiscal_year=LAST_FY - years + y,
            year_on_programme=y,
            contracting_org=co,
            job_type=JobType.ALT,
            status=status if y == years else TermStatus.COMPLETED,
            start_date=date(LAST_FY - years + y, 8, 1),
            end_date=date(LAST_FY - years + y + 1, 7, 31),
        )
        for y in range(1, years + 1)
    ]
    AppointmentTerm.objects.bulk_create(terms)
    return AppointmentTerm.objects.get(participant=participant, fiscal_year=LAST_FY)
