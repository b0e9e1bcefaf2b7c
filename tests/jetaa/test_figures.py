"""``jetpm stats jetaa-support`` (formats/programme-figures.md) on hand-made records: the header exactly, one
row per mission supporting a chapter sorted by mission code, the total row; the budget at every level and
HQ's side-by-side with a bounded number of queries."""

from __future__ import annotations

import csv
import io
from datetime import date
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from jetpm.core.models import Organisation
from jetpm.core.scoping import OPERATOR
from jetpm.core.states import OrgKind
from jetpm.jetaa import budget, selectors, selectors_figures
from jetpm.jetaa.models import (
    ChapterPlan,
    Commitment,
    ExecutionPlan,
    MissionEnvelope,
    MissionEvaluation,
    Payment,
    ProjectLine,
    ProjectReport,
    SupportYear,
)

pytestmark = pytest.mark.django_db

FY = 2025


def run(*args: str) -> list[list[str]]:
    out = io.StringIO()
    call_command("stats", "jetaa-support", *args, stdout=out)
    return list(csv.reader(io.StringIO(out.getvalue())))


def _line(
    plan: ChapterPlan, *, requested: int, approved: int, status: str, category: str = "career", **kw
) -> ProjectLine:
    return ProjectLine.objects.create(
        plan=plan,
        category=category,
        title=f"Project {requested}",
        starts_on=date(FY, 6, 1),
        ends_on=date(FY, 6, 1),
        place="Hall",
        expected_participants=kw.pop("expected", 50),
        amount_local=Decimal(requested),
        rate_to_yen=Decimal(1),
        requested_yen=requested,
        approved_yen=approved,
        status=status,
        **kw,
    )


def _paid(line: ProjectLine, amount: int) -> None:
    c = Commitment.objects.create(line=line, amount_yen=amount, committed_on=date(FY, 5, 1))
    Payment.objects.create(commitment=c, amount_yen=amount, paid_on=date(FY, 5, 2))


@pytest.fixture
def records(world):
    """Mission B (code mission-ie-dublin) supports chapter B; mission A (mission-gb-london) chapter A with
    three lines (approved and paid, reduced, rejected) and a superseded version that must not count; a
    third mission has an execution plan with no chapter (no row)."""
    o = world.orgs
    SupportYear.objects.create(
        fiscal_year=FY,
        status="approved",
        national_budget_yen=139_000_000,
        chapter_plans_from=date(FY, 1, 10),
        chapter_plans_until=date(FY, 2, 10),
        mission_plans_from=date(FY, 1, 10),
        mission_plans_until=date(FY, 2, 28),
        assessment_from=date(FY, 3, 1),
        assessment_until=date(FY, 3, 31),
        reports_until=date(FY + 1, 3, 31),
        evaluations_until=date(FY + 1, 4, 30),
    )
    out = {}
    for key, mission in (("a", o["mission_a"]), ("b", o["mission_b"])):
        MissionEnvelope.objects.create(mission=mission, fiscal_year=FY, amount_yen=2_000_000)
        ex = ExecutionPlan.objects.create(mission=mission, fiscal_year=FY, status="assessed")
        out[f"plan_{key}"] = ChapterPlan.objects.create(
            chapter=o[f"chapter_{key}"], mission=mission, fiscal_year=FY, execution_plan=ex, status="included"
        )
    pa, pb = out["plan_a"], out["plan_b"]
    a1 = _line(pa, requested=500_000, approved=500_000, status="approved", category="networking")
    old = _line(pa, requested=300_000, approved=0, status="superseded")
    a2 = _line(pa, requested=400_000, approved=250_000, status="reduced", previous=old, expected=20)
    _line(pa, requested=100_000, approved=0, status="rejected")
    _paid(a1, 450_000)
    _paid(a2, 250_000)
    ProjectReport.objects.create(
        line=a1,
        held_on=date(FY, 6, 1),
        participants=60,
        impressions="Good",
        expenses_yen=450_000,
        submitted_at="2025-06-10T00:00Z",
    )
    ProjectReport.objects.create(
        line=a2,
        held_on=date(FY, 6, 1),
        participants=10,
        impressions="Fine",
        expenses_yen=250_000,
        submitted_at="2025-06-10T00:00Z",
    )
    MissionEvaluation.objects.create(
        line=a1,
        effect="high",
        support_next_year=True,
        reason="Well attended",
        evaluated_at="2025-07-01T00:00Z",
    )
    b1 = _line(pb, requested=200_000, approved=200_000, status="approved")
    _paid(b1, 150_000)
    third = Organisation.objects.create(
        kind=OrgKind.MISSION, code="mission-aa-first", name_en="First", name_ja="一"
    )
    ExecutionPlan.objects.create(mission=third, fiscal_year=FY)
    # another year's plan does not count
    ChapterPlan.objects.create(chapter=o["chapter_a"], mission=o["mission_a"], fiscal_year=FY + 1)
    out.update(a1=a1, a2=a2, b1=b1)
    return out


def test_the_table_is_exactly_the_contract(records):
    """London: three current lines (the rejected one asked, but is no project), a superseded version that
    counts nowhere; Dublin: one line."""
    rows = run("--fy", str(FY), "--format", "csv")
    assert rows[0] == [
        "fiscal_year",
        "mission",
        "chapters",
        "projects",
        "requested_yen",
        "approved_yen",
        "spent_yen",
        "reported",
        "evaluated",
    ]
    assert rows[1:] == [
        ["2025", "mission-gb-london", "1", "2", "1000000", "750000", "700000", "2", "1"],
        ["2025", "mission-ie-dublin", "1", "1", "200000", "200000", "150000", "0", "0"],
        ["2025", "total", "2", "3", "1200000", "950000", "850000", "2", "1"],
    ]


def test_a_year_without_plans_has_only_the_total_row():
    assert run("--fy", "2030", "--format", "csv")[1:] == [
        ["2030", "total", "0", "0", "0", "0", "0", "0", "0"]
    ]


def test_the_table_for_people_aligns_the_same_figures(records):
    out = io.StringIO()
    call_command("stats", "jetaa-support", "--fy", str(FY), stdout=out)
    text = out.getvalue().splitlines()
    assert text[0].split() == list(budget.SUPPORT_COLUMNS)
    assert text[-1].split() == ["2025", "total", "2", "3", "1200000", "950000", "850000", "2", "1"]


def test_a_bad_year_is_refused():
    with pytest.raises((CommandError, SystemExit)):
        call_command("stats", "jetaa-support", "--fy", "1900", "--format", "csv")


def test_the_budget_at_every_level(records, world, django_assert_max_num_queries):
    with django_assert_max_num_queries(14):
        overview = selectors_figures.budget_overview(OPERATOR, FY)
    assert overview.national.budget == 139_000_000
    assert (overview.national.requested, overview.national.approved) == (1_200_000, 950_000)
    assert (overview.national.committed, overview.national.spent) == (850_000, 850_000)
    assert overview.national.remaining == 139_000_000 - 950_000
    london = next(r for r in overview.by_mission if r.key.code == "mission-gb-london")
    assert (london.totals.budget, london.totals.approved, london.totals.remaining) == (
        2_000_000,
        750_000,
        1_250_000,
    )
    assert {r.key: r.totals.approved for r in overview.by_category} == {
        "networking": 500_000,
        "career": 450_000,
    }
    # a mission sees its own figures only
    mine = selectors_figures.budget_overview(world.users["mission_b.staff"], FY)
    assert [r.key.code for r in mine.by_mission] == ["mission-ie-dublin"]
    assert mine.national.approved == 200_000


def test_the_side_by_side_of_the_missions(records, django_assert_max_num_queries):
    with django_assert_max_num_queries(6):
        view = selectors_figures.side_by_side(OPERATOR, FY)
    london = view.by_mission[0]
    assert london.label and london.reported == 2 and london.evaluated == 1
    assert london.participants == 70 and london.spent_yen == 700_000
    assert london.cost_per_participant == 10_000
    assert london.expected_participants == 70 and london.participants_against_plan_pct == 100
    assert london.effects == {"high": 1} and london.support_next_year == 1
    assert view.total.projects == 4 and view.total.chapters == 2


def test_the_lines_show_last_years_evaluation(records, world):
    a1 = records["a1"]
    plan = ChapterPlan.objects.get(fiscal_year=FY + 1)
    _line(plan, requested=100, approved=0, status="pending", carried_from=a1)
    lines = list(selectors.lines_of(world.users["chapter_a.officer"], plan))
    assert lines[0].carried_from.evaluation.support_next_year is True
    assert selectors.lines_of(world.users["chapter_b.officer"], plan).count() == 0


def test_scoping_of_plans(records, world):
    assert [p.chapter.code for p in selectors.chapter_plans(world.users["mission_b.staff"], FY)] == [
        "jetaa-sydney"
    ]
    assert selectors.chapter_plans(world.users["mofa.staff"], FY).count() == 2
    assert selectors.chapter_plans(world.users["co_a.coordinator"], FY).count() == 0
    assert selectors.execution_plans(world.users["chapter_a.officer"]).count() == 0
