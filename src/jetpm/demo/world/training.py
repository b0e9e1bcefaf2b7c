"""Demo step of training: FY2025's and FY2026's training events, their invitations, attendance and feedback.

Each year has CLAIR's post-arrival orientation in Tokyo (August, three days) for the year's new cohort, MEXT's
mid-year seminars for ALTs by prefecture block (November–December), Japanese courses of a few host
organisations (Gifu's among them) with a handful of invitees, and CLAIR's pre-return orientation (February)
for the year's leavers: FY2025's participants without an FY2026 term, and FY2026's participants whose
reappointment is decided against (upcoming on the demo's today).

Attendance is recorded for the events that have begun by the demo's today (:data:`DEMO_TODAY`), about 97 %
attended, the others excused or absent; about 40 % of those who attended an event that is over gave their
feedback (mostly 3–5, short comments in English or Japanese). Later events have invitations only. The demo
login "participant" (a Gifu ALT) attended FY2025's Chubu block seminar and gave feedback, and is invited to
FY2026's, still to come, and to Gifu's intermediate Japanese course in January 2027.

A handful of queries, then a bulk insert of the events and one of the invitations (in batches of 2,000),
whatever the scale.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import TYPE_CHECKING

from django.db.models import Q
from django.utils import timezone

from jetpm.appointments.models import AppointmentTerm, Participant, TrainingEvent, TrainingInvitation
from jetpm.appointments.states import Attendance, DecisionStatus, TrainingKind
from jetpm.core.calendar import wareki_fiscal_year
from jetpm.core.models import Organisation, User
from jetpm.core.states import JobType, OrgKind
from jetpm.demo.logins import GIFU_HOST
from jetpm.demo.world.core import DEMO_TODAY  # events after it are still to come: invitations only

if TYPE_CHECKING:
    from jetpm.demo.generator import DemoContext

YEARS = (2025, 2026)
PARTICIPANT_LOGIN = "participant"

# (attended, excused) shares; the rest were absent
ATTENDANCE_RATES: dict[str, tuple[float, float]] = {
    TrainingKind.ORIENTATION: (0.97, 0.02),
    TrainingKind.MID_YEAR: (0.95, 0.03),
    TrainingKind.PRE_RETURN: (0.93, 0.05),
}
JAPANESE_RATES = (0.9, 0.06)
FEEDBACK_SHARE = 0.4
RATINGS = (1, 2, 3, 4, 5)
RATING_WEIGHTS = (1, 4, 22, 43, 30)


@dataclass(frozen=True)
class Block:
    key: str
    name_ja: str
    name_en: str
    prefectures: tuple[str, ...]  # JIS codes
    place: str
    days: dict[int, date]  # fiscal year → first of the seminar's two days


def _codes(first: int, last: int) -> tuple[str, ...]:
    return tuple(f"{c:02d}" for c in range(first, last + 1))


# MEXT's mid-year seminars for ALTs, one per block of prefectures and year. FY2026's: some held before the
# demo's today, the Chubu block's (the demo participant's, Gifu) and others still to come.
BLOCKS: tuple[Block, ...] = (
    Block(
        "tohoku",
        "北海道・東北",
        "Hokkaido-Tohoku",
        _codes(1, 7),
        "仙台市 / Sendai",
        {2025: date(2025, 11, 11), 2026: date(2026, 11, 10)},
    ),
    Block(
        "kanto",
        "関東",
        "Kanto",
        _codes(8, 14),
        "東京都千代田区 / Chiyoda, Tokyo",
        {2025: date(2025, 11, 18), 2026: date(2026, 11, 17)},
    ),
    Block(
        "chubu",
        "中部",
        "Chubu",
        _codes(15, 24),
        "名古屋市 / Nagoya",
        {2025: date(2025, 11, 25), 2026: date(2026, 12, 7)},
    ),
    Block(
        "kinki",
        "近畿",
        "Kinki",
        _codes(25, 30),
        "大阪市 / Osaka",
        {2025: date(2025, 12, 2), 2026: date(2026, 12, 3)},
    ),
    Block(
        "chugoku_shikoku",
        "中国・四国",
        "Chugoku-Shikoku",
        _codes(31, 39),
        "広島市 / Hiroshima",
        {2025: date(2025, 12, 4), 2026: date(2026, 11, 24)},
    ),
    Block(
        "kyushu",
        "九州・沖縄",
        "Kyushu-Okinawa",
        _codes(40, 47),
        "福岡市 / Fukuoka",
        {2025: date(2025, 12, 9), 2026: date(2026, 12, 14)},
    ),
)
ORIENTATION_DAYS = {2025: date(2025, 8, 4), 2026: date(2026, 8, 3)}  # three days
PRE_RETURN_DAYS = {2025: date(2026, 2, 16), 2026: date(2027, 2, 15)}  # two days
TOKYO_PLACE = "東京都新宿区 / Shinjuku, Tokyo"


@dataclass(frozen=True)
class Course:
    host: str  # host organisation code
    name_ja: str
    name_en: str
    kind: str
    starts_on: date
    ends_on: date
    invitees: int  # at most (a handful of the host's serving participants)


LEVEL: dict[str, tuple[str, str]] = {
    TrainingKind.JAPANESE_BEGINNER: ("初級", "Beginner"),
    TrainingKind.JAPANESE_INTERMEDIATE: ("中級", "Intermediate"),
    TrainingKind.JAPANESE_ADVANCED: ("上級", "Advanced"),
}
COURSES: dict[int, tuple[Course, ...]] = {
    2025: (
        Course(
            GIFU_HOST,
            "岐阜県",
            "Gifu",
            TrainingKind.JAPANESE_BEGINNER,
            date(2025, 10, 7),
            date(2025, 12, 16),
            8,
        ),
        Course(
            "host-17",
            "石川県",
            "Ishikawa",
            TrainingKind.JAPANESE_INTERMEDIATE,
            date(2025, 9, 9),
            date(2025, 11, 25),
            6,
        ),
        Course(
            "host-13",
            "東京都",
            "Tokyo",
            TrainingKind.JAPANESE_ADVANCED,
            date(2026, 1, 13),
            date(2026, 3, 3),
            6,
        ),
    ),
    2026: (
        Course(
            GIFU_HOST,
            "岐阜県",
            "Gifu",
            TrainingKind.JAPANESE_INTERMEDIATE,
            date(2027, 1, 12),
            date(2027, 2, 23),
            8,
        ),
        Course(
            "host-17",
            "石川県",
            "Ishikawa",
            TrainingKind.JAPANESE_BEGINNER,
            date(2026, 9, 8),
            date(2026, 11, 17),
            7,
        ),
        Course(
            "host-13",
            "東京都",
            "Tokyo",
            TrainingKind.JAPANESE_ADVANCED,
            date(2026, 10, 6),
            date(2026, 11, 24),
            5,
        ),
    ),
}

COMMENTS: dict[str, tuple[str, ...]] = {
    TrainingKind.ORIENTATION: (
        "Very helpful for the first weeks. Great to meet the other new JETs.",
        "Too much information in three days, but the handbook helps.",
        "The session on living in Japan answered most of my questions.",
        "生活面の説明がとても分かりやすかったです。",
        "同じ県の参加者と知り合えてよかったです。",
    ),
    TrainingKind.MID_YEAR: (
        "Practical team-teaching ideas I can use next week.",
        "Good to compare notes with ALTs from other prefectures.",
        "I would like more time for the workshops.",
        "授業の実践例が参考になりました。",
        "JTEとの連携について考える良い機会でした。",
    ),
    TrainingKind.PRE_RETURN: (
        "Useful advice on taxes and the pension refund.",
        "Good tips on job hunting back home and on JETAA.",
        "帰国後の手続きがよく分かりました。",
    ),
    "japanese": (
        "The teacher was patient and the classes were fun.",
        "I can finally read my school's notices!",
        "Classes in the evening would be easier to attend.",
        "とても勉強になりました。続けたいです。",
        "敬語の練習がもっとしたいです。",
    ),
}


@dataclass(frozen=True)
class TermRow:
    participant_id: int
    fiscal_year: int
    year: int  # on the programme
    cohort: int
    job_type: str
    prefecture: str  # JIS code of the contracting organisation's prefecture, or ""
    host_id: int | None
    leaving: bool  # FY2026: the reappointment is decided against


@dataclass
class Planned:
    event: TrainingEvent
    invitees: list[int]  # participant ids, in order
    recorder: int | None  # the user who records the attendance


def _terms() -> list[TermRow]:
    rows = (
        AppointmentTerm.objects.filter(fiscal_year__in=YEARS)
        .order_by("fiscal_year", "participant_id")
        .values_list(
            "participant_id",
            "fiscal_year",
            "year_on_programme",
            "participant__cohort_year",
            "job_type",
            "contracting_org__prefecture__code",
            "contracting_org__host_org_id",
            "reappointment__status",
            "reappointment__reappointed",
        )
    )
    return [
        TermRow(pid, fy, yop, cohort, job, pref or "", host, status == DecisionStatus.DECIDED and not again)
        for pid, fy, yop, cohort, job, pref, host, status, again in rows
    ]


def _event(
    kind: str, fy: int, title_ja: str, title_en: str, starts_on: date, days: int, place: str, organiser: int
) -> TrainingEvent:
    return TrainingEvent(
        kind=kind,
        title_ja=title_ja,
        title_en=title_en,
        fiscal_year=fy,
        starts_on=starts_on,
        ends_on=starts_on + timedelta(days=days - 1),
        place=place,
        organiser_id=organiser,
    )


def _plan(
    terms: list[TermRow],
    orgs: dict[str, int],
    users: dict[str, int],
    login: int | None,
    rng: random.Random,
) -> list[Planned]:
    by_year: dict[int, list[TermRow]] = {fy: [t for t in terms if t.fiscal_year == fy] for fy in YEARS}
    clair, mext = orgs[OrgKind.CLAIR], orgs[OrgKind.MEXT]
    plans: list[Planned] = []
    for fy in YEARS:
        era = wareki_fiscal_year(fy)
        mine = by_year[fy]
        # CLAIR's post-arrival orientation for the year's new cohort
        plans.append(
            Planned(
                _event(
                    TrainingKind.ORIENTATION,
                    fy,
                    f"{era} JETプログラム 東京オリエンテーション",
                    f"FY{fy} JET Programme Tokyo Orientation",
                    ORIENTATION_DAYS[fy],
                    3,
                    TOKYO_PLACE,
                    clair,
                ),
                [t.participant_id for t in mine if t.cohort == fy and t.year == 1],
                users.get("clair.staff"),
            )
        )
        # MEXT's mid-year seminars for the ALTs, by block of prefectures
        for block in BLOCKS:
            plans.append(
                Planned(
                    _event(
                        TrainingKind.MID_YEAR,
                        fy,
                        f"{era} ALT中間研修（{block.name_ja}ブロック）",
                        f"FY{fy} ALT Mid-Year Seminar ({block.name_en} block)",
                        block.days[fy],
                        2,
                        block.place,
                        mext,
                    ),
                    [
                        t.participant_id
                        for t in mine
                        if t.job_type == JobType.ALT and t.prefecture in block.prefectures
                    ],
                    users.get("mext.staff"),
                )
            )
        # the host organisations' Japanese courses: a handful of their participants (the demo one in Gifu's)
        for course in COURSES[fy]:
            host = orgs.get(course.host)
            if host is None:
                continue
            pool = [t.participant_id for t in mine if t.host_id == host]
            chosen = rng.sample(pool, min(course.invitees, len(pool)))
            if course.host == GIFU_HOST and login is not None and login in pool and login not in chosen:
                chosen = [login, *chosen[: course.invitees - 1]]
            ja, en = LEVEL[course.kind]
            event = TrainingEvent(
                kind=course.kind,
                title_ja=f"{era} 日本語講座（{ja}）— {course.name_ja}",
                title_en=f"FY{fy} Japanese Course ({en}) — {course.name_en}",
                fiscal_year=fy,
                starts_on=course.starts_on,
                ends_on=course.ends_on,
                place=f"{course.name_ja} / {course.name_en}",
                organiser_id=host,
                capacity=max(course.invitees, 10),
            )
            recorder = users.get("host.coordinator") if course.host == GIFU_HOST else None
            plans.append(Planned(event, sorted(chosen), recorder))
        # CLAIR's pre-return orientation for the year's leavers
        if fy + 1 in by_year:
            staying = {t.participant_id for t in by_year[fy + 1]}
            leavers = [t.participant_id for t in mine if t.participant_id not in staying]
        else:
            leavers = [t.participant_id for t in mine if t.leaving]
        plans.append(
            Planned(
                _event(
                    TrainingKind.PRE_RETURN,
                    fy,
                    f"{era} JETプログラム 帰国前オリエンテーション",
                    f"FY{fy} JET Programme Pre-Return Orientation",
                    PRE_RETURN_DAYS[fy],
                    2,
                    TOKYO_PLACE,
                    clair,
                ),
                leavers,
                users.get("clair.staff"),
            )
        )
    return plans


def _feedback_at(ends_on: date, rng: random.Random) -> datetime:
    day = min(ends_on + timedelta(days=rng.randrange(10)), DEMO_TODAY)
    return timezone.make_aware(datetime.combine(day, time(8))) + timedelta(minutes=rng.randrange(14 * 60))


def _invitations(plan: Planned, login: int | None, rng: random.Random) -> list[TrainingInvitation]:
    event = plan.event
    begun = event.starts_on <= DEMO_TODAY
    over = event.ends_on <= DEMO_TODAY
    attended_rate, excused_rate = ATTENDANCE_RATES.get(event.kind, JAPANESE_RATES)
    comments = COMMENTS.get(event.kind, COMMENTS["japanese"])
    out = []
    for pid in plan.invitees:
        inv = TrainingInvitation(event_id=event.pk, participant_id=pid)
        if begun:
            roll = rng.random()
            showcase = pid == login  # the demo participant attends and gives feedback
            if showcase or roll < attended_rate:
                inv.attendance = Attendance.ATTENDED
            elif roll < attended_rate + excused_rate:
                inv.attendance = Attendance.EXCUSED
            else:
                inv.attendance = Attendance.ABSENT
            inv.attendance_recorded_by_id = plan.recorder
            if over and inv.attendance == Attendance.ATTENDED and (showcase or rng.random() < FEEDBACK_SHARE):
                inv.rating = 4 if showcase else rng.choices(RATINGS, RATING_WEIGHTS)[0]
                inv.comment = comments[0] if showcase else rng.choice((*comments, ""))
                inv.feedback_at = _feedback_at(event.ends_on, rng)
        out.append(inv)
    return out


def training_step(ctx: DemoContext) -> None:
    """Build FY2025's and FY2026's training (needs the appointments and reappointment steps)."""
    rng = ctx.rng
    orgs: dict[str, int] = {}
    for pk, kind, code in Organisation.objects.filter(
        Q(kind__in=[OrgKind.CLAIR, OrgKind.MEXT])
        | Q(code__in={c.host for courses in COURSES.values() for c in courses})
    ).values_list("id", "kind", "code"):
        orgs[code if kind == OrgKind.HOST_ORG else kind] = pk
    if OrgKind.CLAIR not in orgs or OrgKind.MEXT not in orgs:
        return
    users = dict(
        User.objects.filter(username__in=["clair.staff", "mext.staff", "host.coordinator"]).values_list(
            "username", "id"
        )
    )
    login = (
        Participant.objects.filter(person__user__username=PARTICIPANT_LOGIN)
        .values_list("id", flat=True)
        .first()
    )
    plans = [p for p in _plan(_terms(), orgs, users, login, rng) if p.invitees]
    TrainingEvent.objects.bulk_create([p.event for p in plans])
    invitations: list[TrainingInvitation] = []
    for p in plans:
        invitations += _invitations(p, login, rng)
    TrainingInvitation.objects.bulk_create(invitations, batch_size=2000)
    ctx.extra["training"] = {"events": len(plans), "invitations": len(invitations)}
