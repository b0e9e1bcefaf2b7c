"""Costs: the pure arithmetic, the scoped report (SQL aggregates), the pages per role in both languages,
the audited download, the rates page."""

from __future__ import annotations

import csv
import io

import pytest
from django.urls import reverse

from jetpm.appointments.costs import estimate as costs
from jetpm.appointments.costs.selectors import ORGANISATION, PREFECTURE, cost_report
from jetpm.appointments.costs.services import set_cost_rates
from jetpm.appointments.models import CostRates
from jetpm.core.errors import DomainError, PermissionDenied
from jetpm.core.models import AuditEvent
from tests.appointments.costs_data import TABLE, cost_world
from tests.appointments.reappointment_data import ROUND

RATES = costs.Rates(ROUND, 220_000, 220_000, 60_000)
T = costs.SalaryTable(ROUND, TABLE)


# --- pure ---------------------------------------------------------------------------------------------


def test_salary_table_takes_the_highest_row_not_above() -> None:
    table = costs.SalaryTable(2022, ((1, 3_360_000), (2, 3_600_000), (3, 3_900_000), (4, 3_960_000)))
    assert [table.salary(y) for y in (1, 2, 3, 4, 5, 7)] == [
        3_360_000,
        3_600_000,
        3_900_000,
        3_960_000,
        3_960_000,
        3_960_000,
    ]
    assert costs.SalaryTable(2023).salary(1) is None


def test_year_costs_by_hand() -> None:
    b = costs.year_costs(
        fiscal_year=ROUND, by_year_on_programme={1: 2, 2: 1}, arrivals=2, returns=1, table=T, rates=RATES
    )
    # 2 × 4,020,000 + 3,600,000 = 11,640,000; travel 2 × 220,000 + 220,000; insurance 3 × 60,000
    assert (b.participants, b.salary_yen, b.travel_arrival_yen, b.travel_return_yen, b.insurance_yen) == (
        3,
        11_640_000,
        440_000,
        220_000,
        180_000,
    )
    assert b.total_yen == 12_480_000 and b.complete


def test_estimate_by_hand() -> None:
    e = costs.estimate(
        fiscal_year=ROUND + 1, reappointed_by_next_year={3: 1}, new_participants=2, table=T, rates=RATES
    )
    # 3,900,000 + 2 × 4,020,000 + 2 × 220,000 + 3 × 60,000
    assert e.total_yen == 12_560_000 and e.arrivals == 2 and e.returns == 0 and e.participants == 3


def test_missing_table_or_rates_leave_the_total_open() -> None:
    b = costs.year_costs(
        fiscal_year=2023,
        by_year_on_programme={1: 1},
        arrivals=1,
        returns=0,
        table=costs.SalaryTable(2023),
        rates=RATES,
    )
    assert b.salary_yen is None and b.total_yen is None and not b.salary_table
    assert b.insurance_yen == 60_000
    b = costs.year_costs(
        fiscal_year=ROUND, by_year_on_programme={1: 1}, arrivals=1, returns=0, table=T, rates=None
    )
    assert b.salary_yen == 4_020_000 and b.total_yen is None


def test_total_sums_groups() -> None:
    one = costs.year_costs(
        fiscal_year=ROUND, by_year_on_programme={1: 1}, arrivals=1, returns=0, table=T, rates=RATES
    )
    two = costs.year_costs(
        fiscal_year=ROUND, by_year_on_programme={2: 1}, arrivals=0, returns=1, table=T, rates=RATES
    )
    total = costs.total([one, two], fiscal_year=ROUND, table=T, rates=RATES)
    assert total.total_yen == one.total_yen + two.total_yen  # type: ignore[operator]


# --- the report -----------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_report_by_organisation_for_a_coordinator(world) -> None:  # type: ignore[no-untyped-def]
    cost_world(world)
    report = cost_report(world.users["co_a.coordinator"], fiscal_year=ROUND, group=ORGANISATION)
    assert [r.key for r in report.rows] == [world.orgs["co_a"].code]
    row = report.rows[0]
    assert row.current.total_yen == 3_600_000 + 60_000
    assert row.estimate.total_yen == 12_560_000
    assert row.reappointed == 1 and row.estimate.arrivals == 2


@pytest.mark.django_db
def test_national_report_by_prefecture(world, django_assert_max_num_queries) -> None:  # type: ignore[no-untyped-def]
    cost_world(world)
    with django_assert_max_num_queries(8):
        report = cost_report(world.users["clair.staff"], fiscal_year=ROUND, group=PREFECTURE)
    by_code = {r.key: r for r in report.rows}
    gifu, ishikawa = by_code["21"], by_code["17"]
    assert gifu.current.total_yen == 4_020_000 + 3_600_000 + 220_000 + 2 * 60_000
    assert ishikawa.current.total_yen == 4_020_000 + 220_000 + 220_000 + 60_000  # arrives and leaves
    assert ishikawa.estimate.total_yen == 0  # a draft request is not counted
    assert report.total.total_yen == 7_960_000 + 4_520_000
    assert report.total_estimate.total_yen == 12_560_000


@pytest.mark.django_db
def test_host_organisation_sees_its_area(world) -> None:  # type: ignore[no-untyped-def]
    cost_world(world)
    report = cost_report(world.users["host_a.coordinator"], fiscal_year=ROUND, group=ORGANISATION)
    assert {r.key for r in report.rows} == {world.orgs["co_a"].code, world.orgs["co_a2"].code}


# --- pages --------------------------------------------------------------------------------------------


def _ja(client, user) -> None:  # type: ignore[no-untyped-def]
    user.language = "ja"
    user.save()
    client.force_login(user)


@pytest.mark.django_db
@pytest.mark.parametrize("lang", ["en", "ja"])
@pytest.mark.parametrize(
    "username", ["clair.staff", "mic.staff", "co_a.coordinator", "host_a.coordinator", "co_b.coordinator"]
)
def test_pages_render_for_each_role(world, client, username: str, lang: str) -> None:  # type: ignore[no-untyped-def]
    cost_world(world)
    user = world.users[username]
    user.language = lang
    user.save()
    client.force_login(user)
    r = client.get(reverse("appointments:cost_overview"), {"fiscal_year": ROUND}, HTTP_ACCEPT_LANGUAGE=lang)
    assert r.status_code == 200
    body = r.content.decode()
    assert ("令和7年度" if lang == "ja" else "FY2025") in body
    if username == "co_a.coordinator":
        assert "¥12,560,000" in body and "¥3,660,000" in body


@pytest.mark.django_db
def test_co_b_cannot_see_co_a(world, client) -> None:  # type: ignore[no-untyped-def]
    cost_world(world)
    a_url = reverse("appointments:cost_organisation", kwargs={"organisation_id": world.orgs["co_a"].pk})
    client.force_login(world.users["co_b.coordinator"])
    assert client.get(a_url).status_code == 404
    body = client.get(reverse("appointments:cost_overview"), {"fiscal_year": ROUND}).content.decode()
    assert world.orgs["co_a"].name_en not in body and "¥12,560,000" not in body
    client.force_login(world.users["co_a.coordinator"])
    r = client.get(a_url, {"fiscal_year": ROUND})
    assert r.status_code == 200 and "¥12,560,000" in r.content.decode()
    for outsider in ("participant_a", "mission_a.staff", "applicant_a"):
        client.force_login(world.users[outsider])
        assert client.get(reverse("appointments:cost_overview")).status_code == 404
        assert client.get(a_url).status_code == 404


@pytest.mark.django_db
def test_missing_salary_table_is_said_not_invented(world, client) -> None:  # type: ignore[no-untyped-def]
    cost_world(world, tables=(ROUND + 1,))
    client.force_login(world.users["clair.staff"])
    body = client.get(reverse("appointments:cost_overview"), {"fiscal_year": ROUND}).content.decode()
    assert "No salary table for FY2025" in body
    _ja(client, world.users["clair.staff"])
    body = client.get(
        reverse("appointments:cost_overview"), {"fiscal_year": ROUND}, HTTP_ACCEPT_LANGUAGE="ja"
    ).content.decode()
    assert "令和7年度" in body


@pytest.mark.django_db
def test_national_download_is_audited(world, client) -> None:  # type: ignore[no-untyped-def]
    cost_world(world)
    client.force_login(world.users["clair.staff"])
    r = client.get(reverse("appointments:cost_export"), {"fiscal_year": ROUND, "format": "csv"})
    assert r.status_code == 200 and r["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(r.content.decode("utf-8-sig"))))
    assert rows[-1][1] == "National total" and rows[-1][7] == str(12_480_000)
    assert AuditEvent.objects.filter(action="costs.export").count() == 1
    r = client.get(reverse("appointments:cost_export"), {"fiscal_year": ROUND})
    assert r.status_code == 200 and r.content[:2] == b"PK"
    client.force_login(world.users["co_a.coordinator"])
    assert client.get(reverse("appointments:cost_export")).status_code == 404


@pytest.mark.django_db
def test_cost_rates_edited_by_clair_and_audited(world, client) -> None:  # type: ignore[no-untyped-def]
    url = reverse("appointments:cost_rates") + "?fiscal_year=2030"
    client.force_login(world.users["co_a.coordinator"])
    assert client.get(url).status_code == 404
    client.force_login(world.users["clair.staff"])
    assert client.get(url).status_code == 200
    r = client.post(url, {"travel_arrival_yen": 250000, "travel_return_yen": 240000, "insurance_yen": 61000})
    assert r.status_code == 302
    row = CostRates.objects.get(fiscal_year=2030)
    assert (row.travel_arrival_yen, row.travel_return_yen, row.insurance_yen) == (250_000, 240_000, 61_000)
    assert AuditEvent.objects.filter(action="cost_rates.set").count() == 1
    r = client.post(url, {"travel_arrival_yen": -1, "travel_return_yen": 240000, "insurance_yen": 61000})
    assert r.status_code == 400
    with pytest.raises(PermissionDenied):
        set_cost_rates(
            actor=world.users["co_a.coordinator"],
            fiscal_year=2030,
            travel_arrival_yen=1,
            travel_return_yen=1,
            insurance_yen=1,
        )
    with pytest.raises(DomainError):
        set_cost_rates(
            actor=world.users["mic.staff"],
            fiscal_year=2030,
            travel_arrival_yen=20_000_000,
            travel_return_yen=1,
            insurance_yen=1,
        )


@pytest.mark.django_db
def test_default_rates_come_with_the_migration(world) -> None:  # type: ignore[no-untyped-def]
    assert set(CostRates.objects.values_list("fiscal_year", flat=True)) >= set(range(2022, 2028))


@pytest.mark.django_db
def test_participant_page_shows_the_terms_costs(world, client) -> None:  # type: ignore[no-untyped-def]
    terms = cost_world(world)
    client.force_login(world.users["co_b.coordinator"])
    url = reverse("appointments:participant_detail", kwargs={"participant_id": terms["b"].participant_id})
    body = client.get(url).content.decode()
    assert "¥4,520,000" in body
