"""The demo world's participants: the published figures at full scale, the same structure at small scale."""

from __future__ import annotations

import csv
import io
from collections import Counter

import pytest
from django.core.management import call_command

from jetpm.appointments.models import AppointmentTerm, Participant
from jetpm.core.models import Person
from jetpm.core.scoping import visible_to
from jetpm.demo.generator import build_world
from tests.appointments.helpers import DATA, REFERENCE


def run(*args: str) -> str:
    out = io.StringIO()
    call_command(*args, stdout=out)
    return out.getvalue()


def check_structure() -> None:
    # a cohort's participants in FY t served in FY t-1 too (within FY2022..2024)
    years: dict[int, set[int]] = {}
    for pid, fy in AppointmentTerm.objects.values_list("participant_id", "fiscal_year"):
        years.setdefault(pid, set()).add(fy)
    for p in Participant.objects.values("id", "cohort_year"):
        fys = sorted(years[p["id"]])
        if fys[-1] < 2022:  # the programme's history before FY2022 (jetpm.demo.world.history): alumni
            continue
        assert fys == list(range(max(p["cohort_year"], 2022), fys[-1] + 1))
    assert not AppointmentTerm.objects.filter(fiscal_year=2024, contracting_org__isnull=True).exists()
    # only the appointments step makes participants; each has a person of kind participant
    recent = Participant.objects.filter(terms__fiscal_year__gte=2022).distinct()
    # (the returned ones are alumni now: alumni/Return, issue 12)
    assert Person.objects.filter(kind="participant").count() == recent.exclude(returns__isnull=False).count()
    assert not Participant.objects.exclude(pk__in=recent).exclude(person__kind="alumnus").exists()
    login = Participant.objects.select_related("person__user").get(person__user__username="participant")
    terms = list(login.terms.select_related("contracting_org"))
    assert terms and {t.contracting_org.code for t in terms} == {"co-210005"}
    assert login.country.code == "GB"
    assert set(visible_to(login.person.user, Participant)) == {login}


@pytest.mark.slow
@pytest.mark.django_db
def test_small_world() -> None:
    build_world(scale="small", seed=1)
    check_structure()
    rows = list(
        csv.reader(
            io.StringIO(run("stats", "retention", "--from-fy", "2022", "--to-fy", "2024", "--format", "csv"))
        )
    )
    assert len(rows) > 10


@pytest.mark.slow
@pytest.mark.django_db
def test_full_world_reproduces_the_published_figures() -> None:
    build_world(scale="full", seed=1)
    check_structure()
    got = run("stats", "retention", "--from-fy", "2022", "--to-fy", "2024", "--format", "csv")
    assert got == REFERENCE.read_text(encoding="utf-8")

    table = list(csv.DictReader(io.StringIO(run("stats", "participants", "--fy", "2024", "--format", "csv"))))
    by_country: Counter[str] = Counter()
    alt: Counter[str] = Counter()
    jobs: Counter[str] = Counter()
    new: Counter[str] = Counter()
    for r in table:
        by_country[r["country"]] += int(r["participants"])
        jobs[r["job_type"]] += int(r["participants"])
        new[r["job_type"]] += int(r["new_participants"])
        if r["job_type"] == "ALT":
            alt[r["country"]] += int(r["participants"])
    with (DATA / "fy2024_participants_by_country.csv").open(encoding="utf-8") as f:
        published = list(csv.DictReader(f))
    named = {r["country_code"] for r in published} - {"OTHER"}
    for r in published:
        if r["country_code"] == "OTHER":
            others = {c: n for c, n in by_country.items() if c not in named}
            assert len(others) == 38 and sum(others.values()) == int(r["participants"])
            continue
        assert by_country[r["country_code"]] == int(r["participants"]), r
        if r["alt"]:
            assert alt[r["country_code"]] == int(r["alt"]), r
    alt_others = sum(n for c, n in alt.items() if c not in {r["country_code"] for r in published if r["alt"]})
    assert alt_others == 40
    with (DATA / "fy2024_job_types.csv").open(encoding="utf-8") as f:
        for r in csv.DictReader(f):
            assert (jobs[r["job_type"]], new[r["job_type"]]) == (
                int(r["participants"]),
                int(r["new_participants"]),
            )
    assert sum(by_country.values()) == 5861
