"""A small world with personal data past its retention period and some that is not: for the purge's tests.

On 2031-06-01 (``DAY``), with the default schedules:
- ``old_applicant``: applied for FY2026 (selection ended 31 May 2026), not selected: due (3 years); their
  documents, referees and reviews too (1, 1 and 3 years);
- ``recent_applicant``: applied for FY2031, in screening: nothing due;
- ``former``: a participant whose last term (FY2024) ended on 31 March 2025: due from 31 March 2030 (5 years);
  their own application of FY2023 goes with them;
- ``serving``: a participant serving FY2031: nothing due;
- ``alumnus_withdrawn``: an alumnus who withdrew consent on 2031-03-01: due (1 month);
- ``alumnus``: an alumnus with consent: kept;
- ``held``: like ``old_applicant``, under a legal hold: kept.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path

from django.conf import settings
from django.core.files.base import ContentFile

from jetpm.applications.models import Application, Document, Notice, Referee
from jetpm.appointments.models import (
    AppointmentTerm,
    Participant,
    ReappointmentDecision,
    TermEnding,
    TrainingEvent,
    TrainingInvitation,
)
from jetpm.core import audit
from jetpm.core.models import Country, Language, LegalHold, Organisation, Person, User
from jetpm.core.states import PersonKind
from jetpm.screening.models import Review
from jetpm.selection.models import Offer
from tests.world import World, make_user

DAY = date(2031, 6, 1)
FORMER_LAST_FY = 2024  # the last term ended 31 March 2025: due from 31 March 2030


@dataclass
class PurgeWorld:
    persons: dict[str, Person] = field(default_factory=dict)
    applications: dict[str, Application] = field(default_factory=dict)
    files: list[Path] = field(default_factory=list)


def _person(key: str, kind: str, country: Country, **extra: object) -> Person:
    return Person.objects.create(
        kind=kind,
        family_name=f"Purgename-{key}",
        given_name="Robin",
        birth_date=date(1995, 7, 14),
        email=f"{key}@purge.example.org",
        nationality=country,
        **extra,
    )


def _application(person: Person, year: int, status: str, mission: Organisation, number: int) -> Application:
    en = Language.objects.get(code="en")
    return Application.objects.create(
        reference=f"{year}-{person.nationality.code}-P{number:05d}",
        person=person,
        intake_year=year,
        mission=mission,
        country=person.nationality,
        job_type="ALT",
        language=en,
        status=status,
        nationality=person.nationality,
        passport_family_name=person.family_name,
        passport_given_names=person.given_name,
        birth_date=person.birth_date,
        email=person.email,
        phone="+44 20 7946 0000",
        address=f"1 {person.family_name} Street, London",
        statement=f"I am {person.family_name} and I want to teach.",
        medical_conditions="asthma",
    )


def _document(app: Application, kind: str, name: str) -> Document:
    doc = Document(
        application=app,
        kind=kind,
        original_name=f"{name}.pdf",
        content_type="application/pdf",
        size=9,
        sha256="0" * 64,
    )
    doc.file.save(f"{name}.pdf", ContentFile(b"%PDF-1.4\n"), save=False)
    doc.save()
    return doc


def _entrance_records(pw: PurgeWorld, app: Application, reviewer: User, key: str) -> None:
    """Documents (real files), a referee with a letter, a review, a notice, an offer, and audit events."""
    transcript = _document(app, "transcript", f"{key}-transcript")
    letter = _document(app, "reference", f"{key}-letter")
    pw.files += [
        Path(settings.MEDIA_ROOT) / transcript.file.name,
        Path(settings.MEDIA_ROOT) / letter.file.name,
    ]
    referee = Referee.objects.create(
        application=app,
        order=1,
        name=f"Referee of {key}",
        email=f"ref-{key}@purge.example.org",
        relationship="teacher",
        letter=letter,
    )
    Review.objects.create(
        application=app,
        stage="document",
        reviewer=reviewer,
        status="submitted",
        scores={"a": 3},
        weighted=3,
        comment=f"Strong candidate, {app.person.family_name}.",
    )
    Notice.objects.create(
        application=app, kind="result", subject="Your result", body=f"Dear {app.person.given_name}"
    )
    Offer.objects.create(
        application=app, origin="shortlist", deadline=date(app.intake_year, 4, 30), passport_number="X1234567"
    )
    audit.record(
        actor=reviewer,
        action="application.status",
        obj=app,
        changes={"status": ["a", "b"]},
        person=app.person,
    )
    audit.record(
        actor=None, action="referee.letter", obj=referee, changes={"name": referee.name}, person=app.person_id
    )


def build_purge_world(w: World) -> PurgeWorld:
    pw = PurgeWorld()
    gb = Country.objects.get(code="GB")
    mission, co = w.orgs["mission_a"], w.orgs["co_a"]
    reviewer = w.users["mission_a.staff"]
    p = pw.persons
    # an unsuccessful applicant of FY2026, with an account
    p["old_applicant"] = _person("old_applicant", PersonKind.APPLICANT, gb, mission=mission)
    user = make_user("old_applicant_account")
    Person.objects.filter(pk=p["old_applicant"].pk).update(user=user)
    p["old_applicant"].refresh_from_db()
    pw.applications["old"] = _application(p["old_applicant"], 2026, "not_selected", mission, 1)
    _entrance_records(pw, pw.applications["old"], reviewer, "old")
    audit.record(actor=user, action="user.language", obj=user, changes={"language": ["ja", "en"]})
    # the same, held
    p["held"] = _person("held", PersonKind.APPLICANT, gb, mission=mission)
    pw.applications["held"] = _application(p["held"], 2026, "not_recommended", mission, 2)
    _entrance_records(pw, pw.applications["held"], reviewer, "held")
    LegalHold.objects.create(
        person=p["held"], reason="Complaint to the ombudsman", placed_by=w.users["mic.staff"]
    )
    # an applicant of FY2031 in screening
    p["recent_applicant"] = _person("recent_applicant", PersonKind.APPLICANT, gb, mission=mission)
    pw.applications["recent"] = _application(p["recent_applicant"], 2031, "eligible", mission, 3)
    _entrance_records(pw, pw.applications["recent"], reviewer, "recent")
    # a former participant (FY2023–FY2024), their application of FY2023
    p["former"] = _person("former", PersonKind.PARTICIPANT, gb, mission=mission, contracting_org=co)
    pw.applications["former"] = _application(p["former"], 2023, "cleared", mission, 4)
    _participant(
        p["former"], "J-P0001", [2023, FORMER_LAST_FY], co, status="completed", reason="Family reasons"
    )
    # a participant serving
    p["serving"] = _person("serving", PersonKind.PARTICIPANT, gb, mission=mission, contracting_org=co)
    _participant(p["serving"], "J-P0002", [2030, 2031], co, status="serving")
    # alumni
    p["alumnus_withdrawn"] = _person(
        "alumnus_withdrawn",
        PersonKind.ALUMNUS,
        gb,
        chapter=w.orgs["chapter_a"],
        contact_consent_withdrawn_on=date(2031, 3, 1),
    )
    p["alumnus"] = _person("alumnus", PersonKind.ALUMNUS, gb, chapter=w.orgs["chapter_a"])
    return pw


def _participant(
    person: Person, jet_id: str, years: list[int], co: Organisation, *, status: str, reason: str = ""
) -> None:
    participant = Participant.objects.create(
        person=person, jet_id=jet_id, cohort_year=years[0], country=person.nationality, job_type="ALT"
    )
    terms = []
    for i, fy in enumerate(years, start=1):
        last = i == len(years)
        terms.append(
            AppointmentTerm.objects.create(
                participant=participant,
                fiscal_year=fy,
                year_on_programme=i,
                contracting_org=co,
                job_type="ALT",
                status=status if last else "completed",
            )
        )
    ReappointmentDecision.objects.create(
        term=terms[0],
        intention="continue",
        assessment="capable",
        reason=f"Good work by {person.family_name}",
        status="decided",
        reappointed=True,
        next_term=terms[1],
        decided_at=datetime(years[0] + 1, 1, 10, tzinfo=UTC),
    )
    if reason:
        TermEnding.objects.create(term=terms[-1], ended_on=date(years[-1] + 1, 3, 31), reason=reason)
    event = TrainingEvent.objects.filter(title_en="Purge seminar").first() or TrainingEvent.objects.create(
        kind="mid_year",
        title_ja="研修",
        title_en="Purge seminar",
        fiscal_year=years[0],
        starts_on=date(years[0], 9, 1),
        ends_on=date(years[0], 9, 2),
        place="Tokyo",
        organiser=Organisation.objects.get(code="clair"),
    )
    TrainingInvitation.objects.create(
        event=event, participant=participant, rating=4, comment=f"{person.given_name} enjoyed it"
    )
    audit.record(
        actor=None, action="appointments.term.end", obj=terms[-1], changes={"reason": reason}, person=person
    )
