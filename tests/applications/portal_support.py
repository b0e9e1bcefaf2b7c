"""Helpers of the portal tests: a fresh applicant, files to upload, and the data of every step."""

from __future__ import annotations

import io
from collections.abc import Iterator
from datetime import date
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils.functional import empty

from jetpm.applications.models import Application, private_storage
from jetpm.core.models import Country, Person, Prefecture
from jetpm.core.states import PersonKind
from tests.world import World, make_user

PDF = b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n"
INSIDE_WINDOW = "2026-10-01 10:00:00+09:00"  # mission_a takes applications 2026-09-15..2026-11-13
AFTER_WINDOW = "2026-11-20 10:00:00+09:00"


@pytest.fixture
def media(settings: Any, tmp_path: Any) -> Iterator[Any]:
    """Uploads go to a temporary folder (the private storage is rebuilt around the test)."""
    settings.MEDIA_ROOT = str(tmp_path)
    private_storage._wrapped = empty
    yield tmp_path
    private_storage._wrapped = empty


def pdf(name: str = "file.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, PDF, content_type="application/pdf")


def png(name: str = "scan.png") -> SimpleUploadedFile:
    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", (4, 4), "white").save(out, "PNG")
    return SimpleUploadedFile(name, out.getvalue(), content_type="image/png")


def files_on_disk(root: Any) -> list[Any]:
    return [p for p in root.rglob("*") if p.is_file()]


def new_applicant(world: World, key: str = "newbie", nationality: str = "GB", **person: Any) -> Any:
    user = make_user(key)
    fields = {
        "family_name": f"Newperson-{key}",
        "given_name": "Alex",
        "birth_date": date(1999, 3, 3),
        "email": f"{key}@example.org",
        **person,
    }
    Person.objects.create(
        kind=PersonKind.APPLICANT, user=user, nationality=Country.objects.get(code=nationality), **fields
    )
    return user


def step_url(app: Application, step: str) -> str:
    if step in ("documents", "referees"):
        return reverse(f"applications:portal_{step}", kwargs={"application_id": app.pk})
    return reverse(f"applications:portal_step_{step}", kwargs={"application_id": app.pk})


def step_data(app: Application) -> dict[str, dict[str, Any]]:
    gb = Country.objects.get(code="GB")
    from jetpm.core.models import Language

    en = Language.objects.get(code="en")
    p = {code: Prefecture.objects.get(code=code).pk for code in ("21", "17", "13")}
    return {
        "personal": {
            "passport_family_name": "Newperson",
            "passport_given_names": "Alex Jo",
            "birth_date": "1999-03-03",
            "sex": "X",
            "nationality": gb.pk,
            "job_type": "ALT",
            "language": en.pk,
        },
        "contact": {
            "email": app.email or "newbie@example.org",
            "phone": "+44 20 0000 0000",
            "address": "1 High St",
        },
        "education": {
            "degree": "bachelor",
            "degree_subject": "History",
            "institution": "University of York",
            "degree_date": "2024-06-30",
        },
        "languages": {"language_ability": "native", "japanese_level": "N4"},
        "experience": {"teaching_qualifications": "TEFL", "experience": "Tutoring"},
        "history": {"years_in_japan_last_10": "0"},
        "preferences": {"preference_1": p["21"], "preference_2": p["17"], "preference_reasons": "Mountains"},
        "partner": {"partner_reference": ""},
        "medical": {"medical_conditions": "", "medical_fit": "on"},
        "statement": {"statement": "I want to teach English in Japan."},
        "declarations": {"declaration_true": "on", "declaration_consent": "on"},
    }


def fill_steps(client: Any, app: Application, **overrides: dict[str, Any]) -> None:
    for step, values in step_data(app).items():
        values = {**values, **overrides.get(step, {})}
        response = client.post(step_url(app, step), values)
        assert response.status_code == 302, (step, response.content.decode()[:3000])
