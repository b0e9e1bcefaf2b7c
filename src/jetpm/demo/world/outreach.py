"""Demo step of outreach: a year of PR activities per mission and their self-evaluations.

Every mission gets FY2025's activities (all done) and FY2026's (done until the demo's today, 6 December 2026,
planned after), 4–25 a year by the mission's size (the US missions and London more); most FY2025
self-evaluations are submitted, some reviewed by MOFA; the UK (London) mission has a FY2026 draft.
"""

from __future__ import annotations

import math
from datetime import date, datetime, time, timedelta
from typing import TYPE_CHECKING

from django.utils import timezone
from django.utils.text import slugify

from jetpm.core.calendar import fiscal_year_bounds
from jetpm.demo.logins import UK_MISSION
from jetpm.demo.world.core import CONSULATES, DEMO_TODAY, EMBASSIES, NATIONALITY_WEIGHTS
from jetpm.demo.world.walk import Walk, route
from jetpm.outreach.models import OutreachActivity, SelfEvaluation
from jetpm.outreach.selectors import summarise
from jetpm.outreach.states import ActivityKind, ActivityStatus, Audience, EvaluationStatus
from jetpm.outreach.workflows import EVALUATIONS

if TYPE_CHECKING:
    from jetpm.demo.generator import DemoContext

YEARS = (2025, 2026)

# Real places for a few missions; the others get places named after their city.
KNOWN_PLACES: dict[str, list[str]] = {
    UK_MISSION: [
        "SOAS University of London",
        "University of Leeds",
        "University of Sheffield",
        "University of Manchester",
        "Cardiff University",
        "Hyper Japan Festival, London",
        "Japan Matsuri, Trafalgar Square",
        "Embassy of Japan, Piccadilly",
    ],
    "mission-us-washington": [
        "Georgetown University",
        "George Washington University",
        "University of Maryland",
        "Sakura Matsuri, Washington DC",
        "Embassy of Japan, Massachusetts Avenue",
    ],
    "mission-us-new-york": [
        "Columbia University",
        "New York University",
        "Japan Society, New York",
        "Japan Fes, New York",
    ],
    "mission-ie-dublin": ["Trinity College Dublin", "University College Dublin", "Japan Matsuri, Dublin"],
    "mission-gb-edinburgh": ["University of Edinburgh", "University of Glasgow", "Edinburgh Japan Festival"],
}

KIND_WEIGHTS = {
    ActivityKind.INFO_SESSION: 40,
    ActivityKind.JOB_FAIR: 15,
    ActivityKind.JAPAN_EVENT_BOOTH: 15,
    ActivityKind.WEB_SNS: 15,
    ActivityKind.ADVERTISEMENT: 7,
    ActivityKind.PAMPHLET: 8,
}
AUDIENCE_BY_KIND = {
    ActivityKind.INFO_SESSION: [Audience.UNIVERSITY_STUDENTS, Audience.GRADUATES, Audience.TEACHERS],
    ActivityKind.JOB_FAIR: [Audience.UNIVERSITY_STUDENTS, Audience.GRADUATES],
    ActivityKind.JAPAN_EVENT_BOOTH: [Audience.GENERAL_PUBLIC, Audience.ALUMNI_NETWORK],
    ActivityKind.WEB_SNS: [Audience.UNIVERSITY_STUDENTS, Audience.GENERAL_PUBLIC, Audience.GRADUATES],
    ActivityKind.ADVERTISEMENT: [Audience.GENERAL_PUBLIC, Audience.GRADUATES],
    ActivityKind.PAMPHLET: [Audience.UNIVERSITY_STUDENTS, Audience.TEACHERS, Audience.GENERAL_PUBLIC],
}
# (attendance range, cost range in yen) by kind
SCALE_BY_KIND = {
    ActivityKind.INFO_SESSION: ((15, 120), (0, 60_000)),
    ActivityKind.JOB_FAIR: ((40, 400), (30_000, 250_000)),
    ActivityKind.JAPAN_EVENT_BOOTH: ((150, 2_500), (50_000, 400_000)),
    ActivityKind.WEB_SNS: ((500, 12_000), (0, 150_000)),
    ActivityKind.ADVERTISEMENT: ((0, 0), (80_000, 600_000)),
    ActivityKind.PAMPHLET: ((50, 800), (20_000, 120_000)),
}
# Information sessions and fairs cluster before the application deadline (September–November).
MONTH_WEIGHTS = {4: 3, 5: 4, 6: 4, 7: 3, 8: 4, 9: 12, 10: 14, 11: 10, 12: 3, 1: 3, 2: 4, 3: 4}

# Missions report to MOFA HQ in Japanese.
WORKED = [
    "元JET参加者が登壇した大学説明会で質問が多く、応募にもつながった。",
    "日本祭りのブースで、プログラムを知らなかった層に広く周知できた。",
    "現役参加者による短い動画をSNSで発信し、多く共有された。",
]
DID_NOT = [
    "新聞広告は費用の割に問合せが少なかった。",
    "夏季休暇中の説明会は参加者が少なかった。",
    "大学のキャリアセンターに置いたパンフレットはあまり持ち帰られなかった。",
]
CHANGES = [
    "9～10月に首都以外の大学での説明会を増やし、JETAAに登壇者を依頼する。",
    "紙の広告をやめ、対象を絞ったSNS広告に切り替える。大学に共催を依頼する。",
    "地方在住者向けにオンライン説明会を追加し、語学教員の団体にパンフレットを送付する。",
]
REVIEW_COMMENTS = [
    "元JET登壇者を活用した説明会の形式を近隣公館とも共有願います。",
    "よくまとまっています。次年度は広告の問合せ1件当たりの費用も報告願います。",
]


def _cities() -> dict[str, str]:
    cities = {f"mission-{cc.lower()}-{slug}": city for cc, city, _ja, slug, _o in EMBASSIES}
    cities.update({f"mission-{cc.lower()}-{slugify(city)}": city for cc, city, _ja in CONSULATES})
    return cities


def _places(code: str, city: str) -> list[str]:
    return KNOWN_PLACES.get(code) or [
        f"University of {city}",
        f"{city} State University" if code.startswith("mission-us-") else f"{city} University",
        f"{city} Japan Festival",
        f"{city} Graduate Careers Fair",
        f"Japanese Cultural Centre, {city}",
    ]


def _per_year(ctx: DemoContext, code: str) -> int:
    """4–25 activities a year by the mission's share of its countries' participants."""
    countries = ctx.mission_countries.get(code, [])
    share = sum(
        NATIONALITY_WEIGHTS.get(cc, 4.0) / max(1, len(ctx.missions_by_country.get(cc, [])))
        for cc in countries
    )
    n = 3 + round(1.3 * math.sqrt(share)) + (3 if code.startswith("mission-us-") else 0)
    return max(4, min(25, n + ctx.rng.randint(-1, 1)))


def _day(ctx: DemoContext, year: int) -> date:
    month = ctx.rng.choices(list(MONTH_WEIGHTS), weights=list(MONTH_WEIGHTS.values()))[0]
    y = year if month >= 4 else year + 1
    start = date(y, month, 1)
    next_month = date(y + (month == 12), month % 12 + 1, 1)
    return start + timedelta(days=ctx.rng.randrange((next_month - start).days))


def outreach_step(ctx: DemoContext) -> None:
    rng = ctx.rng
    cities = _cities()
    activities: list[OutreachActivity] = []
    figures: dict[tuple[int, int], list[tuple[str, str, str, str, int | None, int, int]]] = {}
    for i, (code, mission) in enumerate(sorted(ctx.missions.items())):
        city = cities.get(code, code.rsplit("-", 1)[-1].title())
        places = _places(code, city)
        for year in YEARS:
            start, end = fiscal_year_bounds(year)
            for _n in range(_per_year(ctx, code)):
                kind = rng.choices(list(KIND_WEIGHTS), weights=list(KIND_WEIGHTS.values()))[0]
                day = _day(ctx, year)
                done = day <= DEMO_TODAY
                (att_lo, att_hi), (cost_lo, cost_hi) = SCALE_BY_KIND[kind]
                place = (
                    "Online (Instagram, X, LinkedIn)"
                    if kind == ActivityKind.WEB_SNS
                    else f"{city} newspaper and job sites"
                    if kind == ActivityKind.ADVERTISEMENT
                    else rng.choice(places)
                )
                alumni = rng.choice([0, 0, 1, 1, 2, 3, 4]) if kind != ActivityKind.ADVERTISEMENT else 0
                activity = OutreachActivity(
                    mission=mission,
                    fiscal_year=year,
                    kind=kind,
                    status=ActivityStatus.DONE if done else ActivityStatus.PLANNED,
                    date=day,
                    place=place,
                    audience=rng.choice(AUDIENCE_BY_KIND[kind]),
                    alumni_involved=alumni,
                    attendance=rng.randint(att_lo, att_hi) if done else None,
                    cost_yen=round(rng.randint(cost_lo, cost_hi), -3),
                    notes="",
                )
                assert start <= day <= end
                activities.append(activity)
                figures.setdefault((mission.pk, year), []).append(
                    (
                        activity.status,
                        activity.kind,
                        activity.audience,
                        activity.place,
                        activity.attendance,
                        activity.cost_yen,
                        activity.alumni_involved,
                    )
                )
        ctx.report("outreach", 0.8 * (i + 1) / len(ctx.missions))
    OutreachActivity.objects.bulk_create(activities, batch_size=1000)
    _evaluations(ctx, figures)


def _moment(day: date, hour: int) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(hour, 0)))


def _evaluations(
    ctx: DemoContext, figures: dict[tuple[int, int], list[tuple[str, str, str, str, int | None, int, int]]]
) -> None:
    rng = ctx.rng
    mofa = ctx.users.get("mofa.staff")
    approver = ctx.users.get("mission.approver")
    evaluations: list[SelfEvaluation] = []
    for code, mission in sorted(ctx.missions.items()):
        uk = code == UK_MISSION
        roll = rng.random()
        if not uk and roll < 0.08:
            continue  # not started
        narrative = {
            "what_worked": rng.choice(WORKED),
            "what_did_not_work": rng.choice(DID_NOT),
            "changes_next_year": rng.choice(CHANGES),
        }
        if not uk and roll < 0.15:
            evaluations.append(
                SelfEvaluation(mission=mission, fiscal_year=2025, status=EvaluationStatus.DRAFT, **narrative)
            )
            continue
        submitted_on = date(2026, 4, 1) + timedelta(days=rng.randrange(45))
        reviewed = uk or roll > 0.6
        evaluations.append(
            SelfEvaluation(
                mission=mission,
                fiscal_year=2025,
                status=EvaluationStatus.REVIEWED if reviewed else EvaluationStatus.SUBMITTED,
                figures=summarise(figures.get((mission.pk, 2025), [])),
                submitted_at=_moment(submitted_on, 10),
                submitted_by=approver if uk else None,
                review_comment=rng.choice(REVIEW_COMMENTS) if reviewed else "",
                reviewed_at=_moment(submitted_on + timedelta(days=rng.randint(10, 40)), 15)
                if reviewed
                else None,
                reviewed_by=mofa if reviewed else None,
                **narrative,
            )
        )
    uk_mission = ctx.missions.get(UK_MISSION)
    if uk_mission is not None:
        evaluations.append(
            SelfEvaluation(
                mission=uk_mission,
                fiscal_year=2026,
                status=EvaluationStatus.DRAFT,
                what_worked="10月の大学説明会にJETAA UKの元JET参加者が登壇。",
            )
        )
    walk = Walk(EVALUATIONS)  # drafted, then submitted and reviewed through the workflow layer
    for e in evaluations:
        walk.plan(e, route(EVALUATIONS, EvaluationStatus.DRAFT, e.status))
    SelfEvaluation.objects.bulk_create(evaluations)
    walk.run(when=lambda e, status: e.reviewed_at or e.submitted_at)
    ctx.report("outreach", 1.0)
