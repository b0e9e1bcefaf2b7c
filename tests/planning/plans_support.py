"""Test data for the country plan tests: demand (submitted requests) on top of the shared small world."""

from __future__ import annotations

from jetpm.core.models import Language
from jetpm.planning.models import CountryPlan, PlacementRequest, RequestLine
from jetpm.planning.states import PlanStatus, RequestStatus
from tests.world import World

YEAR = 2027
# (organisation key, job type, language, new participants)
DEMAND = [
    ("co_a", "ALT", "en", 40),
    ("co_b", "ALT", "en", 17),
    ("co_a", "CIR", "en", 3),
    ("co_b", "CIR", "zh", 2),
    ("co_a", "ALT", "fr", 2),
    ("co_b", "SEA", "ko", 1),
]


def add_demand(world: World, rows: list[tuple[str, str, str, int]] = DEMAND, year: int = YEAR) -> None:
    langs = {lang.code: lang for lang in Language.objects.all()}
    requests: dict[str, PlacementRequest] = {}
    for key, job, lang, n in rows:
        if key not in requests:
            requests[key] = PlacementRequest.objects.get_or_create(
                organisation=world.orgs[key], intake_year=year, defaults={"status": RequestStatus.SUBMITTED}
            )[0]
        RequestLine.objects.create(
            request=requests[key], job_type=job, language=langs[lang], new_participants=n
        )


def totals(plan: CountryPlan) -> dict[tuple[str, str], int]:
    out: dict[tuple[str, str], int] = {}
    for job, lang, seats in plan.lines.values_list("job_type", "language__code", "seats"):
        out[(job, lang)] = out.get((job, lang), 0) + seats
    return out


def lines(plan: CountryPlan) -> dict[tuple[str, str, str], tuple[int, int, str]]:
    return {
        (c, j, lang): (p, s, r)
        for c, j, lang, p, s, r in plan.lines.values_list(
            "country__code", "job_type", "language__code", "proposed", "seats", "reason"
        )
    }


def approved_plan(year: int = YEAR - 1) -> CountryPlan:
    """An approved plan of an earlier year (the weights of the "participants" source)."""
    return CountryPlan.objects.create(intake_year=year, version=1, status=PlanStatus.APPROVED)


def computed_plan(world):  # type: ignore[no-untyped-def]
    """A draft plan of YEAR with equal weights over the demand, its proposal computed."""
    from jetpm.planning.services import plans as services
    from jetpm.planning.states import WeightSource

    add_demand(world)
    mic = world.users["mic.staff"]
    p = services.create_plan(actor=mic, intake_year=YEAR)
    services.update_parameters(
        actor=mic,
        plan_id=p.pk,
        method="hamilton",
        weight_source=WeightSource.EQUAL,
        min_per_country=0,
        max_per_country=None,
    )
    services.compute_proposal(actor=mic, plan_id=p.pk)
    p.refresh_from_db()
    return p
