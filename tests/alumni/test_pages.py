"""The alumni pages: who sees whom (missions their jurisdiction, CLAIR the alumni in Japan, MOFA all, chapter
officers their members and only what they consented to share), 404 outside the scope, the return through
the page with its confirmation, the member list bounded at 25,000 members, the person's data export."""

from __future__ import annotations

from datetime import date

import pytest
from django.urls import reverse

from jetpm.alumni.models import AlumnusProfile, ChapterMembership
from jetpm.core import privacy
from jetpm.core.models import Country, Person
from jetpm.core.states import PersonKind
from tests.alumni.helpers import finished_participant

pytestmark = pytest.mark.django_db


def _profiles(world):  # type: ignore[no-untyped-def]
    """alumnus_a lives in London (mission A's), alumnus_b in Tokyo (CLAIR's); both members of chapter A."""
    c = {x.code: x for x in Country.objects.filter(code__in=["GB", "JP", "IE"])}
    a = AlumnusProfile.objects.create(
        person=world.persons["alumnus_a"],
        country=c["GB"],
        city="London",
        organisation="FCDO",
        sector="government",
    )
    b = AlumnusProfile.objects.create(
        person=world.persons["alumnus_b"],
        country=c["JP"],
        city="Tokyo",
        organisation="Sony",
        sector="business",
    )
    for p in (a, b):
        ChapterMembership.objects.create(
            person=p.person, chapter=world.orgs["chapter_a"], joined_on=date(2020, 1, 1)
        )
    return a, b


def _login(client, world, username: str):  # type: ignore[no-untyped-def]
    client.force_login(world.users[username])
    return client


def test_missions_see_their_jurisdiction_clair_japan_mofa_all(world, client):
    a, b = _profiles(world)
    url = reverse("alumni:alumnus_list")
    expect = {
        "mofa.staff": {"London", "Tokyo"},
        "mission_a.staff": {"London"},
        "mission_b.staff": set(),
        "clair.staff": {"Tokyo"},
    }
    for username, cities in expect.items():
        body = _login(client, world, username).get(url).content.decode()
        assert {c for c in ("London", "Tokyo") if c in body} == cities, username
    for username, profile, status in (
        ("mission_a.staff", a, 200),
        ("mission_a.staff", b, 404),
        ("mission_b.staff", a, 404),
        ("clair.staff", a, 404),
        ("clair.staff", b, 200),
        ("co_a.coordinator", a, 404),
        ("chapter_b.officer", a, 404),
    ):
        got = _login(client, world, username).get(reverse("alumni:alumnus_detail", args=[profile.pk]))
        assert got.status_code == status, (username, profile.city)


def test_a_mission_counts_nationality_when_the_residence_is_unknown(world, client):
    a, _b = _profiles(world)
    a.country = None
    a.save()
    Person.objects.filter(pk=a.person_id).update(nationality=Country.objects.get(code="IE"))
    assert (
        _login(client, world, "mission_b.staff")
        .get(reverse("alumni:alumnus_detail", args=[a.pk]))
        .status_code
        == 200
    )
    assert (
        _login(client, world, "mission_a.staff")
        .get(reverse("alumni:alumnus_detail", args=[a.pk]))
        .status_code
        == 404
    )


def test_an_officer_sees_members_only_and_only_what_they_consented_to_share(world, client):
    a, b = _profiles(world)
    b.consents_to_share_with_chapter = True
    b.save()
    _login(client, world, "chapter_a.officer")
    page = client.get(reverse("alumni:chapter_detail", args=[world.orgs["chapter_a"].pk])).content.decode()
    assert str(a.person) in page and str(b.person) in page
    assert a.person.email not in page and "London" not in page  # a did not consent: name only
    assert b.person.email in page and "Tokyo" in page
    detail = client.get(reverse("alumni:alumnus_detail", args=[a.pk])).content.decode()
    assert 'data-testid="not-shared"' in detail and "FCDO" not in detail and a.person.email not in detail
    detail = client.get(reverse("alumni:alumnus_detail", args=[b.pk])).content.decode()
    assert "Sony" in detail
    # chapter B's officer sees neither the members nor chapter A's page
    _login(client, world, "chapter_b.officer")
    assert client.get(reverse("alumni:chapter_detail", args=[world.orgs["chapter_a"].pk])).status_code == 404
    assert client.get(reverse("alumni:alumnus_detail", args=[b.pk])).status_code == 404


def test_a_member_who_left_is_out_of_the_officer_s_sight(world, client):
    a, _b = _profiles(world)
    ChapterMembership.objects.filter(person=a.person).update(left_on=date(2025, 1, 1), left_reason="moved")
    _login(client, world, "chapter_a.officer")
    assert client.get(reverse("alumni:alumnus_detail", args=[a.pk])).status_code == 404


def test_notable_list_for_hq_only(world, client):
    a, _b = _profiles(world)
    _login(client, world, "mission_a.staff")
    client.post(
        reverse("alumni:alumnus_notable", args=[a.pk]), {"notable": "on", "reason": "Cabinet Office adviser"}
    )
    a.refresh_from_db()
    assert a.notable
    assert client.get(reverse("alumni:notable_list")).status_code == 404
    page = _login(client, world, "mofa.staff").get(reverse("alumni:notable_list"), {"sector": "government"})
    assert "Cabinet Office adviser" in page.content.decode()
    page = client.get(reverse("alumni:notable_list"), {"sector": "business"})
    assert "Cabinet Office adviser" not in page.content.decode()


def test_the_return_through_the_page_asks_for_confirmation(world, client):
    term = finished_participant(world.persons["participant_a"], world.orgs["co_a"], jet_id="2024-00001")
    _login(client, world, "co_a.coordinator")
    assert "2024-00001" in client.get(reverse("alumni:return_list")).content.decode()
    url = reverse("alumni:return_record", args=[term.participant_id])
    data = {
        "returned_on": "2026-08-02",
        "destination": "GB",
        "orientation_attended": "on",
        "orientation_on": "2026-02-10",
        "travel_cost_yen": "150000",
    }
    first = client.post(url, data)
    assert first.status_code == 200 and b'name="confirmed"' in first.content
    assert Person.objects.get(pk=term.participant.person_id).kind == PersonKind.PARTICIPANT
    done = client.post(url, {**data, "confirmed": "yes"})
    assert done.status_code == 302
    assert Person.objects.get(pk=term.participant.person_id).kind == PersonKind.ALUMNUS
    assert _login(client, world, "co_b.coordinator").get(url).status_code == 404


def test_the_return_page_says_every_broken_rule_before_asking_for_confirmation(world, client):
    term = finished_participant(world.persons["participant_a"], world.orgs["co_a"], jet_id="2024-00001")
    _login(client, world, "co_a.coordinator")
    url = reverse("alumni:return_record", args=[term.participant_id])
    page = client.post(
        url,
        {
            "returned_on": "2026-07-01",  # before the term ended on 31 July 2026
            "destination": "GB",
            "orientation_attended": "on",
            "orientation_on": "",
            "travel_cost_yen": "99999999999",
        },
    )
    body = page.content.decode()
    assert page.status_code == 400 and 'name="confirmed"' not in body
    assert "ended on 31 July 2026" in body
    assert "Give the date of the pre-return orientation attended." in body
    assert "¥2,000,000" in body
    assert Person.objects.get(pk=term.participant.person_id).kind == PersonKind.PARTICIPANT


def test_the_return_page_refuses_a_future_date_before_the_confirmation(world, client):
    term = finished_participant(world.persons["participant_a"], world.orgs["co_a"], jet_id="2024-00001")
    _login(client, world, "co_a.coordinator")
    url = reverse("alumni:return_record", args=[term.participant_id])
    data = {"returned_on": "2099-06-01", "destination": "GB", "orientation_on": "2026-09-01"}
    page = client.post(url, data)
    body = page.content.decode()
    assert page.status_code == 400 and 'name="confirmed"' not in body
    assert "cannot be in the future" in body and "Leave the date empty" in body


@pytest.mark.parametrize("lang", ["en", "ja"])
@pytest.mark.parametrize(
    "username,url_name",
    [
        ("alumnus_a", "alumni:me"),
        ("alumnus_a", "alumni:me_profile"),
        ("alumnus_a", "alumni:me_consent"),
        ("alumnus_a", "alumni:chapter_list"),
        ("mofa.staff", "alumni:alumnus_list"),
        ("mofa.staff", "alumni:notable_list"),
        ("mofa.staff", "alumni:chapter_list"),
        ("co_a.coordinator", "alumni:return_list"),
        ("chapter_a.officer", "alumni:chapter_list"),
    ],
)
def test_pages_render_in_both_languages(world, client, username, url_name, lang):
    _profiles(world)
    user = world.users[username]
    user.language = lang
    user.save()
    got = _login(client, world, username).get(reverse(url_name))
    assert got.status_code == 200
    assert got.headers["Content-Language"] == lang


def test_the_education_sector_reads_education_in_japanese_not_education_history(world, client):
    a, _b = _profiles(world)
    a.sector = "education"
    a.save()
    user = world.users["alumnus_a"]
    user.language = "ja"
    user.save()
    body = _login(client, world, "alumnus_a").get(reverse("alumni:me")).content.decode()
    assert "教育" in body and "学歴" not in body


@pytest.mark.parametrize(("lang", "yes", "no"), [("en", "Yes", "No"), ("ja", "はい", "いいえ")])
def test_the_alumnus_s_consents_read_yes_or_no_capitalised(world, client, lang, yes, no):
    a, _b = _profiles(world)
    AlumnusProfile.objects.filter(pk=a.pk).update(consents_to_news=True, consents_to_events=False)
    user = world.users["alumnus_a"]
    user.language = lang
    user.save()
    body = _login(client, world, "alumnus_a").get(reverse("alumni:me")).content.decode()
    consent = body[body.index('data-testid="my-consent"') :]
    assert f": {yes}</li>" in consent and f": {no}</li>" in consent
    assert ": yes</li>" not in consent and ": no</li>" not in consent


def test_other_roles_do_not_get_the_alumnus_s_pages(world, client):
    for name in ("alumni:me", "alumni:me_profile", "alumni:me_consent"):
        assert _login(client, world, "participant_a").get(reverse(name)).status_code == 404
        assert _login(client, world, "mofa.staff").get(reverse(name)).status_code == 404


def test_a_mission_sees_the_chapters_of_its_countries(world, client):
    gb_chapter = world.orgs["chapter_a"]
    gb_chapter.country = Country.objects.get(code="GB")
    gb_chapter.save()
    _login(client, world, "mission_a.staff")
    assert client.get(reverse("alumni:chapter_detail", args=[gb_chapter.pk])).status_code == 200
    assert client.get(reverse("alumni:chapter_detail", args=[world.orgs["chapter_b"].pk])).status_code == 404


def test_the_member_list_of_25000_members_runs_a_bounded_number_of_queries(
    world, client, django_assert_max_num_queries
):
    us = Country.objects.get(code="US")
    people = Person.objects.bulk_create(
        [
            Person(kind=PersonKind.ALUMNUS, family_name=f"Member{i:05d}", given_name="Pat", nationality=us)
            for i in range(25000)
        ],
        batch_size=2000,
    )
    chapter = world.orgs["chapter_a"]
    ChapterMembership.objects.bulk_create(
        [ChapterMembership(person=p, chapter=chapter, joined_on=date(2020, 4, 1)) for p in people],
        batch_size=2000,
    )
    AlumnusProfile.objects.bulk_create(
        [
            AlumnusProfile(person=p, country=us, consents_to_share_with_chapter=i % 2 == 0)
            for i, p in enumerate(people)
        ],
        batch_size=2000,
    )
    for username, url in (
        ("chapter_a.officer", reverse("alumni:chapter_detail", args=[chapter.pk]) + "?page=400"),
        ("mofa.staff", reverse("alumni:alumnus_list") + "?page=300"),
        ("mofa.staff", reverse("alumni:chapter_list")),
        ("chapter_a.officer", reverse("alumni:alumnus_list") + "?page=2"),
    ):
        _login(client, world, username)
        with django_assert_max_num_queries(20):
            got = client.get(url)
        assert got.status_code == 200
        assert b"MEMBER" in got.content or b"JETAA New York" in got.content


def test_the_person_s_export_holds_their_profile_memberships_and_return(world):
    from jetpm.alumni import services
    from tests.alumni.helpers import RETURNED

    term = finished_participant(world.persons["participant_a"], world.orgs["co_a"], jet_id="2024-00001")
    services.record_return(
        actor=world.users["co_a.coordinator"],
        participant_id=term.participant_id,
        returned_on=RETURNED,
        destination=Country.objects.get(code="GB"),
        orientation_attended=False,
        orientation_on=None,
        travel_cost_yen=None,
        today=date(2026, 12, 6),
    )
    person = Person.objects.get(pk=term.participant.person_id)
    ChapterMembership.objects.create(
        person=person, chapter=world.orgs["chapter_a"], joined_on=date(2026, 9, 1)
    )
    records = privacy.collect(person).records
    assert {"alumni.AlumnusProfile", "alumni.ChapterMembership", "alumni.Return"} <= set(records)


def test_the_returns_list_offers_terms_over_or_ending_within_three_months(world):
    from datetime import timedelta

    from django.utils import timezone

    from jetpm.alumni.selectors import RETURN_AHEAD_DAYS, returns_to_record
    from jetpm.appointments.models import AppointmentTerm
    from jetpm.appointments.states import TermStatus

    over = finished_participant(world.persons["participant_a"], world.orgs["co_a"], jet_id="2024-00001")
    second = world.persons["applicant_a"]
    Person.objects.filter(pk=second.pk).update(kind=PersonKind.PARTICIPANT)
    serving = finished_participant(second, world.orgs["co_a"], jet_id="2024-00002", status=TermStatus.SERVING)
    today = timezone.localdate()
    co = world.users["co_a.coordinator"]
    AppointmentTerm.objects.filter(pk=serving.pk).update(
        end_date=today + timedelta(days=RETURN_AHEAD_DAYS + 30)
    )
    listed = set(returns_to_record(co).values_list("pk", flat=True))
    assert over.pk in listed and serving.pk not in listed  # still serving for months: not offered
    AppointmentTerm.objects.filter(pk=serving.pk).update(
        end_date=today + timedelta(days=RETURN_AHEAD_DAYS - 1)
    )
    assert serving.pk in set(returns_to_record(co).values_list("pk", flat=True))  # ending: offered
