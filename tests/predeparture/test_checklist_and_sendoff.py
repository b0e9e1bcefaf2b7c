from __future__ import annotations

from datetime import UTC, datetime

import pytest
from django.urls import reverse

from jetpm.core.errors import DomainError, FieldErrors, NotFound, PermissionDenied
from jetpm.core.models import AuditEvent
from jetpm.placement.models import Placement, PlacementRun
from jetpm.predeparture.models import CandidateChecklist
from jetpm.predeparture.orientations import selectors, services
from tests.predeparture.helpers import candidate

pytestmark = pytest.mark.django_db


def _placed(world, app, co="co_a"):
    run = PlacementRun.objects.create(
        intake_year=app.intake_year,
        version=1,
        status="published",
        published_at=datetime(2027, 5, 1, tzinfo=UTC),
    )
    return Placement.objects.create(
        run=run, application=app, contracting_org=world.orgs[co], prefecture_code="21"
    )


def test_checklists_show_what_is_missing_and_the_co_reports_the_visa(world, client):
    staff, mission = world.users["mission_a.staff"], world.orgs["mission_a"]
    app = candidate(world.persons["applicant_a"], mission)
    with pytest.raises(PermissionDenied):
        services.open_checklists(
            actor=world.users["mission_b.staff"], mission_id=mission.pk, intake_year=2027
        )
    assert services.open_checklists(actor=staff, mission_id=mission.pk, intake_year=2027) == 1
    assert services.open_checklists(actor=staff, mission_id=mission.pk, intake_year=2027) == 0
    checklist = CandidateChecklist.objects.get(application=app)
    row = selectors.checklists_for(staff, intake_year=2027, missing_only=True).get()
    missing = selectors.missing_of(row)
    assert "Certificate of health" in missing and "Criminal-record check" in missing
    assert any(m.startswith("Visa:") for m in missing)
    # the mission sees what is missing, but the visa is the CO's or CLAIR's to report
    with pytest.raises(PermissionDenied):
        services.report_visa(actor=staff, checklist_id=checklist.pk, step="apply_coe")
    with pytest.raises(PermissionDenied):  # not placed with this CO
        services.report_visa(
            actor=world.users["co_a.coordinator"], checklist_id=checklist.pk, step="apply_coe"
        )
    _placed(world, app)
    with pytest.raises(DomainError) as exc:
        services.report_visa(actor=world.users["co_a.coordinator"], checklist_id=checklist.pk, step="fly")
    assert exc.value.field == "step"
    services.report_visa(
        actor=world.users["co_a.coordinator"],
        checklist_id=checklist.pk,
        step="apply_coe",
        note="Sent to Nagoya",
    )
    with pytest.raises(DomainError):  # the steps go in order
        services.report_visa(actor=world.users["clair.staff"], checklist_id=checklist.pk, step="issue_visa")
    services.report_visa(actor=world.users["clair.staff"], checklist_id=checklist.pk, step="issue_coe")
    checklist.refresh_from_db()
    assert checklist.visa_status == "coe_issued" and checklist.visa_updated_by == world.users["clair.staff"]
    assert AuditEvent.objects.filter(action__startswith="checklist.visa.").count() == 2
    # scoping: the other CO and the other mission do not see it
    with pytest.raises(NotFound):
        selectors.access_checklist(world.users["co_b.coordinator"], checklist.pk)
    with pytest.raises(NotFound):
        selectors.access_checklist(world.users["mission_b.staff"], checklist.pk)
    client.force_login(world.users["mission_b.staff"])
    assert (
        client.post(
            reverse("predeparture:checklist_visa", args=[checklist.pk]), {"step": "issue_visa"}
        ).status_code
        == 404
    )
    client.force_login(staff)
    page = client.get(reverse("predeparture:checklist_list") + "?year=2027")
    assert page.status_code == 200 and app.reference in page.content.decode()


def test_the_checklist_list_runs_a_bounded_number_of_queries(world, client, django_assert_max_num_queries):
    from jetpm.applications.models import Application
    from jetpm.core.models import Language, Person

    mission = world.orgs["mission_a"]
    en = Language.objects.get(code="en")
    nationality = world.persons["applicant_a"].nationality
    for n in range(60):
        person = Person.objects.create(
            kind="applicant", family_name=f"P{n}", given_name="X", nationality=nationality, mission=mission
        )
        app = Application.objects.create(
            reference=f"2027-GB-Q{n:04d}",
            person=person,
            intake_year=2027,
            mission=mission,
            country=nationality,
            job_type="ALT",
            language=en,
            status="cleared",
            nationality=nationality,
        )
        CandidateChecklist.objects.create(application=app)
    client.force_login(world.users["mission_a.staff"])
    with django_assert_max_num_queries(25):
        page = client.get(reverse("predeparture:checklist_list") + "?year=2027&missing=on")
    assert page.status_code == 200 and page.context["page"].paginator.count == 60


def test_sendoff_evaluation_submitted_by_the_mission_reviewed_by_mofa(world, client):
    staff, approver = world.users["mission_a.staff"], world.users["mission_a.approver"]
    mission = world.orgs["mission_a"]
    ev = services.create_sendoff(actor=staff, mission_id=mission.pk, fiscal_year=2026)
    with pytest.raises(DomainError):
        services.create_sendoff(actor=staff, mission_id=mission.pk, fiscal_year=2026)
    with pytest.raises(PermissionDenied):
        services.submit_sendoff(actor=staff, sendoff_id=ev.pk)
    with pytest.raises(FieldErrors) as many:
        services.submit_sendoff(actor=approver, sendoff_id=ev.pk)
    assert {f for f, _m in many.value.errors} == {"changes_next_year", "screening_content", "sendoff_content"}
    services.update_sendoff(
        actor=staff,
        sendoff_id=ev.pk,
        texts={
            "screening_content": "Interviews",
            "sendoff_content": "Two orientations",
            "changes_next_year": "Earlier",
        },
    )
    ev = services.submit_sendoff(actor=approver, sendoff_id=ev.pk)
    assert ev.status == "submitted" and ev.figures["invited"] == 0 and "orientations" in ev.figures
    with pytest.raises(DomainError):
        services.update_sendoff(actor=staff, sendoff_id=ev.pk, texts={"changes_next_year": "x"})
    with pytest.raises(PermissionDenied):
        services.review_sendoff(actor=world.users["mic.staff"], sendoff_id=ev.pk, comment="ok")
    with pytest.raises(DomainError) as exc:
        services.review_sendoff(actor=world.users["mofa.staff"], sendoff_id=ev.pk, comment=" ")
    assert exc.value.field == "review_comment"
    ev = services.review_sendoff(actor=world.users["mofa.staff"], sendoff_id=ev.pk, comment="Good")
    assert ev.status == "reviewed"
    client.force_login(world.users["mofa.staff"])
    page = client.get(reverse("predeparture:sendoff_side_by_side") + "?year=2026")
    body = page.content.decode()
    assert page.status_code == 200 and "Two orientations" in body and world.orgs["mission_b"].name_en in body
    client.force_login(world.users["mission_b.staff"])
    assert client.get(reverse("predeparture:sendoff_detail", args=[ev.pk])).status_code == 404
    assert client.get(reverse("predeparture:sendoff_side_by_side")).status_code == 404
