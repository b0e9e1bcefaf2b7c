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
    "clair.counsellor": ("clair", Role.COUNSELLOR),  # support: CLAIR's counselling cases only
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
            actor=None,
            user=w.users[f"mission_{key}.staff"],
            name=f"walk {key}",
            scopes=["planning:read"],
            lifetime_days=365,
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
    # --- questionnaires (the engine) and the alumni's surveys, bulletins and engagement (alumni_outreach) ---
    out.update(add_questionnaire_records(w))
    out.update(_add_council_records(w, out))
    out.update(add_orientation_records(w, out))
    out.update(add_support_records(w))
    out.update(_add_departure_records(w, out))
    out.update(add_jetaa_records(w))
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


def add_support_records(w: World) -> dict[str, object]:
    """The support desk's records on both sides: a question of each mission's candidate, an FAQ entry per
    mission, an advice case per contracting organisation and a counselling case per participant (A, B)."""
    from jetpm.support.models import Case, FaqEntry

    o, p = w.orgs, w.persons
    out: dict[str, object] = {}
    for key in ("a", "b"):
        mission = o[f"mission_{key}"]
        out[f"question_{key}"] = Case.objects.create(
            kind="question",
            category="departure",
            mission=mission,
            person=p[f"applicant_{key}"],
            subject=f"Visa question {key.upper()}",
            body="When do I apply for the visa?",
            fiscal_year=2026,
        )
        out[f"faq_{key}"] = FaqEntry.objects.create(
            mission=mission, category="departure", question="When is the visa?", answer="In June."
        )
        out[f"advice_{key}"] = Case.objects.create(
            kind="advice",
            category="contract",
            organisation=o[f"co_{key}"],
            subject=f"Contract question {key.upper()}",
            body="How many days of leave?",
            fiscal_year=2026,
        )
        out[f"counselling_{key}"] = Case.objects.create(
            kind="counselling",
            category="health",
            person=p[f"participant_{key}"],
            subject=f"Private matter {key.upper()}",
            body="I would like to talk to someone.",
            fiscal_year=2026,
        )
    return out


# --- questionnaires, alumni surveys, bulletins and engagement (alumni_outreach) ---------------------------


def add_questionnaire_records(w: World) -> dict[str, object]:
    """An open questionnaire of MOFA (seen by every organisation) and a draft (seen by MOFA only); responses
    of chapter A (sent by mission A), chapter B (sent by mission B) and alumnus A."""
    from jetpm.questionnaires.models import Question, Questionnaire, Response

    o = w.orgs
    out: dict[str, object] = {}
    for key, status in (("a", "open"), ("b", "draft")):
        q = Questionnaire.objects.create(
            purpose=f"walk_{key}",
            fiscal_year=2026,
            title_ja=f"調査{key.upper()}",
            title_en=f"Survey {key.upper()}",
            owner=o["mofa"],
            status=status,
        )
        Question.objects.create(
            questionnaire=q, position=1, key="members", kind="number", label_ja="会員数", label_en="Members"
        )
        out[f"questionnaire_{key}"] = q
    q = out["questionnaire_a"]
    for key in ("a", "b"):
        out[f"response_{key}"] = Response.objects.create(
            questionnaire=q,
            organisation=o[f"chapter_{key}"],
            via=o[f"mission_{key}"],
            due_on=date(2027, 1, 31),
        )
    out["response_alumnus_a"] = Response.objects.create(
        questionnaire=q, person=w.persons["alumnus_a"], via=o["mission_a"], due_on=date(2027, 1, 31)
    )
    out.update(_add_bulletins_and_engagement(w))
    return out


def _add_bulletins_and_engagement(w: World) -> dict[str, object]:
    """A bulletin of each mission (to its side's chapter and alumnus) and an engagement of each side's
    alumnus with its mission."""
    from django.utils import timezone

    from jetpm.alumni.models import AlumnusProfile, Bulletin, BulletinDelivery, Engagement

    o = w.orgs
    out: dict[str, object] = {}
    for key in ("a", "b"):
        person = w.persons[f"alumnus_{key}"]
        AlumnusProfile.objects.get_or_create(person=person)
        bulletin = Bulletin.objects.create(
            sender=o[f"mission_{key}"],
            kind="news",
            subject=f"News {key.upper()}",
            body="Body",
            sent_at=timezone.now(),
        )
        out[f"bulletin_{key}"] = bulletin
        out[f"delivery_{key}"] = BulletinDelivery.objects.create(
            bulletin=bulletin, person=person, email=person.email, delivered_at=timezone.now()
        )
        BulletinDelivery.objects.create(bulletin=bulletin, chapter=o[f"chapter_{key}"], email="c@example.org")
        out[f"engagement_{key}"] = Engagement.objects.create(
            person=person, mission=o[f"mission_{key}"], kind="career_seminar", date=date(2026, 11, 1)
        )
    return out


# --- evaluation: the examination rules and the Council's findings (helper `council`) ----------------------


def _add_council_records(w: World, out: dict[str, object]) -> dict[str, object]:
    """National records (no org A/B side): approved and draft examination rules of 2027, an open finding of
    the 2026 discussion linked to the draft guideline, and an adopted one linked to the draft rules."""
    from jetpm.evaluation.models import ExaminationRules, Finding, FindingChange

    approved = ExaminationRules.objects.create(
        intake_year=2027, version=1, status="approved", text_ja="要領", text_en="Rules"
    )
    draft = ExaminationRules.objects.create(intake_year=2027, version=2, supersedes=approved)
    council = w.users["council.approver"]
    finding = Finding.objects.create(
        fiscal_year=2026,
        title="Interview scores vary",
        text="Panels differ.",
        source="fairness",
        recorded_by=council,
    )
    FindingChange.objects.create(
        finding=finding, target="guideline", guideline=out["guideline_draft"], change="Clarify the scale."
    )
    adopted = Finding.objects.create(
        fiscal_year=2026,
        title="Test rooms",
        text="Rooms too small.",
        source="pr_review",
        status="adopted",
        recorded_by=council,
    )
    FindingChange.objects.create(
        finding=adopted, target="examination_rules", examination_rules=draft, change="Larger rooms."
    )
    return {
        "examination_rules_approved": approved,
        "examination_rules_draft": draft,
        "finding_open": finding,
        "finding_adopted": adopted,
    }


# --- pre-departure orientations, checklists and send-off evaluations (predeparture/orientations) ----------


def add_orientation_records(w: World, out: dict[str, object]) -> dict[str, object]:
    """An orientation event of each mission with the mission's applicant invited, a material, an alumnus
    speaker, the applicant's checklist and the mission's send-off evaluation, on both sides (A and B)."""
    from jetpm.predeparture.models import (
        CandidateChecklist,
        OrientationEvent,
        OrientationInvitation,
        OrientationMaterial,
        OrientationSpeaker,
        SendoffEvaluation,
    )

    added: dict[str, object] = {}
    for key in ("a", "b"):
        mission = w.orgs[f"mission_{key}"]
        application = out[f"application_{key}"]
        event = OrientationEvent.objects.create(
            mission=mission,
            intake_year=2027,
            kind="orientation",
            title=f"Orientation {key.upper()}",
            date=date(2027, 6, 20),
            place=f"Embassy {key.upper()}",
        )
        added[f"orientation_{key}"] = event
        added[f"orientation_invitation_{key}"] = OrientationInvitation.objects.create(
            event=event, application=application
        )
        added[f"material_{key}"] = OrientationMaterial.objects.create(
            event=event,
            language="en",
            title=f"Handbook {key.upper()}",
            file=f"predeparture/test/{key}.pdf",
            original_name=f"{key}.pdf",
            content_type="application/pdf",
            size=10,
            sha256="0" * 64,
        )
        added[f"speaker_{key}"] = OrientationSpeaker.objects.create(
            event=event, person=w.persons[f"alumnus_{key}"], topic="Life in Japan"
        )
        added[f"checklist_{key}"] = CandidateChecklist.objects.create(application=application)
        added[f"sendoff_{key}"] = SendoffEvaluation.objects.create(mission=mission, fiscal_year=2026)
    return added


def _add_departure_records(w: World, out: dict[str, object]) -> dict[str, object]:
    """Departure groups and arrival (predeparture): a FY2026 group per mission with its participant."""
    from jetpm.predeparture.models import DepartureAssignment, DepartureChange, DepartureGroup

    made: dict[str, object] = {}
    for key in ("a", "b"):
        group = DepartureGroup.objects.create(
            intake_year=2026,
            mission=w.orgs[f"mission_{key}"],
            code="a",
            departure_date=date(2026, 7, 25),
            arrival_date=date(2026, 7, 26),
            airport=f"Airport {key.upper()}",
            flight="JL 44",
        )
        participant = out[f"participant_{key}"]
        term = out[f"term_{key}"]
        assignment = DepartureAssignment.objects.create(
            group=group,
            intake_year=2026,
            person=participant.person,  # type: ignore[attr-defined]
            participant=participant,
            term=term,
            contracting_org=term.contracting_org,  # type: ignore[attr-defined]
        )
        DepartureChange.objects.create(group=group, assignment=assignment, kind="assigned", after="a")
        made[f"departure_group_{key}"] = group
        made[f"departure_{key}"] = assignment
    return made


# --- JETAA support (issue 13) --------------------------------------------------------------------------


def add_jetaa_records(w: World) -> dict[str, object]:
    """On each side, FY2026's policy (approved, and a draft revision only HQ sees), and chapter A's plan in
    mission A's execution plan (B: B's in B's), with an approved line, a commitment, a report and a photo.
    The chapters are linked to the missions through their plans only (no country is added to a mission)."""
    from django.core.files.base import ContentFile

    from jetpm.jetaa.models import (
        ChapterPlan,
        Commitment,
        ExecutionPlan,
        ProjectLine,
        ProjectReport,
        ReportPhoto,
        SupportYear,
    )

    days = {
        "chapter_plans_from": date(2026, 1, 5),
        "chapter_plans_until": date(2026, 2, 13),
        "mission_plans_from": date(2026, 1, 5),
        "mission_plans_until": date(2026, 2, 27),
        "assessment_from": date(2026, 3, 2),
        "assessment_until": date(2026, 3, 27),
        "reports_until": date(2027, 4, 30),
        "evaluations_until": date(2027, 5, 31),
    }
    out: dict[str, object] = {}
    approved = SupportYear.objects.create(
        fiscal_year=2026, status="approved", national_budget_yen=10**8, **days
    )
    out["support_year_approved"] = approved
    out["support_year_draft"] = SupportYear.objects.create(
        fiscal_year=2026, version=2, previous=approved, national_budget_yen=10**8, **days
    )
    for key in ("a", "b"):
        mission, chapter = w.orgs[f"mission_{key}"], w.orgs[f"chapter_{key}"]
        execution = ExecutionPlan.objects.create(mission=mission, fiscal_year=2026, status="assessed")
        plan = ChapterPlan.objects.create(
            chapter=chapter, mission=mission, fiscal_year=2026, execution_plan=execution, status="included"
        )
        line = ProjectLine.objects.create(
            plan=plan,
            category="career",
            title=f"Career night {key.upper()}",
            starts_on=date(2026, 10, 1),
            ends_on=date(2026, 10, 1),
            place="Hall",
            expected_participants=30,
            amount_local=300000,
            rate_to_yen=1,
            requested_yen=300000,
            approved_yen=300000,
            status="approved",
        )
        report = ProjectReport.objects.create(
            line=line,
            held_on=date(2026, 10, 1),
            participants=28,
            impressions="Useful.",
            expenses_yen=250000,
            submitted_at=datetime(2026, 10, 10, tzinfo=UTC),
        )
        photo = ReportPhoto(
            report=report,
            original_name="photo.png",
            content_type="image/png",
            size=len(_PNG),
            sha256="0" * 64,
        )
        photo.file.save(f"walk-{key}.png", ContentFile(_PNG), save=False)
        photo.save()
        out.update(
            {
                f"execution_plan_{key}": execution,
                f"chapter_plan_{key}": plan,
                f"jetaa_line_{key}": line,
                f"jetaa_commitment_{key}": Commitment.objects.create(
                    line=line, amount_yen=300000, committed_on=date(2026, 9, 1)
                ),
                f"jetaa_report_{key}": report,
                f"jetaa_photo_{key}": photo,
            }
        )
    return out


_PNG = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f\x15\xc4\x89"
    b"\x00\x00\x00\rIDATx\x9cc\xf8\xcf\xc0\xf0\x1f\x00\x05\x00\x01\xff\x89\x99=\x1d\x00\x00\x00\x00IEND\xaeB`\x82"
)
