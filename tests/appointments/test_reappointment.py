"""Reappointment (再任用): the pure rules, the services (window, rules, immutability, next year's term) and
the pages (scoping, forms, national progress)."""

from __future__ import annotations

from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from jetpm.appointments.models import AppointmentTerm, ReappointmentDecision
from jetpm.appointments.reappointment import rules as reappointment_rules
from jetpm.appointments.reappointment import services
from jetpm.appointments.states import Assessment, DecisionStatus, Intention, TermStatus
from jetpm.core.errors import DomainError, NotFound, PermissionDenied
from jetpm.core.models import AuditEvent
from tests.appointments.reappointment_data import IN_WINDOW, ROUND, add_participant, round_rules, serving

# --- the pure rules -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("year", "assessment", "ok"),
    [
        (2, Assessment.CAPABLE, True),
        (3, Assessment.CAPABLE, True),
        (3, Assessment.ESPECIALLY_EXCELLENT, True),
        (4, Assessment.CAPABLE, False),
        (5, Assessment.CAPABLE, False),
        (4, Assessment.ESPECIALLY_EXCELLENT, True),
        (5, Assessment.ESPECIALLY_EXCELLENT, True),
        (6, Assessment.ESPECIALLY_EXCELLENT, False),
        (2, Assessment.NOT_REAPPOINTED, True),
        (2, "", False),
    ],
)
def test_rules_by_year(year: int, assessment: str, ok: bool) -> None:
    assert (reappointment_rules.check(year, assessment, 5) == []) is ok


def test_the_pure_rules_name_the_assessments_of_the_states() -> None:
    """The pure rules import no Django, so they spell the assessments' values; they must be these."""
    pure = {
        reappointment_rules.CAPABLE,
        reappointment_rules.ESPECIALLY_EXCELLENT,
        reappointment_rules.NOT_REAPPOINTED,
    }
    assert pure == set(Assessment.values)


def test_rule_named_in_the_refusal() -> None:
    assert reappointment_rules.check(4, Assessment.CAPABLE, 5) == ["Years 4–5 need “especially excellent”."]
    assert (
        "maximum term of the year is 5" in reappointment_rules.check(6, Assessment.ESPECIALLY_EXCELLENT, 5)[0]
    )


def test_exception_policy_allows_6th_and_7th_years() -> None:
    assert reappointment_rules.check(6, Assessment.ESPECIALLY_EXCELLENT, 5, 7) == []
    assert reappointment_rules.check(7, Assessment.ESPECIALLY_EXCELLENT, 5, 7) == []
    assert "at most 7 years" in reappointment_rules.check(8, Assessment.ESPECIALLY_EXCELLENT, 5, 7)[0]
    assert "especially excellent" in reappointment_rules.check(6, Assessment.CAPABLE, 5, 7)[0]


def test_the_assessment_ladder_is_the_years_data() -> None:
    # a year whose rules let "capable" suffice up to the 4th year, or only up to the 2nd
    assert reappointment_rules.check(4, Assessment.CAPABLE, 5, capable_until=4) == []
    assert reappointment_rules.check(5, Assessment.CAPABLE, 5, capable_until=4) == [
        "Year 5 needs “especially excellent”."
    ]
    assert reappointment_rules.check(3, Assessment.CAPABLE, 5, capable_until=2) == [
        "Years 3–5 need “especially excellent”."
    ]
    assert reappointment_rules.check(2, Assessment.CAPABLE, 5, capable_until=2) == []


# --- services -------------------------------------------------------------------------------------------


def _ready(world, term: AppointmentTerm, assessment: str, reason: str = "") -> None:  # type: ignore[no-untyped-def]
    co = world.users["co_a.coordinator"]
    services.record_intention(actor=co, term_id=term.pk, intention=Intention.CONTINUE)
    services.record_assessment(actor=co, term_id=term.pk, assessment=assessment, reason=reason)


@pytest.mark.django_db
def test_reappointment_creates_next_years_term_and_is_final(world) -> None:  # type: ignore[no-untyped-def]
    a, _b = serving(world, year_a=1)
    services.record_intention(actor=world.users["participant_a"], term_id=a.pk, intention=Intention.CONTINUE)
    services.record_assessment(
        actor=world.users["co_a.coordinator"], term_id=a.pk, assessment=Assessment.CAPABLE
    )
    d = services.decide(actor=world.users["co_a.coordinator"], term_id=a.pk, today=IN_WINDOW)
    assert (
        d.status == DecisionStatus.DECIDED
        and d.reappointed
        and d.decided_by == world.users["co_a.coordinator"]
    )
    nxt = AppointmentTerm.objects.get(participant=a.participant, fiscal_year=ROUND + 1)
    assert (nxt.year_on_programme, nxt.contracting_org, nxt.status) == (
        2,
        a.contracting_org,
        TermStatus.SERVING,
    )
    assert d.next_term == nxt
    assert AuditEvent.objects.filter(action="reappointment.decide").count() == 1
    # final: nothing may change any more
    for call in (
        lambda: services.record_intention(
            actor=world.users["co_a.coordinator"], term_id=a.pk, intention="leave"
        ),
        lambda: services.record_assessment(
            actor=world.users["co_a.coordinator"], term_id=a.pk, assessment="not_reappointed", reason="x"
        ),
        lambda: services.decide(actor=world.users["co_a.coordinator"], term_id=a.pk, today=IN_WINDOW),
    ):
        with pytest.raises(DomainError, match="decided and final"):
            call()
    d.refresh_from_db()
    assert (d.intention, d.assessment) == (Intention.CONTINUE, Assessment.CAPABLE)
    assert AppointmentTerm.objects.filter(participant=a.participant).count() == 2


@pytest.mark.django_db
def test_year_four_needs_especially_excellent(world) -> None:  # type: ignore[no-untyped-def]
    a, _b = serving(world, year_a=3)
    _ready(world, a, Assessment.CAPABLE)
    with pytest.raises(DomainError, match="Years 4–5 need “especially excellent”") as exc:
        services.decide(actor=world.users["co_a.coordinator"], term_id=a.pk, today=IN_WINDOW)
    assert exc.value.field == "assessment"
    assert ReappointmentDecision.objects.get(term=a).status == DecisionStatus.DRAFT
    assert not AppointmentTerm.objects.filter(participant=a.participant, fiscal_year=ROUND + 1).exists()


@pytest.mark.django_db
def test_the_rounds_ladder_decides(world) -> None:  # type: ignore[no-untyped-def]
    rules = round_rules()
    rules.capable_until_year = 2
    rules.save()
    a, _b = serving(world, year_a=2)
    _ready(world, a, Assessment.CAPABLE)
    with pytest.raises(DomainError, match="Years 3–5 need “especially excellent”"):
        services.decide(actor=world.users["co_a.coordinator"], term_id=a.pk, today=IN_WINDOW)
    assert services.round_rules(ROUND).capable_until_year == 2


@pytest.mark.django_db
def test_sixth_year_needs_the_years_exception(world) -> None:  # type: ignore[no-untyped-def]
    a, _b = serving(world, year_a=5)
    _ready(world, a, Assessment.ESPECIALLY_EXCELLENT)
    with pytest.raises(DomainError, match="maximum term of the year is 5"):
        services.decide(actor=world.users["co_a.coordinator"], term_id=a.pk, today=IN_WINDOW)
    round_rules(extension=True)
    d = services.decide(actor=world.users["co_a.coordinator"], term_id=a.pk, today=IN_WINDOW)
    assert d.next_term is not None and d.next_term.year_on_programme == 6


@pytest.mark.django_db
def test_not_reappointed_needs_a_reason_and_creates_no_term(world) -> None:  # type: ignore[no-untyped-def]
    a, _b = serving(world)
    co = world.users["co_a.coordinator"]
    with pytest.raises(DomainError, match="reason") as exc:
        services.record_assessment(actor=co, term_id=a.pk, assessment=Assessment.NOT_REAPPOINTED, reason="  ")
    assert exc.value.field == "reason"
    assert not ReappointmentDecision.objects.exists()
    _ready(world, a, Assessment.NOT_REAPPOINTED, reason="Repeated absence")
    d = services.decide(actor=co, term_id=a.pk, today=IN_WINDOW)
    assert d.reappointed is False and d.next_term is None
    assert AppointmentTerm.objects.filter(participant=a.participant).count() == 1


@pytest.mark.django_db
def test_decisions_outside_the_window_are_refused_with_the_dates(world) -> None:  # type: ignore[no-untyped-def]
    a, _b = serving(world)
    _ready(world, a, Assessment.CAPABLE)
    with pytest.raises(DomainError, match="from 15 October 2025 to 10 February 2026"):
        services.decide(actor=world.users["co_a.coordinator"], term_id=a.pk, today=date(2026, 3, 1))
    assert ReappointmentDecision.objects.get(term=a).status == DecisionStatus.DRAFT


@pytest.mark.django_db
def test_other_organisations_terms_are_not_found(world) -> None:  # type: ignore[no-untyped-def]
    _a, b = serving(world)
    co_a = world.users["co_a.coordinator"]
    with pytest.raises(NotFound):
        services.record_intention(actor=co_a, term_id=b.pk, intention=Intention.CONTINUE)
    with pytest.raises(NotFound):
        services.decide(actor=co_a, term_id=b.pk, today=IN_WINDOW)
    # national staff see it but may not decide; the participant may state only an intention
    with pytest.raises(PermissionDenied):
        services.record_assessment(actor=world.users["clair.staff"], term_id=b.pk, assessment="capable")
    a = AppointmentTerm.objects.get(participant__person=world.persons["participant_a"])
    with pytest.raises(PermissionDenied):
        services.record_assessment(actor=world.users["participant_a"], term_id=a.pk, assessment="capable")
    assert not ReappointmentDecision.objects.exclude(intention="").exists()


# --- pages ----------------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_co_reappointment_page_lists_only_its_own(world, client) -> None:  # type: ignore[no-untyped-def]
    serving(world)
    client.force_login(world.users["co_a.coordinator"])
    body = client.get(reverse("appointments:reappointment_list"), {"fiscal_year": ROUND}).content.decode()
    assert "A-1" in body and "B-1" not in body
    client.force_login(world.users["clair.staff"])
    assert client.get(reverse("appointments:reappointment_list")).status_code == 404
    client.force_login(world.users["participant_a"])
    assert client.get(reverse("appointments:reappointment_progress")).status_code == 404


@pytest.mark.django_db
def test_forms_post_and_report_errors(world, client) -> None:  # type: ignore[no-untyped-def]
    a, b = serving(world)
    client.force_login(world.users["co_a.coordinator"])
    r = client.post(
        reverse("appointments:reappointment_assess"), {"term": a.pk, "assessment": "not_reappointed"}
    )
    assert r.status_code == 302
    msgs = [str(m) for m in r.wsgi_request._messages]  # type: ignore[attr-defined]
    assert any("Reason" in m and "reason" in m for m in msgs)
    assert not ReappointmentDecision.objects.exists()
    r = client.post(reverse("appointments:reappointment_intention"), {"term": b.pk, "intention": "continue"})
    assert r.status_code == 404
    r = client.post(reverse("appointments:reappointment_intention"), {"term": a.pk, "intention": "continue"})
    assert r.status_code == 302 and ReappointmentDecision.objects.get(term=a).intention == "continue"
    assert client.get(reverse("appointments:reappointment_decide")).status_code == 405


@pytest.mark.django_db
def test_participant_states_their_intention_on_their_page(world, client) -> None:  # type: ignore[no-untyped-def]
    a, _b = serving(world)
    client.force_login(world.users["participant_a"])
    url = reverse("appointments:participant_detail", kwargs={"participant_id": a.participant_id})
    assert 'name="intention"' in client.get(url).content.decode()
    r = client.post(
        reverse("appointments:reappointment_intention"), {"term": a.pk, "intention": "leave", "next": url}
    )
    assert r.status_code == 302 and r["Location"] == url
    assert ReappointmentDecision.objects.get(term=a).intention == Intention.LEAVE


@pytest.mark.django_db
def test_national_progress_by_prefecture(world, client) -> None:  # type: ignore[no-untyped-def]
    a, _b = serving(world)
    _ready(world, a, Assessment.CAPABLE)
    services.decide(actor=world.users["co_a.coordinator"], term_id=a.pk, today=IN_WINDOW)
    for username in ("clair.staff", "mic.staff"):
        client.force_login(world.users[username])
        r = client.get(reverse("appointments:reappointment_progress"), {"fiscal_year": ROUND})
        assert r.status_code == 200
        totals = r.context["totals"]
        assert (totals["total"], totals["decided"], totals["pending"], totals["reappointed"]) == (2, 1, 1, 1)
    client.force_login(world.users["co_a.coordinator"])
    assert client.get(reverse("appointments:reappointment_progress")).status_code == 404


@pytest.mark.django_db
def test_reappointment_list_queries_are_bounded(world, client) -> None:  # type: ignore[no-untyped-def]
    from jetpm.core.models import Person
    from jetpm.core.states import PersonKind

    client.force_login(world.users["co_a.coordinator"])
    url = reverse("appointments:reappointment_list") + f"?fiscal_year={ROUND}"

    def grow(n: int, start: int) -> None:
        for i in range(n):
            p = Person.objects.create(
                kind=PersonKind.PARTICIPANT,
                family_name=f"P{start + i}",
                given_name="X",
                nationality=world.persons["participant_a"].nationality,
            )
            t = add_participant(p, world.orgs["co_a"], jet_id=f"G{start + i}", year_on_programme=2)
            if i % 2:
                ReappointmentDecision.objects.create(term=t, intention="continue")

    grow(3, 0)
    with CaptureQueriesContext(connection) as small:
        assert client.get(url).status_code == 200
    grow(20, 100)
    with CaptureQueriesContext(connection) as big:
        assert client.get(url).status_code == 200
    assert len(big) == len(small)


# --- the hand-off to planning and the reminders ---------------------------------------------------------


@pytest.mark.django_db
def test_continuing_counts_for_next_years_requests(world) -> None:  # type: ignore[no-untyped-def]
    from jetpm.appointments.reappointment import selectors
    from jetpm.core.scoping import OPERATOR

    a, b = serving(world)
    _ready(world, a, Assessment.CAPABLE)
    services.decide(actor=world.users["co_a.coordinator"], term_id=a.pk, today=IN_WINDOW)
    co_b = world.users["co_b.coordinator"]
    services.record_intention(actor=co_b, term_id=b.pk, intention=Intention.LEAVE)
    services.decide(actor=co_b, term_id=b.pk, today=IN_WINDOW)
    assert selectors.continuing_counts(OPERATOR, fiscal_year=ROUND) == {(world.orgs["co_a"].pk, "ALT"): 1}
    assert selectors.continuing_counts(co_b, fiscal_year=ROUND) == {}


@pytest.mark.django_db
def test_reminders_before_the_deadline(world) -> None:  # type: ignore[no-untyped-def]
    from jetpm.core.dashboard import tasks_for

    a, _b = serving(world)
    co = world.users["co_a.coordinator"]
    titles = [t.title for t in tasks_for(co, date(2026, 2, 1), [])]
    assert any("1 reappointment decision of" in t for t in titles)
    assert not any("reappointment" in t for t in (x.title for x in tasks_for(co, date(2026, 3, 1), [])))
    mine = [t for t in tasks_for(world.users["participant_a"], IN_WINDOW, []) if "continue" in t.title]
    assert len(mine) == 1 and str(a.participant_id) in mine[0].url
    services.record_intention(actor=world.users["participant_a"], term_id=a.pk, intention=Intention.CONTINUE)
    assert not [t for t in tasks_for(world.users["participant_a"], IN_WINDOW, []) if "continue" in t.title]
