"""The HTTP API: token authentication, scoping, OpenAPI."""

from __future__ import annotations

import pytest

from jetpm.api.auth import issue_token
from jetpm.core.models import ApiToken, AuditEvent

pytestmark = pytest.mark.django_db


def test_token_authenticates_and_is_scoped(world, client):
    row, plain = issue_token(actor=world.users["superuser"], user=world.users["mission_b.staff"], name="sync")
    assert plain not in row.digest and len(row.digest) == 64
    assert AuditEvent.objects.filter(action="api_token.create").exists()
    headers = {"Authorization": f"Bearer {plain}"}
    body = client.get("/api/people", headers=headers).json()
    assert {p["family_name"] for p in body["items"]} == {"Testperson-applicant_b", "Testperson-participant_b"}
    assert client.get(f"/api/people/{world.persons['applicant_a'].pk}", headers=headers).status_code == 404
    assert ApiToken.objects.get(pk=row.pk).last_used_at is not None


def test_bad_or_revoked_token_is_refused(world, client):
    row, plain = issue_token(actor=None, user=world.users["mic.staff"], name="x")
    assert client.get("/api/people", headers={"Authorization": "Bearer nonsense"}).status_code == 401
    assert client.get("/api/people").status_code == 401
    ApiToken.objects.filter(pk=row.pk).update(revoked_at="2026-01-01T00:00:00Z")
    assert client.get("/api/people", headers={"Authorization": f"Bearer {plain}"}).status_code == 401


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


def test_openapi_document(client, db):
    doc = client.get("/api/openapi.json").json()
    assert "/api/people" in doc["paths"]


def test_api_docs_load_only_same_origin_assets_that_are_served(client, db):
    """/api/docs (Swagger UI) comes from the app itself, not a CDN the CSP would block: every script,
    stylesheet and icon it references is a same-origin path that answers 200, and scripts carry the nonce."""
    import re

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
