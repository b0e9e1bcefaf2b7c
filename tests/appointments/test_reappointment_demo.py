"""The demo step of reappointment: the rules of each round, and a round in progress on serving terms."""

from __future__ import annotations

import random
from types import SimpleNamespace

import pytest

from jetpm.appointments import reappointment_rules
from jetpm.appointments.models import AppointmentTerm, ProgrammeYearRules, ReappointmentDecision, SalaryRate
from jetpm.appointments.states import DecisionStatus, TermStatus
from jetpm.demo.generator import build_world
from jetpm.demo.world.reappointment import reappointment_step


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
