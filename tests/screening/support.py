"""Helpers of the screening tests: the year's criteria, eligible applications, a ready panel."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from jetpm.applications.models import Application
from jetpm.core.models import Language, Person
from jetpm.core.states import PersonKind
from jetpm.screening.models import Assignment, Panel
from tests.planning.guidelines_support import approved
from tests.world import World


@dataclass
class Setup:
    world: World
    panel: Panel  # mission_a's Panel A: panelist_a and mission_a.staff; panelist_a chairs
    app: Application  # 2027-GB-TEST0A, eligible, assigned to Panel A


def make_applications(
    world: World, n: int, *, mission_key: str = "mission_a", job_type: str = "ALT", status: str = "eligible"
) -> list[Application]:
    mission = world.orgs[mission_key]
    country = mission.countries.first()
    assert country is not None
    en = Language.objects.get(code="en")
    start = Person.objects.count()
    persons = Person.objects.bulk_create(
        Person(
            kind=PersonKind.APPLICANT,
            family_name=f"Many{start + i}",
            given_name="Kim",
            birth_date=date(1999, 1, 1),
            email=f"many{start + i}@example.org",
            nationality=country,
            mission=mission,
        )
        for i in range(n)
    )
    return Application.objects.bulk_create(
        Application(
            reference=f"2027-{country.code}-M{start + i:05d}",
            person=p,
            intake_year=2027,
            mission=mission,
            country=country,
            job_type=job_type,
            language=en,
            status=status,
            nationality=country,
            passport_family_name=p.family_name,
            passport_given_names=p.given_name,
            email=p.email,
        )
        for i, p in enumerate(persons)
    )


def ready(world: World) -> Setup:
    approved(world, 2027)
    panel = Panel.objects.get(mission=world.orgs["mission_a"], intake_year=2027)
    panel.chair = world.users["panelist_a"]
    panel.save()
    app = Application.objects.get(reference="2027-GB-TEST0A")
    Application.objects.filter(pk=app.pk).update(status="eligible")
    Application.objects.filter(reference="2027-IE-TEST0B").update(status="eligible")
    app.refresh_from_db()
    assert Assignment.objects.filter(panel=panel, application=app).exists()
    return Setup(world=world, panel=panel, app=app)
