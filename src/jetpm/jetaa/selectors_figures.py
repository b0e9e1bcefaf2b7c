"""Reads of JETAA support's figures: the budget at every level (national budget → mission envelopes →
approved lines → commitments → payments; requested / approved / committed / spent / remaining by mission,
category and region), HQ's side-by-side of the missions' evaluations, and ``jetpm stats jetaa-support``.

A fixed number of aggregate queries whatever the number of lines; the arithmetic is in ``jetaa/budget.py``
(pure). Everything is read through the user's scope (a mission sees its own figures; the command line
passes ``OPERATOR``, who sees all)."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, Q, Sum

from jetpm.core.models import JetaaRegion, Organisation
from jetpm.core.scoping import OPERATOR, visible_to
from jetpm.jetaa import budget
from jetpm.jetaa.models import (
    ChapterPlan,
    Commitment,
    ExecutionPlan,
    HQEvaluation,
    MissionEnvelope,
    Payment,
    ProjectLine,
    SupportYear,
)
from jetpm.jetaa.states import CURRENT, Category, Effect, LineStatus, PolicyStatus

# the three breakdowns and the path from a line (or a commitment, a payment) to the key
_KEYS = {
    "mission": "plan__mission_id",
    "category": "category",
    "region": "plan__chapter__region_id",
}


@dataclass(frozen=True)
class BudgetRow:
    key: Any  # the mission, category code or region
    label: str
    totals: budget.Totals


@dataclass(frozen=True)
class BudgetOverview:
    fiscal_year: int
    national: budget.Totals  # budget: the national budget (when a policy exists)
    envelopes_total: int
    by_mission: list[BudgetRow]  # budget: the mission's envelope
    by_category: list[BudgetRow]
    by_region: list[BudgetRow]


def _sums(user: Any, fiscal_year: int, by: str) -> dict[Any, budget.Totals]:
    """requested/approved (lines), committed (commitments), spent (payments) by one key: three queries."""
    key = _KEYS[by]
    lines = visible_to(user, ProjectLine).filter(plan__fiscal_year=fiscal_year, status__in=CURRENT)
    requested = {
        row[key]: (int(row["r"] or 0), int(row["a"] or 0))
        for row in lines.order_by().values(key).annotate(r=Sum("requested_yen"), a=Sum("approved_yen"))
    }
    committed = {
        row[f"line__{key}"]: int(row["c"] or 0)
        for row in visible_to(user, Commitment)
        .filter(line__plan__fiscal_year=fiscal_year)
        .order_by()
        .values(f"line__{key}")
        .annotate(c=Sum("amount_yen"))
    }
    spent = {
        row[f"commitment__line__{key}"]: int(row["s"] or 0)
        for row in visible_to(user, Payment)
        .filter(commitment__line__plan__fiscal_year=fiscal_year)
        .order_by()
        .values(f"commitment__line__{key}")
        .annotate(s=Sum("amount_yen"))
    }
    out: dict[Any, budget.Totals] = {}
    for k in set(requested) | set(committed) | set(spent):
        r, a = requested.get(k, (0, 0))
        out[k] = budget.Totals(requested=r, approved=a, committed=committed.get(k, 0), spent=spent.get(k, 0))
    return out


def budget_overview(user: Any, fiscal_year: int) -> BudgetOverview:
    """The year's budget at every level the user may see (a mission: its own envelope and lines)."""
    policy = (
        SupportYear.objects.filter(fiscal_year=fiscal_year)
        .exclude(status=PolicyStatus.SUPERSEDED)
        .order_by("-status", "-version")
        .first()
    )
    envelope_rows = list(
        visible_to(user, MissionEnvelope)
        .filter(fiscal_year=fiscal_year)
        .select_related("mission")
        .order_by("mission__code")
    )
    by_mission_sums = _sums(user, fiscal_year, "mission")
    missions = {e.mission_id: e.mission for e in envelope_rows}
    unknown = [m for m in by_mission_sums if m not in missions]
    if unknown:
        missions.update({m.pk: m for m in Organisation.objects.filter(pk__in=unknown)})
    envelope_of = {e.mission_id: e.amount_yen for e in envelope_rows}
    by_mission = [
        BudgetRow(
            mission,
            mission.name,
            budget.Totals(
                **{
                    f: getattr(by_mission_sums.get(mission.pk, budget.Totals()), f)
                    for f in ("requested", "approved", "committed", "spent")
                },
                budget=envelope_of.get(mission.pk),
            ),
        )
        for mission in sorted(missions.values(), key=lambda m: m.code)
    ]
    by_category_sums = _sums(user, fiscal_year, "category")
    by_category = [
        BudgetRow(code, str(label), by_category_sums.get(code, budget.Totals()))
        for code, label in Category.choices
        if code in by_category_sums
    ]
    by_region_sums = _sums(user, fiscal_year, "region")
    regions = {
        r.pk: r for r in JetaaRegion.objects.filter(pk__in=[k for k in by_region_sums if k is not None])
    }
    by_region = [
        BudgetRow(regions.get(k), regions[k].name if k in regions else "—", t)
        for k, t in sorted(
            by_region_sums.items(), key=lambda kv: regions[kv[0]].sort_order if kv[0] in regions else 999
        )
    ]
    national_budget = policy.national_budget_yen if policy is not None else None
    national = budget.total([r.totals for r in by_mission], budget=national_budget)
    return BudgetOverview(
        fiscal_year=fiscal_year,
        national=national,
        envelopes_total=sum(e.amount_yen for e in envelope_rows),
        by_mission=by_mission,
        by_category=by_category,
        by_region=by_region,
    )


# --- HQ's side-by-side of the missions' years --------------------------------------------------------------


@dataclass
class Outcome:
    """One mission's (or category's, region's) year: planned against done."""

    key: Any
    label: str
    chapters: int = 0
    projects: int = 0
    supported: int = 0
    requested_yen: int = 0
    approved_yen: int = 0
    spent_yen: int = 0
    expected_participants: int = 0  # of the supported projects
    participants: int = 0  # reported
    reported: int = 0
    evaluated: int = 0
    effects: dict[str, int] = field(default_factory=dict)
    support_next_year: int = 0
    hq_evaluation: HQEvaluation | None = None
    execution_plan_id: int | None = None

    @property
    def cost_per_participant(self) -> int | None:
        return budget.cost_per_participant(self.spent_yen, self.participants)

    @property
    def participants_against_plan_pct(self) -> int | None:
        return budget.percent(self.participants, self.expected_participants)

    @property
    def spent_against_approved_pct(self) -> int | None:
        return budget.percent(self.spent_yen, self.approved_yen)


@dataclass(frozen=True)
class SideBySide:
    fiscal_year: int
    by_mission: list[Outcome]
    by_category: list[Outcome]
    by_region: list[Outcome]
    total: Outcome


def side_by_side(user: Any, fiscal_year: int) -> SideBySide:
    """The missions' evaluated years side by side (HQ's C): cost per participant, outcomes by category and
    region, against the plan. Four queries for the lines' rows, one for payments, two for labels."""
    lines = list(
        visible_to(user, ProjectLine)
        .filter(plan__fiscal_year=fiscal_year, status__in=CURRENT, plan__execution_plan__isnull=False)
        .order_by()
        .values(
            "id",
            "status",
            "category",
            "requested_yen",
            "approved_yen",
            "expected_participants",
            "plan__chapter_id",
            "plan__mission_id",
            "plan__chapter__region_id",
            "plan__execution_plan_id",
            "report__participants",
            "report__id",
            "evaluation__effect",
            "evaluation__support_next_year",
        )
    )
    spent = dict(
        visible_to(user, Payment)
        .filter(commitment__line__plan__fiscal_year=fiscal_year)
        .order_by()
        .values("commitment__line_id")
        .annotate(s=Sum("amount_yen"))
        .values_list("commitment__line_id", "s")
    )
    missions = {m.pk: m for m in Organisation.objects.filter(pk__in={r["plan__mission_id"] for r in lines})}
    regions = {r.pk: r for r in JetaaRegion.objects.all()}
    hq = {
        e.execution_plan_id: e
        for e in visible_to(user, HQEvaluation).filter(execution_plan__fiscal_year=fiscal_year)
    }
    groups: dict[str, dict[Any, Outcome]] = {"mission": {}, "category": {}, "region": {}}
    chapters: dict[tuple[str, Any], set[int]] = defaultdict(set)
    total = Outcome("total", "total")
    cat_labels = dict(Category.choices)
    for row in lines:
        keys: dict[str, Any] = {
            "mission": row["plan__mission_id"],
            "category": row["category"],
            "region": row["plan__chapter__region_id"],
        }
        for by, k in keys.items():
            out = groups[by].get(k)
            if out is None:
                if by == "mission":
                    label = missions[k].name if k in missions else "—"
                elif by == "category":
                    label = str(cat_labels.get(k, k))
                else:
                    label = regions[k].name if k in regions else "—"
                out = groups[by][k] = Outcome(k, label)
                if by == "mission":
                    out.execution_plan_id = row["plan__execution_plan_id"]
                    out.hq_evaluation = hq.get(row["plan__execution_plan_id"])
            _add(out, dict(row), spent)
            chapters[(by, k)].add(row["plan__chapter_id"])
        _add(total, dict(row), spent)
        chapters[("total", None)].add(row["plan__chapter_id"])
    for by, outs in groups.items():
        for k, out in outs.items():
            out.chapters = len(chapters[(by, k)])
    total.chapters = len(chapters[("total", None)])
    by_mission = sorted(
        groups["mission"].values(), key=lambda o: missions[o.key].code if o.key in missions else ""
    )
    by_category = [groups["category"][c] for c in Category.values if c in groups["category"]]
    by_region = sorted(
        groups["region"].values(), key=lambda o: regions[o.key].sort_order if o.key in regions else 999
    )
    return SideBySide(fiscal_year, by_mission, by_category, by_region, total)


def _add(out: Outcome, row: dict[str, Any], spent: dict[int, int]) -> None:
    out.projects += 1
    out.requested_yen += row["requested_yen"]
    out.approved_yen += row["approved_yen"]
    if row["status"] in ("approved", "reduced"):
        out.supported += 1
        out.expected_participants += row["expected_participants"]
    out.spent_yen += int(spent.get(row["id"], 0) or 0)
    if row["report__id"] is not None:
        out.reported += 1
        out.participants += row["report__participants"] or 0
    effect = row["evaluation__effect"]
    if effect:
        out.evaluated += 1
        out.effects[effect] = out.effects.get(effect, 0) + 1
        if row["evaluation__support_next_year"]:
            out.support_next_year += 1


EFFECTS = tuple(Effect.values)


# --- jetpm stats jetaa-support ----------------------------------------------------------------------------


def support_rows(fiscal_year: int, user: Any = OPERATOR) -> list[budget.MissionRow]:
    """Per mission with an execution plan in the year: its chapters; its projects (the current versions of
    its plan's lines, less those HQ rejected: a rejected line is not carried out); what all its lines asked
    (the rejected ones too), what HQ approved, what was paid out; how many projects were reported and
    evaluated. Three queries."""
    plans = visible_to(user, ExecutionPlan).filter(fiscal_year=fiscal_year)
    chapters = dict(
        visible_to(user, ChapterPlan)
        .filter(execution_plan__in=plans.values("pk"))
        .order_by()
        .values("execution_plan__mission__code")
        .annotate(n=Count("chapter_id", distinct=True))
        .values_list("execution_plan__mission__code", "n")
    )
    lines = {
        row["plan__execution_plan__mission__code"]: row
        for row in visible_to(user, ProjectLine)
        .filter(plan__execution_plan__in=plans.values("pk"), status__in=CURRENT)
        .order_by()
        .values("plan__execution_plan__mission__code")
        .annotate(
            n=Count("id", filter=~Q(status=LineStatus.REJECTED)),
            r=Sum("requested_yen"),
            a=Sum("approved_yen"),
            rep=Count("report"),
            ev=Count("evaluation"),
        )
    }
    spent = dict(
        visible_to(user, Payment)
        .filter(commitment__line__plan__execution_plan__in=plans.values("pk"))
        .filter(Q(commitment__line__status__in=CURRENT))
        .order_by()
        .values("commitment__line__plan__execution_plan__mission__code")
        .annotate(s=Sum("amount_yen"))
        .values_list("commitment__line__plan__execution_plan__mission__code", "s")
    )
    out = []
    for code, n in chapters.items():
        row = lines.get(code, {})
        out.append(
            budget.MissionRow(
                mission=code,
                chapters=n,
                projects=int(row.get("n") or 0),
                requested_yen=int(row.get("r") or 0),
                approved_yen=int(row.get("a") or 0),
                spent_yen=int(spent.get(code) or 0),
                reported=int(row.get("rep") or 0),
                evaluated=int(row.get("ev") or 0),
            )
        )
    return out
