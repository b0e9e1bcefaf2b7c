"""Subject-access export (shared/formats/trust.md): ``jetpm privacy export`` and the person's own download
hold the person's records and files and nobody else's, never a secret, and are audit events."""

from __future__ import annotations

import io
import json
import zipfile
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse

from jetpm.core.models import AuditEvent, Person

pytestmark = pytest.mark.django_db


def _person_with_account(world) -> Person:
    return next(p for p in world.persons.values() if p.user_id)


def test_cli_export_holds_the_person_and_is_audited(world, tmp_path: Path):
    person = _person_with_account(world)
    other = next(p for p in world.persons.values() if p.pk != person.pk)
    out = tmp_path / "export.zip"
    call_command("privacy", "export", "--person", str(person.pk), "-o", str(out), stdout=io.StringIO())
    with zipfile.ZipFile(out) as z:
        doc = json.loads(z.read("person.json"))
    assert doc["person_id"] == person.pk
    assert [r["id"] for r in doc["records"]["core.Person"]] == [person.pk]
    assert doc["records"]["core.User"][0]["username"] == person.user.username
    text = json.dumps(doc)
    assert "argon2" not in text and "password" not in doc["records"]["core.User"][0]
    assert other.family_name not in text or other.family_name == person.family_name
    event = AuditEvent.objects.get(action="privacy.export")
    assert event.person_id == person.pk and event.actor_id is None


def test_cli_refuses_an_unknown_person_with_exit_2(world, tmp_path: Path):
    with pytest.raises(CommandError) as exc:
        call_command("privacy", "export", "--person", "987654321", "-o", str(tmp_path / "x.zip"))
    assert exc.value.returncode == 2 and "987654321" in str(exc.value)
    assert not (tmp_path / "x.zip").exists()
    assert not AuditEvent.objects.filter(action="privacy.export").exists()


def test_the_person_downloads_their_own_data_and_staff_cannot_use_the_page(world, client):
    person = _person_with_account(world)
    client.force_login(person.user)
    url = reverse("core:my_data")
    assert client.get(url).status_code == 200
    response = client.post(url)
    assert response["Content-Type"] == "application/zip"
    with zipfile.ZipFile(io.BytesIO(response.content)) as z:
        doc = json.loads(z.read("person.json"))
    assert doc["person_id"] == person.pk
    assert AuditEvent.objects.filter(action="privacy.export", person_id=person.pk).count() == 1
    client.force_login(world.users["mic.staff"])
    assert client.get(url).status_code == 404
    assert client.post(url).status_code == 404
