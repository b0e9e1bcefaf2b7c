"""A record named with a day or a time (an outreach activity, an orientation, an interview) reads in the
reader's language and, for a time, in the reader's local time (core/time_zones.py): in option lists, in
messages and on the audit log's pages, never as ISO text or UTC."""

from __future__ import annotations

from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from jetpm.alumni.engagement.forms import EngagementForm
from jetpm.core import audit
from jetpm.core.models import Organisation
from jetpm.outreach.models import OutreachActivity
from jetpm.predeparture.models_orientations import OrientationEvent
from jetpm.screening.models import Interview, Panel

EN = "en"
JA = "ja"


def _audit_page(client, user, event, language) -> str:  # type: ignore[no-untyped-def]
    """The event's page as ``user`` reads it in ``language`` (the language they chose)."""
    user.language = language
    user.save(update_fields=["language"])
    client.force_login(user)
    response = client.get(reverse("core:audit_detail", kwargs={"event_id": event.pk}))
    assert response.status_code == 200
    return response.content.decode()


@pytest.mark.django_db
def test_an_outreach_activity_reads_its_day_in_the_reader_s_language(world, client):
    activity = OutreachActivity.objects.create(
        mission=world.orgs["mission_a"],
        fiscal_year=2026,
        kind="info_session",
        date=date(2026, 10, 1),
        place="University X",
        audience="university_students",
    )
    with translation.override("en"):
        assert str(activity).endswith("University X (1 Oct 2026)")
        form = EngagementForm(
            missions=Organisation.objects.none(),
            activities=OutreachActivity.objects.filter(pk=activity.pk),
            panels=Panel.objects.none(),
        )
        labels = [label for _value, label in form.fields["activity"].choices]  # type: ignore[attr-defined]
        assert any(str(label).startswith("1 Oct 2026 ") for label in labels), labels
    with translation.override("ja"):
        assert str(activity).endswith("University X (2026/10/01)")

    event = audit.record(actor=world.users["clair.staff"], action="outreach.activity.update", obj=activity)
    assert event.object_label.endswith("(2026-10-01)")  # kept as written, whoever reads it
    assert "University X (1 Oct 2026)" in _audit_page(client, world.users["clair.staff"], event, EN)
    assert "University X (2026/10/01)" in _audit_page(client, world.users["clair.staff"], event, JA)


@pytest.mark.django_db
def test_an_orientation_reads_its_day_in_the_reader_s_language(world, client):
    orientation = OrientationEvent.objects.create(
        mission=world.orgs["mission_a"],
        intake_year=2027,
        kind="orientation",
        title="Orientation X",
        date=date(2027, 6, 20),
        place="Embassy",
    )
    with translation.override("en"):
        assert str(orientation) == "Orientation X (20 Jun 2027)"
    with translation.override("ja"):
        assert str(orientation) == "Orientation X (2027/06/20)"

    event = audit.record(
        actor=world.users["clair.staff"], action="predeparture.event.update", obj=orientation
    )
    assert event.object_label == "Orientation X (2027-06-20)"
    assert "Orientation X (20 Jun 2027)" in _audit_page(client, world.users["clair.staff"], event, EN)
    assert "Orientation X (2027/06/20)" in _audit_page(client, world.users["clair.staff"], event, JA)


@pytest.mark.django_db
def test_an_interview_reads_its_start_in_the_reader_s_local_time(world, client):
    Organisation.objects.filter(pk=world.orgs["mission_a"].pk).update(time_zone="America/New_York")
    interview = Interview.objects.select_related("application").get(
        application__mission=world.orgs["mission_a"]
    )
    assert interview.starts_at == datetime(2027, 1, 20, 10, 0, tzinfo=UTC)
    reference = interview.application.reference

    with translation.override("en"), timezone.override(ZoneInfo("America/New_York")):
        assert str(interview).endswith(" 20 Jan 2027, 05:00")
    with translation.override("ja"):  # Japan time
        assert str(interview).endswith(" 2027/01/20 19:00")

    event = audit.record(
        actor=world.users["mission_a.staff"],
        action="screening.interview.reschedule",
        obj=interview,
        organisation=world.orgs["mission_a"].pk,
    )
    assert event.object_label.endswith(" 2027-01-20 10:00 UTC")  # kept in UTC, marked so
    # the mission's administrator reads New York's time, CLAIR Japan's
    assert f"{reference} 20 Jan 2027, 05:00" in _audit_page(client, world.users["mission_a.admin"], event, EN)
    assert f"{reference} 20 Jan 2027, 19:00" in _audit_page(client, world.users["clair.staff"], event, EN)
    assert f"{reference} 2027/01/20 19:00" in _audit_page(client, world.users["clair.staff"], event, JA)
