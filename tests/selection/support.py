"""Test data of the final selection on top of the shared small world: an approved 2027 country plan and
recommended applications in the missions' submitted reports."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.core.files.uploadedfile import SimpleUploadedFile

from jetpm.applications.models import Application
from jetpm.core.models import Country, Language, Person, User
from jetpm.core.states import PersonKind
from jetpm.planning.models import CountryPlan, PlanLine
from jetpm.planning.states import PlanStatus
from jetpm.screening.models import MissionReport, ReportEntry
from jetpm.screening.states import ReportStatus
from tests.world import World, make_user

YEAR = 2027
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@dataclass
class Candidates:
    apps: list[Application] = field(default_factory=list)
    users: list[User] = field(default_factory=list)
    report: MissionReport | None = None


def approve_plan(seats: dict[tuple[str, str], int], year: int = YEAR) -> CountryPlan:
    plan = CountryPlan.objects.create(intake_year=year, version=1, status=PlanStatus.APPROVED)
    en = Language.objects.get(code="en")
    for (country, job), n in seats.items():
        PlanLine.objects.create(
            plan=plan,
            country=Country.objects.get(code=country),
            job_type=job,
            language=en,
            proposed=n,
            seats=n,
        )
    return plan


def recommend(
    world: World,
    mission_key: str,
    rows: list[tuple[str, float | None, str]],
    *,
    job_type: str = "ALT",
    languages: dict[str, str] | None = None,
) -> Candidates:
    """One recommended application per row (name, z-score, score) with a user, in a submitted report."""
    mission = world.orgs[mission_key]
    country = mission.countries.get()
    en = Language.objects.get(code="en")
    out = Candidates()
    out.report = MissionReport.objects.filter(
        mission=mission, intake_year=YEAR, status=ReportStatus.SUBMITTED
    ).first() or MissionReport.objects.create(
        mission=mission,
        intake_year=YEAR,
        version=MissionReport.objects.filter(mission=mission, intake_year=YEAR).count() + 1,
        status=ReportStatus.SUBMITTED,
    )
    start = out.report.entries.filter(job_type=job_type).count() + 1
    for rank, (name, z, score) in enumerate(rows, start=start):
        user = make_user(f"cand-{name}", language=(languages or {}).get(name, "en"))
        person = Person.objects.create(
            kind=PersonKind.APPLICANT,
            family_name=f"Cand{name}",
            given_name="Alex",
            birth_date=date(1999, 1, 1),
            email=f"{name}@example.org",
            nationality=country,
            mission=mission,
            user=user,
        )
        app = Application.objects.create(
            reference=f"2027-{country.code}-{name.upper()}",
            person=person,
            intake_year=YEAR,
            mission=mission,
            country=country,
            job_type=job_type,
            language=en,
            status="recommended",
            nationality=country,
            passport_family_name=person.family_name,
            passport_given_names="Alex",
            email=person.email,
        )
        ReportEntry.objects.create(
            report=out.report, application=app, job_type=job_type, rank=rank, score=Decimal(score), z_score=z
        )
        out.apps.append(app)
        out.users.append(user)
    return out


def pdf_upload(name: str = "cert.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, PDF, content_type="application/pdf")
