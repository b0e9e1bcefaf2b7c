"""The demo world's requests: FY2024's totals at full scale, the same shape at small scale, 2027 half-way
(its window, October 2026 – February 2027, is open on the demo's today)."""

from __future__ import annotations

import random
from collections import Counter

import pytest
from django.db.models import Sum

from jetpm.core.states import COKind
from jetpm.demo.generator import build_world
from jetpm.demo.logins import GIFU_CO
from jetpm.demo.world.planning_requests import FY2024, Org, plan_lines, targets
from jetpm.planning.models import PlacementRequest, RequestLine
from jetpm.planning.selectors.demand import demand_summary
from jetpm.planning.states import RequestStatus


def _totals(year: int) -> dict[str, tuple[int, int]]:
    rows = (
        RequestLine.objects.filter(request__intake_year=year)
        .order_by()
        .values_list("job_type")
        .annotate(n=Sum("new_participants"), c=Sum("continuing"))
    )
    return {job: (n + c, n) for job, n, c in rows}


def test_plan_lines_hits_fy2024_exactly_at_full_scale():
    kinds = [COKind.PREFECTURE] * 47 + [COKind.DESIGNATED_CITY] * 20 + [COKind.MUNICIPALITY] * 760
    kinds += [COKind.PRIVATE_SCHOOL] * 157
    orgs = [Org(f"co-{i:04d}", k) for i, k in enumerate(kinds)]
    assert targets(len(orgs)) == FY2024
    lines = plan_lines(orgs, targets(len(orgs)), random.Random(3))
    for job, (total, new) in FY2024.items():
        mine = [x for x in lines if x.job_type == job]
        assert sum(x.total for x in mine) == total and sum(x.new for x in mine) == new
        assert all(0 <= x.new <= x.total for x in mine)
    assert {x.org for x in lines if x.job_type == "ALT"} == {o.code for o in orgs}
    assert all(x.sport for x in lines if x.job_type == "SEA")


@pytest.mark.slow
@pytest.mark.django_db
def test_full_world_requests_match_fy2024():
    build_world(scale="full", seed=1)
    assert _totals(2025) == {job: FY2024[job] for job in ("ALT", "CIR", "SEA")}
    for year in (2026, 2027):
        for job, (total, _new) in FY2024.items():
            got_total, _got_new = _totals(year)[job]
            assert abs(got_total - total) <= max(1, total * 0.05 + 1)
    summary = demand_summary(2026)
    assert {r.key: r.last_new for r in summary.by_job_type} == {"ALT": 1829, "CIR": 173, "SEA": 4}


@pytest.mark.slow
@pytest.mark.django_db
def test_small_world_requests_have_the_same_shape():
    build_world(scale="small", seed=1)
    n_cos = 47 + 20 + 60 + 10
    for year in (2025, 2026):
        statuses = Counter(PlacementRequest.objects.filter(intake_year=year).values_list("status", flat=True))
        assert statuses == {RequestStatus.ACCEPTED: n_cos}
    assert _totals(2025) == targets(n_cos)
    alt_langs = set(RequestLine.objects.filter(job_type="ALT").values_list("language__code", flat=True))
    assert "en" in alt_langs and alt_langs <= {"en", "de", "fr", "zh", "ko"}
    assert RequestLine.objects.filter(job_type="CIR").values("language").distinct().count() >= 4
    assert not RequestLine.objects.filter(job_type="SEA", sport="").exists()
    assert not RequestLine.objects.exclude(job_type="SEA").exclude(sport="").exists()
    open_year = Counter(PlacementRequest.objects.filter(intake_year=2027).values_list("status", flat=True))
    assert open_year[RequestStatus.SUBMITTED] + open_year[RequestStatus.FORWARDED] > n_cos * 0.6
    assert open_year[RequestStatus.DRAFT] >= 1
    gifu = PlacementRequest.objects.get(organisation__code=GIFU_CO, intake_year=2027)
    assert gifu.status == RequestStatus.DRAFT and gifu.lines.count() == 2
    assert not PlacementRequest.objects.filter(intake_year=2028).exists()  # its window opens in October 2027
