"""The demo world's country plans (small scale)."""

from __future__ import annotations

import pytest

from jetpm.demo.generator import build_world
from jetpm.planning.models import CountryPlan
from jetpm.planning.selectors.demand import demand_by_job_and_language
from jetpm.planning.states import PlanStatus
from tests.planning.plans_support import lines, totals

pytestmark = [pytest.mark.django_db, pytest.mark.slow]


def test_demo_plans(db):
    build_world(scale="small", seed=1)
    approved = CountryPlan.objects.get(intake_year=2025)
    assert (approved.status, approved.version) == (PlanStatus.APPROVED, 1)
    assert approved.approved_by is not None and approved.approved_by.username == "council.approver"
    demand = demand_by_job_and_language(2025)
    assert totals(approved) == {k: n for k, n in demand.items() if n > 0}  # covers the demand exactly
    got = lines(approved)
    if sum(n for (j, lang), n in demand.items() if (j, lang) == ("ALT", "en")) >= 100:
        alt = {c: s for (c, j, lang), (_p, s, _r) in got.items() if (j, lang) == ("ALT", "en")}
        order = sorted(alt, key=lambda c: -alt[c])
        assert order[:3] == ["US", "GB", "CA"]  # FY2024's shares
    draft = CountryPlan.objects.get(intake_year=2027)  # its requests are being collected
    assert (draft.status, draft.version) == (PlanStatus.DRAFT, 1)
    edited = {k: v for k, v in lines(draft).items() if v[0] != v[1]}
    assert edited and all(reason for _p, _s, reason in edited.values())
    assert edited[("US", "CIR", "es")][:2] == (0, 1)  # a line the proposal did not have
