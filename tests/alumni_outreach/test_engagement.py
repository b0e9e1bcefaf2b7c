"""Engagement: the search finds consenting alumni only, in the mission's countries, paginated with a
bounded number of queries; recording needs consent and the mission's own PR event or panel."""

from __future__ import annotations

from datetime import date

import pytest
from django.urls import reverse

from jetpm.alumni.engagement import services
from jetpm.alumni.engagement.models import Engagement
from jetpm.alumni.engagement.services import EngagementInput
from jetpm.alumni.models import AlumnusProfile
from jetpm.core.errors import FieldErrors, NotFound
from jetpm.core.models import Country, Language, Person
from jetpm.core.states import PersonKind
from jetpm.outreach.models import OutreachActivity
from tests.alumni_outreach.helpers import uk_jurisdiction


def _activity(world, key="a"):
    return OutreachActivity.objects.create(
        mission=world.orgs[f"mission_{key}"],
        fiscal_year=2026,
        kind="info_session",
        date=date(2027, 1, 20),
        place="UCL",
        audience="university_students",
    )


@pytest.mark.django_db
def test_the_search_respects_consent_and_jurisdiction(world, client):
    j = uk_jurisdiction(world)
    client.force_login(world.users["mission_a.staff"])
    page = client.get(reverse("alumni:engagement:find"), {"city": "London"})
    text = page.content.decode()
    assert "ALUM-AVA" in text and "ALUM-BEN" in text
    assert "ALUM-DAN" not in text and "ALUM-CARA" not in text  # no consent to be asked (Cara: Manchester too)
    japanese = Language.objects.get(code="ja")
    text = client.get(reverse("alumni:engagement:find"), {"language": japanese.pk}).content.decode()
    assert "ALUM-AVA" in text and "ALUM-BEN" not in text
    text = client.get(reverse("alumni:engagement:find"), {"sector": "business"}).content.decode()
    assert "ALUM-BEN" in text and "ALUM-AVA" not in text
    # mission B (Ireland) finds none of them
    client.force_login(world.users["mission_b.staff"])
    assert "ALUM-AVA" not in client.get(reverse("alumni:engagement:find")).content.decode()
    # alumni and chapters have no search
    client.force_login(j.officer)
    assert client.get(reverse("alumni:engagement:find")).status_code == 404


@pytest.mark.django_db
def test_the_search_pages_with_a_bounded_number_of_queries(world, client, django_assert_max_num_queries):
    uk_jurisdiction(world)
    gb = Country.objects.get(code="GB")
    english = Language.objects.get(code="en")
    persons = Person.objects.bulk_create(
        Person(kind=PersonKind.ALUMNUS, family_name=f"Many{n:04d}", given_name="X", nationality=gb)
        for n in range(300)
    )
    profiles = AlumnusProfile.objects.bulk_create(
        AlumnusProfile(person=p, country=gb, city="Leeds", sector="education", consents_to_recruitment=True)
        for p in persons
    )
    AlumnusProfile.languages.through.objects.bulk_create(
        AlumnusProfile.languages.through(alumnusprofile_id=p.pk, language_id=english.pk) for p in profiles
    )
    client.force_login(world.users["mission_a.staff"])
    with django_assert_max_num_queries(20):
        page = client.get(reverse("alumni:engagement:find"), {"page": 3})
    assert page.status_code == 200 and "MANY" in page.content.decode()


@pytest.mark.django_db
def test_recording_needs_consent_and_the_missions_own_event(world):
    j = uk_jurisdiction(world)
    mission = world.orgs["mission_a"]
    staff = world.users["mission_a.staff"]
    activity = _activity(world)
    engagement = services.record_engagement(
        actor=staff,
        mission_id=mission.pk,
        data=EngagementInput(
            person_id=j.alumni["ava"].pk, kind="pr_help", date=date(2027, 1, 20), activity_id=activity.pk
        ),
    )
    assert engagement.activity == activity
    with pytest.raises(FieldErrors) as caught:
        services.record_engagement(
            actor=staff,
            mission_id=mission.pk,
            data=EngagementInput(
                person_id=j.alumni["dan"].pk,
                kind="pr_help",
                date=date(2027, 1, 20),
                activity_id=_activity(world, "b").pk,
            ),
        )
    assert {f for f, _m in caught.value.errors} == {"person", "activity"}
    with pytest.raises(NotFound):  # not in mission B's jurisdiction
        services.record_engagement(
            actor=world.users["mission_b.staff"],
            mission_id=world.orgs["mission_b"].pk,
            data=EngagementInput(person_id=j.alumni["ava"].pk, kind="career_seminar", date=date(2027, 1, 20)),
        )
    assert Engagement.objects.count() == 1


@pytest.mark.django_db
def test_the_alumnus_sees_their_engagement_and_others_do_not(world, client):
    j = uk_jurisdiction(world)
    e = services.record_engagement(
        actor=world.users["mission_a.staff"],
        mission_id=world.orgs["mission_a"].pk,
        data=EngagementInput(
            person_id=j.alumni["ava"].pk,
            kind="predeparture_speaker",
            date=date(2027, 6, 1),
            link="https://example.org/pdo",
        ),
    )
    client.force_login(world.users["alumnus_ava"])
    assert (
        "Speaker at a pre-departure orientation"
        in client.get(reverse("alumni:engagement:index")).content.decode()
    )
    url = reverse("alumni:engagement:detail", kwargs={"engagement_id": e.pk})
    assert client.get(url).status_code == 200
    for name in ("alumnus_a", "mission_b.staff", "chapter_a.officer"):
        client.force_login(world.users[name])
        assert client.get(url).status_code == 404
