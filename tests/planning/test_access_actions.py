"""Planning's records are found and checked in one call (``access_<x>_by_id(user, id, action=…)``): a role
that sees a record but may not take the action gets the same 404 as for a record outside its scope, and the
pages' refusals go through one action path (core/actions.py)."""

from __future__ import annotations

import pytest
import time_machine
from django.urls import reverse

from jetpm.core.errors import NotFound
from jetpm.planning.models import RequestLine
from jetpm.planning.selectors import guidelines as guideline_selectors
from jetpm.planning.selectors import plans as plan_selectors
from jetpm.planning.selectors import requests as request_selectors
from jetpm.planning.services import requests as services
from tests.planning.guidelines_support import draft
from tests.planning.plans_support import computed_plan
from tests.planning.requests_helpers import AFTER, INSIDE, draft_with_line, snapshot

pytestmark = pytest.mark.django_db


def test_a_request_is_found_with_the_action_or_not_at_all(world):
    with time_machine.travel(INSIDE, tick=False):
        req = draft_with_line(world)
        services.submit_request(actor=world.users["co_a.coordinator"], request_id=req.pk)
        host, co = world.users["host_a.coordinator"], world.users["co_a.coordinator"]
        assert request_selectors.access_request_by_id(host, req.pk) == req  # the host sees its area's
        assert request_selectors.access_request_by_id(host, req.pk, action="forward") == req
        with pytest.raises(NotFound):
            request_selectors.access_request_by_id(host, req.pk, action="edit")  # not its request to write
        with pytest.raises(NotFound):
            request_selectors.access_request_by_id(co, req.pk, action="forward")
        with pytest.raises(NotFound):
            request_selectors.access_request_by_id(co, req.pk, action="accept")
        assert (
            request_selectors.access_request_by_id(world.users["mic.staff"], req.pk, action="accept") == req
        )
    with time_machine.travel(AFTER, tick=False):
        # after the window the coordinator may still open the page: the service (or the page) says why not
        assert request_selectors.access_request_by_id(co, req.pk, action="edit") == req


def test_a_host_organisation_is_found_for_its_own_coordinators(world):
    host = world.orgs["host_a"]
    assert request_selectors.access_host_org_by_id(
        world.users["host_a.coordinator"], host.pk, action="upload"
    )
    with pytest.raises(NotFound):
        request_selectors.access_host_org_by_id(world.users["mic.staff"], host.pk, action="upload")


def test_a_role_that_sees_the_request_but_may_not_act_gets_404(world, client):
    with time_machine.travel(INSIDE, tick=False):
        req = draft_with_line(world)
        before = snapshot()
        client.force_login(world.users["host_a.coordinator"])
        for name in ("request_lines", "request_submit", "request_note", "request_line_delete"):
            assert (
                client.post(reverse(f"planning:{name}", args=[req.pk]), {"note": "x", "line": 1}).status_code
                == 404
            )
        assert client.get(reverse("planning:request_detail", args=[req.pk])).status_code == 200
        assert snapshot() == before


def test_every_problem_of_a_line_is_on_its_field_at_once(world, client):
    with time_machine.travel(INSIDE, tick=False):
        req = draft_with_line(world)
        client.force_login(world.users["co_a.coordinator"])
        data = {
            "job_type": "ALT",
            "language": "de",
            "new_participants": 1,
            "continuing": 0,
            "japanese_level": "N2",  # CIR only
            "sport": "Judo",  # SEA only
            "setting": "either",
        }
        response = client.post(reverse("planning:request_lines", args=[req.pk]), data)
    assert response.status_code == 400
    form = response.context["form"]
    assert "SEA posts only" in " ".join(form.errors["sport"])
    assert "CIR posts only" in " ".join(form.errors["japanese_level"])
    assert RequestLine.objects.filter(request=req).count() == 1


def test_an_unknown_line_of_the_request_is_not_found(world, client):
    with time_machine.travel(INSIDE, tick=False):
        req = draft_with_line(world)
        client.force_login(world.users["co_a.coordinator"])
        url = reverse("planning:request_lines", args=[req.pk])
        assert client.get(url, {"line": "999999"}).status_code == 404
        assert client.get(url, {"line": "x"}).status_code == 404
        with pytest.raises(NotFound):
            request_selectors.lines_page(world.users["co_a.coordinator"], req, line="999999")


def test_the_lines_page_is_plain_data(world):
    with time_machine.travel(INSIDE, tick=False):
        req = draft_with_line(world)
        page = request_selectors.lines_page(world.users["co_a.coordinator"], req)
    assert [(x.job_type, x.language.code) for x in page.lines.lines] == [("ALT", "en")]
    assert page.lines.total_new == 2 and page.lines.total_continuing == 1
    assert page.editing is None and not page.offer


def test_a_plan_is_found_with_the_action_or_not_at_all(world, client):
    plan = computed_plan(world)
    approver, staff = world.users["council.approver"], world.users["mic.staff"]
    assert plan_selectors.access_plan_by_id(staff, plan.pk, action="edit") == plan
    assert plan_selectors.access_plan_by_id(staff, plan.pk, action="propose") == plan
    with pytest.raises(NotFound):
        plan_selectors.access_plan_by_id(approver, plan.pk, action="edit")  # the Council sees, not edits
    with pytest.raises(NotFound):
        plan_selectors.access_plan_by_id(staff, plan.pk, action="approve")
    client.force_login(approver)
    assert client.get(reverse("planning:plan_detail", args=[plan.pk])).status_code == 200
    for name in ("plan_lines", "plan_parameters", "plan_compute", "plan_new_version"):
        assert client.post(reverse(f"planning:{name}", args=[plan.pk])).status_code == 404, name
    abilities = plan_selectors.plan_abilities(staff, plan)
    assert abilities.editable and abilities.can_propose and not abilities.can_decide


def test_a_guideline_is_found_with_the_action_or_not_at_all(world, client):
    guideline = draft(world)
    approver, staff = world.users["council.approver"], world.users["mic.staff"]
    assert guideline_selectors.access_guideline_by_id(approver, guideline.pk, action="approve") == guideline
    for action in ("edit", "copy", "new_version"):
        assert guideline_selectors.access_guideline_by_id(staff, guideline.pk, action=action) == guideline
        with pytest.raises(NotFound):
            guideline_selectors.access_guideline_by_id(approver, guideline.pk, action=action)
    with pytest.raises(NotFound):
        guideline_selectors.access_guideline_by_id(staff, guideline.pk, action="approve")
    criterion = guideline.criteria.first()
    assert criterion is not None
    with pytest.raises(NotFound):
        guideline_selectors.access_criterion_by_id(approver, guideline, criterion.pk, action="edit")
    client.force_login(approver)
    for name in ("guideline_edit", "guideline_criteria", "guideline_copy", "guideline_new_version"):
        assert client.post(reverse(f"planning:{name}", args=[guideline.pk])).status_code == 404, name
    client.force_login(staff)
    assert client.post(reverse("planning:guideline_approve", args=[guideline.pk])).status_code == 404
    assert client.get(reverse("planning:guideline_current"), {"year": 2031}).status_code == 404
