"""``jetpm stats programme`` and ``jetpm stats jetaa`` on small hand-computed histories
(formats/programme-figures.md), the pure arithmetic, and bad arguments (exit 2 naming the argument)."""

from __future__ import annotations

import csv
import io
import os
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest
from django.core.management import call_command

from jetpm.alumni import programme
from jetpm.alumni.models import ChapterMembership, ChapterPeriod
from jetpm.alumni.selectors_figures import jetaa_counts, programme_counts
from jetpm.appointments.models import AppointmentTerm, Participant
from jetpm.core.models import Country, JetaaRegion, Organisation, Person
from jetpm.core.scoping import OPERATOR
from jetpm.core.states import OrgKind, PersonKind

SRC = Path(__file__).resolve().parents[2] / "src"


def run(*args: str) -> list[dict[str, str]]:
    out = io.StringIO()
    call_command("stats", *args, "--format", "csv", stdout=out)
    return list(csv.DictReader(io.StringIO(out.getvalue())))


def person(key: str, nationality: str, kind: str = PersonKind.ALUMNUS) -> Person:
    return Person.objects.create(
        kind=kind,
        family_name=f"Testperson-{key}",
        given_name="Sam",
        nationality=Country.objects.get(code=nationality),
    )


def participant(key: str, country: str, years: list[int]) -> Participant:
    """A participant of ``country`` with a term in each of ``years`` (a gap: two participations)."""
    p = Participant.objects.create(
        person=person(key, country),
        jet_id=f"T{key}",
        cohort_year=years[0],
        country=Country.objects.get(code=country),
        job_type="ALT",
    )
    AppointmentTerm.objects.bulk_create(
        AppointmentTerm(participant=p, fiscal_year=fy, year_on_programme=i + 1, job_type="ALT")
        for i, fy in enumerate(years)
    )
    return p


@pytest.fixture
def programme_history(db: None) -> None:
    # FY1987: A (US) and B (GB) start. A serves 1987–1988; B 1987 only, returns 1990–1991 (a gap).
    # FY1989: C (AU) starts, serves 1989–1991. FY1991: D (US) starts, serves 1991 only.
    participant("a", "US", [1987, 1988])
    participant("b", "GB", [1987, 1990, 1991])
    participant("c", "AU", [1989, 1990, 1991])
    participant("d", "US", [1991])


@pytest.mark.parametrize(
    ("as_of", "expected"),
    [
        # 1987-04-01 is FY1987: A and B serve; two countries
        ("1987-04-01", ["1987", "2", "2", "2", "0"]),
        # 1988-03-31 is still FY1987
        ("1988-03-31", ["1987", "2", "2", "2", "0"]),
        # FY1988: A serves; B has left (alumnus)
        ("1988-04-01", ["1988", "2", "2", "1", "1"]),
        # FY1989: C starts (AU); A and B alumni
        ("1989-12-01", ["1989", "3", "3", "1", "2"]),
        # FY1990: B is back after a gap (serving, counted once), C serves; A alumnus
        ("1990-06-30", ["1990", "3", "3", "2", "1"]),
        # FY1991: D starts (US: no new country); B, C and D serve
        ("1991-04-01", ["1991", "4", "3", "3", "1"]),
        # FY1992: nobody serves; everyone is an alumnus
        ("1993-01-15", ["1992", "4", "3", "0", "4"]),
    ],
)
def test_programme_as_of_a_day(programme_history: None, as_of: str, expected: list[str]) -> None:
    rows = run("programme", "--as-of", as_of)
    assert list(rows[0]) == list(programme.PROGRAMME_COLUMNS)
    assert len(rows) == 1
    assert list(rows[0].values()) == [as_of, *expected]


def test_programme_with_no_history(db: None) -> None:
    assert [list(r.values()) for r in run("programme", "--as-of", "2024-12-31")] == [
        ["2024-12-31", "2024", "0", "0", "0", "0"]
    ]


def test_programme_counts_in_three_queries(programme_history: None, django_assert_num_queries) -> None:  # type: ignore[no-untyped-def]
    with django_assert_num_queries(3):
        counts = programme_counts(OPERATOR, to_fy=1991)
    assert counts.first_terms == {1987: 2, 1989: 1, 1991: 1}
    assert counts.country_first_years == {"US": 1987, "GB": 1987, "AU": 1989}
    assert counts.serving == {1987: 2, 1988: 1, 1989: 1, 1990: 2, 1991: 3}


def chapter(code: str, country: str, founded: date | None = None, closed: date | None = None) -> Organisation:
    c = Country.objects.get(code=country)
    org = Organisation.objects.create(
        kind=OrgKind.JETAA_CHAPTER, code=code, name_en=code, name_ja=code, country=c, region=c.jetaa_region
    )
    if founded is not None:
        ChapterPeriod.objects.create(chapter=org, founded_on=founded, closed_on=closed)
    return org


def member(p: Person, org: Organisation, joined: date, left: date | None = None) -> ChapterMembership:
    return ChapterMembership.objects.create(person=p, chapter=org, joined_on=joined, left_on=left)


@pytest.fixture
def jetaa_history(db: None) -> dict[str, Organisation]:
    chapters = {
        "ny": chapter("jetaa-ny", "US", date(1990, 1, 1)),
        "toronto": chapter("jetaa-toronto", "CA"),  # founding not recorded: exists on every day
        "london": chapter("jetaa-london", "GB", date(1995, 5, 1)),
        "dublin": chapter("jetaa-dublin", "IE", date(2025, 6, 1)),  # created after 2024-12-31
        "sydney": chapter(
            "jetaa-sydney", "AU", date(1992, 1, 1), closed=date(2024, 12, 31)
        ),  # closes that day
        "perth": chapter("jetaa-perth", "AU", date(1992, 1, 1), closed=date(2020, 3, 1)),  # closed before
    }
    ps = {k: person(k, "US") for k in ("p1", "p2", "p3", "p4", "p5", "p6", "p7")}
    member(ps["p1"], chapters["ny"], date(2010, 1, 1))  # open: counts
    member(ps["p2"], chapters["ny"], date(2010, 1, 1), left=date(2024, 6, 30))  # ended before the day
    member(ps["p3"], chapters["ny"], date(2024, 12, 31))  # joined on the day: counts
    member(ps["p4"], chapters["toronto"], date(2025, 1, 1))  # joined after the day
    member(ps["p5"], chapters["london"], date(2015, 1, 1), left=date(2024, 12, 31))  # left on the day: counts
    # p6 moved from New York to Sydney on the day: both memberships cover it; counted once, in Sydney
    member(ps["p6"], chapters["ny"], date(2012, 1, 1), left=date(2024, 12, 31))
    member(ps["p6"], chapters["sydney"], date(2024, 12, 31))
    # p7: an old membership that ended, and a new one that covers the day: counted once
    member(ps["p7"], chapters["london"], date(2000, 1, 1), left=date(2005, 1, 1))
    member(ps["p7"], chapters["london"], date(2019, 1, 1))
    return chapters


def test_jetaa_on_a_day(jetaa_history: dict[str, Organisation]) -> None:
    rows = run("jetaa", "--as-of", "2024-12-31")
    assert list(rows[0]) == list(programme.JETAA_COLUMNS)
    got = {r["region"]: (int(r["countries"]), int(r["chapters"]), int(r["members"])) for r in rows}
    assert [r["region"] for r in rows] == [*programme.REGIONS, "total"]
    # chapters: NY and Toronto (North America, 2 countries), London (Europe), Sydney (closing that day);
    # not Dublin (created later) nor Perth (closed before)
    assert got["north_america"] == (2, 2, 2)  # p1, p3 (p6 counts in Sydney)
    assert got["europe"] == (1, 1, 2)  # p5 (left on the day), p7 (once)
    assert got["oceania"] == (1, 1, 1)  # p6
    assert got["asia"] == got["africa"] == got["latin_america"] == (0, 0, 0)
    assert got["total"] == (4, 4, 5)


def test_jetaa_on_other_days(jetaa_history: dict[str, Organisation]) -> None:
    got = {r["region"]: r for r in run("jetaa", "--as-of", "1991-01-01")}
    # NY (1990) and Toronto (no founding recorded); London, Sydney, Perth not yet founded; no members yet
    assert (got["total"]["countries"], got["total"]["chapters"], got["total"]["members"]) == ("2", "2", "0")
    got = {r["region"]: r for r in run("jetaa", "--as-of", "2025-06-01")}
    # Dublin exists from its founding day; Sydney closed; p4 joined Toronto; p5 left London; p6's only open
    # membership is with the closed Sydney chapter: the record still counts them (membership covers the day)
    assert got["europe"]["chapters"] == "2" and got["europe"]["countries"] == "2"
    assert got["oceania"]["chapters"] == "0"
    assert (got["north_america"]["members"], got["europe"]["members"], got["oceania"]["members"]) == (
        "3",
        "1",
        "1",
    )


def test_jetaa_counts_in_two_queries(
    jetaa_history: dict[str, Organisation], django_assert_num_queries
) -> None:  # type: ignore[no-untyped-def]
    with django_assert_num_queries(2):
        counts = jetaa_counts(OPERATOR, day=date(2024, 12, 31))
    assert len(counts.chapters) == 4 and len(counts.members) == 6


def test_pure_series_and_covering() -> None:
    series = programme.programme_series(
        first_terms={1985: 1, 1987: 2, 1990: 3},
        country_first_years={"US": 1985, "GB": 1990},
        serving={1987: 2, 1990: 4},
        from_fy=1987,
        to_fy=1990,
    )
    assert [
        (y.fiscal_year, y.participants_to_date, y.countries_to_date, y.serving, y.alumni) for y in series
    ] == [
        (1987, 3, 1, 2, 1),
        (1988, 3, 1, 0, 3),
        (1989, 3, 1, 0, 3),
        (1990, 6, 2, 4, 2),
    ]
    assert series[-1].new_participants == 3 and series[-1].new_countries == 1
    day = date(2024, 12, 31)
    assert programme.covers(day, None, day) and programme.covers(date(2020, 1, 1), day, day)
    assert not programme.covers(date(2025, 1, 1), None, day)
    assert not programme.covers(date(2020, 1, 1), date(2024, 12, 30), day)
    assert programme.exists_on(None, None, day) and not programme.exists_on(date(2025, 1, 1), None, day)
    rows = programme.jetaa(
        chapters=[(1, "europe", "GB"), (2, "europe", "GB"), (3, "asia", "KR")],
        members=[(10, "europe", day, 1), (10, "asia", day, 2), (11, "asia", date(2020, 1, 1), 3)],
    )
    assert [r.cells() for r in rows][:2] == [["europe", 1, 2, 0], ["asia", 1, 1, 2]]
    assert rows[-1].cells() == ["total", 2, 3, 2]


def test_regions_are_the_reference_data(db: None) -> None:
    assert list(JetaaRegion.objects.order_by("sort_order").values_list("code", flat=True)) == list(
        programme.REGIONS
    )


@pytest.mark.parametrize(
    ("args", "named"),
    [
        (["programme", "--as-of", "2024-02-30"], "--as-of"),
        (["programme", "--as-of", "1987-03-31"], "--as-of"),
        (["jetaa", "--as-of", "2101-04-01"], "--as-of"),
        (["jetaa", "--as-of", "2024-12-31", "--region", "asia"], "--region"),
        (["programme"], "--as-of"),
    ],
)
def test_bad_arguments_exit_2_naming_the_argument(args: list[str], named: str) -> None:
    env = {**os.environ, "PYTHONPATH": f"{SRC}{os.pathsep}{os.environ.get('PYTHONPATH', '')}"}
    done = subprocess.run(  # noqa: S603  (our own command line)
        [sys.executable, "-c", "from jetpm.cli import main; main()", "stats", *args],
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )
    assert done.returncode == 2, done.stderr
    assert named in done.stderr and done.stdout == ""
