"""Outreach's records are found and checked in one call (``access_<x>_by_id(user, id, action=…)``): a role
that sees a record but may not take the action gets the same 404 as for a record outside its scope."""

from __future__ import annotations

from datetime import date

import pytest
from django.urls import reverse

from jetpm.core.errors import DomainError, FieldErrors, NotFound
from jetpm.outreach import selectors, services
from jetpm.outreach.models import SelfEvaluation
from tests.outreach.helpers import activity_input, add_activity

pytestmark = pytest.mark.django_db


def test_an_activity_is_found_for_its_editors_or_not_at_all(world, client):
    mission = world.orgs["mission_a"]
    activity = add_activity(world.users["mission_a.staff"], mission)
    approver = world.users["mission_a.approver"]  # sees the mission's outreach, does not record it
    assert selectors.access_activity_by_id(approver, activity.pk) == activity
    with pytest.raises(NotFound):
        selectors.access_activity_by_id(approver, activity.pk, action="edit")
    assert selectors.access_activity_by_id(world.users["mission_a.staff"], activity.pk, action="edit")
    client.force_login(approver)
    assert client.get(reverse("outreach:activity_edit", args=[activity.pk])).status_code == 404
    assert client.post(reverse("outreach:activity_delete", args=[activity.pk])).status_code == 404
    assert selectors.access_activity_by_id(approver, activity.pk) == activity  # nothing deleted


def test_a_self_evaluation_is_found_with_the_step_or_not_at_all(world, client):
    mission = world.orgs["mission_a"]
    staff = world.users["mission_a.staff"]
    ev = services.create_evaluation(actor=staff, mission_id=mission.pk, fiscal_year=2025)
    assert selectors.access_evaluation_by_id(staff, ev.pk, action="edit") == ev
    with pytest.raises(NotFound):
        selectors.access_evaluation_by_id(staff, ev.pk, action="submit")  # the approver submits
    with pytest.raises(NotFound):
        selectors.access_evaluation_by_id(world.users["mofa.staff"], ev.pk, action="edit")
    assert selectors.access_evaluation_by_id(world.users["mission_a.approver"], ev.pk, action="submit") == ev
    client.force_login(staff)
    assert client.post(reverse("outreach:evaluation_submit", args=[ev.pk])).status_code == 404
    assert client.post(reverse("outreach:evaluation_review", args=[ev.pk])).status_code == 404
    ev.refresh_from_db()
    assert ev.status == "draft"
    abilities = selectors.evaluation_abilities(staff, ev)
    assert abilities == {"live": True, "can_edit": True, "can_submit": False, "can_review": False}
    assert SelfEvaluation.objects.count() == 1


def test_every_broken_rule_of_an_activity_is_named_at_once():
    data = activity_input(status="planned", attendance=12, place=" ", date=date(2027, 1, 5))
    with pytest.raises(FieldErrors) as exc:
        services.validate_activity(data, today=date(2025, 12, 1))
    assert [field for field, _m in exc.value.errors] == ["place", "date", "attendance"]
    with pytest.raises(DomainError, match="Give the attendance") as one:
        services.validate_activity(activity_input(attendance=None), today=date(2025, 12, 1))
    assert one.value.field == "attendance" and not isinstance(one.value, FieldErrors)


def test_the_activity_form_shows_the_services_errors_on_their_fields(world, client):
    client.force_login(world.users["mission_a.staff"])
    response = client.post(
        reverse("outreach:activity_create"),
        {
            "mission": world.orgs["mission_a"].pk,
            "fiscal_year": 2025,
            "kind": "info_session",
            "status": "planned",
            "date": "2025-10-07",
            "place": "SOAS",
            "audience": "other",  # without the description
            "alumni_involved": 0,
            "attendance": 30,  # planned: not yet
            "cost_yen": 0,
        },
    )
    assert response.status_code == 400
    form = response.context["form"]
    assert set(form.errors) == {"audience_detail", "attendance"}
    assert "Attendance is recorded once the activity is done." in form.errors["attendance"]
