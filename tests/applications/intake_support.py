"""Helpers of the intake tests: submitted applications with their fields filled, one at a time or by the
thousand (``bulk_create``), independent of the portal's code."""

from __future__ import annotations

from datetime import UTC, date, datetime
from itertools import count
from typing import Any

from jetpm.applications.models import Application, Document, Referee
from jetpm.core.models import Language, Person
from jetpm.core.states import PersonKind
from tests.world import World

_SEQ = count(1)


def _fields(world: World, mission_key: str, n: int, **over: Any) -> dict[str, Any]:
    mission = world.orgs[mission_key]
    country = mission.countries.order_by("code").first()
    assert country is not None
    values: dict[str, Any] = {
        "intake_year": 2027,
        "mission": mission,
        "country": country,
        "job_type": "ALT",
        "status": "submitted",
        "submitted_at": datetime(2026, 10, 1, 9, 0, tzinfo=UTC),
        "nationality": country,
        "passport_family_name": f"Family{n}",
        "passport_given_names": "Alex",
        "birth_date": date(1995, 1, 1 + n % 28),
        "sex": "X",
        "email": f"applicant{n}@example.org",
        "phone": "+44 20 0000 0000",
        "address": "1 Test Street",
        "degree": "bachelor",
        "degree_subject": "History",
        "institution": "Test University",
        "degree_date": date(2026, 6, 30),
        "language_ability": "native",
        "japanese_level": "N3",
        "statement": "I would like to teach.",
        "declaration_true": True,
        "declaration_consent": True,
        "medical_fit": True,
        "eligibility_failures": [],
    }
    values.update(over)
    return values


def make_application(world: World, mission_key: str = "mission_a", **over: Any) -> Application:
    """One submitted application (a new applicant) of mission_a (or another mission), fields filled."""
    n = next(_SEQ)
    values = _fields(world, mission_key, n, **over)
    person = Person.objects.create(
        kind=PersonKind.APPLICANT,
        family_name=values["passport_family_name"] or f"Family{n}",
        given_name="Alex",
        birth_date=values["birth_date"],
        email=values["email"],
        nationality=values["nationality"],
        mission=values["mission"],
    )
    reference = over.pop("reference", None) or f"{values['intake_year']}-T-{n:06d}"
    values.pop("reference", None)
    return Application.objects.create(
        reference=reference, person=person, language=Language.objects.get(code="en"), **values
    )


def add_documents(
    application: Application, kinds: tuple[str, ...] = ("transcript", "degree", "nationality")
) -> None:
    Document.objects.bulk_create(
        Document(
            application=application,
            kind=kind,
            file=f"applications/test/{application.pk}-{kind}.pdf",
            original_name=f"{kind}.pdf",
            content_type="application/pdf",
            size=100,
            sha256="0" * 64,
        )
        for kind in kinds
    )


def add_letters(application: Application, letters: int = 2) -> None:
    for order in (1, 2):
        letter = None
        if order <= letters:
            letter = Document.objects.create(
                application=application,
                kind="reference",
                file=f"applications/test/{application.pk}-ref{order}.pdf",
                original_name=f"reference-{order}.pdf",
                content_type="application/pdf",
                size=100,
                sha256="1" * 64,
            )
        Referee.objects.create(
            application=application,
            order=order,
            name=f"Referee {order}",
            email=f"referee{order}.{application.pk}@example.org",
            relationship="Teacher",
            letter=letter,
            received_at=letter.uploaded_at if letter is not None else None,
        )


def bulk_applications(
    world: World, n: int, mission_key: str = "mission_a", *, prefix: str = "B"
) -> list[int]:
    """``n`` submitted applications of a mission with ``bulk_create`` (a person each); some with documents
    and referees' letters. Returns their ids."""
    mission = world.orgs[mission_key]
    country = mission.countries.order_by("code").first()
    assert country is not None
    en = Language.objects.get(code="en")
    persons = Person.objects.bulk_create(
        (
            Person(
                kind=PersonKind.APPLICANT,
                family_name=f"{prefix}Bulk{i}",
                given_name="Alex",
                nationality=country,
                mission=mission,
            )
            for i in range(n)
        ),
        batch_size=2000,
    )
    apps = Application.objects.bulk_create(
        (
            Application(
                reference=f"2027-{prefix}-{i:06d}",
                person=p,
                language=en,
                **_fields(
                    world,
                    mission_key,
                    i,
                    passport_family_name=f"{prefix}Bulk{i}",
                    email=f"{prefix.lower()}bulk{i}@example.org",
                    eligibility_failures=["degree"] if i % 10 == 0 else [],
                ),
            )
            for i, p in enumerate(persons)
        ),
        batch_size=2000,
    )
    some = apps[:: max(1, n // 50)]
    Document.objects.bulk_create(
        (
            Document(
                application=a,
                kind=kind,
                file=f"applications/test/bulk-{a.pk}-{kind}.pdf",
                original_name=f"{kind}.pdf",
                content_type="application/pdf",
                size=100,
                sha256="0" * 64,
                problem="unreadable" if kind == "degree" else "",
            )
            for a in some
            for kind in ("transcript", "degree")
        ),
        batch_size=2000,
    )
    Referee.objects.bulk_create(
        (
            Referee(application=a, order=1, name="Ref", email=f"ref{a.pk}@example.org", relationship="Boss")
            for a in some
        ),
        batch_size=2000,
    )
    return [a.pk for a in apps]
