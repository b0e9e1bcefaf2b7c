"""The load balancer's health check: ``/health/`` answers without a login, a session or a known host name,
says nothing personal, and answers 503 when the database is unreachable or a migration is missing."""

from __future__ import annotations

import json

import pytest
from django.db.migrations.recorder import MigrationRecorder
from django.urls import reverse

from tests.sites import Site

URL = "/health/"


def test_the_url_is_named_health():
    assert reverse("health") == URL


@pytest.mark.django_db
def test_ok_without_login_session_or_cookies(client):
    response = client.get(URL)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert response["Cache-Control"] == "no-store"
    assert json.loads(response.content) == {"status": "ok", "database": "ok", "migrations": "ok"}
    assert not response.cookies  # no session, no CSRF cookie, no language cookie
    assert client.head(URL).status_code == 200


@pytest.mark.django_db
def test_ok_when_probed_by_the_servers_own_address(client):
    """A load balancer probes each server by its address: the host check (ALLOWED_HOSTS) does not apply."""
    assert client.get(URL, HTTP_HOST="10.0.0.7:8000").status_code == 200
    # every other page still refuses an unknown host
    assert client.get(reverse("login"), HTTP_HOST="10.0.0.7:8000").status_code == 400


@pytest.mark.django_db
def test_signed_in_user_gets_the_same_answer_with_nothing_about_them(world, client):
    client.force_login(world.users["mission_a.staff"])
    response = client.get(URL)
    assert response.status_code == 200
    body = response.content.decode()
    assert "mission_a" not in body and str(world.users["mission_a.staff"].pk) not in body.replace("200", "")
    assert set(json.loads(body)) == {"status", "database", "migrations"}


@pytest.mark.django_db
def test_a_missing_migration_answers_503(client):
    MigrationRecorder.Migration.objects.filter(app="core", name="0001_initial").delete()
    response = client.get(URL)
    assert response.status_code == 503
    assert json.loads(response.content) == {
        "status": "error",
        "database": "ok",
        "migrations": "pending",
        "pending": 1,
    }


@pytest.mark.slow
def test_unmigrated_and_unreachable_databases_answer_503(tmp_path):
    """In a real installation (a subprocess): an empty database has every migration pending; a database that
    cannot be opened answers ``unavailable``, and the server keeps answering."""
    probe = (
        "from django.test import Client; r = Client().get('/health/'); "
        "print('HEALTH', r.status_code, r.content.decode())"
    )

    def answers(out: str) -> list[tuple[str, dict]]:
        found = [line.split(" ", 2) for line in out.splitlines() if line.startswith("HEALTH ")]
        return [(status, json.loads(body)) for _h, status, body in found]

    site = Site(tmp_path, "health")
    try:
        [(status, body)] = answers(site.ok("shell", "-c", probe))
        assert status == "503" and body["migrations"] == "pending" and body["pending"] > 20
        site.ok("migrate", "--no-input")
        assert answers(site.ok("shell", "-c", probe)) == [
            ("200", {"status": "ok", "database": "ok", "migrations": "ok"})
        ]
    finally:
        site.drop()
    broken = Site(tmp_path, "broken")
    broken.url = f"sqlite:///{tmp_path / 'no-such-folder' / 'x.sqlite3'}"
    result = broken.run("shell", "-c", probe + "; " + probe)
    assert result.returncode == 0, result.stderr
    assert answers(result.stdout) == [("503", {"status": "error", "database": "unavailable"})] * 2
    broken.drop()
