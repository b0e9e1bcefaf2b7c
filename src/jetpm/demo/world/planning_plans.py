"""Demo country recruitment plans (seed ３: requests October – February, then the plan, before the March/May
results): approved FY2025 and FY2026 plans whose ALT English shares by country follow FY2024's participants
(data/fy2024_participants_by_country.csv) and that each cover their year's demand the requests step made
(FY2026's is the published entrance's), approved in March of their intake year; and a draft FY2027 plan
(version 1: the intake in screening, whose requests are being collected on the demo's today, computed over
its requests so far) with a few hand edits with reasons.

The seats are computed with the service's pure part (:func:`jetpm.planning.services.plans.propose_seats`);
rows are written with ``bulk_create`` in a bounded number of queries.
"""

from __future__ import annotations

from datetime import datetime
from fractions import Fraction
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

from jetpm.core.models import Language
from jetpm.demo.world.core import FY2024_NAMED_COUNTRIES, OTHER_COUNTRIES, OTHER_COUNTRIES_PARTICIPANTS
from jetpm.demo.world.walk import Walk, route
from jetpm.planning.models import CountryPlan, PlanLine
from jetpm.planning.selectors.demand import demand_by_job_and_language
from jetpm.planning.selectors.plans import countries_offering
from jetpm.planning.services.plans import LineKey, propose_seats
from jetpm.planning.states import ApportionmentMethod, PlanStatus, WeightSource
from jetpm.planning.workflows import PLANS

if TYPE_CHECKING:
    from jetpm.demo.generator import DemoContext

JST = ZoneInfo("Asia/Tokyo")
APPROVED_YEAR = 2025  # the first approved plan (weighted by FY2024's participants)
APPROVED_YEARS = (2025, 2026)  # FY2026: the published entrance, serving on the demo's today
DRAFT_YEAR = 2027  # in screening; its requests are collected October 2026 – February 2027

# FY2024 ALT participants by country (the "alt" column of the seed's table; CN and KR are inside "others").
FY2024_ALT: dict[str, int] = {
    "US": 2885,
    "GB": 702,
    "CA": 528,
    "PH": 334,
    "AU": 264,
    "NZ": 170,
    "ZA": 181,
    "IE": 104,
    "TT": 69,
    "SG": 51,
    "JM": 45,
}
FY2024_ALT_OTHERS = 40  # the ALT "others" of the seed's table, shared equally
FY2024_TOTAL = dict(FY2024_NAMED_COUNTRIES)

# Hand edits of the FY2027 draft: (country, job type, language, change in seats, reason).
DRAFT_EDITS: list[tuple[str, str, str, int, str]] = [
    ("US", "ALT", "en", -5, "米国の大学向け説明会の縮小により、応募者の減少が見込まれるため"),
    ("IE", "ALT", "en", 5, "アイルランドの応募者増加と、前年度の辞退率の低さを踏まえて"),
    ("US", "CIR", "es", 1, "米国のスペイン語話者を国際交流員として試行的に1名招致（要望外の追加）"),
]


def _weight_fy2024(country: str, job: str, lang: str) -> Fraction:
    """FY2024 participants as weights: ALT English by the ALT column, other lines by the other job types."""
    n_others = len(OTHER_COUNTRIES) + sum(1 for c in FY2024_TOTAL if c not in FY2024_ALT)
    if job == "ALT" and lang == "en":
        return Fraction(FY2024_ALT.get(country, 0)) or Fraction(FY2024_ALT_OTHERS, n_others)
    if country in FY2024_TOTAL:
        return Fraction(FY2024_TOTAL[country] - FY2024_ALT.get(country, 0))
    return Fraction(OTHER_COUNTRIES_PARTICIPANTS, len(OTHER_COUNTRIES))


def plan_step(ctx: DemoContext) -> None:
    recruiting = set(ctx.recruiting_countries)
    offering = {
        lang: tuple(c for c in cs if c in recruiting and c in ctx.countries)
        for lang, cs in countries_offering().items()
    }
    languages = {lang.code: lang for lang in Language.objects.filter(designated=True)}
    mic, council = ctx.users.get("mic.staff"), ctx.users.get("council.approver")

    approved: dict[int, CountryPlan] = {}
    seats_of: dict[int, dict[LineKey, int]] = {}
    for year in APPROVED_YEARS:
        # the year's accepted requests, or the last year's when the year's are not in yet
        demand = demand_by_job_and_language(year) or demand_by_job_and_language(year - 1)
        seats_of[year] = propose_seats(
            demand=demand,
            offering=offering,
            weight=_weight_fy2024,
            method=ApportionmentMethod.HUNTINGTON_HILL,
        ).seats
        # proposed and approved in March of the intake year, after the requests closed in February
        approved[year] = CountryPlan(
            intake_year=year,
            version=1,
            status=PlanStatus.APPROVED,
            method=ApportionmentMethod.HUNTINGTON_HILL,
            weight_source=WeightSource.PARTICIPANTS,
            note="FY2024 participants by country and job type as weights (demo).",
            created_by=mic,
            proposed_at=datetime(year, 3, 5, 10, 0, tzinfo=JST),
            approved_by=council,
            approved_at=datetime(year, 3, 19, 15, 0, tzinfo=JST),
        )
    # The FY2027 draft: last year's plan (FY2026's) as weights over the FY2027 demand so far, or over
    # FY2026's when no FY2027 request is in yet; then a few hand edits.
    latest = max(APPROVED_YEARS)
    last_seats = seats_of[latest]
    demand_draft = demand_by_job_and_language(DRAFT_YEAR) or demand_by_job_and_language(latest)
    draft_seats = propose_seats(
        demand=demand_draft,
        offering=offering,
        weight=lambda c, j, lang: last_seats.get((c, j, lang), 0),
        method=ApportionmentMethod.SAINTE_LAGUE,
    ).seats
    draft = CountryPlan(
        intake_year=DRAFT_YEAR,
        version=1,
        status=PlanStatus.DRAFT,
        method=ApportionmentMethod.SAINTE_LAGUE,
        weight_source=WeightSource.PARTICIPANTS,
        created_by=mic,
    )
    walk = Walk(PLANS)  # drafted, then proposed and approved through the workflow layer (with their lines)
    for plan in [*approved.values(), draft]:
        stops: list[str] = [PlanStatus.DRAFT]
        if plan.status != PlanStatus.DRAFT:
            stops.append(plan.status)
        walk.plan(plan, route(PLANS, *stops))
    CountryPlan.objects.bulk_create([*approved.values(), draft])

    lines = [
        _line(approved[year], key, s, s, "", ctx, languages)
        for year in APPROVED_YEARS
        for key, s in sorted(seats_of[year].items())
    ]
    edits = {(c, j, lang): (delta, reason) for c, j, lang, delta, reason in DRAFT_EDITS}
    for key in sorted(draft_seats.keys() | edits.keys()):
        proposed = draft_seats.get(key, 0)
        delta, reason = edits.get(key, (0, ""))
        seats = max(0, proposed + delta)
        if seats or proposed:
            lines.append(
                _line(draft, key, proposed, seats, reason if seats != proposed else "", ctx, languages)
            )
    PlanLine.objects.bulk_create(lines, batch_size=1000)
    walk.run(when=lambda plan, status: plan.approved_at)
    ctx.extra["plans"] = {**approved, DRAFT_YEAR: draft}


def _line(
    plan: CountryPlan,
    key: LineKey,
    proposed: int,
    seats: int,
    reason: str,
    ctx: DemoContext,
    languages: dict[str, Language],
) -> PlanLine:
    country, job, lang = key
    return PlanLine(
        plan=plan,
        country=ctx.countries[country],
        job_type=job,
        language=languages[lang],
        proposed=proposed,
        seats=seats,
        reason=reason,
    )
