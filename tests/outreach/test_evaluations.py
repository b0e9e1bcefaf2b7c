from __future__ import annotations

from datetime import date

import pytest
from django.urls import reverse

from jetpm.core.errors import DomainError, IllegalTransition, PermissionDenied
from jetpm.core.models import AuditEvent
from jetpm.outreach import services
from jetpm.outreach.models import SelfEvaluation
from tests.outreach.helpers import add_activity, submitted_evaluation

pytestmark = pytest.mark.django_db


def test_staff_drafts_approver_submits_mofa_reviews(world, client):
    mission = world.orgs["mission_a"]
    staff, approver = world.users["mission_a.staff"], world.users["mission_a.approver"]
    add_activity(staff, mission, attendance=40)
    ev = services.create_evaluation(actor=staff, mission_id=mission.pk, fiscal_year=2025)
    # staff may write but not submit
    with pytest.raises(PermissionDenied):
        services.submit_evaluation(actor=staff, evaluation_id=ev.pk)
    # "what to change next year" is required to submit
    with pytest.raises(DomainError) as exc:
        services.submit_evaluation(actor=approver, evaluation_id=ev.pk)
    assert exc.value.field == "changes_next_year"
    ev.refresh_from_db()
    assert ev.status == "draft" and ev.figures == {}
    services.update_evaluation(
        actor=staff, evaluation_id=ev.pk, what_worked="a", what_did_not_work="b", changes_next_year="c"
    )
    ev = services.submit_evaluation(actor=approver, evaluation_id=ev.pk)
    assert ev.status == "submitted" and ev.submitted_by == approver
    assert ev.figures["activities"] == 1 and ev.figures["attendance"] == 40
    # the snapshot does not move when activities change later
    add_activity(staff, mission, attendance=100)
    client.force_login(staff)
    page = client.get(reverse("outreach:evaluation_detail", kwargs={"evaluation_id": ev.pk}))
    assert page.context["figures"]["attendance"] == 40 and not page.context["live"]
    # only MOFA reviews, with a comment
    for username in ("mission_a.admin", "mic.staff", "council.approver"):
        with pytest.raises(PermissionDenied):
            services.review_evaluation(actor=world.users[username], evaluation_id=ev.pk, comment="ok")
    with pytest.raises(DomainError) as exc:
        services.review_evaluation(actor=world.users["mofa.staff"], evaluation_id=ev.pk, comment="  ")
    assert exc.value.field == "review_comment"
    ev = services.review_evaluation(actor=world.users["mofa.staff"], evaluation_id=ev.pk, comment="Good")
    assert ev.status == "reviewed" and ev.review_comment == "Good"
    actions = list(
        AuditEvent.objects.filter(object_type="outreach.SelfEvaluation")
        .order_by("id")
        .values_list("action", flat=True)
    )
    assert actions == [
        "outreach_evaluation.create",
        "outreach_evaluation.update",
        "outreach_evaluation.submit",
        "outreach_evaluation.review",
    ]


def test_submitted_and_reviewed_are_immutable(world, client):
    approver = world.users["mission_a.approver"]
    ev = submitted_evaluation(approver, world.orgs["mission_a"])
    with pytest.raises(DomainError) as exc:
        services.update_evaluation(
            actor=approver, evaluation_id=ev.pk, what_worked="x", what_did_not_work="", changes_next_year="y"
        )
    assert exc.value.field == "status"
    with pytest.raises(IllegalTransition):
        services.submit_evaluation(actor=approver, evaluation_id=ev.pk)
    services.review_evaluation(actor=world.users["mofa.staff"], evaluation_id=ev.pk, comment="ok")
    with pytest.raises(IllegalTransition):
        services.review_evaluation(actor=world.users["mofa.staff"], evaluation_id=ev.pk, comment="again")
    client.force_login(approver)
    response = client.post(
        reverse("outreach:evaluation_edit", kwargs={"evaluation_id": ev.pk}),
        {"what_worked": "changed", "what_did_not_work": "", "changes_next_year": "z"},
    )
    assert response.status_code == 302
    ev.refresh_from_db()
    assert ev.what_worked == "Sessions" and ev.review_comment == "ok"


def test_one_evaluation_per_mission_and_year(world, client):
    staff, mission = world.users["mission_a.staff"], world.orgs["mission_a"]
    services.create_evaluation(actor=staff, mission_id=mission.pk, fiscal_year=2025)
    with pytest.raises(DomainError) as exc:
        services.create_evaluation(actor=staff, mission_id=mission.pk, fiscal_year=2025)
    assert exc.value.field == "fiscal_year"
    with pytest.raises(PermissionDenied):
        services.create_evaluation(
            actor=world.users["mission_b.staff"], mission_id=mission.pk, fiscal_year=2026
        )
    client.force_login(staff)
    response = client.post(
        reverse("outreach:evaluation_create"), {"mission": mission.pk, "fiscal_year": 2026}
    )
    assert response.status_code == 302
    assert SelfEvaluation.objects.filter(mission=mission).count() == 2
    # another mission's id in the form is refused as an unknown choice
    client.force_login(world.users["mission_b.staff"])
    client.post(reverse("outreach:evaluation_create"), {"mission": mission.pk, "fiscal_year": 2027})
    assert SelfEvaluation.objects.filter(mission=mission).count() == 2


def test_pages_of_the_workflow(world, client):
    mission = world.orgs["mission_a"]
    ev = services.create_evaluation(
        actor=world.users["mission_a.staff"], mission_id=mission.pk, fiscal_year=2025
    )
    detail = reverse("outreach:evaluation_detail", kwargs={"evaluation_id": ev.pk})
    client.force_login(world.users["mission_a.staff"])
    page = client.get(detail)
    assert page.context["can_edit"] and not page.context["can_submit"] and page.context["live"]
    edit = reverse("outreach:evaluation_edit", kwargs={"evaluation_id": ev.pk})
    assert (
        client.post(edit, {"what_worked": "w", "what_did_not_work": "", "changes_next_year": ""}).status_code
        == 302
    )
    assert (
        client.post(reverse("outreach:evaluation_submit", kwargs={"evaluation_id": ev.pk})).status_code == 404
    )
    client.force_login(world.users["mission_a.approver"])
    response = client.post(
        reverse("outreach:evaluation_submit", kwargs={"evaluation_id": ev.pk}), follow=True
    )
    assert "next year before submitting" in response.content.decode()
    client.post(edit, {"what_worked": "w", "what_did_not_work": "", "changes_next_year": "n"})
    client.post(reverse("outreach:evaluation_submit", kwargs={"evaluation_id": ev.pk}))
    ev.refresh_from_db()
    assert ev.status == "submitted"
    client.force_login(world.users["mofa.staff"])
    assert client.get(detail).context["can_review"]
    review = reverse("outreach:evaluation_review", kwargs={"evaluation_id": ev.pk})
    client.post(review, {"review_comment": ""})
    ev.refresh_from_db()
    assert ev.status == "submitted"
    client.post(review, {"review_comment": "Thanks"})
    ev.refresh_from_db()
    assert ev.status == "reviewed"
    # the other mission cannot open it; the URL of someone else's record answers 404
    client.force_login(world.users["mission_b.staff"])
    assert client.get(detail).status_code == 404
    assert client.get(edit).status_code == 404


def test_change_against_last_year_on_the_detail_page(world, client):
    staff, approver, mission = (
        world.users["mission_a.staff"],
        world.users["mission_a.approver"],
        world.orgs["mission_a"],
    )
    add_activity(staff, mission, fiscal_year=2024, date=date(2024, 10, 1), attendance=30)
    submitted_evaluation(approver, mission, year=2024)
    add_activity(
        staff, mission, fiscal_year=2024, date=date(2024, 10, 2), attendance=999
    )  # after the snapshot
    add_activity(staff, mission, attendance=50)
    add_activity(staff, mission, attendance=20, place="Elsewhere")
    ev = services.create_evaluation(actor=staff, mission_id=mission.pk, fiscal_year=2025)
    client.force_login(staff)
    rows = {
        str(r["label"]): r
        for r in client.get(reverse("outreach:evaluation_detail", kwargs={"evaluation_id": ev.pk})).context[
            "rows"
        ]
    }
    assert rows["Attendance"] == {
        "label": rows["Attendance"]["label"],
        "now": 70,
        "before": 30,
        "change": 40,
        "group": "total",
    }
    assert rows["Activities done"]["change"] == 1
    assert rows["Places"]["now"] == 2
