"""Pre-departure test data: the mission's candidates (accepted offers) and an orientation built through the
services."""

from __future__ import annotations

from datetime import date

from jetpm.applications.models import Application
from jetpm.core.models import Language, Organisation, Person, User
from jetpm.predeparture.orientations import services
from jetpm.predeparture.orientations.services import EventInput

PDF = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"


def candidate(
    person: Person, mission: Organisation, *, n: int = 1, status: str = "accepted", year: int = 2027
) -> Application:
    existing = Application.objects.filter(person=person, intake_year=year).first()
    if existing is not None:  # the world's own application of the person
        Application.objects.filter(pk=existing.pk).update(status=status, mission=mission)
        existing.refresh_from_db()
        return existing
    return Application.objects.create(
        reference=f"{year}-{person.nationality.code}-PD{n:04d}",
        person=person,
        intake_year=year,
        mission=mission,
        country=person.nationality,
        job_type="ALT",
        language=Language.objects.get(code="en"),
        status=status,
        nationality=person.nationality,
    )


def event_input(**overrides: object) -> EventInput:
    fields: dict[str, object] = {
        "intake_year": 2027,
        "kind": "orientation",
        "title": "Pre-departure orientation",
        "date": date(2027, 6, 20),
        "place": "Embassy hall",
        "notes": "",
    }
    fields.update(overrides)
    return EventInput(**fields)  # type: ignore[arg-type]


def add_event(actor: User, mission: Organisation, **overrides: object):  # type: ignore[no-untyped-def]
    return services.create_event(actor=actor, mission_id=mission.pk, data=event_input(**overrides))
