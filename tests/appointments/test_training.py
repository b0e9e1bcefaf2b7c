"""Training: events, invitations by criteria (bulk, idempotent), attendance, feedback; scoping, pages in
both languages, bounded queries."""

from __future__ import annotations

from datetime import date

import pytest
import time_machine
from django.urls import reverse

from jetpm.appointments.models import AppointmentTerm, TrainingEvent, TrainingInvitation
from jetpm.appointments.states import Attendance, TrainingKind
from jetpm.appointments.training import services
from jetpm.core.errors import DomainError, PermissionDenied
from jetpm.core.models import AuditEvent, Person
from jetpm.core.states import JobType, PersonKind
from tests.appointments.reappointment_data import ROUND, add_participant

pytestmark = pytest.mark.django_db

FIELDS = services.EventFields(
    kind=TrainingKind.MID_YEAR,
    title_ja="中間研修",
    title_en="Mid-year seminar",
    fiscal_year=ROUND,
    starts_on=date(2025, 11, 10),
    ends_on=date(2025, 11, 12),
    place="Tokyo",
)
DURING = date(2025, 11, 11)
AFTER = date(2025, 11, 20)


def _serving(world) -> dict[str, AppointmentTerm]:  # type: ignore[no-untyped-def]
    return {
        "a": add_participant(world.persons["participant_a"], world.orgs["co_a"], jet_id="A-1"),
        "a2": add_participant(
            world.persons["participant_a2"], world.orgs["co_a2"], jet_id="A-2", year_on_programme=2
        ),
        "b": add_participant(world.persons["participant_b"], world.orgs["co_b"], jet_id="B-1"),
    }


def _event(world, organiser: str = "clair", actor: str = "clair.staff", **kw) -> TrainingEvent:  # type: ignore[no-untyped-def]
    fields = services.EventFields(**{**FIELDS.__dict__, **kw})
    return services.create_event(
        actor=world.users[actor], organiser_id=world.orgs[organiser].pk, fields=fields
    )


def test_create_and_edit_event_audited(world) -> None:  # type: ignore[no-untyped-def]
    event = _event(world)
    assert event.organiser == world.orgs["clair"]
    services.update_event(
        actor=world.users["clair.staff"],
        event_id=event.pk,
        fields=services.EventFields(**{**FIELDS.__dict__, "place": "Osaka"}),
    )
    event.refresh_from_db()
    assert event.place == "Osaka"
    assert AuditEvent.objects.filter(action__startswith="training_event.").count() == 2


def test_event_rules(world) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(PermissionDenied):
        _event(world, organiser="clair", actor="mext.staff")
    with pytest.raises(PermissionDenied):
        _event(world, organiser="host_a", actor="co_a.coordinator")
    with pytest.raises(DomainError) as e:
        _event(world, organiser="co_a", actor="co_a.coordinator")
    assert e.value.field == "organiser"
    with pytest.raises(DomainError) as e:
        _event(world, ends_on=date(2025, 11, 1))
    assert e.value.field == "ends_on"
    with pytest.raises(DomainError) as e:
        _event(world, starts_on=date(2026, 4, 2), ends_on=date(2026, 4, 3))
    assert e.value.field == "starts_on"
    assert _event(world, organiser="host_a", actor="host_a.coordinator").organiser == world.orgs["host_a"]
    assert _event(world, organiser="mext", actor="mext.staff").organiser == world.orgs["mext"]


def test_invite_by_criteria_is_idempotent(world, django_assert_max_num_queries) -> None:  # type: ignore[no-untyped-def]
    terms = _serving(world)
    event = _event(world)
    with django_assert_max_num_queries(12):
        r = services.invite(actor=world.users["clair.staff"], event_id=event.pk, cohort_year=ROUND)
    assert (r.matched, r.invited, r.already) == (2, 2, 0)
    assert set(event.invitations.values_list("participant_id", flat=True)) == {
        terms["a"].participant_id,
        terms["b"].participant_id,
    }
    r = services.invite(actor=world.users["clair.staff"], event_id=event.pk)
    assert (r.matched, r.invited, r.already) == (3, 1, 2)
    r = services.invite(actor=world.users["clair.staff"], event_id=event.pk)
    assert (r.invited, r.already) == (0, 3)
    assert event.invitations.count() == 3
    # by prefecture (Ishikawa) and job type
    other = _event(world)
    r = services.invite(
        actor=world.users["clair.staff"], event_id=other.pk, prefecture_id=world.orgs["co_b"].prefecture_id
    )
    assert r.invited == 1
    r = services.invite(actor=world.users["clair.staff"], event_id=other.pk, job_type=JobType.CIR)
    assert r.matched == 0
    assert AuditEvent.objects.filter(action="training_event.invite").count() == 5


def test_invite_many_with_bounded_queries(world, django_assert_max_num_queries) -> None:  # type: ignore[no-untyped-def]
    for i in range(60):
        person = Person.objects.create(
            kind=PersonKind.PARTICIPANT,
            family_name=f"P{i}",
            given_name="X",
            nationality=world.persons["participant_a"].nationality,
        )
        add_participant(person, world.orgs["co_a"], jet_id=f"M-{i:03d}")
    event = _event(world)
    with django_assert_max_num_queries(12):
        r = services.invite(actor=world.users["clair.staff"], event_id=event.pk)
    assert r.invited == 60


def test_host_organisation_invites_from_its_area_only(world) -> None:  # type: ignore[no-untyped-def]
    _serving(world)
    event = _event(world, organiser="host_a", actor="host_a.coordinator")
    r = services.invite(actor=world.users["host_a.coordinator"], event_id=event.pk)
    assert r.invited == 2  # co_a and co_a2, not co_b
    with pytest.raises(PermissionDenied):
        services.invite(actor=world.users["clair.staff"], event_id=event.pk)


def test_capacity(world) -> None:  # type: ignore[no-untyped-def]
    _serving(world)
    event = _event(world, capacity=2)
    with pytest.raises(DomainError, match="capacity"):
        services.invite(actor=world.users["clair.staff"], event_id=event.pk)
    assert event.invitations.count() == 0


def _invited(world):  # type: ignore[no-untyped-def]
    terms = _serving(world)
    event = _event(world)
    services.invite(actor=world.users["clair.staff"], event_id=event.pk)
    inv = {
        k: TrainingInvitation.objects.get(event=event, participant_id=t.participant_id)
        for k, t in terms.items()
    }
    return event, inv


def test_attendance_by_organiser_or_the_participants_co(world) -> None:  # type: ignore[no-untyped-def]
    _e, inv = _invited(world)
    services.record_attendance(
        actor=world.users["clair.staff"],
        invitation_id=inv["b"].pk,
        attendance=Attendance.ATTENDED,
        today=DURING,
    )
    services.record_attendance(
        actor=world.users["co_a.coordinator"],
        invitation_id=inv["a"].pk,
        attendance=Attendance.EXCUSED,
        today=DURING,
    )
    inv["a"].refresh_from_db()
    assert inv["a"].attendance == Attendance.EXCUSED
    with pytest.raises(DomainError, match="first day"):
        services.record_attendance(
            actor=world.users["clair.staff"],
            invitation_id=inv["a"].pk,
            attendance="absent",
            today=date(2025, 11, 1),
        )
    from jetpm.core.errors import NotFound

    with pytest.raises(NotFound):  # co_b does not see co_a's participant's invitation
        services.record_attendance(
            actor=world.users["co_b.coordinator"],
            invitation_id=inv["a"].pk,
            attendance="absent",
            today=DURING,
        )
    with pytest.raises(PermissionDenied):  # the participant cannot record their own attendance
        services.record_attendance(
            actor=world.users["participant_a"], invitation_id=inv["a"].pk, attendance="attended", today=DURING
        )
    assert AuditEvent.objects.filter(action="training_invitation.attendance").count() == 2


def test_feedback_once_after_the_event(world) -> None:  # type: ignore[no-untyped-def]
    _e, inv = _invited(world)
    me = world.users["participant_a"]
    with pytest.raises(DomainError, match="last day"):
        services.give_feedback(actor=me, invitation_id=inv["a"].pk, rating=4, today=DURING)
    with pytest.raises(DomainError) as e:
        services.give_feedback(actor=me, invitation_id=inv["a"].pk, rating=9, today=AFTER)
    assert e.value.field == "rating"
    services.give_feedback(actor=me, invitation_id=inv["a"].pk, rating=4, comment=" Good ", today=AFTER)
    inv["a"].refresh_from_db()
    assert (inv["a"].rating, inv["a"].comment) == (4, "Good")
    with pytest.raises(DomainError, match="already"):
        services.give_feedback(actor=me, invitation_id=inv["a"].pk, rating=5, today=AFTER)
    with pytest.raises(PermissionDenied):
        services.give_feedback(
            actor=world.users["clair.staff"], invitation_id=inv["b"].pk, rating=5, today=AFTER
        )


# --- scoping and pages ------------------------------------------------------------------------------


def test_visibility(world, client) -> None:  # type: ignore[no-untyped-def]
    event, inv = _invited(world)
    host_event = _event(world, organiser="host_b", actor="host_b.coordinator")
    detail = reverse("appointments:training_event_detail", kwargs={"training_event_id": event.pk})
    host_detail = reverse("appointments:training_event_detail", kwargs={"training_event_id": host_event.pk})
    # co_a sees the event (its participant is invited) and only its own participant's attendance
    client.force_login(world.users["co_a.coordinator"])
    r = client.get(detail)
    assert r.status_code == 200
    assert {i.participant.jet_id for i in r.context["page"]} == {"A-1"}
    assert client.get(host_detail).status_code == 404
    # co_b: its own participant only; co_a's invitation's feedback page and attendance are not found
    client.force_login(world.users["co_b.coordinator"])
    assert {i.participant.jet_id for i in client.get(detail).context["page"]} == {"B-1"}
    url = reverse("appointments:training_attendance", kwargs={"invitation_id": inv["a"].pk})
    assert client.post(url, {"attendance": "absent"}).status_code == 404
    # the participant sees their own invitation
    client.force_login(world.users["participant_a"])
    r = client.get(detail)
    assert r.status_code == 200 and {i.participant.jet_id for i in r.context["page"]} == {"A-1"}
    url = reverse("appointments:training_feedback", kwargs={"invitation_id": inv["b"].pk})
    assert client.get(url).status_code == 404
    # another organiser's staff: no
    client.force_login(world.users["host_a.coordinator"])
    assert client.get(host_detail).status_code == 404
    client.force_login(world.users["mission_a.staff"])
    assert client.get(reverse("appointments:training_list")).status_code == 404
    assert client.get(detail).status_code == 404


@pytest.mark.parametrize("lang", ["en", "ja"])
@pytest.mark.parametrize(
    "username", ["clair.staff", "mext.staff", "host_a.coordinator", "co_a.coordinator", "participant_a"]
)
def test_pages_render_for_each_role(world, client, username: str, lang: str) -> None:  # type: ignore[no-untyped-def]
    event, inv = _invited(world)
    user = world.users[username]
    user.language = lang
    user.save()
    client.force_login(user)
    r = client.get(reverse("appointments:training_list"), HTTP_ACCEPT_LANGUAGE=lang)
    assert r.status_code == 200
    body = r.content.decode()
    title = "中間研修" if lang == "ja" else "Mid-year seminar"
    if username != "host_a.coordinator":  # the host sees only its own events (and its area's invitations)
        assert title in body
    r = client.get(
        reverse("appointments:training_event_detail", kwargs={"training_event_id": event.pk}),
        HTTP_ACCEPT_LANGUAGE=lang,
    )
    assert r.status_code == 200 and title in r.content.decode()
    r = client.get(
        reverse("appointments:participant_detail", kwargs={"participant_id": inv["a"].participant_id}),
        HTTP_ACCEPT_LANGUAGE=lang,
    )
    if username in ("clair.staff", "mext.staff", "host_a.coordinator", "co_a.coordinator", "participant_a"):
        assert r.status_code == 200 and 'data-testid="training-record"' in r.content.decode()


def test_create_edit_invite_attend_feedback_through_the_pages(world, client) -> None:  # type: ignore[no-untyped-def]
    _serving(world)
    client.force_login(world.users["clair.staff"])
    assert client.get(reverse("appointments:training_event_create")).status_code == 200
    data = {
        "kind": "orientation",
        "title_ja": "着任後研修",
        "title_en": "Post-arrival orientation",
        "fiscal_year": ROUND,
        "starts_on": "2025-08-05",
        "ends_on": "2025-08-07",
        "place": "Tokyo",
        "capacity": "",
        "organiser": world.orgs["clair"].pk,
    }
    r = client.post(reverse("appointments:training_event_create"), {**data, "ends_on": "2025-08-01"})
    assert r.status_code == 400 and "cannot end before" in r.content.decode()
    r = client.post(reverse("appointments:training_event_create"), data)
    event = TrainingEvent.objects.get(title_en="Post-arrival orientation")
    assert r.status_code == 302
    edit = reverse("appointments:training_event_edit", kwargs={"training_event_id": event.pk})
    assert client.get(edit).status_code == 200
    assert client.post(edit, {**data, "place": "Chiba"}).status_code == 302
    event.refresh_from_db()
    assert event.place == "Chiba"
    r = client.post(
        reverse("appointments:training_invite", kwargs={"training_event_id": event.pk}),
        {"cohort_year": ROUND},
    )
    assert r.status_code == 302 and event.invitations.count() == 2
    inv = event.invitations.get(participant__jet_id="A-1")
    with time_machine.travel(date(2025, 8, 6)):
        r = client.post(
            reverse("appointments:training_attendance", kwargs={"invitation_id": inv.pk}),
            {"attendance": "attended"},
        )
    inv.refresh_from_db()
    assert inv.attendance == "attended"
    client.force_login(world.users["participant_a"])
    feedback = reverse("appointments:training_feedback", kwargs={"invitation_id": inv.pk})
    with time_machine.travel(date(2025, 8, 10)):
        assert 'data-testid="feedback-form"' in client.get(feedback).content.decode()
        assert client.post(feedback, {"rating": "5", "comment": "Useful"}).status_code == 302
        assert 'data-testid="feedback-given"' in client.get(feedback).content.decode()
    inv.refresh_from_db()
    assert inv.rating == 5
    # others cannot create or edit
    client.force_login(world.users["co_a.coordinator"])
    assert client.get(reverse("appointments:training_event_create")).status_code == 404
    assert client.get(edit).status_code == 404


def test_event_detail_queries_are_bounded(world, client, django_assert_max_num_queries) -> None:  # type: ignore[no-untyped-def]
    for i in range(40):
        person = Person.objects.create(
            kind=PersonKind.PARTICIPANT,
            family_name=f"P{i}",
            given_name="X",
            nationality=world.persons["participant_a"].nationality,
        )
        add_participant(person, world.orgs["co_a" if i % 2 else "co_b"], jet_id=f"M-{i:03d}")
    event = _event(world)
    services.invite(actor=world.users["clair.staff"], event_id=event.pk)
    for username in ("clair.staff", "co_a.coordinator"):
        client.force_login(world.users[username])
        with django_assert_max_num_queries(20):
            r = client.get(
                reverse("appointments:training_event_detail", kwargs={"training_event_id": event.pk})
            )
        assert r.status_code == 200
        with django_assert_max_num_queries(20):
            assert client.get(reverse("appointments:training_list")).status_code == 200


def test_participants_list_queries_are_bounded(world, client, django_assert_max_num_queries) -> None:  # type: ignore[no-untyped-def]
    _serving(world)
    for _i in range(5):
        event = _event(world)
        services.invite(actor=world.users["clair.staff"], event_id=event.pk)
    client.force_login(world.users["participant_a"])
    with django_assert_max_num_queries(14):
        r = client.get(reverse("appointments:training_list"))
    assert r.status_code == 200 and len(r.context["invitations"]) == 5


def test_the_new_event_form_preselects_no_kind_and_an_empty_kind_is_reported(world, client) -> None:  # type: ignore[no-untyped-def]
    client.force_login(world.users["clair.staff"])
    url = reverse("appointments:training_event_create")
    form = client.get(url, HTTP_ACCEPT_LANGUAGE="en").context["form"]
    kind = form["kind"]
    assert kind.value() in (None, "")
    assert next(iter(kind.field.choices))[0] == ""  # the first option is the blank one
    before = TrainingEvent.objects.count()
    r = client.post(url, {"kind": "", "place": ""}, HTTP_ACCEPT_LANGUAGE="en")
    assert r.status_code == 400
    assert "kind" in r.context["form"].errors and "title_en" in r.context["form"].errors  # all at once
    assert TrainingEvent.objects.count() == before
