"""A small hand-checked cost world: co_a, co_a2 (Gifu) and co_b (Ishikawa) in FY2025."""

from __future__ import annotations

from django.utils import timezone

from jetpm.appointments.models import AppointmentTerm, CostRates, ReappointmentDecision, SalaryRate
from jetpm.appointments.states import Assessment, DecisionStatus, Intention
from jetpm.core.models import Language
from jetpm.core.states import JobType
from jetpm.planning.models import PlacementRequest, RequestLine
from jetpm.planning.states import RequestStatus
from tests.appointments.reappointment_data import ROUND, add_participant

TABLE = ((1, 4_020_000), (2, 3_600_000), (3, 3_900_000), (4, 3_960_000))


def decided(term: AppointmentTerm, *, reappointed: bool) -> None:
    ReappointmentDecision.objects.create(
        term=term,
        intention=Intention.CONTINUE if reappointed else Intention.LEAVE,
        assessment=Assessment.CAPABLE if reappointed else "",
        status=DecisionStatus.DECIDED,
        reappointed=reappointed,
        decided_at=timezone.now(),
    )


def request(co, new: int, status: str) -> None:  # type: ignore[no-untyped-def]
    r = PlacementRequest.objects.create(organisation=co, intake_year=ROUND + 1, status=status)
    RequestLine.objects.create(
        request=r, job_type=JobType.ALT, language=Language.objects.get(code="en"), new_participants=new
    )


def cost_world(world, *, tables: tuple[int, ...] = (ROUND, ROUND + 1)) -> dict[str, AppointmentTerm]:  # type: ignore[no-untyped-def]
    """participant_a: co_a, 2nd year, reappointed; participant_a2: co_a2, 1st year, undecided; participant_b:
    co_b, 1st year, not reappointed (leaving). co_a requests 2 new for FY2026 (submitted); co_b 5 (draft,
    not counted). Salary tables of ``tables``; flat rates 220,000 / 220,000 / 60,000 in FY2025 and FY2026."""
    # the tables of these years are the test's own (the data migration filled them from the seed)
    SalaryRate.objects.filter(fiscal_year__in=(ROUND, ROUND + 1)).delete()
    SalaryRate.objects.bulk_create(
        SalaryRate(fiscal_year=fy, year_on_programme=yop, annual_salary_yen=amount)
        for fy in tables
        for yop, amount in TABLE
    )
    for fy in (ROUND, ROUND + 1):
        CostRates.objects.update_or_create(
            fiscal_year=fy,
            defaults={"travel_arrival_yen": 220_000, "travel_return_yen": 220_000, "insurance_yen": 60_000},
        )
    a = add_participant(world.persons["participant_a"], world.orgs["co_a"], jet_id="A-1", year_on_programme=2)
    a2 = add_participant(world.persons["participant_a2"], world.orgs["co_a2"], jet_id="A-2")
    b = add_participant(world.persons["participant_b"], world.orgs["co_b"], jet_id="B-1")
    decided(a, reappointed=True)
    decided(b, reappointed=False)
    request(world.orgs["co_a"], 2, RequestStatus.SUBMITTED)
    request(world.orgs["co_b"], 5, RequestStatus.DRAFT)
    return {"a": a, "a2": a2, "b": b}
