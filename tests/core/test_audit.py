"""Audit events: recorded by services with before/after, filtered on the staff page, never editable."""

from __future__ import annotations

import pytest
from django.urls import reverse

from jetpm.core import services
from jetpm.core.models import AuditEvent

pytestmark = pytest.mark.django_db


def test_language_change_is_audited_with_before_and_after(world):
    user = world.users["mic.staff"]
    services.set_user_language(actor=user, language="ja")
    event = AuditEvent.objects.get(action="user.language", object_id=str(user.pk))
    assert event.changes == {"language": ["en", "ja"]}
    assert event.actor_label == "mic.staff"
    # no change, no event
    services.set_user_language(actor=user, language="ja")
    assert AuditEvent.objects.filter(action="user.language").count() == 1


def test_staff_page_filters_by_organisation_record_person_and_date(world, client):
    client.force_login(world.users["mic.staff"])
    url = reverse("core:audit_list")
    everything = client.get(url).content.decode()
    assert "membership.create" in everything and "milestone_override.set" in everything
    page = client.get(url, {"organisation": world.orgs["mission_a"].pk}).content.decode()
    assert "milestone_override.set" in page
    assert "mission_b.staff" not in page
    page = client.get(url, {"object_type": "core.MilestoneOverride"}).content.decode()
    assert "membership.create" not in page
    page = client.get(url, {"actor": "mission_a.staff"}).content.decode()
    assert "milestone_override.set" in page
    page = client.get(url, {"date_from": "2001-01-01", "date_to": "2001-12-31"}).content.decode()
    assert "No event matches." in page
    bad = client.get(url, {"date_from": "yesterday"})
    assert bad.status_code == 200 and "Enter a valid date." in bad.content.decode()


def test_audit_detail_shows_changes(world, client):
    client.force_login(world.users["mic.staff"])
    event = AuditEvent.objects.filter(action="milestone_override.set").first()
    page = client.get(reverse("core:audit_detail", kwargs={"event_id": event.pk})).content.decode()
    assert "2026-11-13" in page


def test_audit_detail_shows_objects_and_lists_of_objects_by_their_labels(world, client):
    """An export's filters (an object) and an import's lines (lists of objects) are shown, not a 500."""
    from jetpm.core import audit

    user = world.users["mic.staff"]
    event = audit.record(
        actor=user,
        action="intake.export",
        obj=user,
        changes={
            "filters": [None, {"intake_year": 2027, "job_type": "ALT"}],
            "lines": [[{"job_type": "ALT", "new_participants": 2}], []],
        },
    )
    client.force_login(user)
    response = client.get(reverse("core:audit_detail", kwargs={"event_id": event.pk}))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Intake year: 2027; Job type: ALT" in html
    assert "New participants: 2" in html


def test_audit_page_is_not_for_staff_without_audit_rights(world, client):
    for username in ("mission_a.staff", "co_a.coordinator", "applicant_a", "panelist_a"):
        client.force_login(world.users[username])
        assert client.get(reverse("core:audit_list")).status_code == 404, username


def test_audit_rows_cannot_be_edited_through_the_admin(world, client):
    client.force_login(world.users["superuser"])
    event = AuditEvent.objects.first()
    change_url = reverse("admin:core_auditevent_change", args=[event.pk])
    page = client.get(change_url)
    assert page.status_code == 200
    assert b'type="submit"' not in page.content or b'name="_save"' not in page.content
    response = client.post(change_url, {"action": "tampered"})
    assert response.status_code == 403
    assert (
        client.post(reverse("admin:core_auditevent_delete", args=[event.pk]), {"post": "yes"}).status_code
        == 403
    )
    assert client.get(reverse("admin:core_auditevent_add")).status_code == 403
    event.refresh_from_db()
    assert event.action != "tampered"


def test_admin_is_for_superusers_only(world, client):
    client.force_login(world.users["mic.staff"])
    response = client.get("/admin/")
    assert response.status_code == 302 and "/admin/login/" in response["Location"]


def test_every_workflow_action_and_other_audited_key_has_a_label_in_japanese():
    """The audit page names each declared transition's action (not "other action") and the keys of events
    that are not fields of their record (an export's rows) in the reader's language."""
    from django.utils import translation

    from jetpm.core import audit_labels
    from jetpm.core.workflow import declared

    with translation.override("ja"):
        other = str(audit_labels.action_label("x.nothing_known"))
        actions = {t.audit_action for w in declared() for t in w.transitions if t.audit_action}
        extra = {"membership.role", "applications.registration.existing", "year_rules.salary"}
        unnamed = sorted(a for a in actions | extra if audit_labels.action_label(a) == other)
        assert unnamed == []
        assert audit_labels.field_label("planning.CountryPlan", "rows") == "行数"
        assert audit_labels.field_label("appointments.AppointmentTerm", "jet_id") == "JET番号"
