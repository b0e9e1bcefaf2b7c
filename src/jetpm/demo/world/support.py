"""Demo step of the support desk, as it stands on the demo's today (:data:`DEMO_TODAY`, 2026-12-06):

- FY2026's candidates (the accepted applications of intake 2026) asked their missions about a quarter of them,
  between the results (March 2026) and their departure in late July; every question was answered (within hours
  to a few days) and closed, and the missions published about one in five to their FAQ, anonymised;
- FY2027's candidates in screening (applicants; the desk is open to them) asked since October; most have their
  answer, the last days' are open, a few are in follow-up;
- consultations during FY2026's service (April to today): participants' advice and counselling (about a third
  counselling, confidential) and the contracting organisations' advice, by category; the older ones closed.

The demo logins: "applicant" has an answered question and reads the UK mission's FAQ; "participant" has an
advice case (answered) and a counselling case that CLAIR's counsellor ("clair.counsellor") answered;
"co.coordinator" has an advice case. Statuses are reached through the workflow (``demo/world/walk.py``); the
records, messages and the audit events of their creation are bulk-inserted. A few queries whatever the scale.
"""

from __future__ import annotations

import random
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING, Any

from jetpm.applications.models import Application
from jetpm.appointments.models import AppointmentTerm
from jetpm.core import audit
from jetpm.core.calendar import fiscal_year_of
from jetpm.core.models import AuditEvent, User
from jetpm.demo.world.core import DEMO_TODAY, PUBLISHED_YEAR, SCREENING_YEAR
from jetpm.demo.world.walk import Walk
from jetpm.support.models import Case, CaseMessage, FaqEntry
from jetpm.support.states import CaseKind, CaseStatus, MessageKind
from jetpm.support.workflows import CASES

if TYPE_CHECKING:
    from jetpm.demo.generator import DemoContext

# (category, question's subject, question, answer) — a candidate's words and the mission's answer
QUESTIONS = [
    (
        "departure",
        "Visa application",
        "When and where do I apply for my working visa?",
        "We will send you the Certificate of Eligibility in May; then apply at our visa section with your "
        "passport. It takes about five working days.",
    ),
    (
        "departure",
        "Flight to Tokyo",
        "Is the flight to Japan booked for me, and from which airport?",
        "Yes: the programme books your flight with your departure group, from the airport you gave in your "
        "reply form. The details come with the pre-departure orientation.",
    ),
    (
        "departure",
        "Luggage",
        "How much luggage may I take on the group flight?",
        "Two checked bags of up to 23 kg each on the group flight; anything more is at your own cost.",
    ),
    (
        "contract",
        "First salary",
        "When is the first salary paid, and how much money should I bring?",
        "The first salary is paid at the end of your first month; bring enough for about a month's living "
        "costs (many bring 200,000–300,000 yen).",
    ),
    (
        "living",
        "Housing",
        "Will my contracting organisation help me find an apartment?",
        "Most contracting organisations arrange housing for you; your placement letter names a contact "
        "person who will tell you more.",
    ),
    (
        "health",
        "Medication",
        "Can I bring my prescription medication to Japan?",
        "Up to a month's supply with your prescription is usually fine; for more, or for some medicines, a "
        "Yunyu Kakunin-sho is needed. See the orientation handbook.",
    ),
    (
        "work",
        "Teaching materials",
        "Should I prepare teaching materials before I leave?",
        "A short self-introduction with pictures of your home town is enough; "
        "your school will tell you more.",
    ),
    (
        "other",
        "Driving licence",
        "Can I drive in Japan with my licence?",
        "Bring an International Driving Permit valid for one year; afterwards "
        "you will need a Japanese licence.",
    ),
]
# consultations: (category, subject) by kind
ADVICE = [
    ("contract", "Annual leave days"),
    ("contract", "Tax on my salary"),
    ("work", "Duties outside the classroom"),
    ("living", "Renewing my residence card"),
    ("living", "Moving to another apartment"),
    ("other", "Re-entry permit for a trip home"),
]
CO_ADVICE = [
    ("contract", "Contract renewal dates"),
    ("work", "Working hours during school holidays"),
    ("health", "Sick leave of our participant"),
    ("living", "Housing subsidy rules"),
]
COUNSELLING = [
    ("health", "Feeling low"),
    ("relationships", "Difficulties with a colleague"),
    ("work", "Stress at school"),
    ("living", "Isolation in a rural placement"),
    ("relationships", "Family matters at home"),
]
FOLLOW_UP = "Thank you. May I ask one more thing about this?"
ANSWER = "Thank you for writing. Here is what we suggest, and you may reply below at any time."
COUNSEL = (
    "Thank you for telling us. A counsellor would like to talk with you; reply with times that suit you."
)


def _at(day: datetime, hours: float) -> datetime:
    return day + timedelta(hours=hours)


def _moment(rng: random.Random, start: datetime, end: datetime) -> datetime:
    span = max(1, int((end - start).total_seconds() // 3600))
    return start + timedelta(hours=rng.randrange(span), minutes=rng.randrange(60))


def support_step(ctx: DemoContext) -> None:
    """Build the desk's questions, the missions' FAQ and FY2026's consultations."""
    rng = ctx.rng
    today = datetime(DEMO_TODAY.year, DEMO_TODAY.month, DEMO_TODAY.day, 9, tzinfo=UTC)
    users = {
        u.username: u
        for u in User.objects.filter(
            username__in=[
                "mission.staff",
                "clair.staff",
                "clair.counsellor",
                "co.coordinator",
                "participant",
                "applicant",
            ]
        )
    }
    mission_staff = users.get("mission.staff")
    staff_mission = (
        mission_staff.memberships.values_list("organisation_id", flat=True).first() if mission_staff else None
    )
    cases: list[Case] = []
    answers: dict[int, tuple[str, User | None]] = {}  # index in cases → (answer text, author)
    follow_ups: set[int] = set()
    faq_of: list[tuple[int, int]] = []  # (case index, question template)
    walk = Walk(CASES)

    def add(case: Case, path: list[str], answer: tuple[str, User | None] | None = None) -> int:
        walk.plan(case, path)
        cases.append(case)
        if answer is not None:
            answers[len(cases) - 1] = answer
        return len(cases) - 1

    # FY2026's candidates, before their departure in late July 2026
    accepted = list(
        Application.objects.filter(intake_year=PUBLISHED_YEAR, status="accepted")
        .order_by("pk")
        .values_list("person_id", "mission_id")
    )
    start, end = datetime(PUBLISHED_YEAR, 3, 10, tzinfo=UTC), datetime(PUBLISHED_YEAR, 7, 15, tzinfo=UTC)
    for person_id, mission_id in accepted:
        if rng.random() > 0.25:
            continue
        k = rng.randrange(len(QUESTIONS))
        category, subject, body, text = QUESTIONS[k]
        opened = _moment(rng, start, end)
        answered = _at(opened, rng.choice([2, 5, 9, 20, 30, 50, 75]) + rng.random())
        author = mission_staff if mission_id == staff_mission else None
        case = Case(
            kind=CaseKind.QUESTION,
            category=category,
            mission_id=mission_id,
            person_id=person_id,
            subject=subject,
            body=body,
            fiscal_year=fiscal_year_of(opened.date()),
            opened_at=opened,
            first_answered_at=answered,
            answered_at=answered,
            closed_at=_at(answered, 24 * 3),
            assigned_to=author,
        )
        i = add(case, [CaseStatus.OPEN, CaseStatus.ANSWERED, CaseStatus.CLOSED], (text, author))
        if rng.random() < 0.2:
            faq_of.append((i, k))

    # FY2027's candidates in screening (applicants), as of today
    applicants = list(
        Application.objects.filter(
            intake_year=SCREENING_YEAR, status__in=["eligible", "document_screened", "interview", "submitted"]
        )
        .order_by("pk")
        .values_list("person_id", "mission_id", "person__user__username")
    )
    start = datetime(SCREENING_YEAR - 1, 10, 1, tzinfo=UTC)
    for person_id, mission_id, username in applicants:
        login = username == "applicant"
        if not login and rng.random() > 0.08:
            continue
        k = 3 if login else rng.randrange(len(QUESTIONS))
        category, subject, body, text = QUESTIONS[k]
        opened = datetime(2026, 11, 20, 10, tzinfo=UTC) if login else _moment(rng, start, today)
        author = mission_staff if mission_id == staff_mission else None
        age = (today - opened).total_seconds() / 3600
        case = Case(
            kind=CaseKind.QUESTION,
            category=category,
            mission_id=mission_id,
            person_id=person_id,
            subject=subject,
            body=body,
            fiscal_year=fiscal_year_of(opened.date()),
            opened_at=opened,
        )
        if age < 48 and not login:
            add(case, [CaseStatus.OPEN])
            continue
        answered = _at(opened, rng.choice([3, 6, 12, 26, 40]) + rng.random())
        case.first_answered_at = case.answered_at = answered
        case.assigned_to = author
        if not login and rng.random() < 0.15:
            i = add(case, [CaseStatus.OPEN, CaseStatus.ANSWERED, CaseStatus.FOLLOW_UP], (text, author))
            follow_ups.add(i)
        else:
            add(case, [CaseStatus.OPEN, CaseStatus.ANSWERED], (text, author))

    # FY2026's consultations: participants serving FY2026 and their contracting organisations
    terms = list(
        AppointmentTerm.objects.filter(fiscal_year=fiscal_year_of(opened.date()), status="serving")
        .order_by("pk")
        .values_list("participant__person_id", "contracting_org_id", "participant__person__user__username")
    )
    start = datetime(2026, 4, 1, tzinfo=UTC)
    counsellor, clair = users.get("clair.counsellor"), users.get("clair.staff")
    co_login = users.get("co.coordinator")
    co_login_org = (
        co_login.memberships.values_list("organisation_id", flat=True).first() if co_login else None
    )
    co_seen: set[int] = set()
    for person_id, co_id, username in terms:
        login = username == "participant"
        draw = rng.random()
        if login or draw < 0.05:
            counselling = login or rng.random() < 0.35
            for kind in (
                [CaseKind.ADVICE, CaseKind.COUNSELLING]
                if login
                else [CaseKind.COUNSELLING if counselling else CaseKind.ADVICE]
            ):
                pool = COUNSELLING if kind == CaseKind.COUNSELLING else ADVICE
                category, subject = rng.choice(pool)
                opened = datetime(2026, 11, 2, 8, tzinfo=UTC) if login else _moment(rng, start, today)
                who = counsellor if kind == CaseKind.COUNSELLING else clair
                _consultation(add, rng, today, kind, category, subject, opened, who, person_id=person_id)
        if co_id not in co_seen and (co_id == co_login_org or rng.random() < 0.02):
            co_seen.add(co_id)
            category, subject = rng.choice(CO_ADVICE)
            opened = _moment(rng, start, today)
            _consultation(
                add,
                rng,
                today,
                CaseKind.ADVICE,
                category,
                subject,
                opened,
                clair,
                organisation_id=co_id,
                opened_by=co_login if co_id == co_login_org else None,
            )

    Case.objects.bulk_create(cases, batch_size=2000)
    messages: list[CaseMessage] = []
    for i, (text, author) in answers.items():
        c = cases[i]
        assert c.first_answered_at is not None
        messages.append(
            CaseMessage(case=c, kind=MessageKind.ANSWER, author=author, body=text, at=c.first_answered_at)
        )
        if i in follow_ups:
            messages.append(
                CaseMessage(
                    case=c, kind=MessageKind.FOLLOW_UP, body=FOLLOW_UP, at=_at(c.first_answered_at, 20)
                )
            )
    CaseMessage.objects.bulk_create(messages, batch_size=2000)
    events: list[AuditEvent] = []
    for c in cases:
        target: dict[str, Any] = dict(CASES.audit_target(c)) if CASES.audit_target else {}
        event = audit.event(
            actor=c.opened_by,
            action="support_case.create",
            obj=c,
            changes={"kind": [None, c.kind], "category": [None, c.category]},
            **target,
        )
        event.at = c.opened_at
        events.append(event)
    audit.record_many(events, stamp=False)
    walk.run(when=lambda row, status: row.answered_at if status == CaseStatus.FOLLOW_UP else row.closed_at)
    entries = []
    for i, k in faq_of:
        c = cases[i]
        _cat, _subject, body, text = QUESTIONS[k]
        entries.append(
            FaqEntry(
                mission_id=c.mission_id or 0,
                source=c,
                category=c.category,
                question=body,
                answer=text,
                published_at=_at(c.closed_at or c.opened_at, 24),
                published_by=c.assigned_to,
            )
        )
    FaqEntry.objects.bulk_create(entries, batch_size=2000)
    ctx.extra["support"] = {"cases": len(cases), "messages": len(messages), "faq": len(entries)}


def _consultation(
    add: Any,
    rng: random.Random,
    today: datetime,
    kind: str,
    category: str,
    subject: str,
    opened: datetime,
    who: User | None,
    *,
    person_id: int | None = None,
    organisation_id: int | None = None,
    opened_by: User | None = None,
) -> None:
    case = Case(
        kind=kind,
        category=category,
        person_id=person_id,
        organisation_id=organisation_id,
        opened_by=opened_by,
        subject=subject,
        body="I would like some advice about this, please.",
        fiscal_year=fiscal_year_of(opened.date()),
        opened_at=opened,
    )
    age_days = (today - opened).days
    if age_days < 2:
        add(case, [CaseStatus.OPEN])
        return
    answered = _at(opened, rng.choice([4, 10, 22, 30, 54]) + rng.random())
    case.first_answered_at = case.answered_at = answered
    case.assigned_to = who
    text = COUNSEL if kind == CaseKind.COUNSELLING else ANSWER
    if age_days > 30:
        case.closed_at = _at(answered, 24 * 7)
        add(case, [CaseStatus.OPEN, CaseStatus.ANSWERED, CaseStatus.CLOSED], (text, who))
    else:
        add(case, [CaseStatus.OPEN, CaseStatus.ANSWERED], (text, who))
