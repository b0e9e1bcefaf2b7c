"""The rules of the year: one page and one writer for the round's rules, the summer start, the salary table
and the countries' recruited languages; every reader applies what it wrote."""

from __future__ import annotations

from datetime import date

import pytest
from django.urls import reverse

from jetpm.appointments import selectors as appointment_selectors
from jetpm.appointments.costs.selectors import salary_tables
from jetpm.appointments.models import ProgrammeYearRules, SalaryRate, SummerStart
from jetpm.appointments.reappointment.services import round_rules
from jetpm.core.models import AuditEvent, Country
from jetpm.planning.models import CountryLanguage
from jetpm.planning.selectors.plans import countries_offering

pytestmark = pytest.mark.django_db

YEAR = 2025


def _url(year: int = YEAR) -> str:
    return reverse("planning:year_rules") + f"?year={year}"


def _data(**changes: str) -> dict[str, str]:
    data = {
        "decisions_open": "2025-10-15",
        "decisions_close": "2026-02-06",
        "max_term_years": "5",
        "extension_allowed": "on",
        "extension_max_years": "7",
        "capable_until_year": "2",
        "note": "COVID-19 exception kept one more year",
        "summer_start": "2025-07-28",
        "salary_1": "4020000",
        "salary_2": "4300000",
        "salary_3": "4500000",
        "salary_4": "4600000",
    }
    data.update(changes)
    return {k: v for k, v in data.items() if v is not None}


def _state() -> list[object]:
    return [
        list(ProgrammeYearRules.objects.values_list()),
        list(SummerStart.objects.values_list()),
        list(SalaryRate.objects.order_by("pk").values_list()),
        AuditEvent.objects.count(),
    ]


def test_staff_set_the_years_rules_and_every_reader_applies_them(world, client):  # type: ignore[no-untyped-def]
    client.force_login(world.users["mofa.staff"])
    page = client.get(_url())
    assert page.status_code == 200
    assert 'data-testid="year-rules-form"' in page.content.decode()
    response = client.post(_url(), _data())
    assert response.status_code == 302
    rules = round_rules(YEAR)
    assert (rules.max_term_years, rules.extension_max_years, rules.capable_until_year) == (5, 7, 2)
    assert rules.decisions_close == date(2026, 2, 6)
    assert appointment_selectors.summer_start(YEAR) == date(2025, 7, 28)
    table = salary_tables([YEAR])[YEAR]
    assert [table.salary(y) for y in (1, 2, 3, 4, 5)] == [
        4_020_000,
        4_300_000,
        4_500_000,
        4_600_000,
        4_600_000,
    ]
    assert not SalaryRate.objects.filter(fiscal_year=YEAR, assumed=True).exists()  # confirmed by staff
    actions = set(AuditEvent.objects.values_list("action", flat=True))
    assert {"year_rules.round", "year_rules.summer_start", "year_rules.salary"} <= actions
    assert AuditEvent.objects.get(action="year_rules.salary").changes["year_2"] == [4_260_000, 4_300_000]
    # the page shows what is in force
    page = client.get(_url()).content.decode()
    assert "¥4,300,000" in page and "up to year 2" in page
    # saving the same values again changes and records nothing
    before = AuditEvent.objects.count()
    assert client.post(_url(), _data()).status_code == 302
    assert AuditEvent.objects.count() == before


def test_impossible_values_are_all_reported_at_once_and_nothing_is_written(world, client):  # type: ignore[no-untyped-def]
    client.force_login(world.users["clair.staff"])
    before = _state()
    response = client.post(
        _url(),
        _data(
            decisions_open="2026-01-10",
            decisions_close="2025-12-01",  # before the opening
            max_term_years="4",
            capable_until_year="6",  # beyond the maximum term
            extension_max_years="3",  # not longer than the maximum term
            summer_start="2025-12-01",  # not a summer start
            salary_2="0",
            salary_3="three million",
        ),
    )
    assert response.status_code == 400
    errors = response.context["form"].errors
    assert set(errors) == {
        "decisions_close",
        "capable_until_year",
        "extension_max_years",
        "summer_start",
        "salary_2",
        "salary_3",
    }
    page = response.content.decode()
    assert "The decisions cannot close before they open." in page
    assert "between 1 and the maximum term (4)" in page
    assert _state() == before


def test_the_service_refuses_impossible_values_too(world):  # type: ignore[no-untyped-def]
    from jetpm.planning.services.year_rules import YearRulesRefused, YearRulesValues, set_year_rules

    values = YearRulesValues(
        decisions_open=date(2025, 10, 15),
        decisions_close=date(2026, 2, 6),
        max_term_years=11,
        extension_allowed=False,
        extension_max_years=7,
        capable_until_year=3,
        summer_start=date(2025, 8, 1),
        salaries={1: 4_020_000, 2: 4_260_000, 3: 4_560_000},
    )
    before = _state()
    with pytest.raises(YearRulesRefused) as exc:
        set_year_rules(actor=world.users["mic.staff"], year=YEAR, values=values)
    assert {f for f, _m in exc.value.errors} == {"max_term_years", "salary_4"}
    assert _state() == before


def test_who_sees_and_who_changes_the_rules(world, client):  # type: ignore[no-untyped-def]
    for username in ("co_a.coordinator", "mission_a.staff", "applicant_a", "chapter_a.officer"):
        client.force_login(world.users[username])
        assert client.get(_url()).status_code == 404, username
        assert client.post(_url(), _data()).status_code == 404, username
    client.force_login(world.users["council.approver"])
    page = client.get(_url())
    assert page.status_code == 200 and 'data-testid="year-rules-form"' not in page.content.decode()
    assert client.post(_url(), _data()).status_code == 404
    assert not ProgrammeYearRules.objects.exists()
    client.force_login(world.users["mic.staff"])
    home = client.get(reverse("home")).content.decode()
    assert reverse("planning:year_rules") in home  # the menu entry
    assert client.get(reverse("planning:year_rules") + "?year=abc").status_code == 404


def test_countries_languages_of_a_year_are_edited_and_read_by_the_plan(world, client):  # type: ignore[no-untyped-def]
    client.force_login(world.users["mic.staff"])
    assert "GB" in countries_offering(2027)["en"]
    table = {f"lang_{lang}": list(cs) for lang, cs in countries_offering(2027).items()}
    table["lang_en"] = [c for c in table["lang_en"] if c != "GB"]
    response = client.post(reverse("planning:year_rules_languages") + "?year=2027", table)
    assert response.status_code == 302
    assert "GB" not in countries_offering(2027)["en"]
    assert "GB" not in countries_offering(2030)["en"]  # and the years after
    assert "GB" in countries_offering(2026)["en"]  # the years before keep theirs
    event = AuditEvent.objects.get(action="year_rules.country_languages")
    assert event.changes["removed"] == [["GB/en"], None]
    # nothing at all is refused, and nothing changes
    count = CountryLanguage.objects.count()
    response = client.post(reverse("planning:year_rules_languages") + "?year=2027", {})
    assert response.status_code == 400
    assert "Give at least one country for one language." in response.content.decode()
    assert CountryLanguage.objects.count() == count
    page = client.get(_url(2027)).content.decode()
    assert Country.objects.get(code="IE").name in page  # names, not codes


def test_the_salary_tables_are_filled_from_the_seed_with_the_assumptions_marked(db):  # type: ignore[no-untyped-def]
    tables = salary_tables(list(range(2012, 2028)))
    assert [tables[2022].salary(y) for y in (1, 2, 3, 4, 5)] == [
        3_360_000,
        3_600_000,
        3_900_000,
        3_960_000,
        3_960_000,
    ]
    assert tables[2023].salary(2) == 3_600_000 and tables[2024].salary(4) == 3_960_000  # were missing
    # FY2025–26: the published first year, and later years no longer cost the first-year rate
    assert tables[2025].salary(1) == 4_020_000 and tables[2026].salary(1) == 4_020_000
    assert tables[2025].salary(2) == 4_260_000 and tables[2026].salary(5) == 4_620_000
    assumed = set(SalaryRate.objects.filter(assumed=True).values_list("fiscal_year", "year_on_programme"))
    assert (2022, 1) not in assumed and (2025, 1) not in assumed
    assert {(2023, 1), (2024, 4), (2025, 2), (2026, 4), (2027, 1)} <= assumed
