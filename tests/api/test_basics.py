"""The HTTP API: token authentication and scopes, bounded input, pagination, rate limits, the audit of bulk
reads, the OpenAPI document."""

from __future__ import annotations

import re

import pytest

from jetpm.api.services import issue_token
from jetpm.core.models import ApiToken, AuditEvent, ThrottleHit

pytestmark = pytest.mark.django_db


def test_token_authenticates_and_is_scoped(world, client):
    row, plain = issue_token(
        actor=world.users["mission_b.staff"],
        user=world.users["mission_b.staff"],
        name="sync",
        scopes=["core:read"],
        lifetime_days=30,
    )
    assert plain not in row.digest and len(row.digest) == 64
    event = AuditEvent.objects.get(action="api_token.create")
    assert event.changes["scopes"] == [None, ["core:read"]] and plain not in str(event.changes)
    headers = {"Authorization": f"Bearer {plain}"}
    body = client.get("/api/people", headers=headers).json()
    assert {p["family_name"] for p in body["items"]} == {"Testperson-applicant_b", "Testperson-participant_b"}
    assert body["count"] == 2 and body["limit"] == 50 and body["offset"] == 0
    assert client.get(f"/api/people/{world.persons['applicant_a'].pk}", headers=headers).status_code == 404
    assert ApiToken.objects.get(pk=row.pk).last_used_at is not None


def test_bad_or_revoked_token_is_refused(world, client, bearer):
    headers = bearer(world.users["mic.staff"], ["core:read"])
    assert client.get("/api/people", headers={"Authorization": "Bearer nonsense"}).status_code == 401
    assert client.get("/api/people").status_code == 401
    assert client.get("/api/people", headers=headers).status_code == 200
    ApiToken.objects.update(revoked_at="2026-01-01T00:00:00Z")
    assert client.get("/api/people", headers=headers).status_code == 401


def test_a_token_without_the_endpoints_scope_gets_403_naming_it(world, records, client, bearer):
    headers = bearer(world.users["mission_a.staff"], ["alumni:read"])
    response = client.get("/api/people", headers=headers)
    assert response.status_code == 403
    assert "core:read" in response.json()["detail"]
    # a read scope does not write
    headers = bearer(world.users["co_a.coordinator"], ["planning:read"])
    req = records["request_a"]
    assert client.get(f"/api/planning/requests/{req.pk}", headers=headers).status_code == 200
    response = client.post(f"/api/planning/requests/{req.pk}/submit", headers=headers)
    assert response.status_code == 403 and "planning:write" in response.json()["detail"]


def test_a_session_keeps_its_roles_access_without_scopes(world, records, client):
    client.force_login(world.users["co_a.coordinator"])
    assert client.get(f"/api/planning/requests/{records['request_a'].pk}").status_code == 200
    assert client.get(f"/api/planning/requests/{records['request_b'].pk}").status_code == 404


def test_open_windows_endpoint(world, client):
    client.force_login(world.users["mission_a.staff"])
    rows = client.get("/api/calendar/open-windows", {"on": "2026-11-20"}).json()
    assert "intake" not in {r["kind"] for r in rows}  # mission A closed on 13 November
    assert (
        client.get(
            "/api/calendar/open-windows", {"on": "2026-11-20", "mission_id": world.orgs["mission_b"].pk}
        ).status_code
        == 404
    )
    assert client.get("/api/calendar/open-windows", {"on": "not-a-date"}).status_code == 422


@pytest.mark.parametrize(
    ("params", "name"),
    [
        ({"limit": 0}, "limit"),
        ({"limit": 101}, "limit"),
        ({"limit": 10**30}, "limit"),
        ({"limit": "many"}, "limit"),
        ({"offset": -1}, "offset"),
        ({"offset": 10**30}, "offset"),
        ({"q": "Sam\x00"}, "q"),
        ({"q": "x" * 101}, "q"),
        ({"kind": "robot"}, "kind"),
    ],
)
def test_out_of_range_input_is_422_naming_the_parameter(world, client, bearer, params, name):
    response = client.get("/api/people", params, headers=bearer(world.users["mic.staff"]))
    assert response.status_code == 422
    assert [e["loc"] for e in response.json()["detail"]] == [["query", name]]


def test_huge_ids_are_422_not_500(world, client, bearer):
    headers = bearer(world.users["mic.staff"])
    assert client.get(f"/api/people/{10**30}", headers=headers).status_code == 422
    assert client.get("/api/people/0", headers=headers).status_code == 422
    assert client.get("/api/people/2147483647", headers=headers).status_code == 404


def test_pagination_bounds_and_total(world, client, bearer):
    headers = bearer(world.users["mic.staff"])
    everyone = client.get("/api/people", {"limit": 100}, headers=headers).json()
    assert everyone["count"] == len(everyone["items"]) == 7
    second = client.get("/api/people", {"limit": 3, "offset": 3}, headers=headers).json()
    assert second["count"] == 7 and [p["id"] for p in second["items"]] == [
        p["id"] for p in everyone["items"][3:6]
    ]
    beyond = client.get("/api/people", {"offset": 10_000_000}, headers=headers).json()
    assert beyond == {"items": [], "count": 7, "limit": 50, "offset": 10_000_000}


def test_every_bulk_read_of_personal_data_is_audited_without_personal_values(world, records, client, bearer):
    user = world.users["mic.staff"]
    headers = bearer(user)
    before = AuditEvent.objects.filter(action="api.bulk_read").count()
    personal = [
        "/api/people",
        "/api/applications",
        "/api/screening/interviews",
        "/api/placements",
        "/api/appointments/participants",
        "/api/appointments/terms",
        "/api/alumni/people",
    ]
    for url in personal:
        assert (
            client.get(url, {"q": "Testperson"} if "people" in url else {}, headers=headers).status_code
            == 200
        )
    # lists that hold no personal data are not audited
    for url in (
        "/api/organisations",
        "/api/planning/requests",
        "/api/planning/plans",
        "/api/alumni/chapters",
    ):
        assert client.get(url, headers=headers).status_code == 200
    events = list(AuditEvent.objects.filter(action="api.bulk_read").order_by("seq")[before:])
    assert [e.changes["endpoint"][1] for e in events] == [f"GET {url}" for url in personal]
    people = events[0]
    assert people.actor_id == user.pk and people.object_type == "core.ApiToken"
    assert people.changes["filters"][1] == {"search_length": 10, "limit": 50, "offset": 0}
    assert people.changes["records_read"][1] == people.changes["records_matching"][1] == 7
    text = str([e.changes for e in events])
    assert "Testperson" not in text and "Sam" not in text
    # the audit page shows the event by its labels
    client.force_login(world.users["mic.staff"])
    page = client.get(f"/audit/{people.pk}/")
    assert page.status_code == 200
    html = page.content.decode()
    assert "API token: list read through the API" in html and "GET /api/people" in html
    assert "Limit: 50; Offset: 0; Search length: 10" in html


def test_rate_limit_answers_429_with_retry_after(world, client, bearer, settings):
    settings.JETPM_API_REQUESTS_PER_MINUTE = 3
    headers = bearer(world.users["mic.staff"])
    assert [client.get("/api/organisations", headers=headers).status_code for _ in range(3)] == [200] * 3
    response = client.get("/api/organisations", headers=headers)
    assert response.status_code == 429
    assert 1 <= int(response.headers["Retry-After"]) <= 60
    assert response.json()["retry_after"] == int(response.headers["Retry-After"])
    # counted per token, in the database (shared by every application server)
    assert ThrottleHit.objects.filter(key__startswith="api:token:").count() == 3
    other = bearer(world.users["mic.staff"])
    assert client.get("/api/organisations", headers=other).status_code == 200
    # a browser session is not limited by the tokens' rate
    client.force_login(world.users["mic.staff"])
    assert client.get("/api/organisations").status_code == 200


def test_openapi_document_declares_scopes_and_errors(client, db):
    doc = client.get("/api/openapi.json").json()
    assert "/api/people" in doc["paths"]
    for path, operations in doc["paths"].items():
        for method, op in operations.items():
            scope = op["x-scope"]
            assert re.fullmatch(r"[a-z]+:(read|write)", scope), (method, path)
            assert scope in op["description"]
            assert {"401", "403", "404", "422", "429"} <= set(op["responses"]), (method, path)
            if method != "get":
                assert {"409"} <= set(op["responses"]), (method, path)


def test_docs_are_public_and_reveal_no_data(world, records, client):
    """The documentation and the schema describe the API, not the records: anyone may read them."""
    doc = client.get("/api/openapi.json")
    page = client.get("/api/docs")
    assert doc.status_code == page.status_code == 200
    text = doc.content.decode() + page.content.decode()
    for person in world.persons.values():
        assert person.family_name not in text and person.email not in text
    for key, org in world.orgs.items():
        if "_" in key:  # the national bodies (MIC, CLAIR…) are named in the documentation itself
            assert org.name_en not in text and org.code not in text
    assert records["application_a"].reference not in text


def test_api_docs_load_only_same_origin_assets_that_are_served(client, db):
    """/api/docs (Swagger UI) comes from the app itself, not a CDN the CSP would block: every script,
    stylesheet and icon it references is a same-origin path that answers 200, and scripts carry the nonce."""
    response = client.get("/api/docs")
    assert response.status_code == 200
    html = response.content.decode()
    assert "cdn" not in html.lower()
    assets = re.findall(r'(?:src|href)="([^"]+)"', html)
    assert assets and any(a.endswith("swagger-ui-bundle.js") for a in assets)
    for asset in assets:
        assert asset.startswith("/") and not asset.startswith("//"), asset
        served = client.get(asset)
        assert served.status_code == 200, asset
        body = b"".join(served.streaming_content) if served.streaming else served.content
        assert len(body) > 100, asset
    csp = response.headers["Content-Security-Policy"]
    nonce = re.search(r"'nonce-([^']+)'", csp)
    assert nonce is not None
    scripts = re.findall(r"<script\b[^>]*\bsrc=[^>]*>", html)
    assert scripts and all(f'nonce="{nonce.group(1)}"' in s for s in scripts)


def test_staff_see_a_link_to_the_api_docs_and_applicants_do_not(world, client):
    client.force_login(world.users["mission_a.staff"])
    assert 'href="/api/docs"' in client.get("/").content.decode()
    client.force_login(world.persons["applicant_a"].user)
    assert 'href="/api/docs"' not in client.get("/").content.decode()
