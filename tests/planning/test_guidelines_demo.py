"""The demo world's guidelines: approved FY2025–FY2027 (FY2026 corrected once), a FY2028 draft copied from
FY2027, realistic criteria per stage."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.db.models import Sum

from jetpm.demo.generator import build_world
from jetpm.planning.models import Criterion, Guideline
from jetpm.planning.services.guidelines import EDITABLE_FIELDS, stage_weight_sums
from jetpm.planning.states import GuidelineStatus


@pytest.mark.slow
@pytest.mark.django_db
def test_demo_guidelines():
    build_world(scale="small", seed=1)
    rows = list(
        Guideline.objects.order_by("intake_year", "version").values_list("intake_year", "version", "status")
    )
    assert rows == [
        (2025, 1, "approved"),
        (2026, 1, "superseded"),
        (2026, 2, "approved"),
        (2027, 1, "approved"),
        (2028, 1, "draft"),
    ]
    v2 = Guideline.objects.get(intake_year=2026, version=2)
    assert v2.supersedes == Guideline.objects.get(intake_year=2026, version=1)
    for g in Guideline.objects.exclude(status=GuidelineStatus.DRAFT):
        assert g.approved_by is not None and g.approved_by.username == "council.approver"
        assert g.text_ja.strip() and g.text_en.strip() and "demo" in g.text_en.lower()
    g2027, g2028 = Guideline.objects.get(intake_year=2027), Guideline.objects.get(intake_year=2028)
    assert all(getattr(g2027, f) == getattr(g2028, f) for f in EDITABLE_FIELDS)
    assert stage_weight_sums(g2027) == {
        "documents": Decimal(100),
        "interview": Decimal(100),
        "japanese_test": Decimal(100),
    }
    scales = set(Criterion.objects.filter(guideline=g2027).values_list("stage", "scale_min", "scale_max"))
    assert scales == {("documents", 1, 5), ("interview", 1, 5), ("japanese_test", 1, 10)}
    assert Criterion.objects.aggregate(n=Sum("weight"))["n"] == Decimal(300 * 5)
