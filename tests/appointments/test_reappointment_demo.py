"""The demo step of reappointment: the rules of each round, and a round in progress on serving terms."""

from __future__ import annotations

import random
from types import SimpleNamespace

import pytest

from jetpm.appointments.models import AppointmentTerm, ProgrammeYearRules, ReappointmentDecision, SalaryRate
from jetpm.appointments.reappointment import rules as reappointment_rules
from jetpm.appointments.states import DecisionStatus, TermStatus
from jetpm.demo.generator import build_world
from jetpm.demo.world.reappointment import reappointment_step
from jetpm.predeparture.models import DepartureAssignment


@pytest.mark.slow
@pytest.mark.django_db
def test_small_world_rules_and_a_round_in_progress() -> None:
    build_world(scale="small", seed=1)
    covid = ProgrammeYearRules.objects.get(fiscal_year=2021)
    assert covid.extension_allowed and covid.extension_max_years == 7
    assert not ProgrammeYearRules.objects.get(fiscal_year=2024).extension_allowed
    assert SalaryRate.objects.get(fiscal_year=2022, year_on_programme=4).annual_salary_yen == 3_960_000

    # a round in progress on the latest year's serving terms (the step on its own, again)
    latest = AppointmentTerm.objects.order_by("-fiscal_year").values_list("fiscal_year", flat=True)[0]
    ReappointmentDecision.objects.all().delete()
    AppointmentTerm.objects.filter(fiscal_year__gt=latest).delete()
    AppointmentTerm.objects.filter(fiscal_year=latest).update(status=TermStatus.SERVING)
    ProgrammeYearRules.objects.all().delete()
    SalaryRate.objects.all().delete()
    reappointment_step(SimpleNamespace(rng=random.Random(1)))  # type: ignore[arg-type]
    decisions = ReappointmentDecision.objects.select_related("term", "next_term")
    assert decisions.filter(status=DecisionStatus.DRAFT).exists()
    decided = list(decisions.filter(status=DecisionStatus.DECIDED))
    assert decided and any(d.reappointed for d in decided) and any(not d.reappointed for d in decided)
    for d in decided:
        if d.reappointed:
            assert d.next_term is not None
            assert d.next_term.year_on_programme == d.term.year_on_programme + 1
            assert not reappointment_rules.check(d.next_term.year_on_programme, d.assessment, 5)
        else:
            assert d.next_term is None


@pytest.mark.slow
@pytest.mark.django_db
def test_small_world_goes_on_to_today_with_the_fy2026_round_in_progress() -> None:
    from datetime import date

    from django.db.models import Count

    from jetpm.appointments.models import Participant
    from jetpm.appointments.reappointment.services import round_rules
    from jetpm.demo.world.appointments import NEW_COHORTS, SMALL_DIVISOR

    build_world(scale="small", seed=1)
    status = dict(
        AppointmentTerm.objects.values_list("fiscal_year")
        .annotate(n=Count("id"))
        .values_list("fiscal_year", "n")
    )
    # the reproduced years, and before them the history's completed terms (FY1987 to FY2021)
    from jetpm.demo.world.history import HISTORY_FROM, HISTORY_TO

    assert {fy for fy in status if fy > HISTORY_TO} == {2022, 2023, 2024, 2025, 2026, 2027}
    assert {fy for fy in status if fy <= HISTORY_TO} == set(range(HISTORY_FROM, HISTORY_TO + 1))
    assert HISTORY_TO == 2021
    assert (
        not AppointmentTerm.objects.filter(fiscal_year__lte=2025)
        .exclude(status=TermStatus.COMPLETED)
        .exists()
    )
    assert (
        not AppointmentTerm.objects.filter(fiscal_year__gte=2026).exclude(status=TermStatus.SERVING).exists()
    )
    assert not AppointmentTerm.objects.filter(start_date__isnull=True).exists()
    from jetpm.demo.world.appointments import PLACED_FY
    from jetpm.placement.models import Placement

    placed = Placement.objects.filter(
        run__status="published", run__intake_year=PLACED_FY, contracting_org__isnull=False
    ).count()
    for cohort, size in NEW_COHORTS.items():
        n = Participant.objects.filter(cohort_year=cohort).count()
        # the 2025 cohort is the published run's placed, topped up to the cohort's size when fewer
        # (the departure step: a few placed of FY2026 did not arrive, their appointment removed; a few
        # travelled in April, their first term from 7 April)
        no_shows = DepartureAssignment.objects.filter(intake_year=cohort, status="no_show").count()
        expected = max(size / SMALL_DIVISOR, placed) if cohort == PLACED_FY else size / SMALL_DIVISOR
        assert abs(n + no_shows - expected) <= 1
        first = AppointmentTerm.objects.filter(participant__cohort_year=cohort, year_on_programme=1)
        assert first.count() == n
        assert all(
            date(cohort, 7, 27) <= d <= date(cohort, 8, 3) or d == date(cohort, 4, 7)
            for d in first.values_list("start_date", flat=True)
        )
    assert not AppointmentTerm.objects.filter(year_on_programme__gt=5, fiscal_year__gte=2025).exists()

    # the rounds of FY2024 and FY2025 are decided and match the next year's terms
    for fy in (2024, 2025):
        decisions = ReappointmentDecision.objects.filter(term__fiscal_year=fy)
        assert decisions.count() == AppointmentTerm.objects.filter(fiscal_year=fy).count()
        assert not decisions.exclude(status=DecisionStatus.DECIDED).exists()
        for d in decisions.select_related("term", "next_term"):
            assert d.reappointed == (d.next_term is not None)
            if d.next_term is not None:
                assert d.next_term.fiscal_year == fy + 1
                assert not reappointment_rules.check(d.next_term.year_on_programme, d.assessment, 5)
        assert (
            decisions.filter(reappointed=True).count()
            == AppointmentTerm.objects.filter(fiscal_year=fy + 1, year_on_programme__gt=1).count()
        )

    # FY2026's round: open today, most intentions stated, many assessed, about half decided
    rules = round_rules(2026)
    assert rules.decisions_open <= date(2026, 11, 26) <= rules.decisions_close
    serving = AppointmentTerm.objects.filter(fiscal_year=2026).count()
    current = ReappointmentDecision.objects.filter(term__fiscal_year=2026)
    assert current.exclude(intention="").count() > 0.75 * serving
    assert current.exclude(assessment="").count() > 0.35 * serving
    assert 0.3 * serving < current.filter(status=DecisionStatus.DECIDED).count() < 0.6 * serving
    for d in current.filter(reappointed=True).select_related("term", "next_term"):
        assert d.next_term is not None and d.next_term.fiscal_year == 2027

    # work for the demo logins: undecided decisions, eligible ones and ones the rules forbid
    for code in ("co-210005", "co-172014"):
        drafts = current.filter(status=DecisionStatus.DRAFT, term__contracting_org__code=code)
        assert drafts.filter(intention="continue", assessment="", term__year_on_programme__lte=2).count() >= 2
        assert drafts.filter(intention="continue", assessment="capable", term__year_on_programme=4).exists()
        assert drafts.filter(intention="continue", term__year_on_programme=5).exists()
    own = AppointmentTerm.objects.get(fiscal_year=2026, participant__person__user__username="participant")
    assert own.contracting_org.code == "co-210005"
    assert not ReappointmentDecision.objects.filter(term=own).exists()
