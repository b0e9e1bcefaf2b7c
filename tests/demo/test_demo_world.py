"""The demo world: structure, determinism, and the demo-data / demo-logins commands."""

from __future__ import annotations

import io
import re
from collections import Counter
from datetime import date

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import transaction

from jetpm.appointments.models import Participant
from jetpm.core.models import (
    AuditEvent,
    Membership,
    MilestoneOverride,
    Organisation,
    Person,
    Prefecture,
    RecruitmentCycle,
    User,
)
from jetpm.core.states import ROLES_BY_KIND, COKind, OrgKind, PersonKind
from jetpm.demo import generator, names
from jetpm.demo.generator import build_world
from jetpm.demo.logins import DEMO_LOGINS, DEMO_PASSWORD
from jetpm.demo.world.core import RECRUITING_COUNTRIES, is_valid_lg_code, lg_check_digit

# JETAA chapters by region at the end of December 2024 (data/jetaa_chapters_2024.csv): (countries, chapters)
JETAA_BY_REGION = {
    "Europe": (4, 8),
    "Asia": (7, 8),
    "Oceania": (2, 8),
    "Africa": (1, 1),
    "North America": (2, 27),
    "Latin America": (3, 3),
}
FY2024_NAMED = ["US", "GB", "CA", "PH", "AU", "NZ", "ZA", "IE", "CN", "TT", "SG", "JM", "KR"]


class _Rollback(Exception):
    pass


def _counts() -> dict[str, int]:
    return {
        "organisations": Organisation.objects.count(),
        "users": User.objects.count(),
        "memberships": Membership.objects.count(),
        "persons": Person.objects.count(),
        "cycles": RecruitmentCycle.objects.count(),
        "audit": AuditEvent.objects.count(),
    }


def _snapshot() -> tuple[list[tuple[str, str, str]], list[tuple[str, str, str, str]]]:
    orgs = list(Organisation.objects.order_by("code").values_list("code", "name_ja", "name_en"))
    persons = list(Person.objects.order_by("email").values_list("email", "family_name", "given_name", "kind"))
    return orgs, persons


def _build_and_roll_back(seed: int) -> tuple[list[tuple[str, str, str]], list[tuple[str, str, str, str]]]:
    snap = None
    try:
        with transaction.atomic():
            build_world(scale="small", seed=seed)
            snap = _snapshot()
            raise _Rollback
    except _Rollback:
        pass
    assert snap is not None
    assert Organisation.objects.count() == 0
    return snap


@pytest.fixture
def small_world(db):
    return build_world(scale="small", seed=1)


def test_check_digit():
    assert lg_check_digit("21000") == 5  # 岐阜県 210005
    assert lg_check_digit("17201") == 4  # 金沢市 172014
    assert lg_check_digit("01100") == 2  # 札幌市 011002
    assert is_valid_lg_code("141305")  # 川崎市
    assert not is_valid_lg_code("141306")


def test_names_are_fictional_and_distinct():
    assert {"Testington", "Sampleworth", "Demoski"} <= set(names.FAMILY_NAMES)
    assert len({p.ja for p in names.PLACE_NAMES}) == len(names.PLACE_NAMES)
    assert len({p.en for p in names.PLACE_NAMES}) == len(names.PLACE_NAMES)
    assert not {p.ja for p in names.PLACE_NAMES} & names.RESERVED_PLACE_NAMES


@pytest.mark.slow
@pytest.mark.django_db
def test_small_world_structure(small_world):
    assert RECRUITING_COUNTRIES[:13] == FY2024_NAMED
    assert len(set(RECRUITING_COUNTRIES)) == 51

    # agencies
    for kind in ("mic", "mofa", "mext", "clair", "council"):
        assert Organisation.objects.get(code=kind).kind == kind

    # missions: about 100, every recruiting country covered, every mission recruits in its own country
    missions = Organisation.objects.filter(kind=OrgKind.MISSION).prefetch_related("countries")
    assert 95 <= missions.count() <= 105
    covered = {c.code for m in missions for c in m.countries.all()}
    assert covered == set(RECRUITING_COUNTRIES)
    assert all(m.countries.exists() for m in missions)
    assert Organisation.objects.filter(kind=OrgKind.MISSION, code__startswith="mission-us-").count() == 16

    # 47 prefectures, each with a host organisation and at least one contracting organisation
    assert Prefecture.objects.count() == 47
    for pref in Prefecture.objects.all():
        assert Organisation.objects.filter(kind=OrgKind.HOST_ORG, prefecture=pref).exists(), pref.code
        assert Organisation.objects.filter(kind=OrgKind.CONTRACTING_ORG, prefecture=pref).exists(), pref.code
    assert Organisation.objects.filter(kind=OrgKind.HOST_ORG).count() == 67
    cos = Organisation.objects.filter(kind=OrgKind.CONTRACTING_ORG).select_related("host_org")
    by_co_kind = Counter(cos.values_list("co_kind", flat=True))
    assert by_co_kind[COKind.PREFECTURE] == 47
    assert by_co_kind[COKind.DESIGNATED_CITY] == 20
    assert 55 <= by_co_kind[COKind.MUNICIPALITY] <= 65
    assert by_co_kind[COKind.PRIVATE_SCHOOL] == 10
    for co in cos:
        assert co.host_org is not None and co.host_org.prefecture_id == co.prefecture_id
        if co.co_kind == COKind.DESIGNATED_CITY:
            assert co.host_org.code == f"host-{co.lg_code}"
        else:
            assert co.host_org.code == f"host-{co.prefecture.code}"
    assert Organisation.objects.get(code="co-210005").name_ja == "岐阜県"
    kanazawa = Organisation.objects.get(code="co-172014")
    assert (kanazawa.name_ja, kanazawa.co_kind, kanazawa.prefecture.code) == (
        "金沢市",
        COKind.MUNICIPALITY,
        "17",
    )
    assert Organisation.objects.get(code="co-141305").name_en == "Kawasaki City"

    # local-government codes: 6 digits with a valid check digit, unique
    lg_codes = [c for c in Organisation.objects.exclude(lg_code="").values_list("lg_code", flat=True)]
    assert lg_codes and all(re.fullmatch(r"\d{6}", c) and is_valid_lg_code(c) for c in lg_codes)
    assert len(lg_codes) == len(set(lg_codes))
    assert not Organisation.objects.filter(co_kind=COKind.PRIVATE_SCHOOL).exclude(lg_code="").exists()

    # JETAA: 55 chapters in 19 countries, per region as in the FY2024 table
    chapters = Organisation.objects.filter(kind=OrgKind.JETAA_CHAPTER).select_related("country", "region")
    assert chapters.count() == 55
    assert len({c.country_id for c in chapters}) == 19
    for region, (n_countries, n_chapters) in JETAA_BY_REGION.items():
        mine = [c for c in chapters if c.region.name_en == region]
        assert len(mine) == n_chapters, region
        assert len({c.country_id for c in mine}) == n_countries, region
    assert all(c.country.code in RECRUITING_COUNTRIES for c in chapters)
    assert all(c.country.jetaa_region_id == c.region_id for c in chapters)

    # the calendar: four cycles, and the US embassy closes the 2027 intake on 13 November 2026
    assert list(RecruitmentCycle.objects.order_by("intake_year").values_list("intake_year", flat=True)) == [
        2025,
        2026,
        2027,
        2028,
    ]
    override = MilestoneOverride.objects.select_related("milestone__cycle", "mission").get()
    assert override.mission.code == "mission-us-washington"
    assert (override.milestone.cycle.intake_year, override.milestone.kind) == (2027, "intake")
    assert override.ends_on == date(2026, 11, 13)

    # the load is audited
    event = AuditEvent.objects.get(action="demo.load")
    assert event.changes == {"scale": [None, "small"], "seed": [None, 1]}
    assert event.actor is None


@pytest.mark.slow
@pytest.mark.django_db
def test_demo_logins(small_world):
    # the demo logins, and the external panelists of the entrance step (no usable password)
    panelists = User.objects.filter(username__startswith="panel.")
    assert panelists.exists() and not any(u.has_usable_password() for u in panelists)
    users = {u.username: u for u in User.objects.exclude(username__startswith="panel.")}
    assert set(users) == {d.username for d in DEMO_LOGINS}
    assert users["admin"].is_superuser and users["admin"].check_password(DEMO_PASSWORD)
    assert users["mission.staff"].check_password(DEMO_PASSWORD)
    hashes = {u.password for u in users.values()}
    assert len(hashes) == 1  # hashed once
    for d in DEMO_LOGINS:
        user = users[d.username]
        assert user.language == d.language
        if d.organisation:
            m = Membership.objects.select_related("organisation").get(user=user)
            assert (m.organisation.code, m.role) == (d.organisation, d.role)
            assert m.role in ROLES_BY_KIND[m.organisation.kind]
        else:
            assert not Membership.objects.filter(user=user).exists()
    applicant = Person.objects.select_related("mission", "nationality").get(user=users["applicant"])
    assert (applicant.kind, applicant.mission.code, applicant.nationality.code) == (
        PersonKind.APPLICANT,
        "mission-gb-london",
        "GB",
    )
    participant = Person.objects.select_related("contracting_org", "nationality").get(
        user=users["participant"]
    )
    assert (participant.kind, participant.contracting_org.code, participant.nationality.code) == (
        PersonKind.PARTICIPANT,
        "co-210005",
        "GB",
    )
    alumnus = Person.objects.select_related("chapter", "nationality").get(user=users["alumnus"])
    assert (alumnus.kind, alumnus.chapter.code, alumnus.nationality.code) == (
        PersonKind.ALUMNUS,
        "jetaa-new-york",
        "US",
    )
    assert Membership.objects.get(user=users["mission2.staff"]).organisation.code == "mission-ie-dublin"


@pytest.mark.slow
@pytest.mark.django_db
def test_persons(small_world):
    from jetpm.applications.models import Application

    persons = list(Person.objects.select_related("mission", "contracting_org", "chapter", "nationality"))
    assert persons
    from jetpm.alumni.models import Return

    returned = set(Return.objects.values_list("person_id", flat=True))  # FY2022–FY2025's leavers
    applied = set(Application.objects.values_list("person_id", flat=True))  # the placed are participants now
    # the programme's history before FY2022 (jetpm.demo.world.history, tested in tests/alumni): alumni with
    # their participant records, born before 1990, from countries that no longer recruit too
    history = set(
        Participant.objects.exclude(terms__fiscal_year__gte=2022).values_list("person_id", flat=True)
    )
    assert history
    persons = [p for p in persons if p.pk not in history]
    for p in persons:
        assert names.is_fictional_person_name(p.given_name, p.family_name), (p.given_name, p.family_name)
        assert p.email.endswith("@example.org")
        entrance = p.kind == PersonKind.APPLICANT or p.pk in applied  # FY2025 entrance
        earliest = date(1975, 1, 1) if entrance else date(1990, 1, 1)
        assert p.birth_date is not None and earliest <= p.birth_date <= date(2003, 12, 31)
        assert p.nationality.code in RECRUITING_COUNTRIES
        if p.kind == PersonKind.APPLICANT:
            assert p.nationality in p.mission.countries.all()
        elif p.kind == PersonKind.PARTICIPANT:
            assert p.contracting_org is not None
            assert p.nationality in p.mission.countries.all()
        elif p.pk in returned:  # a returned participant: an alumnus with their participant record
            assert p.contracting_org is None
        else:
            assert p.chapter is not None and p.chapter.country_id == p.nationality_id
    kinds = Counter(p.kind for p in persons)
    assert kinds[PersonKind.APPLICANT] >= 2 * 100
    # participants are made by the appointments step only (each with its Participant record); the returned
    # ones are alumni now
    assert (
        kinds[PersonKind.PARTICIPANT]
        == Participant.objects.exclude(person_id__in=history).exclude(person_id__in=returned).count()
        > 0
    )
    assert returned and all(p.kind == PersonKind.ALUMNUS for p in persons if p.pk in returned)
    assert kinds[PersonKind.ALUMNUS] >= 2 * 55


@pytest.mark.slow
@pytest.mark.django_db
def test_same_seed_same_world_other_seed_other_people():
    first = _build_and_roll_back(7)
    second = _build_and_roll_back(7)
    assert first == second
    other = _build_and_roll_back(8)
    assert other[1] != first[1]


@pytest.mark.slow
@pytest.mark.django_db
def test_failure_writes_nothing(monkeypatch):
    def broken_step(ctx):
        raise RuntimeError("boom")

    monkeypatch.setattr(generator, "STEPS", [*generator.STEPS, broken_step])
    with pytest.raises(RuntimeError):
        build_world(scale="small", seed=1)
    assert set(_counts().values()) == {0}


@pytest.mark.slow
@pytest.mark.django_db
def test_command_if_empty_and_refusal():
    out = io.StringIO()
    call_command(
        "demo-data", "--scale", "small", "--seed", "3", "--if-empty", stdout=out, stderr=io.StringIO()
    )
    assert "Demo world loaded" in out.getvalue()
    loaded = _counts()
    assert loaded["organisations"] > 0

    out = io.StringIO()
    call_command(
        "demo-data", "--scale", "small", "--seed", "3", "--if-empty", stdout=out, stderr=io.StringIO()
    )
    assert "already loaded" in out.getvalue()
    assert _counts() == loaded

    with pytest.raises(CommandError, match="fresh"):
        call_command(
            "demo-data", "--scale", "small", "--seed", "4", stdout=io.StringIO(), stderr=io.StringIO()
        )
    assert _counts() == loaded

    out = io.StringIO()
    call_command("demo-logins", stdout=out)
    table = out.getvalue()
    for d in DEMO_LOGINS:
        assert d.username in table
    assert DEMO_PASSWORD in table


@pytest.mark.django_db
def test_demo_logins_without_world():
    with pytest.raises(CommandError, match="demo-data"):
        call_command("demo-logins", stdout=io.StringIO())


@pytest.mark.slow
@pytest.mark.django_db
def test_full_scale():
    build_world(scale="full", seed=1)
    assert 950 <= Organisation.objects.filter(kind=OrgKind.CONTRACTING_ORG).count() <= 1020
    assert 95 <= Organisation.objects.filter(kind=OrgKind.MISSION).count() <= 105
    missions = Organisation.objects.filter(kind=OrgKind.MISSION)
    assert (
        Organisation.countries.through.objects.filter(organisation__in=missions)
        .values("country")
        .distinct()
        .count()
        == 51
    )
    assert Organisation.objects.filter(kind=OrgKind.JETAA_CHAPTER).count() == 55
    lg_codes = list(Organisation.objects.exclude(lg_code="").values_list("lg_code", flat=True))
    assert all(is_valid_lg_code(c) for c in lg_codes)
    assert len(lg_codes) == len(set(lg_codes))


@pytest.mark.slow
@pytest.mark.django_db
def test_the_alumnus_login_has_a_programme_history(small_world):
    from jetpm.alumni.models import ChapterMembership
    from jetpm.core.models import User

    person = Person.objects.get(user=User.objects.get(username="alumnus"))
    assert (person.given_name, person.family_name) == ("Jordan", "Demoski")
    record = Participant.objects.get(person=person)
    assert record.terms.exists() and not record.terms.filter(fiscal_year__gte=2022).exists()
    assert ChapterMembership.objects.filter(
        person=person, chapter__code="jetaa-new-york", left_on__isnull=True
    ).exists()
