"""A small world with two organisations of every kind side by side, and one user per role.

Used by the scoping tests and by the URL walk: whatever belongs to "A" must stay invisible to "B".
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, date, datetime

from django.contrib.auth.hashers import make_password

from jetpm.core import services
from jetpm.core.calendar import default_milestone_dates
from jetpm.core.models import Country, Milestone, Organisation, Person, Prefecture, RecruitmentCycle, User
from jetpm.core.states import COKind, OrgKind, PersonKind, Role

PASSWORD = "correct-horse-battery-staple"
_HASH: list[str] = []


def password_hash() -> str:
    if not _HASH:
        _HASH.append(make_password(PASSWORD))
    return _HASH[0]


# One user per role: username → (organisation key, role).
ROLES: dict[str, tuple[str, str]] = {
    "mic.staff": ("mic", Role.STAFF),
    "mofa.staff": ("mofa", Role.STAFF),
    "mext.staff": ("mext", Role.STAFF),
    "clair.staff": ("clair", Role.STAFF),
    "council.approver": ("council", Role.APPROVER),
    "mission_a.staff": ("mission_a", Role.STAFF),
    "mission_a.approver": ("mission_a", Role.APPROVER),
    "mission_a.admin": ("mission_a", Role.ADMIN),
    "mission_b.staff": ("mission_b", Role.STAFF),
    "mission_b.admin": ("mission_b", Role.ADMIN),
    "panelist_a": ("mission_a", Role.PANELIST),
    "co_a.coordinator": ("co_a", Role.COORDINATOR),
    "co_b.coordinator": ("co_b", Role.COORDINATOR),
    "host_a.coordinator": ("host_a", Role.COORDINATOR),
    "host_b.coordinator": ("host_b", Role.COORDINATOR),
    "chapter_a.officer": ("chapter_a", Role.OFFICER),
    "chapter_b.officer": ("chapter_b", Role.OFFICER),
}
# Users who are persons (their own record only), and every user of the world (the walks parametrise on it).
PERSON_USERS = ("applicant_a", "participant_a", "alumnus_a")
USERNAMES = (*ROLES, "superuser", *PERSON_USERS)


@dataclass
class World:
    orgs: dict[str, Organisation] = field(default_factory=dict)
    users: dict[str, User] = field(default_factory=dict)
    persons: dict[str, Person] = field(default_factory=dict)
    cycle: RecruitmentCycle | None = None


def make_user(username: str, *, language: str = "en", superuser: bool = False) -> User:
    return User.objects.create(
        username=username,
        password=password_hash(),
        language=language,
        email=f"{username}@example.org",
        is_superuser=superuser,
        is_staff=superuser,
    )


def org(code: str, kind: str, name_en: str, name_ja: str | None = None, **fields: object) -> Organisation:
    return Organisation.objects.create(
        code=code, kind=kind, name_en=name_en, name_ja=name_ja or name_en, **fields
    )


def build_world() -> World:
    w = World()
    c = {x.code: x for x in Country.objects.filter(code__in=["GB", "IE", "US", "AU"])}
    gifu, ishikawa = Prefecture.objects.get(code="21"), Prefecture.objects.get(code="17")
    o = w.orgs
    for kind in ("mic", "mofa", "mext", "clair", "council"):
        o[kind] = org(kind, kind, kind.upper())
    o["mission_a"] = org(
        "mission-gb-london", OrgKind.MISSION, "Embassy of Japan in the UK", "在英国日本国大使館"
    )
    o["mission_b"] = org(
        "mission-ie-dublin", OrgKind.MISSION, "Embassy of Japan in Ireland", "在アイルランド日本国大使館"
    )
    o["mission_a"].countries.add(c["GB"])
    o["mission_b"].countries.add(c["IE"])
    o["host_a"] = org(
        "host-21", OrgKind.HOST_ORG, "Gifu Prefecture (host)", "岐阜県（取りまとめ）", prefecture=gifu
    )
    o["host_b"] = org(
        "host-17", OrgKind.HOST_ORG, "Ishikawa Prefecture (host)", "石川県（取りまとめ）", prefecture=ishikawa
    )
    o["co_a"] = org(
        "co-210005",
        OrgKind.CONTRACTING_ORG,
        "Gifu Prefecture",
        "岐阜県",
        co_kind=COKind.PREFECTURE,
        prefecture=gifu,
        lg_code="210005",
        host_org=o["host_a"],
    )
    o["co_a2"] = org(
        "co-212016",
        OrgKind.CONTRACTING_ORG,
        "Gifu City",
        "岐阜市",
        co_kind=COKind.MUNICIPALITY,
        prefecture=gifu,
        lg_code="212016",
        host_org=o["host_a"],
    )
    o["co_b"] = org(
        "co-172014",
        OrgKind.CONTRACTING_ORG,
        "Kanazawa City",
        "金沢市",
        co_kind=COKind.MUNICIPALITY,
        prefecture=ishikawa,
        lg_code="172014",
        host_org=o["host_b"],
    )
    o["chapter_a"] = org(
        "jetaa-ny", OrgKind.JETAA_CHAPTER, "JETAA New York", country=c["US"], region=c["US"].jetaa_region
    )
    o["chapter_b"] = org(
        "jetaa-sydney", OrgKind.JETAA_CHAPTER, "JETAA Sydney", country=c["AU"], region=c["AU"].jetaa_region
    )

    roles = ROLES
    for username, (org_key, role) in roles.items():
        w.users[username] = make_user(username)
        services.add_membership(actor=None, user=w.users[username], organisation=o[org_key], role=role)
    w.users["superuser"] = make_user("superuser", superuser=True)

    def person(key: str, kind: str, nationality: str, **links: Organisation) -> None:
        w.persons[key] = Person.objects.create(
            kind=kind,
            family_name=f"Testperson-{key}",
            given_name="Sam",
            birth_date=date(1998, 5, 1),
            email=f"{key}@example.org",
            nationality=c[nationality],
            **links,
        )

    person("applicant_a", PersonKind.APPLICANT, "GB", mission=o["mission_a"])
    person("applicant_b", PersonKind.APPLICANT, "IE", mission=o["mission_b"])
    person("participant_a", PersonKind.PARTICIPANT, "GB", mission=o["mission_a"], contracting_org=o["co_a"])
    person("participant_a2", PersonKind.PARTICIPANT, "GB", mission=o["mission_a"], contracting_org=o["co_a2"])
    person("participant_b", PersonKind.PARTICIPANT, "IE", mission=o["mission_b"], contracting_org=o["co_b"])
    person("alumnus_a", PersonKind.ALUMNUS, "US", chapter=o["chapter_a"])
    person("alumnus_b", PersonKind.ALUMNUS, "AU", chapter=o["chapter_b"])
    for key in PERSON_USERS:
        user = make_user(key)
        w.users[key] = user
        Person.objects.filter(pk=w.persons[key].pk).update(user=user)
        w.persons[key].refresh_from_db()

    cycle = RecruitmentCycle.objects.create(intake_year=2027)
    Milestone.objects.bulk_create(
        Milestone(cycle=cycle, kind=k, starts_on=s, ends_on=e)
        for k, (s, e) in default_milestone_dates(2027).items()
    )
    w.cycle = cycle
    services.set_mission_dates(
        actor=w.users["mission_a.staff"],
        milestone_id=cycle.milestones.get(kind="intake").pk,
        mission_id=o["mission_a"].pk,
        starts_on=date(2026, 9, 15),
        ends_on=date(2026, 11, 13),
    )
    add_entrance(w)
    return w


def add_entrance(w: World) -> None:
    """One submitted application per mission, a panel per mission (panelist_a sits on A's), an interview,
    a mission report, a selection list and an offer: records for the URL walk's foreign checks."""
    from jetpm.applications.models import Application, Document, Notice
    from jetpm.core.models import Language
    from jetpm.screening.models import Assignment, Interview, MissionReport, Panel, PanelMember
    from jetpm.selection.models import Offer, SelectionList

    en = Language.objects.get(code="en")
    o = w.orgs
    apps = {}
    for key, mission in (("a", o["mission_a"]), ("b", o["mission_b"])):
        person = w.persons[f"applicant_{key}"]
        apps[key] = Application.objects.create(
            reference=f"2027-{person.nationality.code}-TEST0{key.upper()}",
            person=person,
            intake_year=2027,
            mission=mission,
            country=person.nationality,
            job_type="ALT",
            language=en,
            status="submitted",
            nationality=person.nationality,
            passport_family_name=person.family_name,
            passport_given_names=person.given_name,
            birth_date=person.birth_date,
            email=person.email,
        )
        Document.objects.create(
            application=apps[key],
            kind="transcript",
            file=f"applications/test/{key}.pdf",
            original_name=f"{key}.pdf",
            content_type="application/pdf",
            size=10,
            sha256="0" * 64,
        )
        Notice.objects.create(application=apps[key], kind="test", subject="Hello", body="Hello")
        panel = Panel.objects.create(mission=mission, intake_year=2027, name=f"Panel {key.upper()}")
        Assignment.objects.create(panel=panel, application=apps[key])
        MissionReport.objects.create(mission=mission, intake_year=2027)
    panel_a = Panel.objects.get(mission=o["mission_a"])
    PanelMember.objects.create(panel=panel_a, user=w.users["panelist_a"], kind="alumnus")
    PanelMember.objects.create(panel=panel_a, user=w.users["mission_a.staff"], kind="staff")
    Interview.objects.create(
        panel=panel_a,
        application=apps["a"],
        starts_at=datetime(2027, 1, 20, 10, 0, tzinfo=UTC),
        mode="online",
        place="https://meet.example.org/a",
    )
    SelectionList.objects.create(intake_year=2027, country=apps["a"].country, job_type="ALT", seats=1)
    Offer.objects.create(application=apps["a"], origin="shortlist", deadline=date(2027, 4, 30))


def add_integration_records(w: World) -> dict[str, object]:
    """What the API exchanges, for A and B side by side: a request per contracting organisation with a line,
    the country plan (an approved and a draft version), participants with a term at their organisation, and
    a published placement run placing the two applicants. Not part of :func:`build_world` (the pages' tests
    count what they see); the API's tests add it."""
    from jetpm.appointments.models import AppointmentTerm, Participant
    from jetpm.core.models import Country, Language
    from jetpm.placement.models import Placement, PlacementRun
    from jetpm.planning.models import CountryPlan, PlacementRequest, PlanLine, RequestLine

    en = Language.objects.get(code="en")
    o = w.orgs
    out: dict[str, object] = {}
    for key, status in (("a", "draft"), ("b", "submitted")):
        req = PlacementRequest.objects.create(organisation=o[f"co_{key}"], intake_year=2027, status=status)
        out[f"request_{key}"] = req
        out[f"line_{key}"] = RequestLine.objects.create(
            request=req, job_type="ALT", language=en, new_participants=2, continuing=1
        )
    approved = CountryPlan.objects.create(intake_year=2027, version=1, status="approved")
    PlanLine.objects.create(
        plan=approved,
        country=Country.objects.get(code="GB"),
        job_type="ALT",
        language=en,
        proposed=5,
        seats=5,
    )
    out["plan_approved"] = approved
    out["plan_draft"] = CountryPlan.objects.create(intake_year=2027, version=2, status="draft")
    for n, (key, co) in enumerate((("a", "co_a"), ("a2", "co_a2"), ("b", "co_b")), start=1):
        person = w.persons[f"participant_{key}"]
        participant = Participant.objects.create(
            person=person,
            jet_id=f"2026-{n:05d}",
            cohort_year=2026,
            country=person.nationality,
            job_type="ALT",
            language=en,
        )
        out[f"participant_{key}"] = participant
        out[f"term_{key}"] = AppointmentTerm.objects.create(
            participant=participant,
            fiscal_year=2026,
            year_on_programme=1,
            contracting_org=o[co],
            job_type="ALT",
            language=en,
            status="serving",
        )
    run = PlacementRun.objects.create(
        intake_year=2027, version=1, status="published", published_at=datetime(2027, 5, 1, tzinfo=UTC)
    )
    for key in ("a", "b"):
        app = w.persons[f"applicant_{key}"].applications.get()
        out[f"application_{key}"] = app
        out[f"placement_{key}"] = Placement.objects.create(
            run=run,
            application=app,
            contracting_org=o[f"co_{key}"],
            prefecture_code="21" if key == "a" else "17",
        )
    return out


def add_walk_records(w: World) -> dict[str, object]:
    """Everything the security walks fill URL parameters with, on both sides (A and B): the integration
    records, and guidelines (an approved one and a draft), outreach activities and self-evaluations, training
    events with invitations, API tokens, a second interview and offer, a vacancy, reviews and reappointment
    decisions. Not part of :func:`build_world` (the pages' tests count what they see); the URL walk and the
    service × role matrix add it."""
    from jetpm.api.services import issue_token
    from jetpm.appointments.models import ReappointmentDecision, TrainingEvent, TrainingInvitation
    from jetpm.outreach.models import OutreachActivity, SelfEvaluation
    from jetpm.planning.models import Guideline
    from jetpm.screening.models import Interview, Panel, PanelMember, Review
    from jetpm.selection.models import Offer, SelectionList, Vacancy

    out = add_integration_records(w)
    o = w.orgs
    approved = Guideline.objects.create(intake_year=2027, version=1, status="approved")
    out["guideline_approved"] = approved
    out["guideline_draft"] = Guideline.objects.create(intake_year=2027, version=2, supersedes=approved)
    for key in ("a", "b"):
        mission = o[f"mission_{key}"]
        out[f"activity_{key}"] = OutreachActivity.objects.create(
            mission=mission,
            fiscal_year=2026,
            kind="info_session",
            date=date(2026, 10, 1),
            place=f"University {key.upper()}",
            audience="university_students",
        )
        out[f"evaluation_{key}"] = SelfEvaluation.objects.create(mission=mission, fiscal_year=2026)
        event = TrainingEvent.objects.create(
            kind="orientation",
            title_ja=f"研修{key.upper()}",
            title_en=f"Training {key.upper()}",
            fiscal_year=2026,
            starts_on=date(2026, 8, 1),
            ends_on=date(2026, 8, 2),
            place="Tokyo",
            organiser=o[f"host_{key}"],
        )
        out[f"training_event_{key}"] = event
        out[f"invitation_{key}"] = TrainingInvitation.objects.create(
            event=event, participant=out[f"participant_{key}"]
        )
        out[f"token_{key}"] = issue_token(
            actor=None, user=w.users[f"mission_{key}.staff"], name=f"walk {key}", scopes=["planning:read"]
        )[0]
        application = out[f"application_{key}"]
        reviewer = w.users[f"mission_{key}.staff"]
        out[f"review_{key}"] = Review.objects.create(
            application=application, stage="documents", reviewer=reviewer
        )
        out[f"decision_{key}"] = ReappointmentDecision.objects.create(
            term=out[f"term_{key}"], intention="continue", assessment="capable", reappointed=True
        )
    panel_b = Panel.objects.get(mission=o["mission_b"])
    PanelMember.objects.create(panel=panel_b, user=w.users["mission_b.staff"], kind="staff")
    out["interview_b"] = Interview.objects.create(
        panel=panel_b,
        application=out["application_b"],
        starts_at=datetime(2027, 1, 21, 10, 0, tzinfo=UTC),
        mode="online",
        place="https://meet.example.org/b",
    )
    out["offer_b"] = Offer.objects.create(
        application=out["application_b"], origin="shortlist", deadline=date(2027, 4, 30)
    )
    selection = SelectionList.objects.get()
    out["vacancy"] = Vacancy.objects.create(
        selection=selection, freed_by=out["application_b"], reason="Declined (the walk's record)"
    )
    out.update(add_alumni_records(w))
    return out


# --- alumni (issue 12) ---------------------------------------------------------------------------------


def add_alumni_records(w: World) -> dict[str, object]:
    """The alumni's profiles (A: living in the US, B: in Australia) and their open chapter memberships
    (A in chapter A, B in chapter B), for the walks' ``alumnus_profile_id`` and ``chapter_membership_id``."""
    from jetpm.alumni.models import AlumnusProfile, ChapterMembership

    out: dict[str, object] = {}
    for key in ("a", "b"):
        person = w.persons[f"alumnus_{key}"]
        out[f"alumnus_profile_{key}"] = AlumnusProfile.objects.create(
            person=person, country=person.nationality, city=f"City {key.upper()}"
        )
        out[f"chapter_membership_{key}"] = ChapterMembership.objects.create(
            person=person, chapter=w.orgs[f"chapter_{key}"], joined_on=date(2020, 1, 1)
        )
    return out
