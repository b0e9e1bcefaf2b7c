from __future__ import annotations

from datetime import date

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from jetpm.core.errors import DomainError, FieldErrors, NotFound, PermissionDenied
from jetpm.core.models import AuditEvent
from jetpm.predeparture.models import OrientationInvitation
from jetpm.predeparture.orientations import selectors, services
from tests.predeparture.helpers import PDF, add_event, candidate, event_input

pytestmark = pytest.mark.django_db


def test_an_event_outside_the_intake_window_is_refused_naming_the_rule(world):
    staff, mission = world.users["mission_a.staff"], world.orgs["mission_a"]
    with pytest.raises(DomainError) as exc:
        add_event(staff, mission, date=date(2027, 11, 1))
    assert exc.value.field == "date"
    assert "between 1 October 2026 and 30 September 2027" in exc.value.message  # not ISO
    with pytest.raises(FieldErrors) as many:
        add_event(staff, mission, title=" ", place="", kind="party")
    assert {f for f, _m in many.value.errors} == {"title", "place", "kind"}
    with pytest.raises(PermissionDenied):
        add_event(world.users["mission_b.staff"], mission)
    with pytest.raises(PermissionDenied):
        add_event(world.users["mofa.staff"], mission)


def test_invite_record_attendance_and_feedback(world):
    staff, mission = world.users["mission_a.staff"], world.orgs["mission_a"]
    applicant = world.persons["applicant_a"]
    mine = candidate(applicant, mission)
    not_yet = candidate(world.persons["applicant_b"], mission, n=2, status="shortlisted")
    event = add_event(staff, mission)
    # only the mission's candidates of the year (accepted offers, cleared) are invited, the rule named
    with pytest.raises(DomainError) as exc:
        services.invite(actor=staff, event_id=event.pk, application_ids=[mine.pk, not_yet.pk])
    assert exc.value.field == "applications" and not_yet.reference in exc.value.message
    assert "Not a candidate of this mission" in exc.value.message
    assert not OrientationInvitation.objects.exists()
    with pytest.raises(PermissionDenied):
        services.invite(actor=world.users["mission_b.staff"], event_id=event.pk)
    assert services.invite(actor=staff, event_id=event.pk) == 1
    assert services.invite(actor=staff, event_id=event.pk) == 0  # nobody left to invite
    inv = OrientationInvitation.objects.get()
    assert AuditEvent.objects.filter(action="orientation_invitation.create", object_id=str(inv.pk)).exists()
    # attendance is recorded once the day has come
    with pytest.raises(DomainError) as exc:
        services.record_attendance(actor=staff, event_id=event.pk, attended_ids={inv.pk})
    assert "has not taken place yet" in exc.value.message
    with time_machine.travel("2027-06-21 10:00:00+09:00", tick=False):
        # the candidate cannot give feedback before attending
        with pytest.raises(DomainError):
            services.give_feedback(
                actor=world.users["applicant_a"], invitation_id=inv.pk, rating=5, comment=""
            )
        assert services.record_attendance(actor=staff, event_id=event.pk, attended_ids={inv.pk}) == {
            "attended": 1,
            "absent": 0,
        }
        services.hold_event(actor=staff, event_id=event.pk)
        # someone else's invitation is not found
        with pytest.raises(NotFound):
            services.give_feedback(
                actor=world.users["participant_a"], invitation_id=inv.pk, rating=4, comment=""
            )
        with pytest.raises(DomainError) as exc:
            services.give_feedback(
                actor=world.users["applicant_a"], invitation_id=inv.pk, rating=9, comment=""
            )
        assert exc.value.field == "rating"
        services.give_feedback(
            actor=world.users["applicant_a"], invitation_id=inv.pk, rating=4, comment="Useful"
        )
        with pytest.raises(DomainError) as exc:
            services.give_feedback(
                actor=world.users["applicant_a"], invitation_id=inv.pk, rating=5, comment=""
            )
        assert "already" in exc.value.message
    inv.refresh_from_db()
    event.refresh_from_db()
    assert inv.status == "attended" and inv.feedback_rating == 4 and event.status == "held"
    assert AuditEvent.objects.filter(action="orientation_invitation.attended").count() == 1
    assert AuditEvent.objects.filter(action="orientation_event.hold").count() == 1
    figures = selectors.orientation_figures(mission.pk, 2027)
    assert figures["orientations"] == 1 and figures["attended"] == 1 and figures["average_rating"] == 4.0


def test_a_held_event_takes_no_change_and_cancel_needs_a_reason(world):
    staff, mission = world.users["mission_a.staff"], world.orgs["mission_a"]
    event = add_event(staff, mission)
    with pytest.raises(DomainError) as exc:
        services.cancel_event(actor=staff, event_id=event.pk, reason=" ")
    assert exc.value.field == "reason"
    with pytest.raises(DomainError) as exc:
        services.hold_event(actor=staff, event_id=event.pk)  # its day has not come
    assert exc.value.field == "date"
    services.cancel_event(actor=staff, event_id=event.pk, reason="Typhoon")
    with pytest.raises(DomainError):
        services.update_event(actor=staff, event_id=event.pk, data=event_input(title="New"))


def test_scoping_of_events_and_invitations(world, client):
    staff, mission = world.users["mission_a.staff"], world.orgs["mission_a"]
    app = candidate(world.persons["applicant_a"], mission)
    event = add_event(staff, mission)
    services.invite(actor=staff, event_id=event.pk, application_ids=[app.pk])
    inv = OrientationInvitation.objects.get()
    for username in ("mission_b.staff", "co_a.coordinator", "chapter_a.officer", "applicant_a"):
        client.force_login(world.users[username])
        assert client.get(reverse("predeparture:orientation_detail", args=[event.pk])).status_code == 404
    client.force_login(world.users["mofa.staff"])  # the national bodies read every mission's
    assert client.get(reverse("predeparture:orientation_detail", args=[event.pk])).status_code == 200
    assert client.post(reverse("predeparture:orientation_invite", args=[event.pk])).status_code == 404
    client.force_login(world.users["participant_a"])
    assert client.get(reverse("predeparture:my_invitation", args=[inv.pk])).status_code == 404
    client.force_login(world.users["applicant_a"])
    page = client.get(reverse("predeparture:my_invitation", args=[inv.pk]))
    assert page.status_code == 200 and "Pre-departure orientation" in page.content.decode()


def test_materials_are_checked_by_content_and_served_to_the_invited_only(world, client, settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path)
    staff, mission = world.users["mission_a.staff"], world.orgs["mission_a"]
    app = candidate(world.persons["applicant_a"], mission)
    event = add_event(staff, mission)
    fake = SimpleUploadedFile("handbook.pdf", b"MZ not a pdf at all", content_type="application/pdf")
    with pytest.raises(DomainError) as exc:
        services.add_material(actor=staff, event_id=event.pk, language="en", title="Handbook", upload=fake)
    assert exc.value.field == "file" and "content was checked" in exc.value.message
    with pytest.raises(FieldErrors) as many:
        services.add_material(actor=staff, event_id=event.pk, language="fr", title="", upload=None)
    assert {f for f, _m in many.value.errors} == {"language", "title", "file"}
    settings.JETPM_UPLOAD_MAX_BYTES = 20
    with pytest.raises(DomainError) as exc:
        services.add_material(
            actor=staff,
            event_id=event.pk,
            language="en",
            title="Big",
            upload=SimpleUploadedFile("b.pdf", PDF),
        )
    assert "limit" in exc.value.message
    settings.JETPM_UPLOAD_MAX_BYTES = 10 * 1024 * 1024
    material = services.add_material(
        actor=staff, event_id=event.pk, language="ja", title="手引き", upload=SimpleUploadedFile("t.pdf", PDF)
    )
    assert material.content_type == "application/pdf" and not material.file.name.startswith("/")
    url = reverse("predeparture:material_download", args=[material.pk])
    client.force_login(world.users["applicant_a"])
    assert client.get(url).status_code == 404  # not invited yet
    services.invite(actor=staff, event_id=event.pk, application_ids=[app.pk])
    response = client.get(url)
    assert response.status_code == 200 and b"".join(response.streaming_content) == PDF
    assert response["X-Content-Type-Options"] == "nosniff"
    client.force_login(world.users["mission_b.staff"])
    assert client.get(url).status_code == 404


def test_a_speaker_is_an_alumnus(world):
    staff, mission = world.users["mission_a.staff"], world.orgs["mission_a"]
    event = add_event(staff, mission)
    alumnus = world.persons["alumnus_a"]
    alumnus.mission = mission
    alumnus.save()
    with pytest.raises(DomainError) as exc:
        services.add_speaker(
            actor=staff, event_id=event.pk, person_id=world.persons["applicant_a"].pk, topic="x"
        )
    assert exc.value.field == "person"
    speaker = services.add_speaker(actor=staff, event_id=event.pk, person_id=alumnus.pk, topic="Life in Gifu")
    assert speaker.person == alumnus
    with pytest.raises(DomainError):
        services.add_speaker(actor=staff, event_id=event.pk, person_id=alumnus.pk, topic="Again")


def test_the_event_list_and_the_side_by_side_run_bounded_queries(
    world, client, django_assert_max_num_queries
):
    from jetpm.predeparture.models import OrientationEvent

    mission = world.orgs["mission_a"]
    OrientationEvent.objects.bulk_create(
        OrientationEvent(
            mission=mission,
            intake_year=2027,
            kind="reception",
            title=f"R{n}",
            date=date(2027, 7, 1),
            place="X",
        )
        for n in range(70)
    )
    client.force_login(world.users["mission_a.staff"])
    with django_assert_max_num_queries(20):
        page = client.get(reverse("predeparture:orientation_list") + "?year=2027")
    assert page.status_code == 200 and page.context["page"].paginator.count == 70
    client.force_login(world.users["mofa.staff"])
    with django_assert_max_num_queries(20):
        page = client.get(reverse("predeparture:sendoff_side_by_side") + "?year=2027")
    assert page.status_code == 200


def test_the_page_adds_a_speaker_by_jet_number_without_listing_the_registry(world, client):
    from jetpm.appointments.models import Participant
    from jetpm.predeparture.models_orientations import OrientationSpeaker

    staff, mission = world.users["mission_a.staff"], world.orgs["mission_a"]
    event = add_event(staff, mission)
    alumnus = world.persons["alumnus_a"]
    alumnus.mission = mission
    alumnus.save()
    record = Participant.objects.filter(person=alumnus).first() or Participant.objects.create(
        person=alumnus, jet_id="JET-2019-0042", cohort_year=2019, country=alumnus.nationality, job_type="ALT"
    )
    client.force_login(staff)
    page = client.get(f"/predeparture/orientations/{event.pk}/").content.decode()
    assert 'name="jet_id"' in page and str(world.persons["alumnus_b"]) not in page  # no list of alumni
    url = f"/predeparture/orientations/{event.pk}/speakers/"
    unknown = client.post(url, {"jet_id": "NO-SUCH-1", "topic": "Life in Gifu"}, follow=True)
    assert "NO-SUCH-1" in unknown.content.decode()
    assert not OrientationSpeaker.objects.filter(event=event).exists()
    client.post(url, {"jet_id": record.jet_id.lower(), "topic": "Life in Gifu"})
    assert OrientationSpeaker.objects.get(event=event).person == alumnus
