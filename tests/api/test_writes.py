"""The API's writes go through the apps' services with the pages' rules: a contracting organisation's system
fills and submits its request; a mission's system records interview results."""

from __future__ import annotations

import pytest
import time_machine

from jetpm.applications.models import Application
from jetpm.core.models import AuditEvent
from jetpm.planning.models import PlacementRequest, RequestLine
from jetpm.screening.models import JapaneseTest
from tests.api.conftest import INSIDE_REQUESTS_WINDOW

pytestmark = pytest.mark.django_db

LINE = {"job_type": "CIR", "language": "en", "new_participants": 1, "japanese_level": "N2"}


@pytest.fixture
def co_a(world, bearer):
    return bearer(world.users["co_a.coordinator"], ["planning:read", "planning:write"])


@time_machine.travel(INSIDE_REQUESTS_WINDOW)
def test_start_add_change_delete_and_submit(world, client, co_a):
    org = world.orgs["co_a"]
    started = client.post(
        "/api/planning/requests",
        {"organisation_id": org.pk, "intake_year": 2027},
        "application/json",
        headers=co_a,
    )
    assert started.status_code == 201, started.content
    req = started.json()
    assert req["status"] == "draft" and req["organisation_code"] == org.code and req["lines"] == []
    again = client.post(
        "/api/planning/requests",
        {"organisation_id": org.pk, "intake_year": 2027},
        "application/json",
        headers=co_a,
    )
    assert again.status_code == 200 and again.json()["id"] == req["id"]
    base = f"/api/planning/requests/{req['id']}"
    added = client.post(f"{base}/lines", LINE, "application/json", headers=co_a)
    assert added.status_code == 201, added.content
    line = added.json()
    assert line["job_type"] == "CIR" and line["japanese_level"] == "N2" and line["new_participants"] == 1
    changed = client.put(
        f"{base}/lines/{line['id']}", {**LINE, "new_participants": 3}, "application/json", headers=co_a
    )
    assert changed.status_code == 200 and changed.json()["new_participants"] == 3
    second = client.post(
        f"{base}/lines", {"job_type": "ALT", "language": "fr"}, "application/json", headers=co_a
    )
    assert second.status_code == 201, second.content
    assert client.delete(f"{base}/lines/{second.json()['id']}", headers=co_a).status_code == 204
    patched = client.patch(base, {"note": "Two schools"}, "application/json", headers=co_a)
    assert patched.status_code == 200 and patched.json()["note"] == "Two schools"
    submitted = client.post(f"{base}/submit", headers=co_a)
    assert submitted.status_code == 200, submitted.content
    body = submitted.json()
    assert body["status"] == "submitted" and body["total_new"] == 3 and len(body["lines"]) == 1
    actions = list(
        AuditEvent.objects.filter(object_type="planning.PlacementRequest", object_id=str(req["id"]))
        .order_by("seq")
        .values_list("action", flat=True)
    )
    assert actions == [
        "request.create",
        "request.line_create",
        "request.line_update",
        "request.line_create",
        "request.line_delete",
        "request.note",
        "request.submit",
    ]
    # submitted: the state no longer allows changes (409), nor a second submission
    assert client.post(f"{base}/lines", LINE, "application/json", headers=co_a).status_code == 409
    conflict = client.post(f"{base}/submit", headers=co_a)
    assert conflict.status_code == 409 and conflict.json()["detail"]


@time_machine.travel(INSIDE_REQUESTS_WINDOW)
def test_refused_lines_are_422_naming_the_field_and_write_nothing(world, records, client, co_a):
    req = records["request_a"]
    base = f"/api/planning/requests/{req.pk}/lines"
    cases = [
        ({**LINE, "language": "xx"}, ["body", "language"]),  # the service's rule
        ({"job_type": "ALT", "language": "en"}, ["body", "language"]),  # already a line for ALT/en
        ({**LINE, "new_participants": 10_000}, ["body", "payload", "new_participants"]),  # the schema's bound
        ({**LINE, "note": "a\x00b"}, ["body", "payload", "note"]),
        ({"language": "en"}, ["body", "payload", "job_type"]),
    ]
    before = RequestLine.objects.filter(request=req).count()
    for body, loc in cases:
        response = client.post(base, body, "application/json", headers=co_a)
        assert response.status_code == 422, (body, response.content)
        assert loc in [e["loc"] for e in response.json()["detail"]], (body, response.json())
    assert RequestLine.objects.filter(request=req).count() == before
    assert client.post(base, "{not json", "application/json", headers=co_a).status_code == 400


def test_outside_the_requests_window_a_coordinator_gets_409(world, records, client, co_a):
    with time_machine.travel("2027-03-15 10:00:00+09:00"):
        response = client.post(f"/api/planning/requests/{records['request_a'].pk}/submit", headers=co_a)
    assert response.status_code == 409
    assert "window" in response.json()["detail"]


@time_machine.travel(INSIDE_REQUESTS_WINDOW)
def test_who_may_not_write_is_refused(world, records, client, bearer):
    # another organisation's request: not found, whatever the method
    co_b = bearer(world.users["co_b.coordinator"])
    req_a, line_a = records["request_a"], records["line_a"]
    assert client.post(f"/api/planning/requests/{req_a.pk}/submit", headers=co_b).status_code == 404
    assert (
        client.delete(f"/api/planning/requests/{req_a.pk}/lines/{line_a.pk}", headers=co_b).status_code == 404
    )
    started = client.post(
        "/api/planning/requests",
        {"organisation_id": world.orgs["co_a"].pk, "intake_year": 2028},
        "application/json",
        headers=co_b,
    )
    assert started.status_code == 404
    # an organisation that makes no requests (MIC sees it): 422 naming the field
    host, mic = world.orgs["host_b"], bearer(world.users["mic.staff"])
    refused = client.post(
        "/api/planning/requests",
        {"organisation_id": host.pk, "intake_year": 2027},
        "application/json",
        headers=mic,
    )
    assert refused.status_code == 422 and refused.json()["detail"][0]["loc"] == ["body", "organisation_id"]
    # a line of another request through one's own request's path: not found
    req_b = records["request_b"]
    co_b_line = client.delete(f"/api/planning/requests/{req_b.pk}/lines/{line_a.pk}", headers=co_b)
    assert co_b_line.status_code == 404
    # the host organisation sees the request but does not write it: 403 with the rule's words
    host = bearer(world.users["host_a.coordinator"])
    refused = client.post(f"/api/planning/requests/{req_a.pk}/submit", headers=host)
    assert refused.status_code == 403 and refused.json()["detail"]
    assert PlacementRequest.objects.get(pk=req_a.pk).status == "draft"


@pytest.fixture
def at_interview(world) -> Application:
    app = Application.objects.get(reference="2027-GB-TEST0A")
    Application.objects.filter(pk=app.pk).update(status="interview", job_type="CIR")
    app.refresh_from_db()
    return app


def test_a_missions_system_records_interview_results(world, client, bearer, at_interview):
    mission = bearer(world.users["mission_a.staff"], ["screening:read", "screening:write"])
    url = f"/api/screening/applications/{at_interview.pk}/interview-result"
    # not recommended needs a reason: 422 naming it, nothing changed
    refused = client.post(url, {"passed": False}, "application/json", headers=mission)
    assert refused.status_code == 422 and refused.json()["detail"][0]["loc"] == ["body", "reason"]
    assert Application.objects.get(pk=at_interview.pk).status == "interview"
    done = client.post(url, {"passed": True}, "application/json", headers=mission)
    assert done.status_code == 200, done.content
    assert done.json()["status"] == "recommended" and done.json()["reference"] == at_interview.reference
    assert AuditEvent.objects.filter(action="screening.decision", object_id=str(at_interview.pk)).exists()
    # the stage is over: a conflict with the application's state
    assert client.post(url, {"passed": True}, "application/json", headers=mission).status_code == 409
    # the Japanese test of a CIR candidate
    test = client.put(
        f"/api/screening/applications/{at_interview.pk}/japanese-test",
        {"tested_on": "2027-01-21", "score": 81, "passed": True},
        "application/json",
        headers=mission,
    )
    assert test.status_code == 200, test.content
    assert JapaneseTest.objects.get(application=at_interview).score == 81


def test_interview_results_of_another_mission_are_not_found(world, client, bearer, at_interview):
    other = bearer(world.users["mission_b.staff"])
    url = f"/api/screening/applications/{at_interview.pk}/interview-result"
    assert client.post(url, {"passed": True}, "application/json", headers=other).status_code == 404
    # a panelist sees the application but the mission's staff decide
    panelist = bearer(world.users["panelist_a"])
    assert client.post(url, {"passed": True}, "application/json", headers=panelist).status_code == 403
    assert Application.objects.get(pk=at_interview.pk).status == "interview"
