"""Demo step of reappointment (再任用): the rules of each programme year's round, the salary tables the seed
publishes, the decided rounds of the two years before the latest serving year, and the round in progress on
the serving terms of the latest fiscal year that has any (FY2026 in the demo: its window is open on the
demo's today).

The rounds of FY2020 and FY2021 carry the COVID-era exception (up to 7 years), which produced FY2022's
6th- and 7th-year participants; the others have the usual maximum of 5 years. A decided round matches the
terms: a participant with a term in the next year was reappointed (with the assessment the rules ask for),
the others left or were not reappointed. In the round in progress most participants have stated an
intention, many have been assessed, and about half are decided: reappointed ones get next year's serving
term. Gifu Prefecture's and Kanazawa City's participants (the demo coordinators') include undecided ones of
every kind: some waiting for an assessment, a 4th-year participant assessed only "capable" and a 5th-year
one who wishes to continue (both refused by the rules if decided); the demo participant's own decision
waits for their intention."""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import TYPE_CHECKING

from django.db.models import Max
from django.utils import timezone

from jetpm.appointments import term_dates
from jetpm.appointments.models import AppointmentTerm, ProgrammeYearRules, ReappointmentDecision, SalaryRate
from jetpm.appointments.reappointment import rules as reappointment_rules
from jetpm.appointments.states import Assessment, DecisionStatus, Intention, TermStatus
from jetpm.appointments.workflows import DECISIONS
from jetpm.core.models import Organisation
from jetpm.demo.logins import GIFU_CO, KANAZAWA_CO
from jetpm.demo.world.core import DEMO_TODAY
from jetpm.demo.world.walk import Walk, route

if TYPE_CHECKING:
    from jetpm.demo.generator import DemoContext

FIRST_ROUND, LAST_ROUND = 2019, 2026
EXTENDED_ROUNDS = frozenset({2020, 2021})
SHOWCASE_COS = (GIFU_CO, KANAZAWA_CO)
NOT_REAPPOINTED_REASONS = [
    "勤務状況が再任用の基準に達しなかったため。",
    "配置校の再編により任用を継続できないため。",
]
EXTENSION_NOTE = "COVID-19: participants who could not be replaced may stay up to 7 years."

# The seed's salary tables (gross, ALT and CIR): FY2012–2022 by year on the programme (the 4th row holds
# for the 5th year too); from FY2025 only the first year's is published (about 4.02M yen).
SALARY_2012_2022 = {1: 3_360_000, 2: 3_600_000, 3: 3_900_000, 4: 3_960_000}
FIRST_YEAR_FROM_2025 = 4_020_000


def _salaries() -> list[SalaryRate]:
    rows = [
        SalaryRate(fiscal_year=fy, year_on_programme=yop, annual_salary_yen=amount)
        for fy in range(2012, 2023)
        for yop, amount in SALARY_2012_2022.items()
    ]
    rows += [
        SalaryRate(fiscal_year=fy, year_on_programme=1, annual_salary_yen=FIRST_YEAR_FROM_2025)
        for fy in (2025, 2026)
    ]
    return rows


def _rules() -> list[ProgrammeYearRules]:
    rows = []
    for fy in range(FIRST_ROUND, LAST_ROUND + 1):
        opens, closes = reappointment_rules.default_window(fy)
        extended = fy in EXTENDED_ROUNDS
        rows.append(
            ProgrammeYearRules(
                fiscal_year=fy,
                max_term_years=reappointment_rules.DEFAULT_MAX_TERM,
                extension_allowed=extended,
                extension_max_years=7,
                decisions_open=opens,
                decisions_close=closes,
                note=EXTENSION_NOTE if extended else "",
            )
        )
    return rows


@dataclass(frozen=True)
class Term:
    id: int
    participant_id: int
    fiscal_year: int
    year: int  # on the programme
    co_id: int | None
    job_type: str
    language_id: int | None
    end_date: date | None


def _needed(year_next: int) -> str:
    """The assessment the rules ask for a reappointment into ``year_next``."""
    return Assessment.CAPABLE if year_next <= 3 else Assessment.ESPECIALLY_EXCELLENT


def _at(day: date, rng: random.Random) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(9))) + timedelta(minutes=rng.randrange(8 * 60))


def _decided_round(
    terms: list[Term], has_next: dict[int, int], rng: random.Random
) -> list[ReappointmentDecision]:
    """A round that is over: its decisions match the next year's terms (``has_next``: participant → term)."""
    out = []
    for t in terms:
        opens, closes = reappointment_rules.default_window(t.fiscal_year)
        decided_at = _at(opens + timedelta(days=rng.randrange((closes - opens).days)), rng)
        next_id = has_next.get(t.participant_id)
        if next_id is not None:
            d = ReappointmentDecision(
                term_id=t.id,
                intention=Intention.CONTINUE,
                assessment=_needed(t.year + 1),
                reappointed=True,
                next_term_id=next_id,
            )
        elif t.year < reappointment_rules.DEFAULT_MAX_TERM and rng.random() < 0.06:
            d = ReappointmentDecision(
                term_id=t.id,
                intention=Intention.CONTINUE,
                assessment=Assessment.NOT_REAPPOINTED,
                reason=rng.choice(NOT_REAPPOINTED_REASONS),
                reappointed=False,
            )
        else:
            d = ReappointmentDecision(term_id=t.id, intention=Intention.LEAVE, reappointed=False)
        d.status = DecisionStatus.DECIDED
        d.decided_at = decided_at
        out.append(d)
    return out


def _showcase_plan(terms: list[Term], skip: set[int]) -> dict[int, tuple[str, str]]:
    """Term id → (intention, assessment) of the undecided decisions the demo coordinators work on."""
    plan: dict[int, tuple[str, str]] = {}
    by_co: dict[int | None, list[Term]] = {}
    for t in terms:
        if t.participant_id not in skip:
            by_co.setdefault(t.co_id, []).append(t)
    for mine in by_co.values():
        fourth = [t for t in mine if t.year == 4][:1]
        fifth = [t for t in mine if t.year >= reappointment_rules.DEFAULT_MAX_TERM][:1]
        early = [t for t in mine if t.year <= 2][:3]  # "capable" is enough for their next year
        for t in fourth:
            plan[t.id] = (Intention.CONTINUE, Assessment.CAPABLE)  # years 4–5 need "especially excellent"
        for t in fifth:
            plan[t.id] = (Intention.CONTINUE, Assessment.ESPECIALLY_EXCELLENT)  # beyond the maximum term
        for t in early:
            plan[t.id] = (Intention.CONTINUE, "")  # waiting for the assessment
    return plan


def reappointment_step(ctx: DemoContext) -> None:
    ProgrammeYearRules.objects.bulk_create(_rules())
    SalaryRate.objects.bulk_create(
        _salaries(), ignore_conflicts=True
    )  # the tables come from a data migration
    serving = AppointmentTerm.objects.filter(status=TermStatus.SERVING)
    latest = serving.aggregate(fy=Max("fiscal_year"))["fy"]
    if latest is None:
        return
    rng = ctx.rng
    rows = AppointmentTerm.objects.filter(
        fiscal_year__gte=latest - 2, fiscal_year__lte=latest + 1
    ).values_list(
        "id",
        "participant_id",
        "fiscal_year",
        "year_on_programme",
        "contracting_org_id",
        "job_type",
        "language_id",
        "end_date",
        "status",
    )
    by_year: dict[int, list[Term]] = {}
    for pk, pid, fy, yop, co_id, job_type, language_id, end_date, status in rows.order_by(
        "fiscal_year", "participant__jet_id"
    ):
        t = Term(pk, pid, fy, yop, co_id, job_type, language_id, end_date)
        if t.fiscal_year < latest or status == TermStatus.SERVING:
            by_year.setdefault(t.fiscal_year, []).append(t)
    next_of = {
        fy: {t.participant_id: t.id for t in by_year.get(fy + 1, [])}
        for fy in (latest - 2, latest - 1, latest)
    }
    decisions: list[ReappointmentDecision] = []
    for fy in (latest - 2, latest - 1):
        decisions += _decided_round(by_year.get(fy, []), next_of[fy], rng)

    # the round in progress
    showcase_cos = set(Organisation.objects.filter(code__in=SHOWCASE_COS).values_list("id", flat=True))
    logins = set(
        AppointmentTerm.objects.filter(
            fiscal_year=latest, participant__person__user__isnull=False
        ).values_list("participant_id", flat=True)
    )
    current = [t for t in by_year.get(latest, []) if t.participant_id not in next_of[latest]]
    plan = _showcase_plan([t for t in current if t.co_id in showcase_cos], logins)
    opens, _closes = reappointment_rules.default_window(latest)
    days = max(1, (DEMO_TODAY - opens).days)  # decided between the opening and the demo's today
    pending: list[tuple[ReappointmentDecision, Term]] = []
    for t in current:
        roll = rng.random()
        if t.participant_id in logins or (roll < 0.12 and t.id not in plan):
            continue  # nothing recorded yet (the demo participant states their intention themselves)
        reason = ""
        if t.id in plan:
            intention, assessment = plan[t.id]
            decided = False
        else:
            leaving = t.year >= reappointment_rules.DEFAULT_MAX_TERM or rng.random() < 0.3
            intention = Intention.LEAVE if leaving else Intention.CONTINUE
            assessment = ""
            if not leaving and roll > 0.3:
                if rng.random() < 0.05:
                    assessment, reason = Assessment.NOT_REAPPOINTED, rng.choice(NOT_REAPPOINTED_REASONS)
                elif t.year + 1 >= 4 and rng.random() < 0.25:
                    assessment = Assessment.CAPABLE  # not enough for years 4–5: cannot be decided so
                else:
                    assessment = _needed(t.year + 1)
            legal = (
                leaving
                or assessment == Assessment.NOT_REAPPOINTED
                or (bool(assessment) and not reappointment_rules.check(t.year + 1, assessment, 5))
            )
            decided = roll > 0.5 and legal
        reappointed = decided and intention == Intention.CONTINUE and assessment != Assessment.NOT_REAPPOINTED
        d = ReappointmentDecision(
            term_id=t.id,
            intention=intention,
            assessment=assessment,
            reason=reason,
            status=DecisionStatus.DECIDED if decided else DecisionStatus.DRAFT,
            reappointed=reappointed if decided else None,
            decided_at=_at(opens + timedelta(days=rng.randrange(days)), rng) if decided else None,
        )
        decisions.append(d)
        if reappointed:
            pending.append((d, t))
    next_terms = []
    for _d, t in pending:
        dates = term_dates.next_term(t.end_date) if t.end_date else None
        next_terms.append(
            AppointmentTerm(
                participant_id=t.participant_id,
                fiscal_year=latest + 1,
                year_on_programme=t.year + 1,
                contracting_org_id=t.co_id,
                job_type=t.job_type,
                language_id=t.language_id,
                status=TermStatus.SERVING,
                start_date=dates.start if dates else None,
                end_date=dates.end if dates else None,
            )
        )
    AppointmentTerm.objects.bulk_create(next_terms, batch_size=2000)
    for (d, _t), term in zip(pending, next_terms, strict=True):
        d.next_term_id = term.pk
    walk = Walk(DECISIONS)  # drafted, then decided through the workflow layer
    for d in decisions:
        walk.plan(d, route(DECISIONS, DecisionStatus.DRAFT, d.status))
    ReappointmentDecision.objects.bulk_create(decisions, batch_size=2000)
    terms = AppointmentTerm.objects.select_related("participant").in_bulk([d.term_id for d in decisions])
    for d in decisions:
        d.term = terms[d.term_id]
    walk.run(when=lambda d, status: d.decided_at)
