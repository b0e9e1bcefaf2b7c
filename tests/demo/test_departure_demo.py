"""The demo's departure groups and arrivals (predeparture): FY2026 complete — April and summer groups, the
late group of upgraded alternates, a few no-shows — and the arrived total equals the FY2026 new
participants of ``jetpm stats participants``; FY2027 (being screened) has no group yet."""

from __future__ import annotations

import pytest

from jetpm.appointments.models import AppointmentTerm
from jetpm.core.figures import TABLES
from jetpm.demo.generator import build_world
from jetpm.predeparture.models import DepartureAssignment
from jetpm.selection.models import Offer


@pytest.mark.slow
@pytest.mark.django_db
def test_the_demo_arrivals_match_the_new_participants() -> None:
    build_world(scale="small", seed=1)
    _header, rows = TABLES["arrivals"].compute({"fy": 2026})
    groups = {r[1] for r in rows}
    assert {"april", "a", "b", "late"} <= groups
    arrived = sum(r[5] for r in rows)
    no_shows = sum(r[6] for r in rows)
    new = sum(r[4] for r in TABLES["participants"].compute({"fy": 2026})[1])
    assert arrived == new > 0 and no_shows >= 2
    assert sum(r[4] for r in rows) == arrived + no_shows
    # every first term of FY2026 starts the day after its arrival
    for a in DepartureAssignment.objects.filter(status="arrived").select_related("term")[:300]:
        assert a.term is not None and a.arrived_on is not None
        assert (a.term.start_date - a.arrived_on).days == 1
    # the upgraded alternates travel with the late group
    upgraded = set(
        Offer.objects.filter(application__intake_year=2026, origin="upgrade").values_list(
            "application__person_id", flat=True
        )
    )
    late = DepartureAssignment.objects.filter(group__code="late")
    assert upgraded and set(late.values_list("person_id", flat=True)) == upgraded & set(
        DepartureAssignment.objects.values_list("person_id", flat=True)
    )
    # the no-shows' appointments are gone
    gone = DepartureAssignment.objects.filter(status="no_show").values_list("person_id", flat=True)
    assert not AppointmentTerm.objects.filter(participant__person_id__in=list(gone)).exists()
    # FY2027 is being screened: no group yet
    assert TABLES["arrivals"].compute({"fy": 2027})[1] == []
