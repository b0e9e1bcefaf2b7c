"""The statistics pages of the programme since 1987 and of JETAA: the figures of the commands, downloads,
who may see them, both languages, bad input and a bounded number of queries."""

from __future__ import annotations

import csv
import io
import re
from datetime import date

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from jetpm.alumni.models import ChapterMembership, ChapterPeriod
from jetpm.appointments.models import AppointmentTerm, Participant
from jetpm.core.models import AuditEvent, Country, Person
from jetpm.core.states import PersonKind

pytestmark = pytest.mark.django_db
PROGRAMME = reverse("stats:programme")
JETAA = reverse("stats:jetaa")


@pytest.fixture
def figures(world):  # type: ignore[no-untyped-def]
    """Three participants (one with co_a, back after a gap; two with co_b), and the world's two chapters
    (New York, Sydney) with members on 2024-12-31."""
    gb, us = Country.objects.get(code="GB"), Country.objects.get(code="US")

    def participant(key: str, country: Country, years: list[int], co: str) -> None:
        person = Person.objects.create(
            kind=PersonKind.ALUMNUS, family_name=f"Testperson-{key}", given_name="Sam", nationality=country
        )
        p = Participant.objects.create(
            person=person, jet_id=f"T{key}", cohort_year=years[0], country=country, job_type="ALT"
        )
        for i, fy in enumerate(years):
            AppointmentTerm.objects.create(
                participant=p,
                fiscal_year=fy,
                year_on_programme=i + 1,
                job_type="ALT",
                contracting_org=world.orgs[co],
            )

    participant("x", gb, [1990, 1991, 1995], "co_a")
    participant("y", us, [1991], "co_b")
    participant("z", us, [1995, 1996], "co_b")
    ChapterPeriod.objects.create(
        chapter=world.orgs["chapter_b"], founded_on=date(2025, 1, 1)
    )  # after the day
    ChapterMembership.objects.create(
        person=world.persons["alumnus_a"], chapter=world.orgs["chapter_a"], joined_on=date(2020, 1, 1)
    )
    ChapterMembership.objects.create(
        person=world.persons["alumnus_b"],
        chapter=world.orgs["chapter_b"],
        joined_on=date(2020, 1, 1),
        left_on=date(2024, 6, 1),  # ended before the day
    )
    return world


def get(client, world, url, username="mic.staff", **params):  # type: ignore[no-untyped-def]
    client.force_login(world.users[username])
    return client.get(url, params)


def cells(html: str, testid: str) -> str:
    return re.search(rf'data-testid="{testid}">(.*?)<', html).group(1)  # type: ignore[union-attr]


def test_programme_page_shows_the_commands_figures(client, figures) -> None:  # type: ignore[no-untyped-def]
    html = get(client, figures, PROGRAMME, as_of="1995-07-01").content.decode()
    # FY1995: x (back after a gap) and z serve; y is an alumnus; three participants from two countries
    assert [cells(html, k) for k in ("participants-to-date", "countries-to-date", "serving", "alumni")] == [
        "3",
        "2",
        "2",
        "1",
    ]
    assert '<th scope="row">FY1991</th><td>2</td><td>2</td><td>2</td><td>0</td><td>1</td>' in html
    assert '<th scope="row">FY1993</th><td>2</td><td>2</td><td>0</td><td>2</td><td>0</td>' in html
    assert 'id="chart-programme"' in html and "<polyline" in html
    assert "FY1987" in html  # the series starts with the programme


def test_programme_page_is_scoped_to_the_users_terms(client, figures) -> None:  # type: ignore[no-untyped-def]
    html = get(client, figures, PROGRAMME, "co_b.coordinator", as_of="1996-07-01").content.decode()
    assert [cells(html, k) for k in ("participants-to-date", "countries-to-date", "serving", "alumni")] == [
        "2",
        "1",
        "1",
        "1",
    ]


def test_programme_downloads_are_audited(client, figures) -> None:  # type: ignore[no-untyped-def]
    response = get(client, figures, PROGRAMME, as_of="1995-07-01", format="csv", table="as_of")
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows == [
        ["As of", "Fiscal year", "Participants to date", "Countries to date", "Serving", "Alumni"],
        ["1995-07-01", "FY1995", "3", "2", "2", "1"],
    ]
    response = get(client, figures, PROGRAMME, as_of="1995-07-01", format="xlsx")
    book = load_workbook(io.BytesIO(response.content))
    series = list(book.worksheets[0].iter_rows(values_only=True))
    assert (
        series[0][0] == "Fiscal year"
        and series[1][0] == "FY1987"
        and series[-1][:5] == ("FY1995", 3, 2, 2, 1)
    )
    assert AuditEvent.objects.filter(action="stats.export").count() == 2


def test_jetaa_page_and_download(client, figures) -> None:  # type: ignore[no-untyped-def]
    html = get(client, figures, JETAA, as_of="2024-12-31").content.decode()
    # New York exists and has one member; Sydney is founded after the day and its member had left
    assert (cells(html, "jetaa-total-countries"), cells(html, "jetaa-total-chapters")) == ("1", "1")
    assert cells(html, "jetaa-total-members") == "1"
    assert '<th scope="row">North America</th><td>1</td><td>1</td><td>1</td>' in html
    assert 'id="chart-jetaa"' in html
    # one chapter is one chapter; the day as a date of the page's language, not ISO
    assert "North America: 1 members in 1 chapter" in html and "1 chapters" not in html
    assert "2024-12-31</h2>" not in html and "31 December 2024" in html
    response = get(client, figures, JETAA, as_of="2024-12-31", format="csv")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0] == ["Region", "Countries", "Chapters", "Members"]
    assert rows[5] == ["North America", "1", "1", "1"] and rows[-1] == ["Total", "1", "1", "1"]
    assert AuditEvent.objects.filter(action="stats.export").exists()


def test_pages_in_japanese(client, figures) -> None:  # type: ignore[no-untyped-def]
    user = figures.users["mic.staff"]
    user.language = "ja"
    user.save()
    client.force_login(user)
    html = client.get(PROGRAMME, {"as_of": "1995-07-01"}, HTTP_ACCEPT_LANGUAGE="ja").content.decode()
    assert "1987年以来の事業" in html and "平成7年度" in html
    html = client.get(JETAA, {"as_of": "2024-12-31"}, HTTP_ACCEPT_LANGUAGE="ja").content.decode()
    assert "北米" in html and "JETAA支部と会員" in html


@pytest.mark.parametrize("username", ["mission_a.staff", "chapter_a.officer", "alumnus_a", "panelist_a"])
def test_who_may_not_see_them_gets_404(client, figures, username) -> None:  # type: ignore[no-untyped-def]
    assert get(client, figures, PROGRAMME, username).status_code == 404
    assert get(client, figures, JETAA, username).status_code == 404


def test_a_bad_day_is_named_and_the_defaults_shown(client, figures) -> None:  # type: ignore[no-untyped-def]
    response = get(client, figures, JETAA, as_of="2024-02-30")
    assert response.status_code == 200
    assert "As of:" in response.content.decode()
    response = get(client, figures, PROGRAMME, as_of="1980-01-01")
    assert response.status_code == 200 and "As of:" in response.content.decode()


def test_queries_are_bounded(client, figures, django_assert_max_num_queries) -> None:  # type: ignore[no-untyped-def]
    client.force_login(figures.users["mic.staff"])
    with django_assert_max_num_queries(12):
        assert client.get(PROGRAMME, {"as_of": "2024-12-31"}).status_code == 200
    with django_assert_max_num_queries(12):
        assert client.get(JETAA, {"as_of": "2024-12-31"}).status_code == 200
