"""The demo world's programme history and JETAA membership (jetpm.demo.world.history): the seed's figures at
full scale, the same structure at small scale."""

from __future__ import annotations

import csv
import io
from collections import Counter
from datetime import date
from pathlib import Path

import pytest
from django.core.management import call_command
from django.db.models import F, Max, Q

from jetpm.alumni.models import ChapterMembership, ChapterPeriod
from jetpm.appointments.models import AppointmentTerm, Participant
from jetpm.core.models import AuditEvent, Person
from jetpm.core.states import PersonKind
from jetpm.demo import names
from jetpm.demo.generator import build_world
from jetpm.demo.world import history

DATA = Path("/work/shared/data")
SEED_TABLE = {  # data/jetaa_chapters_2024.csv: region → (countries, chapters, members)
    "europe": (4, 8, 3123),
    "asia": (7, 8, 1841),
    "oceania": (2, 8, 3562),
    "africa": (1, 1, 954),
    "north_america": (2, 27, 14692),
    "latin_america": (3, 3, 330),
    "total": (19, 55, 24502),
}


def stats(*args: str) -> list[dict[str, str]]:
    out = io.StringIO()
    call_command("stats", *args, "--format", "csv", stdout=out)
    return list(csv.DictReader(io.StringIO(out.getvalue())))


def jetaa_table(day: str = "2024-12-31") -> dict[str, tuple[int, int, int]]:
    return {
        r["region"]: (int(r["countries"]), int(r["chapters"]), int(r["members"]))
        for r in stats("jetaa", "--as-of", day)
    }


def test_the_seed_table_is_the_shared_data_file() -> None:
    if not (DATA / "jetaa_chapters_2024.csv").exists():
        pytest.skip("the shared data directory is not on this machine")
    with (DATA / "jetaa_chapters_2024.csv").open(encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    by_name = {r["region_en"].lower().replace(" ", "_"): r for r in rows}
    for region, (countries, chapters, members) in SEED_TABLE.items():
        if region == "total":
            continue
        r = by_name[region]
        assert (int(r["countries"]), int(r["chapters"]), int(r["members"])) == (countries, chapters, members)
        assert history.JETAA_MEMBERS[region] == members
    assert sum(history.JETAA_MEMBERS.values()) == SEED_TABLE["total"][2]
    assert len(history.country_eras()) == 80


def check_history(scale_members: dict[str, int]) -> None:
    """What both scales share: the history's persons, terms, memberships and chapters."""
    # history participants: alumni with every term before FY2022, who left through the workflow layer
    hist = Participant.objects.exclude(terms__fiscal_year__gte=2022)
    assert hist.exists()
    assert not hist.exclude(person__kind=PersonKind.ALUMNUS).exists()
    assert AuditEvent.objects.filter(action="person.leave").count() >= hist.count()
    assert AppointmentTerm.objects.filter(participant__in=hist).aggregate(m=Max("fiscal_year"))["m"] <= 2021
    assert (
        AppointmentTerm.objects.filter(participant__in=hist).order_by("fiscal_year").first().fiscal_year
        == 1987
    )
    sample = list(Person.objects.filter(participant__in=hist)[:200])
    assert all(names.is_fictional_person_name(p.given_name, p.family_name) for p in sample)
    assert all(p.email.endswith("@example.org") for p in sample)
    # someone came back after a gap: terms in years that are not consecutive
    years: dict[int, list[int]] = {}
    for pid, fy in AppointmentTerm.objects.filter(participant__in=hist).values_list(
        "participant_id", "fiscal_year"
    ):
        years.setdefault(pid, []).append(fy)
    gaps = [ys for ys in years.values() if sorted(ys) != list(range(min(ys), max(ys) + 1))]
    assert gaps
    # every chapter has its founding day, before the members joined
    assert ChapterPeriod.objects.count() == 55
    early = ChapterMembership.objects.filter(chapter__chapter_period__founded_on__gt=F("joined_on"))
    assert not early.exists()
    # a member joined after their last term; one membership at a time; open members have their chapter
    last_end = dict(
        AppointmentTerm.objects.values("participant__person_id")
        .annotate(m=Max("end_date"))
        .values_list("participant__person_id", "m")
    )
    for person_id, chapter_id, joined, left, person_chapter in ChapterMembership.objects.values_list(
        "person_id", "chapter_id", "joined_on", "left_on", "person__chapter_id"
    ):
        if person_id in last_end:
            assert joined > last_end[person_id]
        if left is None:
            assert person_chapter == chapter_id
    assert max(Counter(ChapterMembership.objects.values_list("person_id", flat=True)).values()) == 1
    # the core step's alumni (their chapter on the person) have an open membership, joined in 2025
    core_alumni = Person.objects.filter(kind=PersonKind.ALUMNUS, participant__isnull=True)
    assert core_alumni.exists()
    assert core_alumni.filter(chapter_memberships__left_on__isnull=True).count() == core_alumni.count()
    # besides the members on the day, memberships that ended before it and began after it
    assert ChapterMembership.objects.filter(left_on__lt=date(2024, 12, 31)).exists()
    assert ChapterMembership.objects.filter(joined_on__gt=date(2024, 12, 31)).exists()
    table = jetaa_table()
    assert {r: m for r, (_c, _n, m) in table.items() if r != "total"} == scale_members
    assert table["total"][:2] == (19, 55)


@pytest.mark.slow
@pytest.mark.django_db
def test_small_world_history() -> None:
    build_world(scale="small", seed=1)
    scaled = {r: history._scaled(n, history.SMALL_DIVISOR) for r, n in history.JETAA_MEMBERS.items()}
    check_history(scaled)
    [row] = stats("programme", "--as-of", "2025-07-01")
    assert int(row["participants_to_date"]) == history.TARGET_PARTICIPANTS // history.SMALL_DIVISOR
    assert row["countries_to_date"] == "80"
    # the years the appointments step reproduces are unchanged: FY2022's participants are its own
    assert (
        sum(int(r["participants"]) for r in stats("participants", "--fy", "2022"))
        == AppointmentTerm.objects.filter(fiscal_year=2022).count()
    )
    assert not AppointmentTerm.objects.filter(
        Q(fiscal_year__gte=2022), participant__jet_id__startswith="H"
    ).exists()


@pytest.mark.slow
@pytest.mark.django_db
def test_full_world_reads_as_the_seed() -> None:
    build_world(scale="full", seed=1)
    check_history(dict(history.JETAA_MEMBERS))
    assert jetaa_table() == SEED_TABLE
    # as of 2025 (FY2025): 79,000 participants from 80 countries since 1987; over 70,000 alumni
    [row] = stats("programme", "--as-of", "2025-07-01")
    assert (row["fiscal_year"], row["participants_to_date"], row["countries_to_date"]) == (
        "2025",
        "79000",
        "80",
    )
    assert int(row["alumni"]) > 70_000
    assert int(row["serving"]) + int(row["alumni"]) == 79_000
    # FY2024 as published: 5,861 participants from 51 countries
    [row] = stats("programme", "--as-of", "2024-12-31")
    assert row["serving"] == "5861"
    assert len({r["country"] for r in stats("participants", "--fy", "2024")}) == 51
