"""Participants with serving terms in the test world, for the pages and reappointment tests."""

from __future__ import annotations

from datetime import date

from jetpm.appointments.models import AppointmentTerm, Participant, ProgrammeYearRules
from jetpm.appointments.states import TermStatus
from jetpm.core.models import Organisation, Person
from jetpm.core.states import JobType

ROUND = 2025
IN_WINDOW = date(2025, 12, 1)


def add_participant(
    person: Person, co: Organisation, *, jet_id: str, year_on_programme: int = 1, fiscal_year: int = ROUND
) -> AppointmentTerm:
    """A participant serving ``fiscal_year`` at ``co`` in their ``year_on_programme``-th year, with their
    completed earlier terms."""
    participant = Participant.objects.create(
        person=person,
        jet_id=jet_id,
        cohort_year=fiscal_year - year_on_programme + 1,
        country=person.nationality,
        job_type=JobType.ALT,
    )
    terms = [
        AppointmentTerm(
            participant=participant,
            fiscal_year=fiscal_year - year_on_programme + y,
            year_on_programme=y,
            contracting_org=co,
            job_type=JobType.ALT,
            status=TermStatus.SERVING if y == year_on_programme else TermStatus.COMPLETED,
        )
        for y in range(1, year_on_programme + 1)
    ]
    AppointmentTerm.objects.bulk_create(terms)
    return AppointmentTerm.objects.get(participant=participant, fiscal_year=fiscal_year)


def serving(world, *, year_a: int = 1, year_b: int = 1) -> tuple[AppointmentTerm, AppointmentTerm]:  # type: ignore[no-untyped-def]
    """participant_a serving at co_a and participant_b serving at co_b in FY2025."""
    a = add_participant(
        world.persons["participant_a"], world.orgs["co_a"], jet_id="A-1", year_on_programme=year_a
    )
    b = add_participant(
        world.persons["participant_b"], world.orgs["co_b"], jet_id="B-1", year_on_programme=year_b
    )
    return a, b


def round_rules(*, max_term: int = 5, extension: bool = False) -> ProgrammeYearRules:
    return ProgrammeYearRules.objects.create(
        fiscal_year=ROUND,
        max_term_years=max_term,
        extension_allowed=extension,
        extension_max_years=7,
        decisions_open=date(2025, 10, 15),
        decisions_close=date(2026, 2, 10),
    )
