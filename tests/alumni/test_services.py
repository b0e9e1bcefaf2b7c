"""The alumni stage's services: the return (a participant becomes an alumnus through the PERSONS workflow),
the alumnus's own profile and consent, the notable flag, chapter membership (one chapter at a time, removal
with a reason, an import that writes nothing when a row is bad)."""

from __future__ import annotations

import csv
import io
from datetime import date
from pathlib import Path

import pytest
from openpyxl import Workbook

from jetpm.alumni import services
from jetpm.alumni.models import AlumnusProfile, ChapterMembership, Return
from jetpm.appointments.states import TermStatus
from jetpm.core.errors import DomainError, FieldErrors, NotFound
from jetpm.core.models import AuditEvent, Country, Person, User
from jetpm.core.states import PersonKind
from tests.alumni.helpers import RETURNED, TERM_END, finished_participant

pytestmark = pytest.mark.django_db

TODAY = date(2026, 12, 6)


def _fresh(user: User) -> User:
    """The user again, without the scope cached on the object (their kind changed)."""
    return User.objects.get(pk=user.pk)


def _return(world, actor: str = "co_a.coordinator", **kw):  # type: ignore[no-untyped-def]
    term = kw.pop("term", None) or finished_participant(
        world.persons["participant_a"], world.orgs["co_a"], jet_id="2024-00001"
    )
    args = {
        "returned_on": RETURNED,
        "destination": Country.objects.get(code="GB"),
        "orientation_attended": True,
        "orientation_on": date(2026, 2, 10),
        "travel_cost_yen": 180000,
        "today": TODAY,
    }
    args.update(kw)
    return services.record_return(actor=world.users[actor], participant_id=term.participant_id, **args)


def test_the_contracting_organisation_records_the_return_and_the_person_becomes_an_alumnus(world):
    record = _return(world)
    person = Person.objects.get(pk=world.persons["participant_a"].pk)
    assert person.kind == PersonKind.ALUMNUS and person.contracting_org_id is None
    assert record.destination.code == "GB" and record.travel_cost_yen == 180000
    assert record.recorded_for_id == world.orgs["co_a"].pk and record.last_term.fiscal_year == 2025
    profile = AlumnusProfile.objects.get(person=person)
    assert profile.country.code == "GB"  # where they went home, until they say otherwise
    actions = set(AuditEvent.objects.filter(person_id=person.pk).values_list("action", flat=True))
    assert {"person.leave", "alumni.return.record"} <= actions


def test_clair_records_a_return_too(world):
    record = _return(world, actor="clair.staff")
    assert record.recorded_for_id == world.orgs["clair"].pk


def test_another_organisation_or_the_participant_cannot_record_it(world):
    term = finished_participant(world.persons["participant_a"], world.orgs["co_a"], jet_id="2024-00001")
    for actor in ("co_b.coordinator", "participant_a", "mission_a.staff", "chapter_a.officer"):
        with pytest.raises(NotFound):
            _return(world, actor=actor, term=term)
    assert not Return.objects.exists()
    assert Person.objects.get(pk=term.participant.person_id).kind == PersonKind.PARTICIPANT


def test_every_broken_rule_is_reported_at_once_and_nothing_is_written(world):
    term = finished_participant(
        world.persons["participant_a"], world.orgs["co_a"], jet_id="2024-00001", status=TermStatus.SERVING
    )
    with pytest.raises(FieldErrors) as exc:
        _return(world, term=term, returned_on=date(2026, 7, 1), orientation_on=None)
    fields = {f for f, _m in exc.value.errors}
    assert fields == {"returned_on", "orientation_on"}
    assert not Return.objects.exists()
    assert Person.objects.get(pk=term.participant.person_id).kind == PersonKind.PARTICIPANT


def test_a_return_in_the_future_is_refused(world):
    with pytest.raises(DomainError) as exc:
        _return(world, returned_on=date(2027, 1, 1))
    assert exc.value.field == "returned_on"


def test_a_return_before_the_last_term_ended_is_refused_with_the_day_it_ended(world):
    term = finished_participant(world.persons["participant_a"], world.orgs["co_a"], jet_id="2024-00001")
    with pytest.raises(DomainError) as exc:
        _return(world, term=term, returned_on=date(2026, 7, 1), orientation_on=date(2026, 6, 1))
    field, message = exc.value.field, exc.value.message
    assert field == "returned_on" and "31 July 2026" in message and "2026-07-31" not in message
    assert not Return.objects.exists()
    _return(world, term=term, returned_on=TERM_END)  # the day it ended is a return date
    assert Person.objects.get(pk=term.participant.person_id).kind == PersonKind.ALUMNUS


def test_a_serving_term_s_refusal_shows_its_end_as_a_date_not_a_code(world):
    term = finished_participant(
        world.persons["participant_a"], world.orgs["co_a"], jet_id="2024-00001", status=TermStatus.SERVING
    )
    with pytest.raises(DomainError) as exc:
        _return(world, term=term, returned_on=date(2026, 7, 1), orientation_on=date(2026, 6, 1))
    message = exc.value.message
    assert "until 31 July 2026" in message and "2026-07-31" not in message


@pytest.mark.parametrize("cost", [-1, services.RETURN_TRAVEL_COST_CAP_YEN + 1, 99_999_999_999])
def test_a_travel_cost_below_zero_or_above_the_cap_is_refused(world, cost):
    with pytest.raises(DomainError) as exc:
        _return(world, travel_cost_yen=cost)
    field, message = exc.value.field, exc.value.message
    assert field == "travel_cost_yen"
    if cost > 0:
        assert "¥2,000,000" in message
    assert not Return.objects.exists()


def test_a_travel_cost_at_the_cap_is_accepted(world):
    record = _return(world, travel_cost_yen=services.RETURN_TRAVEL_COST_CAP_YEN)
    assert record.travel_cost_yen == 2_000_000


def test_a_resigned_last_term_returns_as_well(world):
    term = finished_participant(
        world.persons["participant_a"], world.orgs["co_a"], jet_id="2024-00001", status=TermStatus.RESIGNED
    )
    _return(world, term=term)
    assert Person.objects.get(pk=term.participant.person_id).kind == PersonKind.ALUMNUS


def test_a_return_is_recorded_once(world):
    record = _return(world)
    for actor in ("co_a.coordinator", "clair.staff"):
        with pytest.raises(DomainError) as exc:
            _return(world, actor=actor, term=record.last_term)
        assert "already" in exc.value.message
    assert Return.objects.count() == 1


# --- the alumnus's own pages ---------------------------------------------------------------------------


def test_the_alumnus_keeps_their_profile_and_consent(world):
    user = world.users["alumnus_a"]
    profile = services.update_own_profile(
        actor=user,
        country=Country.objects.get(code="US"),
        city="Boston",
        sector="academia",
        organisation="A university",
        japan_related_work="Teaches Japanese politics",
        languages=[],
    )
    assert profile.city == "Boston" and profile.sector == "academia"
    profile = services.update_own_consent(
        actor=user, news=True, events=False, recruitment=True, share_with_chapter=True
    )
    assert profile.consents_to_news and profile.consents_to_share_with_chapter
    assert profile.consent_updated_at is not None
    # withdrawn at any time
    profile = services.update_own_consent(
        actor=user, news=False, events=False, recruitment=False, share_with_chapter=False
    )
    assert not profile.consents_to_news and not profile.consents_to_share_with_chapter
    events = AuditEvent.objects.filter(action="alumni.consent.update", person_id=profile.person_id)
    assert events.count() == 2


def test_only_an_alumnus_has_a_profile_of_their_own(world):
    with pytest.raises(NotFound):
        services.update_own_consent(
            actor=world.users["participant_a"],
            news=True,
            events=True,
            recruitment=True,
            share_with_chapter=True,
        )


# --- notable alumni ------------------------------------------------------------------------------------


def test_a_mission_flags_a_notable_alumnus_of_its_jurisdiction_with_a_reason(world):
    person = world.persons["alumnus_a"]
    profile = AlumnusProfile.objects.create(person=person, country=Country.objects.get(code="GB"))
    with pytest.raises(DomainError) as exc:
        services.set_notable(
            actor=world.users["mission_a.staff"], alumnus_profile_id=profile.pk, notable=True, reason=" "
        )
    assert exc.value.field == "reason"
    services.set_notable(
        actor=world.users["mission_a.staff"],
        alumnus_profile_id=profile.pk,
        notable=True,
        reason="MP since 2024",
    )
    profile.refresh_from_db()
    assert profile.notable and profile.notable_reason == "MP since 2024"
    assert AuditEvent.objects.filter(action="alumni.notable.flag", person_id=person.pk).exists()
    with pytest.raises(NotFound):  # not Ireland's alumnus
        services.set_notable(
            actor=world.users["mission_b.staff"], alumnus_profile_id=profile.pk, notable=False, reason=""
        )


# --- chapter membership --------------------------------------------------------------------------------


def _add(world, officer: str, person_key: str, **kw):  # type: ignore[no-untyped-def]
    chapter = world.orgs[officer.split(".")[0]]
    return services.add_member(
        actor=world.users[officer],
        chapter_id=chapter.pk,
        identifier=kw.pop("identifier", world.persons[person_key].email),
        joined_on=kw.pop("joined_on", date(2025, 4, 1)),
        member_type=kw.pop("member_type", "regular"),
        today=TODAY,
    )


def test_an_officer_adds_an_alumnus_and_core_s_copy_follows(world):
    m = _add(world, "chapter_a.officer", "alumnus_b")
    assert m.chapter_id == world.orgs["chapter_a"].pk and m.left_on is None
    assert Person.objects.get(pk=world.persons["alumnus_b"].pk).chapter_id == world.orgs["chapter_a"].pk
    assert AuditEvent.objects.filter(action="alumni.membership.add", person_id=m.person_id).exists()


def test_a_person_belongs_to_one_chapter_at_a_time(world):
    _add(world, "chapter_a.officer", "alumnus_b")
    with pytest.raises(DomainError) as exc:
        _add(world, "chapter_b.officer", "alumnus_b")
    assert "one chapter at a time" in exc.value.message and "JETAA New York" in exc.value.message
    with pytest.raises(DomainError) as exc:
        _add(world, "chapter_a.officer", "alumnus_b")
    assert "already a member of this chapter" in exc.value.message
    assert "1 April 2025" in exc.value.message and "2025-04-01" not in exc.value.message
    assert ChapterMembership.objects.count() == 1


def test_only_alumni_can_be_added_and_only_by_the_chapter_s_officers(world):
    with pytest.raises(DomainError) as exc:
        _add(world, "chapter_a.officer", "participant_a")
    assert "No alumnus" in exc.value.message
    with pytest.raises(NotFound):
        services.add_member(
            actor=world.users["chapter_b.officer"],
            chapter_id=world.orgs["chapter_a"].pk,
            identifier=world.persons["alumnus_a"].email,
            joined_on=date(2025, 1, 1),
            today=TODAY,
        )


def test_removal_needs_a_reason_then_the_person_may_join_another_chapter(world):
    m = _add(world, "chapter_a.officer", "alumnus_b")
    officer = world.users["chapter_a.officer"]
    with pytest.raises(FieldErrors):
        services.remove_member(actor=officer, membership_id=m.pk, left_on=None, reason="")
    with pytest.raises(NotFound):
        services.remove_member(
            actor=world.users["chapter_b.officer"], membership_id=m.pk, left_on=date(2026, 1, 1), reason="x"
        )
    services.remove_member(
        actor=officer, membership_id=m.pk, left_on=date(2026, 3, 31), reason="Moved to Sydney"
    )
    m.refresh_from_db()
    assert m.left_on == date(2026, 3, 31) and m.left_reason == "Moved to Sydney"
    with pytest.raises(DomainError) as exc:
        services.remove_member(actor=officer, membership_id=m.pk, left_on=date(2026, 4, 1), reason="again")
    assert "already left on 31 March 2026" in exc.value.message
    assert Person.objects.get(pk=m.person_id).chapter_id is None
    moved = _add(world, "chapter_b.officer", "alumnus_b", joined_on=date(2026, 4, 1))
    assert moved.chapter_id == world.orgs["chapter_b"].pk
    assert Person.objects.get(pk=m.person_id).chapter_id == world.orgs["chapter_b"].pk


# --- import ----------------------------------------------------------------------------------------------


def _alumni(world, n: int) -> list[Person]:  # type: ignore[no-untyped-def]
    us = Country.objects.get(code="US")
    return [
        Person.objects.create(
            kind=PersonKind.ALUMNUS,
            family_name=f"Imported{i}",
            given_name="Kim",
            email=f"kim{i}@example.org",
            nationality=us,
        )
        for i in range(n)
    ]


def _csv_file(tmp_path: Path, rows: list[list[str]]) -> bytes:
    path = tmp_path / "members.csv"
    with path.open("w", encoding="utf-8-sig", newline="") as f:
        csv.writer(f).writerows([["member", "joined", "type"], *rows])
    return path.read_bytes()


def _xlsx_file(tmp_path: Path, rows: list[list[str]]) -> bytes:
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.append(["member", "joined", "type"])
    for r in rows:
        ws.append(r)
    path = tmp_path / "members.xlsx"
    wb.save(path)
    return path.read_bytes()


def test_an_import_with_a_bad_row_reports_every_row_and_writes_nothing(world, tmp_path):
    people = _alumni(world, 3)
    _add(world, "chapter_b.officer", "alumnus_b")
    content = _csv_file(
        tmp_path,
        [
            [people[0].email, "2024-05-01", "regular"],
            [people[1].email.upper(), "not a date", ""],
            ["nobody@example.org", "2024-05-01", ""],
            [world.persons["alumnus_b"].email, "2024-05-01", "honorary"],
            [people[2].email, "2024-05-01", "chairman"],
            [people[0].email, "2024-06-01", ""],
        ],
    )
    before = AuditEvent.objects.count()
    with pytest.raises(services.ImportRefused) as exc:
        services.import_members(
            actor=world.users["chapter_a.officer"],
            chapter_id=world.orgs["chapter_a"].pk,
            content=content,
            fmt="csv",
            today=TODAY,
        )
    rows = {r.row: r for r in exc.value.rows}
    assert sorted(rows) == [2, 3, 4, 5, 6, 7]
    assert rows[2].ok and not any(rows[n].ok for n in (3, 4, 5, 6, 7))
    assert "YYYY-MM-DD" in rows[3].message
    assert "No alumnus" in rows[4].message
    assert "one chapter at a time" in rows[5].message
    assert "chairman" in rows[6].message
    assert "row 2" in rows[7].message
    assert ChapterMembership.objects.filter(chapter=world.orgs["chapter_a"]).count() == 0
    assert AuditEvent.objects.count() == before


def test_a_good_xlsx_import_adds_every_row(world, tmp_path):
    people = _alumni(world, 3)
    content = _xlsx_file(
        tmp_path, [[p.email, "2024-05-01", "associate" if i else ""] for i, p in enumerate(people)]
    )
    report = services.import_members(
        actor=world.users["chapter_a.officer"],
        chapter_id=world.orgs["chapter_a"].pk,
        content=content,
        fmt="xlsx",
        today=TODAY,
    )
    assert [r.row for r in report] == [2, 3, 4] and all(r.ok for r in report)
    members = ChapterMembership.objects.filter(chapter=world.orgs["chapter_a"], left_on__isnull=True)
    assert members.count() == 3
    assert sorted(members.values_list("member_type", flat=True)) == ["associate", "associate", "regular"]
    assert Person.objects.filter(pk__in=[p.pk for p in people], chapter=world.orgs["chapter_a"]).count() == 3


def test_a_file_that_is_not_a_table_is_refused(world):
    with pytest.raises(DomainError) as exc:
        services.import_members(
            actor=world.users["chapter_a.officer"],
            chapter_id=world.orgs["chapter_a"].pk,
            content=b"PK\x03\x04 not really",
            fmt="xlsx",
            today=TODAY,
        )
    assert exc.value.field == "file"
    with pytest.raises(DomainError) as exc:
        services.import_members(
            actor=world.users["chapter_a.officer"],
            chapter_id=world.orgs["chapter_a"].pk,
            content=io.BytesIO(b"name,city\nx,y\n").getvalue(),
            fmt="csv",
            today=TODAY,
        )
    assert "member" in exc.value.message
