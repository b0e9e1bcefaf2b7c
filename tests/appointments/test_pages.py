"""The participant pages: scoped side by side, filtered, paginated with bounded queries."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from jetpm.appointments.models import AppointmentTerm, SalaryRate
from jetpm.appointments.states import TermStatus
from jetpm.core.models import Person
from jetpm.core.states import JobType, PersonKind
from tests.appointments.reappointment_data import ROUND, add_participant, serving

pytestmark = pytest.mark.django_db


def _detail(term: AppointmentTerm) -> str:
    return reverse("appointments:participant_detail", kwargs={"participant_id": term.participant_id})


def test_two_organisations_side_by_side(world, client) -> None:  # type: ignore[no-untyped-def]
    a, b = serving(world)
    for username, own, other in (("co_a.coordinator", a, b), ("co_b.coordinator", b, a)):
        client.force_login(world.users[username])
        body = client.get(reverse("appointments:participant_list")).content.decode()
        assert own.participant.jet_id in body and other.participant.jet_id not in body
        assert client.get(_detail(own)).status_code == 200
        assert client.get(_detail(other)).status_code == 404


def test_national_bodies_see_all_and_participants_their_own(world, client) -> None:  # type: ignore[no-untyped-def]
    a, b = serving(world)
    for username in ("clair.staff", "mic.staff"):
        client.force_login(world.users[username])
        body = client.get(reverse("appointments:participant_list")).content.decode()
        assert "A-1" in body and "B-1" in body
    client.force_login(world.users["participant_a"])
    r = client.get(_detail(a))
    assert r.status_code == 200 and "A-1" in r.content.decode()
    assert client.get(_detail(b)).status_code == 404
    assert client.get(reverse("appointments:participant_list")).status_code == 404
    client.force_login(world.users["mission_a.staff"])
    assert client.get(reverse("appointments:participant_list")).status_code == 404
    assert client.get(_detail(a)).status_code == 404


def test_detail_lists_the_terms_with_the_years_salary(world, client) -> None:  # type: ignore[no-untyped-def]
    a, _b = serving(world, year_a=5)
    SalaryRate.objects.filter(fiscal_year__range=(ROUND - 4, ROUND)).delete()  # the test's own tables
    SalaryRate.objects.bulk_create(
        SalaryRate(fiscal_year=fy, year_on_programme=yop, annual_salary_yen=amount)
        for fy in range(ROUND - 4, ROUND)
        for yop, amount in ((1, 3_360_000), (2, 3_600_000), (3, 3_900_000), (4, 3_960_000))
    )
    client.force_login(world.users["co_a.coordinator"])
    r = client.get(_detail(a))
    terms = r.context["terms"]
    assert [t.fiscal_year for t in terms] == list(range(ROUND - 4, ROUND + 1))
    assert [t.salary for t in terms] == [3_360_000, 3_600_000, 3_900_000, 3_960_000, None]
    assert r.context["current"] == a
    assert "¥3,960,000" in r.content.decode()


def test_filters(world, client) -> None:  # type: ignore[no-untyped-def]
    _a, b = serving(world)
    AppointmentTerm.objects.filter(pk=b.pk).update(job_type=JobType.CIR, status=TermStatus.RESIGNED)
    client.force_login(world.users["clair.staff"])
    url = reverse("appointments:participant_list")

    def jet_ids(**params: object) -> set[str]:
        return {p.jet_id for p in client.get(url, params).context["page"]}

    assert jet_ids() == {"A-1", "B-1"}
    assert jet_ids(fiscal_year=ROUND) == {"A-1", "B-1"}
    assert jet_ids(fiscal_year=ROUND - 1) == set()
    assert jet_ids(job_type="CIR") == {"B-1"}
    assert jet_ids(status="serving") == {"A-1"}
    assert jet_ids(country="IE") == {"B-1"}
    assert jet_ids(country="GB", status="resigned") == set()


def test_list_queries_are_bounded(world, client) -> None:  # type: ignore[no-untyped-def]
    client.force_login(world.users["co_a.coordinator"])
    url = reverse("appointments:participant_list") + f"?fiscal_year={ROUND}"
    nationality = world.persons["participant_a"].nationality

    def grow(n: int, start: int) -> None:
        for i in range(n):
            p = Person.objects.create(
                kind=PersonKind.PARTICIPANT,
                family_name=f"P{start + i}",
                given_name="X",
                nationality=nationality,
            )
            add_participant(p, world.orgs["co_a"], jet_id=f"G{start + i:03d}")

    grow(3, 0)
    with CaptureQueriesContext(connection) as small:
        r = client.get(url)
    assert r.status_code == 200
    grow(60, 100)
    with CaptureQueriesContext(connection) as big:
        r = client.get(url)
    assert len(big) == len(small)
    assert len(r.context["page"]) == 50 and r.context["page"].paginator.num_pages == 2


def test_ending_a_term_early(world, client) -> None:  # type: ignore[no-untyped-def]
    from datetime import date

    from jetpm.appointments import services
    from jetpm.appointments.models import ReappointmentDecision, TermEnding
    from jetpm.appointments.reappointment import services as reappointment_services
    from jetpm.core.errors import DomainError

    a, b = serving(world)
    co = world.users["co_a.coordinator"]
    reappointment_services.record_intention(actor=co, term_id=a.pk, intention="continue")
    with pytest.raises(DomainError, match="1 April 2025 to 31 March 2026") as exc:
        services.end_term(
            actor=co, term_id=a.pk, status="resigned", ended_on=date(2026, 4, 2), reason="Family"
        )
    assert exc.value.field == "ended_on"
    client.force_login(co)
    url = _detail(a)
    assert 'name="ended_on"' in client.get(url).content.decode()
    r = client.post(
        reverse("appointments:term_end"),
        {"term": b.pk, "status": "resigned", "ended_on": "2025-09-30", "reason": "x"},
    )
    assert r.status_code == 404
    r = client.post(
        reverse("appointments:term_end"),
        {"term": a.pk, "status": "resigned", "ended_on": "2025-09-30", "reason": "Family", "next": url},
    )
    assert r.status_code == 302
    a.refresh_from_db()
    assert a.status == TermStatus.RESIGNED and TermEnding.objects.get(term=a).reason == "Family"
    assert not ReappointmentDecision.objects.filter(term=a).exists()
    assert "Family" in client.get(url).content.decode()
    with pytest.raises(DomainError, match="cannot go from"):
        services.end_term(actor=co, term_id=a.pk, status="dismissed", ended_on=date(2025, 10, 1), reason="x")
    assert b.__class__.objects.get(pk=b.pk).status == TermStatus.SERVING
