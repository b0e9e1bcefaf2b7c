"""The demo world's JETAA support (one small-world build): the issue's "Done when" on ``jetpm stats
jetaa-support --fy 2025`` and the records behind it, and FY2026 in progress with work for the demo logins."""

from __future__ import annotations

import csv
import io
from collections import Counter

import pytest
from django.core.management import call_command
from django.db.models import Sum

from jetpm.core.models import Organisation, User
from jetpm.core.states import OrgKind
from jetpm.demo.generator import build_world
from jetpm.demo.logins import NEW_YORK_CHAPTER, UK_MISSION
from jetpm.jetaa import selectors, selectors_figures
from jetpm.jetaa.models import (
    Assessment,
    ChapterPlan,
    ExecutionPlan,
    HQEvaluation,
    MissionEnvelope,
    Payment,
    ProjectLine,
    ProjectReport,
    SupportYear,
)
from jetpm.jetaa.states import CURRENT, ExecutionPlanStatus, LineStatus, PolicyStatus


def stats(fy: int) -> list[dict[str, str]]:
    out = io.StringIO()
    call_command("stats", "jetaa-support", "--fy", str(fy), "--format", "csv", stdout=out)
    return list(csv.DictReader(io.StringIO(out.getvalue())))


@pytest.mark.slow
@pytest.mark.django_db
def test_the_demo_worlds_jetaa_support() -> None:
    build_world(scale="small", seed=1)
    chapters = Organisation.objects.filter(kind=OrgKind.JETAA_CHAPTER).count()
    assert chapters == 55

    # --- FY2025: the "Done when" -------------------------------------------------------------
    rows = stats(2025)
    *missions, total = rows
    assert total["mission"] == "total" and [r["mission"] for r in missions] == sorted(
        r["mission"] for r in missions
    )
    assert int(total["chapters"]) == chapters  # every chapter in a mission's plan …
    plans = ChapterPlan.objects.filter(fiscal_year=2025)
    assert max(Counter(plans.values_list("chapter_id", flat=True)).values()) == 1  # … in exactly one
    assert not plans.filter(execution_plan__isnull=True).exists()
    for row in rows:
        assert int(row["approved_yen"]) <= int(row["requested_yen"]), row
        assert int(row["spent_yen"]) <= int(row["approved_yen"]), row
        assert row["reported"] == row["projects"] == row["evaluated"], (
            row
        )  # every project reported, evaluated
    for key in (
        "chapters",
        "projects",
        "requested_yen",
        "approved_yen",
        "spent_yen",
        "reported",
        "evaluated",
    ):
        assert int(total[key]) == sum(int(r[key]) for r in missions)
    assert int(total["approved_yen"]) <= 139_000_000
    # some lines reduced, some rejected, each with its reason
    lines = ProjectLine.objects.filter(plan__fiscal_year=2025)
    assert (
        lines.filter(status=LineStatus.REDUCED).exists() and lines.filter(status=LineStatus.REJECTED).exists()
    )
    assert not lines.filter(status=LineStatus.PENDING).exists()
    assert (
        not Assessment.objects.filter(line__plan__fiscal_year=2025)
        .exclude(decision="approve")
        .filter(reason="")
        .exists()
    )
    assert Assessment.objects.filter(line__plan__fiscal_year=2025).count() == lines.count()
    # within each mission's envelope, and the envelopes within the national budget
    for envelope in MissionEnvelope.objects.filter(fiscal_year=2025):
        approved = (
            lines.filter(plan__mission_id=envelope.mission_id).aggregate(s=Sum("approved_yen"))["s"] or 0
        )
        assert approved <= envelope.amount_yen
    assert MissionEnvelope.objects.filter(fiscal_year=2025).aggregate(s=Sum("amount_yen"))["s"] <= 139_000_000
    assert SupportYear.objects.get(fiscal_year=2025).national_budget_yen == 139_000_000
    assert not ProjectReport.objects.filter(line__plan__fiscal_year=2025, impressions="").exists()
    assert HQEvaluation.objects.filter(execution_plan__fiscal_year=2025).count() == len(missions)

    # --- FY2026 in progress: the revised policy, plans assessed, support committed, no report ------------
    revised = SupportYear.objects.get(fiscal_year=2026, status=PolicyStatus.APPROVED)
    assert (
        revised.version == 2 and revised.previous.status == PolicyStatus.SUPERSEDED and revised.revision_note
    )
    rows26 = stats(2026)
    assert int(rows26[-1]["chapters"]) == chapters and rows26[-1]["reported"] == "0"
    assert not ProjectReport.objects.filter(line__plan__fiscal_year=2026).exists()
    assert Payment.objects.filter(commitment__line__plan__fiscal_year=2026).exists()
    assert ProjectLine.objects.filter(plan__fiscal_year=2026, carried_from__isnull=False).exists()
    assert ExecutionPlan.objects.filter(fiscal_year=2026, status=ExecutionPlanStatus.SUBMITTED).exists()

    # --- the demo logins' work ---------------------------------------------------------------------------
    officer = User.objects.get(username="chapter.officer")
    ny_plan = selectors.chapter_plans(officer, 2026).get()
    assert ny_plan.chapter.code == NEW_YORK_CHAPTER
    due = [
        line
        for line in selectors.lines_of(officer, ny_plan)
        if line.status in ("approved", "reduced") and str(line.starts_on) <= "2026-12-06"
    ]
    assert due and not ProjectReport.objects.filter(line__in=due).exists()  # held, to report
    staff = User.objects.get(username="mission.staff")
    uk_lines = ProjectLine.objects.filter(
        plan__mission__code=UK_MISSION, plan__fiscal_year=2026, status__in=CURRENT
    )
    assert uk_lines.filter(
        status__in=("approved", "reduced"), commitments__isnull=True
    ).exists()  # support to commit
    assert uk_lines.filter(
        status=LineStatus.PENDING, previous__isnull=False
    ).exists()  # a change waiting for HQ
    assert selectors.execution_plans(staff, 2026).get().mission.code == UK_MISSION
    hq = User.objects.get(username="mofa.staff")
    assert selectors.execution_plans(hq, 2026).filter(status=ExecutionPlanStatus.SUBMITTED).count() >= 2
    overview = selectors_figures.budget_overview(hq, 2026)
    assert (
        overview.national.budget == 139_000_000 and overview.national.committed > overview.national.spent >= 0
    )
