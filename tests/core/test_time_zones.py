"""A mission abroad reads and enters times in its own local time (core/time_zones.py): its staff type an
interview's start as the clock on their wall shows it, and its applicants read it so; Japan's users keep
Japan time."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from jetpm.applications.models import Application
from jetpm.applications.states import ApplicationStatus
from jetpm.core.auth_backend import AccountBackend
from jetpm.core.models import Organisation
from jetpm.core.scoping import scope_of
from jetpm.core.time_zones import utc_offset_label, validate_time_zone, zone_for_mission_code
from jetpm.screening.models import Interview
from tests.screening.support import ready

SLOT = {"starts_at": "2027-01-20T10:00", "minutes": 30, "mode": "online", "place": "https://meet.example"}


def test_a_mission_s_zone_follows_its_country_or_city():
    assert zone_for_mission_code("mission-gb-london") == "Europe/London"
    assert zone_for_mission_code("mission-us-los-angeles") == "America/Los_Angeles"
    assert zone_for_mission_code("mission-au-perth") == "Australia/Perth"
    assert zone_for_mission_code("mission-us-nowhere") == ""  # a city not known in a country of several zones
    assert zone_for_mission_code("clair") == ""


def test_a_zone_must_be_a_real_one():
    validate_time_zone("Europe/London")
    validate_time_zone("")  # Japan time
    with pytest.raises(ValidationError, match="is not a time zone"):
        validate_time_zone("Mars/Olympus_Mons")


def test_offsets_read_as_people_read_them():
    winter = datetime(2027, 1, 20, tzinfo=UTC)
    assert utc_offset_label("Europe/London", winter) == "+0"
    assert utc_offset_label("America/New_York", winter) == "−5"
    assert utc_offset_label("Asia/Kolkata", winter) == "+5:30"
    assert utc_offset_label("Australia/Sydney", winter) == "+11"


@pytest.mark.django_db
def test_whose_time_zone_a_user_reads_in(world):
    Organisation.objects.filter(pk=world.orgs["mission_a"].pk).update(time_zone="America/New_York")
    for username, zone in [
        ("mission_a.staff", "America/New_York"),
        ("panelist_a", "America/New_York"),
        ("mission_b.staff", ""),  # a mission with no zone set: Japan time
        ("clair.staff", ""),
        ("co_a.coordinator", ""),
    ]:
        loaded = AccountBackend().get_user(world.users[username].pk)
        assert scope_of(loaded).time_zone == zone, username
        # the same when the user is read another way (a query for the person and memberships)
        assert scope_of(type(loaded).objects.get(pk=loaded.pk)).time_zone == zone, username


@pytest.mark.django_db
def test_a_mission_abroad_enters_and_its_applicant_reads_the_interview_in_local_time(world, client):
    s = ready(world)
    Organisation.objects.filter(pk=world.orgs["mission_a"].pk).update(time_zone="America/New_York")
    Application.objects.filter(pk=s.app.pk).update(status=ApplicationStatus.INTERVIEW)
    interview = Interview.objects.get(application=s.app)

    client.force_login(world.users["mission_a.staff"])
    response = client.post(f"/screening/interviews/{interview.pk}/", SLOT, headers={"Accept-Language": "en"})
    assert response.status_code == 302
    interview.refresh_from_db()
    assert interview.starts_at == datetime(2027, 1, 20, 15, 0, tzinfo=UTC)  # 10:00 in New York (UTC−5)

    client.force_login(s.app.person.user)
    page = client.get(reverse("portal:application", kwargs={"application_id": s.app.pk})).content.decode()
    assert "20 January 2027, 10:00" in page
    assert 'data-testid="local-time"' in page and "UTC−5" in page

    # a mission without a zone reads Japan time: the next morning, and no local-time label
    Organisation.objects.filter(pk=world.orgs["mission_a"].pk).update(time_zone="")
    client.force_login(world.users["mission_a.staff"])
    page = client.get(f"/screening/interviews/{interview.pk}/").content.decode()
    assert 'value="2027-01-21T00:00"' in page
    assert 'data-testid="local-time"' not in page


@pytest.mark.django_db
def test_an_invitation_written_outside_the_applicant_s_request_is_in_their_mission_s_time(
    world, mailoutbox, django_capture_on_commit_callbacks
):
    """The invitation mail is written in the applicant's mission's local time however it is sent: here by
    a service call outside any request (as the background worker, or a user in Japan, would), where Japan
    time is active."""
    from django.utils import timezone

    from jetpm.screening.services import interviews

    s = ready(world)
    Organisation.objects.filter(pk=world.orgs["mission_a"].pk).update(time_zone="America/New_York")
    Application.objects.filter(pk=s.app.pk).update(status=ApplicationStatus.INTERVIEW)
    interview = Interview.objects.get(application=s.app)
    s.app.person.user.language = "en"
    s.app.person.user.save(update_fields=["language"])
    assert timezone.get_current_timezone_name() == "Asia/Tokyo"

    slot = interviews.Slot(
        starts_at=datetime(2027, 1, 20, 15, 0, tzinfo=UTC), minutes=30, mode="online", place="https://meet.x"
    )
    with django_capture_on_commit_callbacks(execute=True):
        interviews.reschedule(actor=world.users["mission_a.staff"], interview_id=interview.pk, slot=slot)

    body = mailoutbox[-1].body
    assert "20 January 2027, 10:00" in body  # 15:00 UTC is 10:00 in New York
    assert "21 January 2027, 00:00" not in body  # not Japan's midnight
    assert s.app.notices.order_by("-pk").first().body == body


@pytest.mark.django_db
def test_the_national_bodies_set_a_mission_s_time_zone_in_the_app(world, client):
    from jetpm.core.models import AuditEvent

    mission = world.orgs["mission_a"]
    url = reverse("core:mission_time_zone_edit", kwargs={"organisation_id": mission.pk})
    en = {"Accept-Language": "en"}
    client.force_login(world.users["clair.staff"])

    detail = client.get(
        reverse("core:organisation_detail", kwargs={"organisation_id": mission.pk}), headers=en
    )
    assert 'data-testid="edit-time-zone"' in detail.content.decode()
    page = client.get(url, headers=en).content.decode()
    assert '<option value="" selected>Japan time</option>' in page
    assert "America/New_York (UTC−" in page  # −5 in winter, −4 in summer

    response = client.post(url, {"time_zone": "America/New_York"}, headers=en)
    assert response.status_code == 302
    mission.refresh_from_db()
    assert mission.time_zone == "America/New_York"
    event = AuditEvent.objects.filter(object_type="core.Organisation", object_id=str(mission.pk)).last()
    assert event.action == "organisation.update"
    assert event.changes == {"time_zone": ["", "America/New_York"]}
    assert event.organisation_id == mission.pk

    # a name that is no zone is refused, with words, and nothing changes
    response = client.post(url, {"time_zone": "Mars/Olympus_Mons"}, headers=en)
    assert response.status_code == 400
    assert "“Mars/Olympus_Mons” is not a time zone" in response.content.decode()
    mission.refresh_from_db()
    assert mission.time_zone == "America/New_York"

    # back to Japan time
    assert client.post(url, {"time_zone": ""}, headers=en).status_code == 302
    mission.refresh_from_db()
    assert mission.time_zone == ""


@pytest.mark.django_db
def test_only_the_national_bodies_and_the_mission_s_administrators_set_its_time_zone(world, client):
    mission = world.orgs["mission_a"]
    url = reverse("core:mission_time_zone_edit", kwargs={"organisation_id": mission.pk})
    for username, status in [
        ("mission_a.admin", 200),
        ("mofa.staff", 200),
        ("mission_a.staff", 404),  # the mission's staff read it
        ("mission_b.admin", 404),  # another mission's
        ("co_a.coordinator", 404),
    ]:
        client.force_login(world.users[username])
        assert client.get(url).status_code == status, username
        response = client.post(url, {"time_zone": "Europe/London"})
        assert response.status_code == (302 if status == 200 else 404), username
        if status == 404:
            mission.refresh_from_db()
            assert mission.time_zone != "Europe/London", username
        Organisation.objects.filter(pk=mission.pk).update(time_zone="")
    # not a mission: no such page
    client.force_login(world.users["clair.staff"])
    other = reverse("core:mission_time_zone_edit", kwargs={"organisation_id": world.orgs["co_a"].pk})
    assert client.get(other).status_code == 404


def test_the_list_of_zones_keeps_a_zone_set_before_outside_it():
    from jetpm.core.forms import MissionTimeZoneForm

    assert "Etc/GMT+5" not in dict(MissionTimeZoneForm().fields["time_zone"].widget.choices)
    form = MissionTimeZoneForm(current="Etc/GMT+5")
    assert "Etc/GMT+5" in dict(form.fields["time_zone"].widget.choices)
    assert 'value="Etc/GMT+5" selected' in str(form["time_zone"])
