"""Demo step of reappointment (再任用): the rules of each programme year's round, the salary tables the seed
publishes, and the round in progress on the serving terms of the latest fiscal year that has any.

The rounds of FY2020 and FY2021 carry the COVID-era exception (up to 7 years), which produced FY2022's
6th- and 7th-year participants; the others have the usual maximum of 5 years. In the round in progress
most participants have stated an intention, many have been assessed, and about half are decided:
reappointed ones get next year's serving term (unless they already have one)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db.models import Max
from django.utils import timezone

from jetpm.appointments import reappointment_rules
from jetpm.appointments.models import AppointmentTerm, ProgrammeYearRules, ReappointmentDecision, SalaryRate
from jetpm.appointments.states import Assessment, DecisionStatus, Intention, TermStatus

if TYPE_CHECKING:
    from jetpm.demo.generator import DemoContext

FIRST_ROUND, LAST_ROUND = 2019, 2026
EXTENDED_ROUNDS = frozenset({2020, 2021})
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


def reappointment_step(ctx: DemoContext) -> None:
    ProgrammeYearRules.objects.bulk_create(_rules())
    SalaryRate.objects.bulk_create(_salaries())
    serving = AppointmentTerm.objects.filter(status=TermStatus.SERVING)
    latest = serving.aggregate(fy=Max("fiscal_year"))["fy"]
    if latest is None:
        return
    terms = list(
        serving.filter(fiscal_year=latest).values_list(
            "id", "participant_id", "year_on_programme", "contracting_org_id", "job_type", "language_id"
        )
    )
    has_next = set(
        AppointmentTerm.objects.filter(fiscal_year=latest + 1).values_list("participant_id", flat=True)
    )
    rng = ctx.rng
    now = timezone.now()
    decisions: list[ReappointmentDecision] = []
    next_terms: list[AppointmentTerm] = []
    for term_id, participant_id, year, co_id, job_type, language_id in terms:
        roll = rng.random()
        if roll < 0.15:
            continue  # nothing recorded yet
        leaving = year >= reappointment_rules.DEFAULT_MAX_TERM or rng.random() < 0.3
        intention = Intention.LEAVE if leaving else Intention.CONTINUE
        assessment = ""
        if not leaving and roll > 0.35:
            assessment = Assessment.ESPECIALLY_EXCELLENT if year >= 3 else Assessment.CAPABLE
        decided = roll > 0.55 and bool(leaving or assessment) and participant_id not in has_next
        reappointed = decided and not leaving
        d = ReappointmentDecision(
            term_id=term_id,
            intention=intention,
            assessment=assessment,
            status=DecisionStatus.DECIDED if decided else DecisionStatus.DRAFT,
            reappointed=(not leaving) if decided else None,
            decided_at=now if decided else None,
        )
        decisions.append(d)
        if reappointed:
            next_terms.append(
                AppointmentTerm(
                    participant_id=participant_id,
                    fiscal_year=latest + 1,
                    year_on_programme=year + 1,
                    contracting_org_id=co_id,
                    job_type=job_type,
                    language_id=language_id,
                    status=TermStatus.SERVING,
                )
            )
    AppointmentTerm.objects.bulk_create(next_terms, batch_size=2000)
    by_participant = {t.participant_id: t.pk for t in next_terms}
    participant_of = {term_id: participant_id for term_id, participant_id, *_rest in terms}
    for d in decisions:
        if d.reappointed:
            d.next_term_id = by_participant[participant_of[d.term_id]]
    ReappointmentDecision.objects.bulk_create(decisions, batch_size=2000)
