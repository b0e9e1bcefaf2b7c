"""Panels and members, assignment, stage decisions, interviews with their calendar file, Japanese tests,
and the mission's report to HQ."""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal

import pytest
from django.core import mail
from icalendar import Calendar

from jetpm.applications.models import Application, Notice
from jetpm.core.errors import DomainError, IllegalTransition, PermissionDenied
from jetpm.core.models import AuditEvent, Membership, User
from jetpm.screening.models import Assignment, Interview, MissionReport, Panel, PanelMember, StageResult
from jetpm.screening.services import decisions, interviews, panels, reports, reviews
from jetpm.screening.services.interviews import Slot
from tests.screening.support import make_applications, ready

pytestmark = pytest.mark.django_db


def test_create_panel_and_members(world, django_capture_on_commit_callbacks, settings):
    settings.JETPM_BASE_URL = "https://jetpm.example"
    staff = world.users["mission_a.staff"]
    mission = world.orgs["mission_a"]
    panel = panels.create_panel(
        actor=staff, mission_id=mission.pk, intake_year=2027, name="CIR panel", job_type="CIR"
    )
    with pytest.raises(DomainError) as exc:
        panels.create_panel(actor=staff, mission_id=mission.pk, intake_year=2027, name="CIR panel")
    assert exc.value.field == "name"
    with pytest.raises(PermissionDenied):
        panels.create_panel(
            actor=world.users["mission_b.staff"], mission_id=mission.pk, intake_year=2027, name="X"
        )
    panels.add_member(actor=staff, panel_id=panel.pk, user_id=world.users["panelist_a"].pk)
    with pytest.raises(DomainError):  # not of the mission
        panels.add_member(actor=staff, panel_id=panel.pk, user_id=world.users["mission_b.staff"].pk)
    with django_capture_on_commit_callbacks(execute=True):
        member = panels.add_external_member(
            actor=staff,
            panel_id=panel.pk,
            email="Teacher@School.example",
            family_name="Brown",
            given_name="Ann",
            kind="educator",
        )
    user = User.objects.get(email="teacher@school.example")
    assert not user.has_usable_password()
    assert Membership.objects.filter(user=user, organisation=mission, role="panelist").exists()
    assert member.kind == "educator"
    assert len(mail.outbox) == 1 and "https://jetpm.example/accounts/password/reset/" in mail.outbox[0].body
    assert AuditEvent.objects.filter(action="screening.panel_member.add_external").exists()
    panels.update_panel(
        actor=staff, panel_id=panel.pk, disagreement_threshold=Decimal("0.5"), chair_id=user.pk
    )
    panels.remove_member(actor=staff, panel_id=panel.pk, user_id=user.pk)
    panel.refresh_from_db()
    assert panel.chair_id is None
    assert not PanelMember.objects.filter(panel=panel, user=user).exists()


def test_member_with_submitted_reviews_cannot_be_removed(world):
    s = ready(world)
    reviews.save_review(
        actor=world.users["panelist_a"],
        application_id=s.app.pk,
        stage="documents",
        scores={"motivation": 3, "experience": 3},
        submit=True,
    )
    with pytest.raises(DomainError):
        panels.remove_member(
            actor=world.users["mission_a.staff"], panel_id=s.panel.pk, user_id=world.users["panelist_a"].pk
        )


def test_bulk_assignment_round_robin(world, django_assert_max_num_queries):
    s = ready(world)
    staff = world.users["mission_a.staff"]
    second = panels.create_panel(actor=staff, mission_id=s.panel.mission_id, intake_year=2027, name="Panel Z")
    apps = make_applications(world, 30)
    make_applications(world, 3, job_type="CIR")
    with django_assert_max_num_queries(20):
        n = panels.assign_unassigned(
            actor=staff,
            mission_id=s.panel.mission_id,
            intake_year=2027,
            job_type="ALT",
            panel_ids=[s.panel.pk, second.pk],
        )
    assert n == 30
    assert Assignment.objects.filter(panel=second).count() == 15
    assert Assignment.objects.filter(application__in=apps).count() == 30
    cir = make_applications(world, 1, job_type="CIR")[0]
    panels.assign(actor=staff, panel_id=second.pk, application_id=cir.pk)
    with pytest.raises(DomainError):
        panels.assign(actor=staff, panel_id=second.pk, application_id=cir.pk)


def _score_both(world, app, m, e):  # type: ignore[no-untyped-def]
    for user in ("panelist_a", "mission_a.staff"):
        reviews.save_review(
            actor=world.users[user],
            application_id=app.pk,
            stage="documents",
            scores={"motivation": m, "experience": e},
            submit=True,
        )


def test_decisions_one_by_one_and_by_cutoff(world):
    s = ready(world)
    staff = world.users["mission_a.staff"]
    more = make_applications(world, 3)
    for a in more:
        Assignment.objects.create(panel=s.panel, application=a)
    for a, score in zip([s.app, *more], [5, 4, 2, 1], strict=True):
        _score_both(world, a, score, score)
    with pytest.raises(DomainError) as exc:
        decisions.decide(actor=staff, application_id=more[2].pk, stage="documents", passed=False)
    assert exc.value.field == "reason"
    decisions.decide(actor=staff, application_id=more[2].pk, stage="documents", passed=False, reason="Weak")
    with pytest.raises(PermissionDenied):
        decisions.decide(
            actor=world.users["panelist_a"], application_id=s.app.pk, stage="documents", passed=True
        )
    passed, failed = decisions.decide_by_cutoff(
        actor=staff, panel_id=s.panel.pk, stage="documents", cutoff=Decimal("3"), reason="Below the cut-off"
    )
    assert (passed, failed) == (2, 1)
    statuses = dict(
        Application.objects.filter(pk__in=[s.app.pk, *[a.pk for a in more]]).values_list(
            "reference", "status"
        )
    )
    assert statuses[s.app.reference] == "document_screened"
    assert statuses[more[0].reference] == "document_screened"
    assert statuses[more[1].reference] == "not_recommended"
    assert Application.objects.get(pk=more[1].pk).status_reason == "Below the cut-off"
    assert StageResult.objects.get(application=s.app, stage="documents").passed is True


def test_interview_scheduling_mails_and_ics(world, django_capture_on_commit_callbacks, client):
    s = ready(world)
    staff = world.users["mission_a.staff"]
    Interview.objects.filter(application=s.app).delete()
    more = make_applications(world, 2, status="document_screened")
    for a in more:
        Assignment.objects.create(panel=s.panel, application=a)
    start = datetime(2027, 1, 20, 1, 0, tzinfo=UTC)
    with django_capture_on_commit_callbacks(execute=True):
        done = interviews.schedule_bulk(
            actor=staff,
            panel_id=s.panel.pk,
            application_ids=[a.pk for a in more],
            first=Slot(start, 30, "in_person", "Embassy, room 2", "Bring your passport."),
            gap_minutes=10,
        )
    assert [i.starts_at for i in done] == [start, datetime(2027, 1, 20, 1, 40, tzinfo=UTC)]
    assert {a.status for a in Application.objects.filter(pk__in=[a.pk for a in more])} == {"interview"}
    assert len(mail.outbox) == 2 and "Embassy, room 2" in mail.outbox[0].body
    assert Notice.objects.filter(application=more[0], kind="interview").exists()
    with pytest.raises(DomainError):  # not document_screened
        interviews.schedule(actor=staff, application_id=s.app.pk, slot=Slot(start, 30, "online", "x"))

    client.force_login(staff)
    response = client.get(f"/screening/interviews/{done[1].pk}/ics/")
    assert response.status_code == 200 and response["Content-Type"] == "text/calendar"
    event = next(iter(Calendar.from_ical(response.content).walk("VEVENT")))
    assert str(event["UID"]).startswith(f"interview-{done[1].pk}@")
    assert event.decoded("DTSTART") == datetime(2027, 1, 20, 1, 40, tzinfo=UTC)
    assert event.decoded("DTEND") == datetime(2027, 1, 20, 2, 10, tzinfo=UTC)
    assert str(event["LOCATION"]) == "Embassy, room 2"
    assert "Bring your passport." in str(event["DESCRIPTION"])
    assert more[1].reference in str(event["SUMMARY"])

    with django_capture_on_commit_callbacks(execute=True):
        interviews.reschedule(
            actor=staff,
            interview_id=done[0].pk,
            slot=Slot(start.replace(hour=5), 45, "online", "https://meet.example"),
        )
    assert len(mail.outbox) == 3 and "rescheduled" in mail.outbox[2].subject


def test_applicant_downloads_their_own_ics_only(world, client):
    ready(world)
    interview_a = Interview.objects.get(application__reference="2027-GB-TEST0A")
    client.force_login(world.users["applicant_a"])
    assert client.get(f"/screening/interviews/{interview_a.pk}/ics/").status_code == 200
    client.force_login(world.users["mission_b.staff"])
    assert client.get(f"/screening/interviews/{interview_a.pk}/ics/").status_code == 404


def test_japanese_test_for_cir_only(world):
    s = ready(world)
    staff = world.users["mission_a.staff"]
    with pytest.raises(DomainError):
        interviews.record_japanese_test(
            actor=staff, application_id=s.app.pk, tested_on=date(2027, 1, 10), score=80, passed=True
        )
    cir = make_applications(world, 1, job_type="CIR")[0]
    with pytest.raises(DomainError) as exc:
        interviews.record_japanese_test(
            actor=staff, application_id=cir.pk, tested_on=date(2027, 1, 10), score=101, passed=True
        )
    assert exc.value.field == "score"
    test = interviews.record_japanese_test(
        actor=staff, application_id=cir.pk, tested_on=date(2027, 1, 10), score=81, passed=True, notes="fluent"
    )
    assert test.score == 81 and test.recorded_by == staff


def _recommended(world, panel, scores):  # type: ignore[no-untyped-def]
    apps = make_applications(world, len(scores), status="interview")
    for a, (interview, documents) in zip(apps, scores, strict=True):
        Assignment.objects.create(panel=panel, application=a)
        StageResult.objects.create(application=a, stage="interview", mean=Decimal(interview))
        StageResult.objects.create(application=a, stage="documents", mean=Decimal(documents))
        decisions.decide(
            actor=world.users["mission_a.staff"], application_id=a.pk, stage="interview", passed=True
        )
    return apps


def test_report_build_reorder_submit_and_supersede(world):
    s = ready(world)
    staff = world.users["mission_a.staff"]
    apps = _recommended(world, s.panel, [("4", "3"), ("4", "5"), ("5", "1")])
    report = reports.build_report(actor=staff, mission_id=s.panel.mission_id, intake_year=2027)
    ranked = [e.application_id for e in report.entries.order_by("rank")]
    assert ranked == [apps[2].pk, apps[1].pk, apps[0].pk]  # interview score, then documents
    with pytest.raises(DomainError):
        reports.reorder(actor=staff, report_id=report.pk, ranks={apps[0].pk: 1})  # two rank 1
    reports.reorder(actor=staff, report_id=report.pk, ranks={apps[0].pk: 1, apps[2].pk: 3})
    reports.submit_report(actor=staff, report_id=report.pk)
    report.refresh_from_db()
    assert report.status == "submitted"
    with pytest.raises(IllegalTransition):
        reports.reorder(actor=staff, report_id=report.pk, ranks={})
    with pytest.raises(IllegalTransition):
        reports.submit_report(actor=staff, report_id=report.pk)
    correction = reports.new_version(actor=staff, report_id=report.pk)
    assert correction.version == report.version + 1 and correction.entries.count() == 3
    reports.submit_report(actor=staff, report_id=correction.pk)
    report.refresh_from_db()
    assert report.status == "superseded"
    assert MissionReport.objects.get(pk=correction.pk).status == "submitted"
    with pytest.raises(PermissionDenied):
        reports.build_report(
            actor=world.users["mission_b.staff"], mission_id=s.panel.mission_id, intake_year=2027
        )


def test_hq_sees_submitted_reports(world, client):
    s = ready(world)
    staff = world.users["mission_a.staff"]
    _recommended(world, s.panel, [("4", "3")])
    report = reports.build_report(actor=staff, mission_id=s.panel.mission_id, intake_year=2027)
    client.force_login(world.users["mofa.staff"])
    assert client.get(f"/screening/reports/{report.pk}/").status_code == 404  # a draft stays the mission's
    assert "Embassy of Japan in the UK" not in client.get("/screening/reports/").content.decode()
    reports.submit_report(actor=staff, report_id=report.pk)
    page = client.get("/screening/reports/").content.decode()
    assert "Embassy of Japan in the UK" in page
    assert client.get(f"/screening/reports/{report.pk}/").status_code == 200
    client.force_login(world.users["mission_b.staff"])
    assert client.get(f"/screening/reports/{report.pk}/").status_code == 404
    assert Panel.objects.count() >= 2
