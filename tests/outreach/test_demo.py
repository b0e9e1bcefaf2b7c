from __future__ import annotations

import pytest
from django.db.models import Count

from jetpm.core.models import Organisation
from jetpm.core.states import OrgKind
from jetpm.demo.generator import build_world
from jetpm.demo.logins import UK_MISSION
from jetpm.outreach.models import OutreachActivity, SelfEvaluation
from jetpm.outreach.selectors import compute_figures

pytestmark = [pytest.mark.django_db, pytest.mark.slow]


def test_demo_outreach_step_at_small_scale():
    build_world(scale="small", seed=1)
    missions = Organisation.objects.filter(kind=OrgKind.MISSION).count()
    per = OutreachActivity.objects.values("mission_id", "fiscal_year").annotate(n=Count("id"))
    assert len(per) == 2 * missions
    assert all(4 <= row["n"] <= 25 for row in per)
    fy26 = OutreachActivity.objects.filter(fiscal_year=2026)
    assert fy26.filter(status="planned").exists() and fy26.filter(status="done").exists()
    assert not OutreachActivity.objects.filter(status="planned", attendance__isnull=False).exists()
    assert not OutreachActivity.objects.filter(fiscal_year=2025, status="planned").exists()
    statuses = dict(
        SelfEvaluation.objects.filter(fiscal_year=2025).values_list("status").annotate(n=Count("id"))
    )
    assert statuses.get("submitted", 0) + statuses.get("reviewed", 0) > missions / 2
    assert statuses.get("reviewed", 0) > 0
    uk = SelfEvaluation.objects.get(mission__code=UK_MISSION, fiscal_year=2026)
    assert uk.status == "draft"
    # the snapshot is what the live figures say
    ev = SelfEvaluation.objects.filter(fiscal_year=2025, status="submitted").first()
    assert ev is not None and ev.figures == compute_figures(ev.mission_id, 2025)
