"""The country plan's services: the proposal, hand edits with a reason, the workflow and immutability."""

from __future__ import annotations

from fractions import Fraction

import pytest

from jetpm.core.errors import DomainError, IllegalTransition, PermissionDenied
from jetpm.core.models import AuditEvent, Country, Language
from jetpm.demo.world.core import RECRUITING_COUNTRIES
from jetpm.planning.models import CountryPlan, PlanLine
from jetpm.planning.selectors.demand import demand_by_job_and_language
from jetpm.planning.selectors.plans import countries_offering, languages_of_country
from jetpm.planning.services import plans as services
from jetpm.planning.states import PlanStatus, WeightSource
from tests.planning.plans_support import YEAR, add_demand, approved_plan, lines, totals

pytestmark = pytest.mark.django_db


@pytest.fixture
def planned(world):  # type: ignore[no-untyped-def]
    add_demand(world)
    return world


def _draft(world, **params) -> CountryPlan:  # type: ignore[no-untyped-def]
    plan = services.create_plan(actor=world.users["mic.staff"], intake_year=YEAR)
    if params:
        base = {
            "method": plan.method,
            "weight_source": plan.weight_source,
            "min_per_country": 0,
            "max_per_country": None,
        }
        services.update_parameters(actor=world.users["mic.staff"], plan_id=plan.pk, **{**base, **params})
    plan.refresh_from_db()
    return plan


def _computed(world, **params) -> CountryPlan:  # type: ignore[no-untyped-def]
    plan = _draft(world, weight_source=WeightSource.EQUAL, **params)
    services.compute_proposal(actor=world.users["mic.staff"], plan_id=plan.pk)
    return plan


# --- the country-language table ----------------------------------------------------------------------


def test_country_languages_cover_the_recruiting_countries(db):
    by_country = languages_of_country()
    assert set(by_country) == set(RECRUITING_COUNTRIES)
    designated = set(Language.objects.filter(designated=True).values_list("code", flat=True))
    offered = set(countries_offering())
    assert offered <= designated
    assert {"en", "zh", "ko", "fr", "de"} <= offered
    assert "zh" in by_country["SG"] and "fr" in by_country["CA"] and "ko" in by_country["KR"]
    assert set(Country.objects.filter(code__in=by_country).values_list("code", flat=True)) == set(by_country)


# --- the pure part -----------------------------------------------------------------------------------


def test_propose_seats_divides_each_demand_and_skips_unoffered_languages():
    demand = {("ALT", "en"): 100, ("CIR", "en"): 5, ("ALT", "xx"): 3, ("SEA", "en"): 0}
    offering = {"en": ("GB", "IE", "US")}
    weights = {"US": 6, "GB": 3, "IE": 1}
    p = services.propose_seats(
        demand=demand,
        offering=offering,
        weight=lambda c, j, lang: Fraction(weights[c]),
        method="hamilton",
    )
    assert p.seats[("US", "ALT", "en")] == 60 and p.seats[("IE", "ALT", "en")] == 10
    assert sum(s for (c, j, lang), s in p.seats.items() if j == "CIR") == 5
    assert [(s.job_type, s.language, s.demand) for s in p.skipped] == [("ALT", "xx", 3)]
    assert not any(j == "SEA" for _c, j, _l in p.seats)


def test_propose_seats_refuses_impossible_minimums_naming_the_field():
    with pytest.raises(DomainError) as err:
        services.propose_seats(
            demand={("SEA", "en"): 2},
            offering={"en": ("GB", "IE", "US")},
            weight=lambda c, j, lang: 1,
            method="dhondt",
            minimum=1,
        )
    assert err.value.field == "min_per_country"
    with pytest.raises(DomainError) as err:
        services.propose_seats(
            demand={("ALT", "en"): 10},
            offering={"en": ("GB", "IE")},
            weight=lambda c, j, lang: 1,
            method="adams",
            maximum=4,
        )
    assert err.value.field == "max_per_country"


def test_diff_lines():
    d = services.diff_lines(
        {("GB", "ALT", "en"): 3, ("IE", "ALT", "en"): 2}, {("GB", "ALT", "en"): 4, ("US", "ALT", "en"): 1}
    )
    assert d.added == [(("US", "ALT", "en"), 1)]
    assert d.removed == [(("IE", "ALT", "en"), 2)]
    assert d.changed == [(("GB", "ALT", "en"), 3, 4)]


# --- computing a proposal ------------------------------------------------------------------------------


@pytest.mark.parametrize("source", [WeightSource.EQUAL, WeightSource.REQUESTS])
@pytest.mark.parametrize("method", ["hamilton", "dhondt", "sainte-lague", "huntington-hill", "adams"])
def test_compute_proposal_sums_to_the_demand(planned, source, method):
    plan = _draft(planned, weight_source=source, method=method)
    services.compute_proposal(actor=planned.users["mic.staff"], plan_id=plan.pk)
    assert totals(plan) == demand_by_job_and_language(YEAR)
    assert all(p == s and r == "" for p, s, r in lines(plan).values())
    offering = countries_offering()
    assert all(c in offering[lang] for c, _j, lang in lines(plan))
    event = AuditEvent.objects.get(action="plan.compute", object_id=str(plan.pk))
    assert event.changes["seats"] == [0, sum(demand_by_job_and_language(YEAR).values())]


def test_applicant_weights_follow_nationality(planned):
    plan = _draft(planned, weight_source=WeightSource.APPLICANTS)
    services.compute_proposal(actor=planned.users["mic.staff"], plan_id=plan.pk)
    # the world's applicants are one British and one Irish: English goes to GB and IE only
    assert {c for c, j, lang in lines(plan) if lang == "en"} == {"GB", "IE"}


def _participants(year: int, rows: list[tuple[str, str, str, int]]) -> None:
    """``n`` appointment terms in fiscal ``year`` per (country, job type, language code)."""
    from jetpm.appointments.models import AppointmentTerm, Participant
    from jetpm.core.models import Person

    k = 0
    for code, job, lang, n in rows:
        country = Country.objects.get(code=code)
        language = Language.objects.get(code=lang)
        for _i in range(n):
            k += 1
            person = Person.objects.create(
                family_name=f"P{k}", given_name="T", kind="participant", nationality=country
            )
            p = Participant.objects.create(
                person=person,
                jet_id=f"W{year}-{k:05d}",
                cohort_year=year,
                country=country,
                job_type=job,
                language=language,
            )
            AppointmentTerm.objects.create(
                participant=p,
                fiscal_year=year,
                year_on_programme=1,
                job_type=job,
                language=language,
                status="serving",
            )


def test_participant_weights_are_last_years_actual_terms(planned):
    # last year's approved plan says otherwise: the weights must come from the terms actually served
    previous = approved_plan()
    gb, us = Country.objects.get(code="GB"), Country.objects.get(code="US")
    en = Language.objects.get(code="en")
    PlanLine.objects.create(plan=previous, country=gb, job_type="ALT", language=en, proposed=1, seats=1)
    PlanLine.objects.create(plan=previous, country=us, job_type="ALT", language=en, proposed=3, seats=3)
    _participants(YEAR - 1, [("GB", "ALT", "en", 3), ("US", "ALT", "en", 1), ("US", "CIR", "en", 0)])
    _participants(YEAR - 2, [("US", "ALT", "en", 5)])  # two years ago: not last year
    plan = _draft(planned, weight_source=WeightSource.PARTICIPANTS, method="hamilton")
    proposal = services.compute_proposal(actor=planned.users["mic.staff"], plan_id=plan.pk)
    got = lines(plan)
    assert got[("GB", "ALT", "en")][1] == 43 and got[("US", "ALT", "en")][1] == 14  # 57 × 3/4, × 1/4
    # nothing weighs the other groups last year: skipped with a message, listed as gaps
    assert {(s.job_type, s.language) for s in proposal.skipped} == {
        ("CIR", "en"),
        ("CIR", "zh"),
        ("ALT", "fr"),
        ("SEA", "ko"),
    }


def test_compute_with_no_weights_at_all_is_refused_and_keeps_the_lines(planned):
    plan = _computed(planned)
    before = lines(plan)
    services.update_parameters(
        actor=planned.users["mic.staff"],
        plan_id=plan.pk,
        method=plan.method,
        weight_source=WeightSource.PARTICIPANTS,
        min_per_country=0,
        max_per_country=None,
    )
    with pytest.raises(DomainError) as err:
        services.compute_proposal(actor=planned.users["mic.staff"], plan_id=plan.pk)
    assert err.value.field == "weight_source"
    assert lines(plan) == before


def test_impossible_minimum_is_refused_and_nothing_changes(planned):
    p = _computed(planned)
    before = lines(p)
    services.update_parameters(
        actor=planned.users["mic.staff"],
        plan_id=p.pk,
        method=p.method,
        weight_source=p.weight_source,
        min_per_country=2,
        max_per_country=None,
    )
    with pytest.raises(DomainError) as err:
        services.compute_proposal(actor=planned.users["mic.staff"], plan_id=p.pk)
    assert err.value.field == "min_per_country"
    assert lines(p) == before


def test_parameters_min_above_max_refused(planned):
    plan = _draft(planned)
    with pytest.raises(DomainError) as err:
        services.update_parameters(
            actor=planned.users["mic.staff"],
            plan_id=plan.pk,
            method="hamilton",
            weight_source="equal",
            min_per_country=3,
            max_per_country=2,
        )
    assert err.value.field == "max_per_country"
    plan.refresh_from_db()
    assert plan.min_per_country == 0 and plan.method == "huntington-hill"


def test_no_demand_no_proposal(world):
    plan = services.create_plan(actor=world.users["mic.staff"], intake_year=YEAR)
    with pytest.raises(DomainError):
        services.compute_proposal(actor=world.users["mic.staff"], plan_id=plan.pk)


def test_only_planners_compute_and_edit(planned):
    plan = _draft(planned, weight_source=WeightSource.EQUAL)
    for username in ("council.approver", "mission_a.staff", "co_a.coordinator"):
        with pytest.raises(PermissionDenied):
            services.compute_proposal(actor=planned.users[username], plan_id=plan.pk)
        with pytest.raises(PermissionDenied):
            services.create_plan(actor=planned.users[username], intake_year=YEAR)
    for username in ("mofa.staff", "mext.staff", "clair.staff"):
        services.compute_proposal(actor=planned.users[username], plan_id=plan.pk)


# --- hand edits ---------------------------------------------------------------------------------------


def _edit(world, plan, country="GB", job="ALT", lang="en", seats=0, reason="", user="mic.staff"):  # type: ignore[no-untyped-def]
    return services.save_line(
        actor=world.users[user],
        plan_id=plan.pk,
        country_code=country,
        job_type=job,
        language_code=lang,
        seats=seats,
        reason=reason,
    )


def test_an_alt_line_in_another_language_is_refused(planned):
    plan = _computed(planned)
    before = lines(plan)
    with pytest.raises(
        DomainError, match="ALT posts teach English, German, French, Chinese or Korean"
    ) as err:
        _edit(planned, plan, country="ES", job="ALT", lang="es", seats=2, reason="Spain asked")
    assert err.value.field == "language"
    assert lines(plan) == before
    _edit(planned, plan, country="ES", job="CIR", lang="es", seats=1, reason="Spain asked")
    assert lines(plan)[("ES", "CIR", "es")][1] == 1


def test_the_proposal_skips_alt_demand_in_another_language(planned):
    from jetpm.planning.services.plans import propose_seats

    proposal = propose_seats(
        demand={("ALT", "es"): 3, ("ALT", "en"): 2, ("SEA", "en"): 1},
        offering={"es": ("ES",), "en": ("GB",)},
        weight=lambda c, j, lang: 1,
        method="hamilton",
        intake_year=1994,
    )
    assert proposal.seats == {("GB", "ALT", "en"): 2}
    assert {(s.job_type, s.language) for s in proposal.skipped} == {("ALT", "es"), ("SEA", "en")}


def test_edit_without_reason_is_refused_and_nothing_saved(planned):
    plan = _computed(planned)
    before = lines(plan)
    events = AuditEvent.objects.count()
    proposed = before[("GB", "ALT", "en")][0]
    with pytest.raises(DomainError) as err:
        _edit(planned, plan, seats=proposed + 2, reason="   ")
    assert err.value.field == "reason"
    assert "GB" in err.value.message
    with pytest.raises(DomainError) as err:
        _edit(planned, plan, country="FJ", job="CIR", lang="en", seats=1)  # a new line needs a reason too
    assert err.value.field == "reason"
    with pytest.raises(DomainError) as err:
        _edit(planned, plan, lang="ja", seats=1, reason="x")
    assert err.value.field == "language"
    with pytest.raises(DomainError) as err:
        _edit(planned, plan, seats=-1, reason="x")
    assert err.value.field == "seats"
    assert lines(plan) == before
    assert AuditEvent.objects.count() == events


def test_edit_with_reason_is_saved_and_audited(planned):
    plan = _computed(planned)
    proposed = lines(plan)[("GB", "ALT", "en")][0]
    _edit(planned, plan, seats=proposed + 2, reason="More schools in Gifu")
    assert lines(plan)[("GB", "ALT", "en")] == (proposed, proposed + 2, "More schools in Gifu")
    event = AuditEvent.objects.get(action="plan_line.update")
    assert event.changes["seats"] == [proposed, proposed + 2]
    assert event.changes["reason"] == ["", "More schools in Gifu"]
    # back to the proposal: no reason needed
    _edit(planned, plan, seats=proposed)
    assert lines(plan)[("GB", "ALT", "en")] == (proposed, proposed, "")


def test_add_and_remove_a_hand_line(planned):
    plan = _computed(planned)
    line = _edit(planned, plan, country="FJ", job="CIR", lang="en", seats=1, reason="Exchange with Fiji")
    assert line is not None and line.proposed == 0
    assert lines(plan)[("FJ", "CIR", "en")] == (0, 1, "Exchange with Fiji")
    assert _edit(planned, plan, country="FJ", job="CIR", lang="en", seats=0) is None
    assert ("FJ", "CIR", "en") not in lines(plan)
    assert AuditEvent.objects.filter(action__in=["plan_line.create", "plan_line.delete"]).count() == 2


def test_line_changed_to_zero_keeps_its_proposal(planned):
    plan = _computed(planned)
    proposed = lines(plan)[("GB", "ALT", "en")][0]
    _edit(planned, plan, seats=0, reason="No recruitment in the UK this year")
    assert lines(plan)[("GB", "ALT", "en")] == (proposed, 0, "No recruitment in the UK this year")


# --- workflow -------------------------------------------------------------------------------------------


def _approved(world) -> CountryPlan:  # type: ignore[no-untyped-def]
    plan = _computed(world)
    services.propose_plan(actor=world.users["mic.staff"], plan_id=plan.pk)
    services.approve_plan(actor=world.users["council.approver"], plan_id=plan.pk)
    plan.refresh_from_db()
    return plan


def test_workflow_roles(planned):
    plan = _computed(planned)
    with pytest.raises(PermissionDenied):
        services.propose_plan(actor=planned.users["council.approver"], plan_id=plan.pk)
    services.propose_plan(actor=planned.users["mic.staff"], plan_id=plan.pk)
    for username in ("mic.staff", "mission_a.approver", "co_a.coordinator"):
        with pytest.raises(PermissionDenied):
            services.approve_plan(actor=planned.users[username], plan_id=plan.pk)
    services.send_back_plan(actor=planned.users["council.approver"], plan_id=plan.pk, reason="Check CIR")
    plan.refresh_from_db()
    assert plan.status == PlanStatus.DRAFT
    assert AuditEvent.objects.get(action="plan.send_back").changes["reason"] == [None, "Check CIR"]
    services.propose_plan(actor=planned.users["mic.staff"], plan_id=plan.pk)
    services.approve_plan(actor=planned.users["council.approver"], plan_id=plan.pk)
    plan.refresh_from_db()
    assert plan.status == PlanStatus.APPROVED and plan.approved_by == planned.users["council.approver"]
    assert plan.approved_at is not None and plan.proposed_at is not None


def test_an_empty_plan_cannot_be_proposed(planned):
    plan = _draft(planned)
    with pytest.raises(DomainError):
        services.propose_plan(actor=planned.users["mic.staff"], plan_id=plan.pk)


def test_approved_plan_is_immutable(planned):
    plan = _approved(planned)
    before = lines(plan)
    events = AuditEvent.objects.count()
    mic, council = planned.users["mic.staff"], planned.users["council.approver"]
    writes = [
        lambda: services.update_parameters(
            actor=mic,
            plan_id=plan.pk,
            method="dhondt",
            weight_source="equal",
            min_per_country=0,
            max_per_country=None,
        ),
        lambda: services.compute_proposal(actor=mic, plan_id=plan.pk),
        lambda: _edit(planned, plan, seats=1, reason="x"),
        lambda: _edit(planned, plan, country="FJ", seats=1, reason="x"),
        lambda: services.propose_plan(actor=mic, plan_id=plan.pk),
        lambda: services.send_back_plan(actor=council, plan_id=plan.pk),
        lambda: services.approve_plan(actor=council, plan_id=plan.pk),
    ]
    for write in writes:
        with pytest.raises(IllegalTransition):
            write()
    with pytest.raises(DomainError):
        services.create_plan(
            actor=mic, intake_year=YEAR
        )  # the year has an approved plan: new version instead
    plan.refresh_from_db()
    assert plan.status == PlanStatus.APPROVED and plan.method == "huntington-hill"
    assert lines(plan) == before
    assert AuditEvent.objects.count() == events


def test_new_version_supersedes_with_a_diff(planned):
    v1 = _approved(planned)
    mic, council = planned.users["mic.staff"], planned.users["council.approver"]
    v2 = services.new_version(actor=mic, plan_id=v1.pk)
    assert (v2.version, v2.supersedes_id, v2.status) == (2, v1.pk, PlanStatus.DRAFT)
    assert lines(v2) == lines(v1) and v2.weight_source == v1.weight_source
    with pytest.raises(DomainError):
        services.new_version(actor=mic, plan_id=v1.pk)  # one successor only
    with pytest.raises(IllegalTransition):
        services.new_version(actor=mic, plan_id=v2.pk)  # a draft is edited, not versioned
    gb = lines(v1)[("GB", "ALT", "en")][1]
    _edit(planned, v2, seats=gb + 1, reason="Correction after withdrawals")
    _edit(planned, v2, country="FJ", job="CIR", lang="en", seats=2, reason="New exchange")
    services.propose_plan(actor=mic, plan_id=v2.pk)
    services.approve_plan(actor=council, plan_id=v2.pk)
    v1.refresh_from_db()
    v2.refresh_from_db()
    assert (v1.status, v2.status) == (PlanStatus.SUPERSEDED, PlanStatus.APPROVED)
    assert AuditEvent.objects.filter(action="plan.supersede", object_id=str(v1.pk)).exists()
    with pytest.raises(IllegalTransition):
        _edit(planned, v1, seats=1, reason="x")  # superseded: immutable too
    d = services.diff_lines({k: v[1] for k, v in lines(v1).items()}, {k: v[1] for k, v in lines(v2).items()})
    assert d.changed == [(("GB", "ALT", "en"), gb, gb + 1)]
    assert d.added == [(("FJ", "CIR", "en"), 2)]


def test_a_second_draft_cannot_replace_the_approved_plan(planned):
    mic, council = planned.users["mic.staff"], planned.users["council.approver"]
    v1 = _computed(planned)
    v2 = _computed(planned)
    assert v2.version == 2
    services.propose_plan(actor=mic, plan_id=v1.pk)
    services.propose_plan(actor=mic, plan_id=v2.pk)
    services.approve_plan(actor=council, plan_id=v1.pk)
    with pytest.raises(DomainError):
        services.approve_plan(actor=council, plan_id=v2.pk)
    v2.refresh_from_db()
    assert v2.status == PlanStatus.PROPOSED


def test_export_rows(planned):
    from jetpm.planning.selectors.plans import EXPORT_HEADER, export_rows

    plan = _computed(planned)
    rows = export_rows(plan)
    assert rows[0] == EXPORT_HEADER and len(rows) == plan.lines.count() + 1
    assert sum(r[9] for r in rows[1:]) == sum(demand_by_job_and_language(YEAR).values())
