"""Test data of departure groups and arrival: a published 2027 placement (tests/placement's small year) and a
group A of mission A."""

from __future__ import annotations

from datetime import date

from jetpm.placement.services import runs
from jetpm.predeparture.departure import services
from jetpm.predeparture.models import DepartureGroup
from tests.placement.workflow_support import YEAR, Placed, small_year, solved
from tests.world import World

DEPARTS = date(YEAR, 7, 28)
ARRIVES = date(YEAR, 7, 29)


def published(world: World) -> Placed:
    p = small_year(world)
    runs.publish_run(actor=world.users["clair.staff"], run_id=solved(world).pk)
    return p


def group(
    world: World, code: str = "a", *, departs: date = DEPARTS, arrives: date = ARRIVES
) -> DepartureGroup:
    return services.create_group(
        actor=world.users["mission_a.staff"],
        intake_year=YEAR,
        mission_id=world.orgs["mission_a"].pk,
        code=code,
        fields=services.GroupFields(departs, arrives, "London Heathrow", "JL 42 LHR–HND"),
    )
