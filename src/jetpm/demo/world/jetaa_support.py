"""Demo step of MOFA's JETAA support (jetaa): the PDCA cycle of FY2025 complete and FY2026 in progress on
the demo's today (6 December 2026).

FY2025: the policy approved (national budget ¥139 million), every chapter's plan in its mission's execution
plan (the mission of the chapter's city, else its country's embassy), HQ's assessment with some lines
reduced and some rejected, within each mission's envelope; support committed and paid, every supported
project reported (participants' impressions) and evaluated by its mission, HQ's evaluation of every mission's
year. FY2026: the policy approved in December 2025 and revised after FY2025's evaluation (version 2); every
plan submitted, most missions' plans assessed, some support committed and paid, no report yet. Work waiting
for the demo logins: JETAA New York (``chapter.officer``) has a project held in October to report on; the UK
mission (``mission.staff``, ``mission.approver``) has approved projects to commit support to and a change of
JETAA UK London's waiting for HQ; HQ (``mofa.staff``) has that change and two missions' plans to assess."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from decimal import ROUND_HALF_UP, Decimal
from typing import TYPE_CHECKING, Any

from django.utils import translation

from jetpm.core import audit
from jetpm.core.models import Organisation
from jetpm.demo.logins import NEW_YORK_CHAPTER, UK_MISSION
from jetpm.jetaa.models import (
    Assessment,
    ChapterPlan,
    Commitment,
    ExecutionPlan,
    HQEvaluation,
    MissionEnvelope,
    MissionEvaluation,
    Payment,
    ProjectLine,
    ProjectReport,
    SupportYear,
)
from jetpm.jetaa.states import Category, ChapterPlanStatus, Decision, ExecutionPlanStatus, LineStatus

if TYPE_CHECKING:
    import random

    from jetpm.demo.generator import DemoContext

NATIONAL_BUDGET = {2025: 139_000_000, 2026: 139_000_000}

# the mission a chapter sends its plan to, when not its country's embassy (the consulate of its city/area)
CHAPTER_MISSION = {
    "New York": "mission-us-new-york",
    "Philadelphia": "mission-us-new-york",
    "New England": "mission-us-boston",
    "Southeast": "mission-us-atlanta",
    "Florida": "mission-us-miami",
    "Texas": "mission-us-houston",
    "Heartland": "mission-us-chicago",
    "Chicago": "mission-us-chicago",
    "Minnesota": "mission-us-chicago",
    "Michigan": "mission-us-detroit",
    "Music City": "mission-us-nashville",
    "Rocky Mountain": "mission-us-denver",
    "Southern California": "mission-us-los-angeles",
    "Northern California": "mission-us-san-francisco",
    "Pacific Northwest": "mission-us-seattle",
    "Portland": "mission-us-portland",
    "Hawaii": "mission-us-honolulu",
    "Alaska": "mission-us-anchorage",
    "Toronto": "mission-ca-toronto",
    "Montreal": "mission-ca-montreal",
    "British Columbia": "mission-ca-vancouver",
    "Northern Alberta": "mission-ca-calgary",
    "Southern Alberta": "mission-ca-calgary",
    "Manitoba": "mission-ca-calgary",
    "Saskatchewan": "mission-ca-calgary",
    "UK Scotland": "mission-gb-edinburgh",
    "Sydney": "mission-au-sydney",
    "Melbourne": "mission-au-melbourne",
    "Queensland": "mission-au-brisbane",
    "Western Australia": "mission-au-perth",
    "Auckland": "mission-nz-auckland",
    "Christchurch": "mission-nz-christchurch",
    "Shanghai": "mission-cn-shanghai",
}

# yen per unit, as the missions used them
RATES = {
    "US": ("USD", Decimal("150")),
    "CA": ("CAD", Decimal("108")),
    "GB": ("GBP", Decimal("192")),
    "IE": ("EUR", Decimal("162")),
    "DE": ("EUR", Decimal("162")),
    "FR": ("EUR", Decimal("162")),
    "CN": ("CNY", Decimal("20.8")),
    "KR": ("KRW", Decimal("0.108")),
    "SG": ("SGD", Decimal("112")),
    "PH": ("PHP", Decimal("2.62")),
    "IN": ("INR", Decimal("1.78")),
    "MN": ("MNT", Decimal("0.0436")),
    "TH": ("THB", Decimal("4.3")),
    "AU": ("AUD", Decimal("98")),
    "NZ": ("NZD", Decimal("89")),
    "ZA": ("ZAR", Decimal("8.3")),
    "JM": ("JMD", Decimal("0.96")),
    "TT": ("TTD", Decimal("22")),
    "BR": ("BRL", Decimal("27")),
}

TITLES = {
    Category.NETWORKING: [
        "Annual general meeting",
        "National JETAA conference",
        "Members' networking evening",
    ],
    Category.INTRODUCING_JAPAN: [
        "School caravan: Japan in the classroom",
        "Culture booth at the city festival",
    ],
    Category.CAREER: ["Career-up seminar: working with Japan", "Japanese-language CV workshop"],
    Category.GRASSROOTS: ["Sister-city exchange evening", "Joint event with the Japanese association"],
    Category.RECRUITMENT: ["JET information session support", "Pre-departure orientation: alumni panel"],
    Category.WEBSITE: ["Website hosting and upkeep"],
    Category.ORGANISING: ["Organising costs (venue, printing, postage)"],
}
CATEGORY_WEIGHTS = [
    (Category.NETWORKING, 3),
    (Category.INTRODUCING_JAPAN, 3),
    (Category.CAREER, 3),
    (Category.GRASSROOTS, 2),
    (Category.RECRUITMENT, 3),
    (Category.WEBSITE, 1),
    (Category.ORGANISING, 1),
]
IMPRESSIONS = [
    "Participants said the session made them want to visit Japan again; several asked about the programme.",
    "Students enjoyed the calligraphy and the kendama; teachers asked for the caravan to come back.",
    "Alumni found new contacts in Japanese companies; two reported job interviews since.",
    "A lively evening: the Japanese association and our members plan a joint summer festival.",
    "Applicants valued the alumni's first-hand advice about life in a Japanese town.",
    "Good turnout; the feedback forms rated the event 4.5 of 5 on average.",
]
REDUCE_REASONS = [
    "Venue costs above the policy's guide; approved at the cap.",
    "Catering is partly ineligible (alcohol); reduced accordingly.",
    "Expected participants do not justify the full amount; reduced per participant.",
]
REJECT_REASONS = [
    "Outside the guidelines: a members-only social event.",
    "Overlaps with a project of the mission already funded this year.",
]
EVALUATION_REASONS = {
    True: ["Good reach for the cost; continue.", "Strong demand; support again with the same scale."],
    False: ["Low turnout for the cost; rethink the format first.", "One-off event; no need to repeat."],
}


def _at(day: date, hour: int = 10) -> datetime:
    return datetime.combine(day, time(hour), tzinfo=UTC)


def _policy(fy: int, version: int, **over: Any) -> SupportYear:
    values: dict[str, Any] = {
        "fiscal_year": fy,
        "version": version,
        "status": "approved",
        "national_budget_yen": NATIONAL_BUDGET[fy],
        "category_caps": {
            "networking": 1_500_000,
            "introducing_japan": 1_000_000,
            "career": 800_000,
            "grassroots": 800_000,
            "recruitment": 1_000_000,
            "website": 300_000,
            "organising": 200_000,
        },
        "cap_per_participant_yen": 30_000,
        "priorities": (
            "Projects that help recruitment and the career of alumni first; then introducing Japan in "
            "schools; cooperation with local Japanese communities."
        ),
        "ineligible_costs": "Alcohol; gifts and prizes; members' travel inside Japan; fees to members.",
        "guidelines": (
            "Chapters send their plan to their mission; the mission includes the projects it supports in its "
            "annual execution plan and submits it to HQ. Reports within a month of each project."
        ),
        "chapter_plans_from": date(fy - 1, 12, 1),
        "chapter_plans_until": date(fy, 2, 13),
        "mission_plans_from": date(fy - 1, 12, 1),
        "mission_plans_until": date(fy, 2, 27),
        "assessment_from": date(fy, 3, 2),
        "assessment_until": date(fy, 3, 27),
        "reports_until": date(fy + 1, 4, 30),
        "evaluations_until": date(fy + 1, 5, 29),
        "approved_at": _at(date(fy - 1, 11, 28)),
    }
    values.update(over)
    return SupportYear(**values)


def _mission_of(ctx: DemoContext, chapter: Organisation) -> Organisation | None:
    assert chapter.country is not None
    key = chapter.name_en.removeprefix("JETAA ")
    code = CHAPTER_MISSION.get(key)
    if code is not None and code in ctx.missions:
        return ctx.missions[code]
    missions = ctx.missions_by_country.get(chapter.country.code) or []
    return missions[0] if missions else None  # the embassy comes first


def _yen(amount: Decimal, rate: Decimal) -> int:
    return int((amount * rate).quantize(Decimal(1), rounding=ROUND_HALF_UP))


def _lines_for(
    rng: random.Random, fy: int, plan: ChapterPlan, country: str, count: int, carried: list[ProjectLine]
) -> list[ProjectLine]:
    currency, rate = RATES.get(country, ("JPY", Decimal(1)))
    cats = [c for c, w in CATEGORY_WEIGHTS for _ in range(w)]
    out = []
    for i in range(count):
        prior = carried[i] if i < len(carried) else None
        category = prior.category if prior is not None else rng.choice(cats)
        title = prior.title if prior is not None else rng.choice(TITLES[Category(category)])
        start = date(fy, 4, 1) + timedelta(days=rng.randint(20, 330))
        participants = rng.choice([15, 20, 30, 40, 60, 80, 120])
        target_yen = rng.randint(12, 70) * 10_000
        if category in (Category.WEBSITE, Category.ORGANISING):
            target_yen = rng.randint(5, 18) * 10_000
        amount = (Decimal(target_yen) / rate).quantize(Decimal(1), rounding=ROUND_HALF_UP)
        requested = _yen(amount, rate)
        out.append(
            ProjectLine(
                plan=plan,
                category=category,
                title=title,
                description="",
                starts_on=start,
                ends_on=start,
                place=plan.chapter.name_en.removeprefix("JETAA ").removeprefix("UK "),
                expected_participants=participants,
                currency=currency,
                amount_local=amount,
                rate_to_yen=rate,
                requested_yen=requested,
                budget_breakdown="Venue; materials; speakers' travel",
                carried_from=prior,
            )
        )
    return out


def _decide(rng: random.Random, line: ProjectLine, policy: SupportYear) -> tuple[str, int, str]:
    caps = policy.category_caps
    per = policy.cap_per_participant_yen or 0
    limit = min(
        int(caps.get(line.category, line.requested_yen)),
        per * line.expected_participants or line.requested_yen,
    )
    roll = rng.random()
    if roll < 0.08:
        return Decision.REJECT, 0, rng.choice(REJECT_REASONS)
    if line.requested_yen > limit or roll < 0.28:
        amount = min(limit, int(line.requested_yen * rng.choice([0.6, 0.7, 0.8, 0.9])) // 1000 * 1000)
        if 0 < amount < line.requested_yen:
            return Decision.REDUCE, amount, rng.choice(REDUCE_REASONS)
        return Decision.REJECT, 0, rng.choice(REJECT_REASONS)
    return Decision.APPROVE, line.requested_yen, ""


STATUS_OF = {
    Decision.APPROVE: LineStatus.APPROVED,
    Decision.REDUCE: LineStatus.REDUCED,
    Decision.REJECT: LineStatus.REJECTED,
}


def _year(
    ctx: DemoContext,
    fy: int,
    policy: SupportYear,
    *,
    carried_of: dict[int, list[ProjectLine]],
    unassessed: set[str],
) -> dict[str, Any]:
    """One year's plans, lines and assessment: every chapter's plan included in its mission's plan."""
    rng = ctx.rng
    hq = ctx.users.get("mofa.staff")
    chapters = sorted(ctx.chapters.values(), key=lambda c: c.code)
    mission_of = {c.pk: _mission_of(ctx, c) for c in chapters}
    missions = sorted({m.pk: m for m in mission_of.values() if m is not None}.values(), key=lambda m: m.code)
    plans_ex = {
        m.pk: ExecutionPlan(
            mission=m,
            fiscal_year=fy,
            status=ExecutionPlanStatus.SUBMITTED if m.code in unassessed else ExecutionPlanStatus.ASSESSED,
            requests_to_jetaa=(
                "Alumni speakers at the information sessions and the pre-departure orientation; two "
                "alumni on each interview panel; help with the booth at the university fairs."
            ),
            contact_arrangements=(
                "Quarterly meeting with the chapters' presidents; a JETAA contact in the cultural section; "
                "news to individual alumni through the mission's bulletin."
            ),
            submitted_at=_at(date(fy, 2, 20)),
            assessed_at=None if m.code in unassessed else _at(date(fy, 3, 25)),
            assessed_by=None if m.code in unassessed else hq,
        )
        for m in missions
    }
    ExecutionPlan.objects.bulk_create(plans_ex.values())
    plans = [
        ChapterPlan(
            chapter=c,
            mission=mission_of[c.pk],
            fiscal_year=fy,
            execution_plan=plans_ex[mission_of[c.pk].pk],  # type: ignore[union-attr]
            status=ChapterPlanStatus.INCLUDED,
            submitted_at=_at(date(fy, 2, 6)),
        )
        for c in chapters
        if mission_of[c.pk] is not None
    ]
    ChapterPlan.objects.bulk_create(plans)
    lines: list[ProjectLine] = []
    for plan in plans:
        assert plan.chapter.country is not None
        carried = carried_of.get(plan.chapter_id, [])
        count = max(len(carried), rng.randint(2, 4))
        lines.extend(_lines_for(rng, fy, plan, plan.chapter.country.code, count, carried))
    assessments = []
    for line in lines:
        if line.plan.execution_plan.mission.code in unassessed and rng.random() < 0.7:  # type: ignore[union-attr]
            continue  # HQ has not reached it yet
        decision, amount, reason = _decide(rng, line, policy)
        line.status = STATUS_OF[Decision(decision)]
        line.approved_yen = amount
        assessments.append((line, decision, amount, reason))
    ProjectLine.objects.bulk_create(lines)
    Assessment.objects.bulk_create(
        Assessment(
            line=line,
            decision=decision,
            approved_yen=amount,
            reason=reason,
            assessed_at=_at(date(fy, 3, 20)),
            assessed_by=hq,
        )
        for line, decision, amount, reason in assessments
    )
    # each mission's envelope: what HQ approved with a margin (the assessment kept within it)
    approved: dict[int, int] = {}
    for line in lines:
        mission_id = line.plan.mission_id
        approved[mission_id] = approved.get(mission_id, 0) + line.approved_yen
    envelopes = [
        MissionEnvelope(
            mission=m,
            fiscal_year=fy,
            amount_yen=-(-(approved.get(m.pk, 0) * 115 // 100) // 100_000) * 100_000 + 500_000,
            updated_by=hq,
        )
        for m in missions
    ]
    assert sum(e.amount_yen for e in envelopes) <= policy.national_budget_yen
    MissionEnvelope.objects.bulk_create(envelopes)
    return {"plans": plans, "lines": lines, "execution_plans": plans_ex}


def _support(
    rng: random.Random, lines: list[ProjectLine], *, share: float, paid_share: float, until: date
) -> None:
    commitments = []
    for line in lines:
        if line.status not in (LineStatus.APPROVED, LineStatus.REDUCED) or rng.random() >= share:
            continue
        commitments.append(
            Commitment(
                line=line,
                amount_yen=line.approved_yen,
                committed_on=min(line.starts_on - timedelta(days=30), until),
                note="Support agreement with the chapter",
            )
        )
    Commitment.objects.bulk_create(commitments)
    payments = []
    for c in commitments:
        if rng.random() >= paid_share:
            continue
        paid = max(1000, int(c.amount_yen * rng.choice([0.85, 0.9, 0.95, 1.0])) // 1000 * 1000)
        payments.append(
            Payment(
                commitment=c,
                amount_yen=min(paid, c.amount_yen),
                paid_on=min(c.line.starts_on + timedelta(days=14), until),
                receipt_reference=f"R-{c.line.plan.fiscal_year}-{c.line.pk:05d}",
            )
        )
    Payment.objects.bulk_create(payments)


def _reports_and_evaluations(rng: random.Random, lines: list[ProjectLine], fy: int, ctx: DemoContext) -> None:
    supported = [line for line in lines if line.status in (LineStatus.APPROVED, LineStatus.REDUCED)]
    paid = dict(
        Payment.objects.filter(commitment__line__in=supported).values_list(
            "commitment__line_id", "amount_yen"
        )
    )
    ProjectReport.objects.bulk_create(
        ProjectReport(
            line=line,
            held_on=line.starts_on,
            participants=max(1, int(line.expected_participants * rng.uniform(0.6, 1.3))),
            impressions=rng.choice(IMPRESSIONS),
            expenses_yen=paid.get(line.pk, line.approved_yen),
            expenses_note="Venue, materials and refreshments (receipts with the mission).",
            submitted_at=_at(line.starts_on + timedelta(days=rng.randint(7, 28))),
        )
        for line in supported
    )
    evaluations = []
    for line in supported:
        effect = rng.choice(["high", "high", "medium", "medium", "low"])
        again = effect != "low" and rng.random() < 0.85
        evaluations.append(
            MissionEvaluation(
                line=line,
                effect=effect,
                support_next_year=again,
                reason=rng.choice(EVALUATION_REASONS[again]),
                evaluated_at=_at(date(fy + 1, 5, 15)),
            )
        )
    MissionEvaluation.objects.bulk_create(evaluations)


def jetaa_support_step(ctx: DemoContext) -> None:
    rng = ctx.rng
    ctx.report("JETAA support FY2025", 0.0)
    hq = ctx.users.get("mofa.staff")
    p2025 = _policy(2025, 1, created_by=hq, approved_by=hq)
    p2026 = _policy(2026, 1, status="superseded", created_by=hq, approved_by=hq)
    SupportYear.objects.bulk_create([p2025, p2026])
    revised = _policy(
        2026,
        2,
        previous=p2026,
        created_by=hq,
        approved_by=hq,
        approved_at=_at(date(2026, 7, 10)),
        cap_per_participant_yen=25_000,
        category_caps={**p2026.category_caps, "career": 1_000_000, "organising": 150_000},
        priorities=(
            "After FY2025's evaluation: career-up projects and recruitment cooperation first (the best "
            "cost per participant); introducing Japan in schools; fewer members-only events."
        ),
        revision_note=(
            "FY2025's evaluation: career seminars reached most per yen, organising costs grew; the cap per "
            "participant is lowered to ¥25,000, career-up projects' cap raised to ¥1,000,000, organising "
            "costs' lowered to ¥150,000."
        ),
    )
    SupportYear.objects.bulk_create([revised])

    y2025 = _year(ctx, 2025, p2025, carried_of={}, unassessed=set())
    _support(rng, y2025["lines"], share=1.0, paid_share=1.0, until=date(2026, 3, 31))
    _reports_and_evaluations(rng, y2025["lines"], 2025, ctx)
    HQEvaluation.objects.bulk_create(
        HQEvaluation(
            execution_plan=plan,
            effectiveness=rng.choice(["good", "good", "fair"]),
            efficiency=rng.choice(["good", "fair", "fair", "poor"]),
            comment=rng.choice(
                [
                    "Projects well aimed at recruitment; costs per participant within the guide.",
                    "Good reach in schools; organising costs high against the projects' size.",
                    "Solid year; report impressions in more detail next time.",
                ]
            ),
            evaluated_at=_at(date(2026, 6, 20)),
            evaluated_by=hq,
        )
        for plan in y2025["execution_plans"].values()
    )

    ctx.report("JETAA support FY2026", 0.5)
    # next year's lines continue the projects whose mission found support warranted
    carried_of: dict[int, list[ProjectLine]] = {}
    warranted = ProjectLine.objects.filter(
        plan__fiscal_year=2025, evaluation__support_next_year=True
    ).select_related("plan")
    for line in warranted.order_by("plan__chapter_id", "starts_on", "id"):
        carried_of.setdefault(line.plan.chapter_id, []).append(line)
    carried_of = {k: v[:2] for k, v in carried_of.items()}
    pending_missions = {m for m in ("mission-us-chicago", "mission-au-sydney") if m in ctx.missions}
    y2026 = _year(ctx, 2026, revised, carried_of=carried_of, unassessed=pending_missions)
    today = date(2026, 12, 6)
    uk = [line for line in y2026["lines"] if line.plan.mission.code == UK_MISSION]
    others = [line for line in y2026["lines"] if line.plan.mission.code != UK_MISSION]
    _support(
        rng,
        [line for line in others if line.starts_on <= date(2027, 1, 31)],
        share=0.8,
        paid_share=0.6,
        until=today,
    )
    _support(
        rng,
        [line for line in uk if line.starts_on <= date(2026, 9, 30)],
        share=1.0,
        paid_share=1.0,
        until=today,
    )
    _new_york(ctx, y2026["lines"], today)
    _uk_change(ctx, uk)
    ctx.report("JETAA support: history", 0.9)
    _histories(ctx)


def _new_york(ctx: DemoContext, lines: list[ProjectLine], today: date) -> None:
    """JETAA New York's FY2026: a career seminar held on 17 October, approved, committed and paid: its report
    is the officer's to write."""
    mine = [line for line in lines if line.plan.chapter.code == NEW_YORK_CHAPTER]
    if not mine:
        return
    line = mine[0]
    held = date(2026, 10, 17)
    ProjectLine.objects.filter(pk=line.pk).update(
        starts_on=held,
        ends_on=held,
        expected_participants=60,
        status=LineStatus.APPROVED,
        approved_yen=line.requested_yen,
        category=Category.CAREER,
        title="Career-up seminar: working with Japan",
    )
    Assessment.objects.filter(line=line).delete()
    Assessment.objects.create(
        line=line,
        decision=Decision.APPROVE,
        approved_yen=line.requested_yen,
        assessed_at=_at(date(2026, 3, 20)),
        assessed_by=ctx.users.get("mofa.staff"),
    )
    Payment.objects.filter(commitment__line=line).delete()
    Commitment.objects.filter(line=line).delete()
    c = Commitment.objects.create(line=line, amount_yen=line.requested_yen, committed_on=date(2026, 9, 15))
    Payment.objects.create(
        commitment=c,
        amount_yen=line.requested_yen,
        paid_on=date(2026, 10, 20),
        receipt_reference="R-2026-NY-01",
    )
    _fit_envelope(line.plan.mission_id, 2026)


def _fit_envelope(mission_id: int, fy: int) -> None:
    from django.db.models import Sum

    approved = int(
        ProjectLine.objects.filter(
            plan__mission_id=mission_id, plan__fiscal_year=fy, status__in=("approved", "reduced")
        ).aggregate(s=Sum("approved_yen"))["s"]
        or 0
    )
    envelope = MissionEnvelope.objects.get(mission_id=mission_id, fiscal_year=fy)
    if envelope.amount_yen < approved:
        envelope.amount_yen = -(-approved // 100_000) * 100_000
        envelope.save(update_fields=["amount_yen"])


def _uk_change(ctx: DemoContext, uk: list[ProjectLine]) -> None:
    """A change of JETAA UK London's during the year (a bigger venue for a project later in the year): a new
    version waiting for HQ, so the UK mission's plan is back with HQ."""
    later = [
        line
        for line in uk
        if line.status in (LineStatus.APPROVED, LineStatus.REDUCED)
        and line.starts_on > date(2027, 1, 15)
        and not Commitment.objects.filter(line=line).exists()
    ]
    if not later:
        return
    line = later[0]
    amount = (line.amount_local * Decimal("1.2")).quantize(Decimal(1))
    ProjectLine.objects.create(
        plan=line.plan,
        category=line.category,
        title=line.title,
        starts_on=line.starts_on,
        ends_on=line.ends_on,
        place=line.place,
        expected_participants=line.expected_participants + 20,
        currency=line.currency,
        amount_local=amount,
        rate_to_yen=line.rate_to_yen,
        requested_yen=_yen(amount, line.rate_to_yen),
        budget_breakdown=line.budget_breakdown,
        version=2,
        previous=line,
        change_reason="More registrations than expected: a bigger venue.",
        carried_from=line.carried_from,
    )
    ExecutionPlan.objects.filter(pk=line.plan.execution_plan_id or 0).update(
        status=ExecutionPlanStatus.SUBMITTED
    )


def _histories(ctx: DemoContext) -> None:
    """The audit trail of every status the step wrote, in the order it happened (each a transition of the
    workflows in jetaa/workflows.py), dated on the day it happened: one batch of events."""
    hq = ctx.users.get("mofa.staff")
    events: list[Any] = []

    def add(obj: Any, action: str, move: tuple[str, str], day: datetime, actor: Any, org: int | None) -> None:
        with translation.override("en"):  # the audit log names records in English, as the walk does
            event = audit.event(
                actor=actor, action=action, obj=obj, changes={"status": list(move)}, organisation=org
            )
        event.at = day
        events.append(event)

    for year in SupportYear.objects.order_by("fiscal_year", "version"):
        approved_at = year.approved_at or _at(date(year.fiscal_year - 1, 11, 28))
        add(year, "jetaa_year.approve", ("draft", "approved"), approved_at, hq, None)
        if year.status == "superseded":
            add(year, "jetaa_year.supersede", ("approved", "superseded"), _at(date(2026, 7, 10)), hq, None)
    for plan in ChapterPlan.objects.select_related("chapter").order_by("fiscal_year", "id"):
        fy = plan.fiscal_year
        add(
            plan,
            "jetaa_chapter_plan.submit",
            ("draft", "submitted"),
            _at(date(fy, 2, 6)),
            None,
            plan.chapter_id,
        )
        if plan.status == ChapterPlanStatus.INCLUDED:
            add(
                plan,
                "jetaa_chapter_plan.include",
                ("submitted", "included"),
                _at(date(fy, 2, 16)),
                None,
                plan.chapter_id,
            )
    for ex in ExecutionPlan.objects.select_related("mission").order_by("fiscal_year", "id"):
        fy, org = ex.fiscal_year, ex.mission_id
        add(ex, "jetaa_execution_plan.submit", ("draft", "submitted"), _at(date(fy, 2, 20)), None, org)
        if ex.assessed_at is not None:
            add(ex, "jetaa_execution_plan.complete", ("submitted", "assessed"), ex.assessed_at, hq, org)
            if ex.status == ExecutionPlanStatus.SUBMITTED:  # a change during the year, back with HQ
                add(
                    ex,
                    "jetaa_execution_plan.amend",
                    ("assessed", "submitted"),
                    _at(date(2026, 11, 20)),
                    None,
                    org,
                )
    decided = ProjectLine.objects.filter(
        status__in=(LineStatus.APPROVED, LineStatus.REDUCED, LineStatus.REJECTED)
    ).values_list("pk", "title", "status", "plan__fiscal_year", "plan__chapter_id")
    verb = {LineStatus.APPROVED: "approve", LineStatus.REDUCED: "reduce", LineStatus.REJECTED: "reject"}
    for pk, title, status, fy, chapter_id in decided.order_by("id"):
        line = ProjectLine(pk=pk, title=title)
        add(
            line,
            f"jetaa_line.{verb[LineStatus(status)]}",
            ("pending", status),
            _at(date(fy, 3, 20)),
            hq,
            chapter_id,
        )
    audit.record_many(events)
