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


def test_the_export_has_a_readable_page_in_the_persons_language(world, client, tmp_path: Path):
    """summary.html: every record by its kind's name, fields by label, choices by label (not the stored
    code), in the reader's language, with the log of changes in words; no secret."""
    from jetpm.applications.models import Application

    application = Application.objects.get(person=world.persons["applicant_a"])
    person = application.person
    person.user.language = "ja"
    person.user.save(update_fields=["language"])
    client.force_login(person.user)
    client.post(reverse("core:my_data"))  # an export is an event about the person: the next one lists it
    response = client.post(reverse("core:my_data"))
    with zipfile.ZipFile(io.BytesIO(response.content)) as z:
        page = z.read("summary.html").decode()
        assert json.loads(z.read("person.json"))["records"]["applications.Application"][0]["status"] == (
            "submitted"
        )
    assert '<html lang="ja">' in page and "の保有データ" in page
    assert application.reference in page and "提出済み" in page  # the status by its label
    assert ">submitted<" not in page and "argon2" not in page
    assert "変更履歴" in page and "個人：書き出し" in page  # the log, its action in words

    # the command writes it in the person's own language
    person.user.language = "en"
    person.user.save(update_fields=["language"])
    out = tmp_path / "export.zip"
    call_command("privacy", "export", "--person", str(person.pk), "-o", str(out), stdout=io.StringIO())
    with zipfile.ZipFile(out) as z:
        page = z.read("summary.html").decode()
    assert "Data held about" in page and "Submitted" in page and ">submitted<" not in page
