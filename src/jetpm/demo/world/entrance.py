"""Demo step of the entrance (応募・選考・合格者決定) of two intakes, as they stand on the demo's today
(:data:`jetpm.demo.world.core.DEMO_TODAY`, 2026-12-06):

- the previous intake (:data:`~jetpm.demo.world.core.PUBLISHED_YEAR`, FY2026), finished: applied in autumn
  2025, screened, selected and published in spring 2026 (the placement step then places and appoints it);
- the intake in screening (:data:`~jetpm.demo.world.core.SCREENING_YEAR`, FY2027): applied in autumn 2026,
  its screening window (December–February) opened a few days ago. Nothing of it is selected yet.

Each intake has about 10,000 applications (1,000 at the small scale) spread over the recruiting countries as
its approved plan's seats (ALT ≈ 90 %, CIR ≈ 8 %, SEA ≈ 2 %), each through a mission of its country and
submitted inside that mission's intake window (the calendar's dates and the mission's override).

The finished intake is taken through the whole status machine: abandoned drafts, ineligible ones (with the
rule codes not met), withdrawals and disqualifications, the missions' panels and their reviews against the
year's guideline's criteria, interviews and Japanese tests, the missions' reports, and the Council's published
selection lists per country and job type (short-lists within the plan's seats, ranked alternates), the offers
and their replies (each replied to or lapsed by the spring deadline), and a few places freed by a decline and
filled by the next alternate (upgrades).

The intake in screening stops at the demo's today: abandoned drafts (the window is closed), a few
applications still waiting for the eligibility check, ineligible ones, every eligible one on a panel, the
document reviews of the first days (some finished, some in draft), a few not recommended after them, and
the interviews of those who passed, scheduled in January–February and the invitations sent.

Documents point to two small real files (a PDF and a PNG) written once under
``MEDIA_ROOT/applications/demo/``, so that downloads work. Every applicant and every external panelist is
fictional (:mod:`jetpm.demo.names`); the external panelists sit on their mission's panels of both years.
Every write is a multi-row insert (``core.bulk.insert_many``: what ``bulk_create`` writes, faster).

The demo login ``applicant`` has an application of the intake in screening (UK, ALT): it passed the
document screening and its interview is scheduled for January, the invitation in the portal with its
calendar file; the applicant may still update their contact details or withdraw.
"""

from __future__ import annotations

import hashlib
import io
import math
import random
import statistics
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Any
from zoneinfo import ZoneInfo

from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.db.models import Model
from django.utils import timezone, translation
from django.utils.formats import date_format

from jetpm.applications.models import Application, Document, Notice, Referee
from jetpm.applications.states import ApplicationStatus as S
from jetpm.applications.states import Degree, DocumentKind, LanguageAbility, Sex
from jetpm.applications.workflows import APPLICATIONS
from jetpm.core.bulk import insert_many
from jetpm.core.calendar import default_milestone_dates
from jetpm.core.models import Country, Membership, MilestoneOverride, Organisation, Person, User
from jetpm.core.states import JapaneseLevel, JobType, MilestoneKind, PersonKind, Role
from jetpm.demo import names
from jetpm.demo.logins import DEMO_LOGINS, UK_MISSION
from jetpm.demo.world.core import DEMO_TODAY, PUBLISHED_YEAR, SCREENING_YEAR
from jetpm.demo.world.walk import Walk, route
from jetpm.planning.models import Criterion, PlanLine
from jetpm.screening import calibration
from jetpm.screening.models import (
    Assignment,
    Conflict,
    Interview,
    JapaneseTest,
    MissionReport,
    Panel,
    PanelMember,
    ReportEntry,
    Review,
    StageResult,
)
from jetpm.screening.services.reports import report_order
from jetpm.screening.services.reviews import _q as score_q
from jetpm.screening.states import InterviewMode, MemberKind, ReportStatus, ReviewStatus, Stage
from jetpm.screening.workflows import REPORTS, REVIEWS
from jetpm.selection import ranking
from jetpm.selection.models import Offer, SelectionEntry, SelectionList, Vacancy
from jetpm.selection.states import ListStatus, OfferOrigin, OfferStatus, Result, VacancyStatus
from jetpm.selection.workflows import LISTS, OFFERS

if TYPE_CHECKING:
    from jetpm.demo.generator import DemoContext

N_APPLICATIONS = {"full": 10_000, "small": 1_000}
# the furthest stage of the screening an application reached, as its status
REACHED = {
    "eligible": S.ELIGIBLE,
    "documents": S.DOCUMENT_SCREENED,
    "interview": S.INTERVIEW,
    "recommended": S.RECOMMENDED,
}
JOB_SHARES = {JobType.ALT: 0.90, JobType.CIR: 0.08, JobType.SEA: 0.02}
PANEL_SIZE = 300  # about one panel per 300 applications of a mission and job type
BIRTH_FROM, BIRTH_TO = date(1975, 1, 1), date(2003, 12, 31)
DOCUMENTS_PASS = 3.0  # the lowest final weighted score (1–5) that passes a stage
INTERVIEW_PASS = 3.0
JAPANESE_PASS = 60
DEMO_DIR = "applications/demo"
REF_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
# The application form's steps (jetpm.applications.portal.selectors.STEPS), in order.
FORM_STEPS = (
    "personal",
    "contact",
    "education",
    "languages",
    "experience",
    "history",
    "preferences",
    "partner",
    "medical",
    "statement",
    "documents",
    "referees",
    "declarations",
)

# Fates decided before the screening, with their share of the applications and the least number made
# (so that every status shows at the small scale too). The rest are "screened".
EARLY_FATES: list[tuple[str, float, int]] = [
    ("draft", 0.02, 3),
    ("ineligible", 0.04, 3),
    ("withdrawn_early", 0.015, 2),
    ("disqualified_early", 0.004, 1),
    ("duplicate", 0.003, 2),
    ("withdrawn_before_interview", 0.01, 1),
    ("withdrawn_recommended", 0.006, 1),
]
# The intake in screening on the demo's today: the same early fates, and where each file stands in the
# screening that began a few days ago. The rest are "waiting": eligible, on a panel, not reviewed yet.
TODAY_FATES: list[tuple[str, float, int]] = [
    ("draft", 0.02, 3),
    ("ineligible", 0.04, 3),
    ("withdrawn_early", 0.01, 2),
    ("disqualified_early", 0.002, 1),
    ("duplicate", 0.003, 2),
    ("open_submitted", 0.04, 2),  # the eligibility check not done yet
    ("open_eligible", 0.12, 3),  # the document reviews begun (drafts)
    ("not_recommended", 0.03, 2),  # reviewed, not recommended
    ("open_documents", 0.03, 2),  # passed, the interview not scheduled yet
    ("open_interview", 0.07, 3),  # passed, the interview scheduled
    ("withdrawn_before_interview", 0.004, 1),
]
# Fates that need the document screening passed: their applicants are good ones.
GOOD_FATES = frozenset(
    {
        "open_documents",
        "open_interview",
        "withdrawn_before_interview",
        "withdrawn_recommended",
    }
)

SUBJECTS = [
    "English Literature",
    "History",
    "Linguistics",
    "Education",
    "International Relations",
    "Japanese Studies",
    "Psychology",
    "Biology",
    "Mathematics",
    "Economics",
    "Music",
    "Sport Science",
    "Political Science",
    "Communication",
    "Anthropology",
]
INSTITUTIONS = [
    "Northfield University",
    "Westbrook University",
    "University of Eastmoor",
    "Southgate College",
    "Lakeside University",
    "Riverbend University",
    "Hillcrest College",
    "Oakridge University",
    "Stonebridge University",
    "Maplewood College",
]
STREETS = ["Sample Street", "Example Road", "Demo Avenue", "Test Lane", "Mock Crescent", "Placeholder Way"]
QUALIFICATIONS = ["", "", "TEFL certificate (120 hours)", "CELTA", "PGCE (secondary)", "TESOL certificate"]
EXPERIENCE = [
    "Volunteer tutor of English to adult learners for two years.",
    "Summer camp counsellor and sports coach.",
    "Teaching assistant at a local secondary school.",
    "Customer service in a travel agency; organised exchange events at university.",
    "Private tutor of mathematics and English.",
    "Worked in a museum's education department with school groups.",
]
RELATIONSHIPS = [
    "Academic supervisor",
    "Former employer",
    "Professor",
    "Line manager",
    "Volunteer coordinator",
]
STATEMENT = [
    "I first became interested in Japan when an exchange student from Sendai joined my class at school.",
    "Since then I have read widely about Japanese history, literature and the life of its towns.",
    "At university I led a language-exchange club that brought local and international students together.",
    "Teaching children to enjoy a language is, to me, the most rewarding kind of work there is.",
    "I volunteered as a tutor for two years and learned how much patience and preparation a lesson needs.",
    "I would like to help pupils in a rural community see English as a door to the world, not a test.",
    "I am curious, adaptable and happy to take part in the life of the community I would join.",
    "In my free time I play football and the piano, and I would gladly share both with my students.",
    "I have studied Japanese for three years and I am eager to improve it through daily life in Japan.",
    "Working with Japanese teachers would teach me as much as I hope to give to their classes.",
    "I believe small exchanges between people build the understanding that nations depend on.",
    "After the programme I plan to keep strong links with Japan through my career in education.",
    "I know the first months may be hard, and I have prepared by talking with former participants.",
    "My home town has a sister city in Japan, and its visits shaped my wish to live there.",
    "I am ready to contribute to school events, clubs and local festivals as well as to lessons.",
]
# Reasons of the statuses that need one (jetpm.applications.states.REASON_REQUIRED).
REASONS = {
    "ineligible": "The application does not meet the eligibility rules of the {fy} guidelines.",
    "withdrawn_early": "The applicant withdrew the application.",
    "disqualified_early": "The degree given in the application could not be confirmed.",
    "duplicate_withdrawn": "Applied twice by mistake: the earlier application stands.",
    "duplicate_disqualified": "A second application by the same person in the same year.",
    "not_recommended_documents": "Not recommended after the document screening.",
    "not_recommended_interview": "Not recommended after the interview.",
    "withdrawn_before_interview": "The applicant withdrew before the interview.",
    "withdrawn_recommended": "The applicant accepted another position and withdrew.",
    "withdrawn_accepted": "The applicant withdrew after accepting the offer (family reasons).",
    "disqualified_accepted": "The criminal-record check was not provided in time.",
}
DECLINE_REASONS = [
    "I have accepted a graduate place at my university.",
    "I have been offered a permanent position at home.",
    "Family circumstances keep me at home this year.",
]
AIRPORTS = {
    "US": ["New York (JFK)", "Los Angeles (LAX)", "Chicago (ORD)", "Seattle (SEA)"],
    "GB": ["London (LHR)", "Manchester (MAN)", "Edinburgh (EDI)"],
    "CA": ["Toronto (YYZ)", "Vancouver (YVR)"],
    "AU": ["Sydney (SYD)", "Melbourne (MEL)"],
    "NZ": ["Auckland (AKL)"],
    "IE": ["Dublin (DUB)"],
}


@dataclass
class _Cand:
    """One application on its way through the machine, with what the step decided for it."""

    app: Application
    key: tuple[str, str]  # (country, job type): the selection list it belongs to
    mission_code: str
    quality: float
    fate: str
    is_login: bool = False
    panel: Panel | None = None
    results: dict[str, StageResult] = field(default_factory=dict)
    reached: str = (
        "draft"  # the furthest stage: draft, submitted, eligible, documents, interview, recommended
    )
    score: Decimal | None = None
    z: float | None = None
    rank: int = 0  # in its mission's report
    original: Application | None = None  # the earlier application this one duplicates
    via: list[str] = field(default_factory=list)  # the statuses of the selection it went through


def weighted_score(scores: dict[str, int], weights: dict[str, Decimal]) -> Decimal:
    """A submitted review's weighted score, as the review service computes it (screening/calibration.py)."""
    return score_q(calibration.weighted({k: float(v) for k, v in scores.items()}, _floats(weights)))


def _floats(weights: dict[str, Decimal]) -> dict[str, float]:
    return {k: float(v) for k, v in weights.items()}


def _at(day: date, hour: int = 10, minute: int = 0) -> datetime:
    return datetime(day.year, day.month, day.day, hour, minute, tzinfo=UTC)


def _local_at(day: date, hour: int, minute: int, zone: str) -> datetime:
    """That time of day in a mission's local time (core/time_zones.py), where it falls on the same day in UTC
    (the story's dates are days); otherwise, and for Japan time, in UTC as before."""
    if zone:
        local = datetime(day.year, day.month, day.day, hour, minute, tzinfo=ZoneInfo(zone))
        if local.astimezone(UTC).date() == day:
            return local
    return _at(day, hour, minute)


def _between(rng: random.Random, start: date, end: date) -> date:
    return start + timedelta(days=rng.randrange((end - start).days + 1))


def _monday_on_or_after(day: date) -> date:
    return day + timedelta(days=(7 - day.weekday()) % 7)


def _d(value: float) -> Decimal:
    return Decimal(str(round(value, 3))).quantize(Decimal("0.001"))


# --- the demo files -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class _File:
    name: str  # storage name, relative to MEDIA_ROOT
    content_type: str
    size: int
    sha256: str


def _pdf_bytes() -> bytes:
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen.canvas import Canvas

    buf = io.BytesIO()
    canvas = Canvas(buf, pagesize=A4, invariant=1)
    canvas.setFont("Helvetica-Bold", 18)
    canvas.drawString(72, 760, "JETPM demo document")
    canvas.setFont("Helvetica", 11)
    canvas.drawString(
        72, 736, "A file of the demo world: not a real transcript, degree, letter or certificate."
    )
    canvas.showPage()
    canvas.save()
    return buf.getvalue()


def _png_bytes() -> bytes:
    from PIL import Image, ImageDraw

    image = Image.new("RGB", (480, 300), (236, 240, 245))
    draw = ImageDraw.Draw(image)
    draw.rectangle((20, 20, 459, 279), outline=(40, 60, 90), width=3)
    draw.text((40, 40), "JETPM demo: passport page (not a real document)", fill=(40, 60, 90))
    buf = io.BytesIO()
    image.save(buf, format="PNG")
    return buf.getvalue()


def write_demo_files() -> dict[str, _File]:
    """Write the shared demo files under MEDIA_ROOT (once; rewritten when different) and describe them."""
    out: dict[str, _File] = {}
    for key, filename, content_type, data in (
        ("pdf", "demo-document.pdf", "application/pdf", _pdf_bytes()),
        ("png", "demo-passport-page.png", "image/png", _png_bytes()),
    ):
        name = f"{DEMO_DIR}/{filename}"
        path = Path(settings.MEDIA_ROOT) / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if not path.exists() or path.read_bytes() != data:
            path.write_bytes(data)
        out[key] = _File(name, content_type, len(data), hashlib.sha256(data).hexdigest())
    return out


# --- the step -----------------------------------------------------------------------------------------


def entrance_step(ctx: DemoContext) -> None:
    """The finished intake, then the one in screening on the demo's today (each needs its approved plan
    and guideline)."""
    plans = ctx.extra.get("plans", {})
    guidelines = ctx.extra.get("guidelines", {})
    years = [y for y in (PUBLISHED_YEAR, SCREENING_YEAR) if y in plans and y in guidelines]
    if not years:
        return
    login_user = ctx.users.get("applicant")
    login_person = (
        Person.objects.filter(user=login_user, kind=PersonKind.APPLICANT).first() if login_user else None
    )
    # the missions' own intake windows (one query for both years)
    ends: dict[tuple[int, int], date] = {
        (year, mission_id): ends_on
        for year, mission_id, ends_on in MilestoneOverride.objects.filter(
            milestone__kind=MilestoneKind.INTAKE, milestone__cycle__intake_year__in=years
        ).values_list("milestone__cycle__intake_year", "mission_id", "ends_on")
    }
    files = write_demo_files()
    pools: dict[str, list[tuple[User, str]]] = defaultdict(list)  # the missions' external panelists
    built: dict[int, _Entrance] = {}
    for year in years:
        entrance = _Entrance(
            ctx,
            year=year,
            plan_id=plans[year].pk,
            guideline_id=guidelines[year].pk,
            today=DEMO_TODAY if year == SCREENING_YEAR else None,
            login_person=login_person if year == SCREENING_YEAR else None,
            intake_ends={m: d for (y, m), d in ends.items() if y == year},
            files=files,
            pools=pools,
        )
        entrance.build()
        built[year] = entrance
    published, screening = built.get(PUBLISHED_YEAR), built.get(SCREENING_YEAR)
    ctx.extra["entrance"] = {
        "year": PUBLISHED_YEAR if published else None,
        "screening_year": SCREENING_YEAR if screening else None,
        "applications": [c.app for e in built.values() for c in e.cands],
        "login_application": next((c.app for e in built.values() for c in e.cands if c.is_login), None),
    }


class _Entrance:
    """One intake's entrance: finished (``today`` is None) or as it stands on ``today`` (in screening)."""

    def __init__(
        self,
        ctx: DemoContext,
        *,
        year: int,
        plan_id: int,
        guideline_id: int,
        today: date | None,
        login_person: Person | None,
        intake_ends: dict[int, date],
        files: dict[str, _File],
        pools: dict[str, list[tuple[User, str]]],
    ) -> None:
        self.ctx = ctx
        self.rng = ctx.rng
        self.year = year
        self.today = today
        self.login_person = login_person
        self.files = files
        self.pools = pools
        self.writes: list[tuple[type[Model], list[Model]]] = []  # in the order of their foreign keys
        self.lines = list(
            PlanLine.objects.filter(plan_id=plan_id, seats__gt=0)
            .select_related("country", "language")
            .order_by("job_type", "country__code", "language__code")
        )
        self.weights: dict[str, dict[str, Decimal]] = defaultdict(dict)
        self.scales: dict[str, tuple[int, int]] = {}
        for c in Criterion.objects.filter(guideline_id=guideline_id).order_by("stage", "order"):
            self.weights[c.stage][c.code] = c.weight
            self.scales[f"{c.stage}:{c.code}"] = (c.scale_min, c.scale_max)
        self.cands: list[_Cand] = []
        self.refs: set[str] = set()
        self.upgraded: set[int] = set()  # the alternates given a freed place (by id of their _Cand)
        self.interviews: dict[int, Interview] = {}  # by id of the _Cand
        self.hq = ctx.users.get("mofa.staff")
        self.council = ctx.users.get("council.approver")
        # the calendar of the intake (the seed's dates) and the missions' own intake windows
        calendar = default_milestone_dates(year)
        self.intake_opens, default_end = calendar["intake"]
        self.intake_ends = {code: intake_ends.get(m.pk, default_end) for code, m in ctx.missions.items()}
        self.screening_opens, _end = calendar["screening"]
        self.fy = f"FY{year}"
        # the replies to the offers (the calendar's results window: March–May)
        self.offer_deadline = date(year, 4, 30)
        self.upgrade_deadline = date(year, 5, 31)

    @property
    def live(self) -> bool:
        """True for the intake in screening on the demo's today."""
        return self.today is not None

    def _reason(self, key: str) -> str:
        return REASONS[key].format(fy=self.fy)

    # -- applications ----------------------------------------------------------------------------------

    def build(self) -> None:
        self._report("applications", 0.00)
        self._applications()
        self._report("documents and referees", 0.12)
        self._documents_and_referees()
        self._report("panels", 0.20)
        self._panels()
        self._report("reviews", 0.25)
        self._screening()
        if not self.live:
            self._report("mission reports", 0.35)
            self._reports()
            self._report("selection", 0.40)
            self._selection()
        self._report("notices", 0.45)
        self._finish()
        self._write()

    def _report(self, label: str, fraction: float) -> None:
        """Progress: the finished intake is the first half of the step, the one in screening the second."""
        half = 0.5 if self.live else 0.0
        self.ctx.report(f"{self.fy} {label}", half + 0.5 * fraction)

    def _queue(self, model: type[Model], rows: Iterable[Model]) -> None:
        """Everything is decided in memory first, then written by :meth:`_write` (final statuses at once)."""
        self.writes.append((model, list(rows)))

    def _write(self) -> None:
        walks = self._walks()
        total = sum(len(rows) for _m, rows in self.writes) or 1
        done = 0
        for model, rows in self.writes:
            self._report(f"writing {model._meta.verbose_name_plural}", 0.5 + 0.5 * done / total)
            insert_many(rows)
            done += len(rows)
        self._report("statuses through the workflows", 0.98)
        for walk in walks:
            walk.run(when=self._step_at)

    def _walks(self) -> list[Walk]:
        """Every record is written in the status it is created in, then taken to the status decided in
        memory through the workflow layer (core/workflow.py), step by step."""
        apps = Walk(APPLICATIONS)
        for c in self.cands:
            final = str(c.app.status)
            stops: list[str] = [S.DRAFT]
            if c.reached != "draft":
                stops.append(S.SUBMITTED)
            if c.reached in REACHED:
                stops.append(REACHED[c.reached])
            stops += c.via
            stops.append(final)
            apps.plan(c.app, route(APPLICATIONS, *stops), reason=c.app.status_reason)
        walks = [apps]
        for model, written in self.writes:
            rows: list[Any] = written
            if model is Review:
                w = Walk(REVIEWS)
                for r in rows:
                    w.plan(r, route(REVIEWS, ReviewStatus.DRAFT, r.status))
            elif model is MissionReport:
                w = Walk(REPORTS)
                for r in rows:
                    w.plan(r, route(REPORTS, ReportStatus.DRAFT, r.status))
            elif model is SelectionList:
                w = Walk(LISTS)
                for r in rows:
                    w.plan(r, route(LISTS, ListStatus.DRAFT, r.status))
            elif model is Offer:
                w = Walk(OFFERS)
                for r in rows:
                    if r.status == OfferStatus.WITHDRAWN:  # withdrawn after accepting
                        w.plan(r, [OfferStatus.OPEN, OfferStatus.ACCEPTED, OfferStatus.WITHDRAWN])
                    else:
                        w.plan(r, route(OFFERS, OfferStatus.OPEN, r.status), reason=r.decline_reason)
            else:
                continue
            walks.append(w)
        return walks

    def _step_at(self, row: Model, status: str) -> datetime:
        """When a record of this intake went into ``status`` (where it holds no time stamp of its own)."""
        y, opens = self.year, self.screening_opens
        days: dict[str, date] = {
            S.ELIGIBLE: opens,
            S.INELIGIBLE: opens,
            S.DOCUMENT_SCREENED: opens + timedelta(days=20),
            S.NOT_RECOMMENDED: opens + timedelta(days=20) if self.live else date(y, 2, 14),
            S.INTERVIEW: opens + timedelta(days=21),
            S.RECOMMENDED: date(y, 2, 20),
            S.SHORTLISTED: date(y, 3, 31),
            S.ALTERNATE: date(y, 3, 31),
            S.NOT_SELECTED: date(y, 3, 31),
            S.ACCEPTED: date(y, 4, 20),
            S.DECLINED: date(y, 4, 30),
            S.CLEARED: date(y, 5, 25),
        }
        day = days.get(status, date(y, 5, 31))  # withdrawals and disqualifications: by the end of the intake
        if isinstance(row, Offer):
            day = row.deadline
        if self.today is not None:
            day = min(day, self.today - timedelta(days=1))
        return _at(day, 12)

    def _reference(self, country: str) -> str:
        while True:
            ref = f"{self.year}-{country}-" + "".join(self.rng.choice(REF_ALPHABET) for _ in range(6))
            if ref not in self.refs:
                self.refs.add(ref)
                return ref

    def _per_line(self, total: int) -> list[tuple[PlanLine, int]]:
        """The applications per plan line: the job types' shares, then each line's seats within its type."""
        by_job: dict[str, list[PlanLine]] = defaultdict(list)
        for line in self.lines:
            by_job[line.job_type].append(line)
        shares = {job: share for job, share in JOB_SHARES.items() if by_job.get(job)}
        out: list[tuple[PlanLine, int]] = []
        left = total
        jobs = sorted(shares, key=lambda j: -shares[j])
        for i, job in enumerate(jobs):
            n_job = left if i == len(jobs) - 1 else round(total * shares[job] / sum(shares.values()))
            left -= n_job
            lines = by_job[job]
            seats = sum(line.seats for line in lines)
            quotas = [n_job * line.seats / seats for line in lines]
            alloc = [int(q) for q in quotas]
            order = sorted(range(len(lines)), key=lambda k: -(quotas[k] - alloc[k]))
            for k in order[: n_job - sum(alloc)]:
                alloc[k] += 1
            out += [(line, n) for line, n in zip(lines, alloc, strict=True) if n]
        return out

    def _fates(self, n: int) -> list[str]:
        fates: list[str] = []
        for fate, share, least in TODAY_FATES if self.live else EARLY_FATES:
            fates += [fate] * max(least, round(n * share))
        fates += ["waiting" if self.live else "screened"] * max(0, n - len(fates))
        self.rng.shuffle(fates)
        return fates[:n]

    def _applications(self) -> None:
        ctx, rng = self.ctx, self.rng
        total = N_APPLICATIONS.get(ctx.scale, N_APPLICATIONS["small"])
        login_person = self.login_person
        base = 50_000 + 20_000 * (self.year - PUBLISHED_YEAR)  # e-mail numbers: distinct over the years
        slots: list[PlanLine] = [line for line, n in self._per_line(total - 1) for _ in range(n)]
        rng.shuffle(slots)
        fates = self._fates(len(slots))
        persons: list[Person] = []
        first_of: dict[str, list[_Cand]] = defaultdict(list)  # country → submitted candidates (duplicates)
        for i, (line, fate) in enumerate(zip(slots, fates, strict=True)):
            cc = line.country.code
            mission = rng.choice(ctx.missions_by_country[cc])
            original = None
            if fate == "duplicate" and first_of[cc]:
                original = rng.choice(first_of[cc])
            name = names.person_name(rng)
            given, family = name.given, name.family
            birth = BIRTH_FROM + timedelta(days=rng.randrange((BIRTH_TO - BIRTH_FROM).days + 1))
            if original is not None:
                given, family = original.app.passport_given_names, original.app.passport_family_name
                assert original.app.birth_date is not None
                birth = original.app.birth_date
            person = Person(
                kind=PersonKind.APPLICANT,
                given_name=given,
                family_name=family,
                birth_date=birth,
                email=f"{given}.{family}.{base + i}@example.org".lower(),
                nationality=line.country,
                mission=mission,
            )
            persons.append(person)
            if fate == "duplicate" and original is None:
                fate = "screened"  # nobody to duplicate yet
            cand = self._candidate(person, line, mission, fate)
            cand.original = original.app if original is not None else None
            self.cands.append(cand)
            if cand.fate not in {"draft", "duplicate"}:
                first_of[cc].append(cand)
        self._queue(Person, persons)
        if login_person is not None:
            gb_alt = next(
                (line for line in self.lines if line.country.code == "GB" and line.job_type == JobType.ALT),
                None,
            )
            if gb_alt is not None:
                login = self._candidate(login_person, gb_alt, ctx.missions[UK_MISSION], "open_interview")
                login.is_login = True
                login.quality = 4.6
                self.cands.append(login)
        # the duplicates after the applications they duplicate (a foreign key needs a saved row)
        self._queue(Application, [c.app for c in self.cands if c.original is None])
        for c in self.cands:
            if c.original is not None:
                c.app.duplicate_of = c.original
        self._queue(Application, [c.app for c in self.cands if c.original is not None])

    def _candidate(self, person: Person, line: PlanLine, mission: Organisation, fate: str) -> _Cand:
        rng = self.rng
        cc, job = line.country.code, line.job_type
        quality = rng.gauss(3.0, 0.75)
        if fate in GOOD_FATES:
            quality = max(quality, 4.2)
        submitted = fate != "draft"
        assert person.birth_date is not None
        y = self.year
        degree_date = _between(rng, date(max(person.birth_date.year + 21, y - 28), 6, 1), date(y, 6, 30))
        failures: list[str] = []
        if fate == "ineligible":
            pool = ["degree", "years_in_japan", "former_gap", "designated_language"]
            if job == JobType.CIR:
                pool.append("cir_japanese")
            failures = sorted(rng.sample(pool, 2 if rng.random() < 0.15 else 1))
        former = "former_gap" in failures or rng.random() < 0.03
        jp_levels = [
            JapaneseLevel.NONE,
            JapaneseLevel.NONE,
            JapaneseLevel.N5,
            JapaneseLevel.N4,
            JapaneseLevel.N3,
        ]
        japanese = (
            rng.choice([JapaneseLevel.N1, JapaneseLevel.N2]) if job == JobType.CIR else rng.choice(jp_levels)
        )
        if "cir_japanese" in failures:
            japanese = JapaneseLevel.N3
        ability = (
            LanguageAbility.NATIVE
            if line.language.code == "en"
            else rng.choice([LanguageAbility.NATIVE, LanguageAbility.EXCELLENT])
        )
        if "designated_language" in failures:
            ability = LanguageAbility.GOOD
        steps = list(FORM_STEPS) if submitted else list(FORM_STEPS[: rng.randint(2, len(FORM_STEPS) - 1)])
        prefs = rng.sample(sorted(self.ctx.prefectures.values(), key=lambda p: p.code), 3)
        # submitted inside the mission's own intake window
        day = _between(rng, self.intake_opens, self.intake_ends[mission.code])
        app = Application(
            reference=self._reference(cc),
            person=person,
            intake_year=self.year,
            mission=mission,
            country=line.country,
            job_type=job,
            language=line.language,
            status=S.DRAFT if not submitted else S.SUBMITTED,
            submitted_at=_at(day, rng.randint(8, 22), rng.randint(0, 59)) if submitted else None,
            steps_done=steps,
            passport_family_name=person.family_name,
            passport_given_names=person.given_name,
            birth_date=person.birth_date,
            sex=rng.choices([Sex.FEMALE, Sex.MALE, Sex.OTHER], weights=[52, 45, 3])[0],
            email=person.email,
            phone=f"+00 555 {rng.randint(100, 999)} {rng.randint(1000, 9999)}",
            address=f"{rng.randint(1, 250)} {rng.choice(STREETS)}, {line.country.name_en}",
            nationality=line.country,
            degree=Degree.NONE
            if "degree" in failures
            else rng.choices([Degree.BACHELOR, Degree.MASTER, Degree.DOCTORATE], weights=[80, 18, 2])[0],
            degree_subject=rng.choice(SUBJECTS),
            institution=rng.choice(INSTITUTIONS),
            degree_date=date(y, 12, 15) if "degree" in failures else degree_date,
            degree_expected="degree" in failures or degree_date > day,
            language_ability=ability,
            japanese_level=japanese,
            teaching_qualifications=rng.choice(QUALIFICATIONS),
            experience=rng.choice(EXPERIENCE),
            former_participant=former,
            former_start_year=(y - 4 if "former_gap" in failures else y - 9) if former else None,
            former_years=(2 if "former_gap" in failures else rng.randint(1, 3)) if former else None,
            years_in_japan_last_10=7 if "years_in_japan" in failures else (3 if former else 0),
            preference_1=prefs[0],
            preference_2=prefs[1],
            preference_3=prefs[2],
            preference_reasons="I would like to live in a rural area and take part in local life.",
            medical_fit=True,
            statement=" ".join(rng.sample(STATEMENT, 10)) if "statement" in steps else "",
            declaration_true=submitted,
            declaration_consent=submitted,
            eligibility_failures=failures,
        )
        return _Cand(
            app=app,
            key=(cc, job),
            mission_code=mission.code,
            quality=quality,
            fate=fate,
            reached="draft" if not submitted else "submitted",
        )

    # -- documents and referees ------------------------------------------------------------------------

    def _doc(self, app: Application, kind: str, *, png: bool = False, problem: str = "") -> Document:
        f = self.files["png" if png else "pdf"]
        ext = "png" if png else "pdf"
        when = app.submitted_at or _at(self.intake_opens + timedelta(days=14))
        return Document(
            application=app,
            kind=kind,
            file=f.name,
            original_name=f"{kind}.{ext}",
            content_type=f.content_type,
            size=f.size,
            sha256=f.sha256,
            uploaded_by=None,
            problem=problem,
            problem_at=when + timedelta(days=14) if problem else None,
        )

    def _documents_and_referees(self) -> None:
        rng = self.rng
        docs: list[Document] = []
        letters: list[tuple[Referee, Document | None]] = []
        for c in self.cands:
            app = c.app
            if "documents" in app.steps_done:
                for kind in (DocumentKind.TRANSCRIPT, DocumentKind.DEGREE, DocumentKind.NATIONALITY):
                    problem = ""
                    if app.status != S.DRAFT and rng.random() < 0.02:
                        problem = "The scan is hard to read: please upload a clearer copy."
                    docs.append(self._doc(app, kind, png=kind == DocumentKind.NATIONALITY, problem=problem))
                if app.job_type == JobType.CIR or rng.random() < 0.3:
                    docs.append(self._doc(app, DocumentKind.CERTIFICATE))
            if "referees" not in app.steps_done:
                continue
            for order in (1, 2):
                name = names.person_name(rng)
                received = app.status != S.DRAFT and rng.random() < 0.92
                letter = self._doc(app, DocumentKind.REFERENCE) if received else None
                if letter is not None:
                    docs.append(letter)
                when = app.submitted_at or _at(self.intake_opens + timedelta(days=14))
                letters.append(
                    (
                        Referee(
                            application=app,
                            order=order,
                            name=f"{name.given} {name.family}",
                            email=f"{name.given}.{name.family}.ref{order}@example.org".lower(),
                            relationship=rng.choice(RELATIONSHIPS),
                            invited_at=when - timedelta(days=rng.randint(5, 30)),
                            expires_at=when + timedelta(days=30),
                            received_at=when - timedelta(days=rng.randint(0, 4)) if received else None,
                        ),
                        letter,
                    )
                )
        self.documents = docs
        self._queue(Document, docs)
        for referee, letter in letters:
            referee.letter = letter
        self._queue(Referee, [r for r, _l in letters])

    # -- panels ----------------------------------------------------------------------------------------

    def _screened(self) -> list[_Cand]:
        early_stop = {
            "draft",
            "ineligible",
            "withdrawn_early",
            "disqualified_early",
            "duplicate",
            "open_submitted",
        }
        return [c for c in self.cands if c.fate not in early_stop]

    def _panels(self) -> None:
        ctx, rng = self.ctx, self.rng
        staff_of: dict[str, list[User]] = defaultdict(list)
        for d in DEMO_LOGINS:
            if d.role == Role.STAFF and d.organisation in ctx.missions and d.username in ctx.users:
                staff_of[d.organisation].append(ctx.users[d.username])
        panelist_login = ctx.users.get("panelist")
        groups: dict[tuple[str, str], list[_Cand]] = defaultdict(list)
        for c in self._screened():
            groups[(c.mission_code, c.app.job_type)].append(c)
        password = make_password(None)  # unusable: external panelists sign in only once invited
        panels: list[Panel] = []
        members: list[tuple[Panel, User, str]] = []
        users: list[User] = []
        memberships: list[Membership] = []
        pools = self.pools  # shared by the years: a mission's external panelists sit on both years' panels
        panel_no: dict[str, int] = defaultdict(int)
        self.panel_cands: dict[int, list[_Cand]] = {}
        panel_groups: list[tuple[Panel, list[_Cand], list[tuple[User, str]]]] = []
        for (code, job), cands in sorted(groups.items()):
            mission = ctx.missions[code]
            n = math.ceil(len(cands) / PANEL_SIZE)
            for k in range(n):
                staff = staff_of.get(code, [])
                seats: list[tuple[User, str]] = [(u, MemberKind.STAFF) for u in staff]
                if code == UK_MISSION and job == JobType.ALT and k == 0 and panelist_login is not None:
                    seats.append((panelist_login, MemberKind.ALUMNUS))
                want = max(3, len(seats) + 2) + (1 if rng.random() < 0.3 else 0)
                # external members from the mission's pool (a panelist sits on several of its panels)
                pool = pools[code]
                start = panel_no[code]
                panel_no[code] += 1
                while len(pool) < start + want - len(seats):
                    nm = names.person_name(rng)
                    user = User(
                        username=f"panel.{code.removeprefix('mission-')}.{len(pool) + 1}",
                        password=password,
                        first_name=nm.given,
                        last_name=nm.family,
                        email=f"{nm.given}.{nm.family}.{code}.{len(pool) + 1}@example.org".lower(),
                        language="en",
                    )
                    users.append(user)
                    memberships.append(Membership(user=user, organisation=mission, role=Role.PANELIST))
                    kind = rng.choice([MemberKind.ALUMNUS, MemberKind.EDUCATOR, MemberKind.OTHER])
                    pool.append((user, kind))
                seats += pool[start : start + want - len(seats)]
                panel = Panel(
                    mission=mission,
                    intake_year=self.year,
                    name=f"Panel {job} {k + 1}",
                    job_type=job,
                    chair=seats[0][0],
                    disagreement_threshold=Decimal(1),
                )
                panels.append(panel)
                panel_groups.append((panel, cands[k::n], seats))
        self._queue(User, users)
        self._queue(Membership, memberships)
        self._queue(Panel, panels)
        assignments: list[Assignment] = []
        self.members: dict[int, list[User]] = {}
        for panel, cands, seats in panel_groups:
            members += [(panel, u, kind) for u, kind in seats]
            self.members[id(panel)] = [u for u, _k in seats]
            for c in cands:
                c.panel = panel
                assignments.append(Assignment(panel=panel, application=c.app))
        self._queue(PanelMember, (PanelMember(panel=p, user=u, kind=kind) for p, u, kind in members))
        self._queue(Assignment, assignments)
        self.panels = panels

    # -- screening -------------------------------------------------------------------------------------

    def _review(
        self,
        c: _Cand,
        stage: str,
        reviewer: User,
        latent: float,
        bias: float,
        day: date,
        *,
        draft: bool = False,
    ) -> Review:
        rng = self.rng
        scores: dict[str, int] = {}
        for code in self.weights[stage]:
            lo, hi = self.scales[f"{stage}:{code}"]
            scores[code] = min(hi, max(lo, round(latent + bias + rng.gauss(0, 0.5))))
        if draft:
            scores = dict(list(scores.items())[: rng.randint(1, len(scores) - 1)])
        return Review(
            application=c.app,
            stage=stage,
            reviewer=reviewer,
            status=ReviewStatus.DRAFT if draft else ReviewStatus.SUBMITTED,
            scores=scores,
            weighted=None if draft else weighted_score(scores, self.weights[stage]),
            comment=""
            if draft
            else rng.choice(["", "", "Clear and well prepared.", "Convincing motivation."]),
            submitted_at=None if draft else _at(day, rng.randint(9, 18)),
        )

    def _stage(
        self,
        c: _Cand,
        stage: str,
        latent: float,
        day: date,
        reviews: list[Review],
        *,
        conflicted: User | None,
    ) -> None:
        """Two or three members' submitted reviews of one stage, and the panel's result."""
        rng = self.rng
        assert c.panel is not None
        pool = [u for u in self.members[id(c.panel)] if u != conflicted]
        chosen = rng.sample(pool, min(len(pool), rng.choice([2, 2, 3])))
        outlier = rng.random() < 0.03
        mine = []
        for i, reviewer in enumerate(chosen):
            bias = rng.gauss(0, 0.15) + (rng.choice([-1.8, 1.8]) if outlier and i == 0 else 0.0)
            mine.append(self._review(c, stage, reviewer, latent, bias, day))
        reviews += mine
        values = [r.weighted for r in mine if r.weighted is not None]
        # as the review service recomputes a stage result (screening/services/reviews.recompute)
        summary = calibration.summarise([float(v) for v in values])
        assert summary is not None
        spread = score_q(summary.spread)
        result = StageResult(application=c.app, stage=stage, mean=score_q(summary.mean), spread=spread)
        if calibration.disagrees(float(spread), float(c.panel.disagreement_threshold)):
            ordered = sorted(values)
            result.resolved = _d(float(statistics.median(ordered)))
            result.resolved_by = c.panel.chair
            result.resolution_note = (
                "The panel discussed the application; the chair settled on the median score."
            )
        c.results[stage] = result

    def _screening(self) -> None:
        rng = self.rng
        reviews: list[Review] = []
        conflicts: list[Conflict] = []
        interviews: list[Interview] = []
        tests: list[JapaneseTest] = []
        slots: dict[int, int] = defaultdict(int)
        screened = self._screened()
        opens = self.screening_opens
        # the document reviews: the screening's first three weeks, or its first days up to the demo's today
        docs_days = (
            opens + timedelta(days=1),
            self.today - timedelta(days=2) if self.today else opens + timedelta(days=19),
        )
        first_interviews = _monday_on_or_after(date(self.year, 1, 10))
        for i, c in enumerate(screened):
            assert c.panel is not None
            conflicted = None
            if i % 250 == 7:
                conflicted = rng.choice(self.members[id(c.panel)])
                conflicts.append(
                    Conflict(user=conflicted, application=c.app, reason="Taught the applicant at university.")
                )
            c.reached = "eligible"
            if c.fate == "waiting":
                continue  # on the panel, not reviewed yet
            docs_day = _between(rng, *docs_days)
            if c.fate == "open_eligible":
                reviewer = rng.choice(self.members[id(c.panel)])
                reviews.append(
                    self._review(c, Stage.DOCUMENTS, reviewer, c.quality, 0.0, docs_day, draft=True)
                )
                continue
            self._stage(c, Stage.DOCUMENTS, c.quality, docs_day, reviews, conflicted=conflicted)
            docs = c.results[Stage.DOCUMENTS]
            final = docs.resolved if docs.resolved is not None else docs.mean
            assert final is not None
            docs.passed = c.fate != "not_recommended" and (
                c.is_login or c.fate in GOOD_FATES or float(final) >= DOCUMENTS_PASS
            )
            if not docs.passed:
                continue
            c.reached = "documents"
            if c.fate in {"open_documents", "withdrawn_before_interview"}:
                continue
            # the interview
            k = slots[id(c.panel)]
            slots[id(c.panel)] += 1
            day = first_interviews + timedelta(days=(k // 10) + 2 * ((k // 10) // 5))  # weekdays only
            # invited a few days after the document screening: before Christmas, or by the demo's today
            invited = (
                _between(rng, docs_day + timedelta(days=1), self.today - timedelta(days=1))
                if self.today
                else opens + timedelta(days=22)
            )
            online = rng.random() < 0.6
            interview = Interview(
                panel=c.panel,
                application=c.app,
                starts_at=_local_at(
                    day, 9 + (k % 10) * 45 // 60, (k % 10) * 45 % 60, c.panel.mission.time_zone
                ),
                minutes=30,
                mode=InterviewMode.ONLINE if online else InterviewMode.IN_PERSON,
                place=f"https://meet.example.org/{c.app.reference}"
                if online
                else f"{c.panel.mission.name_en}, interview room {rng.randint(1, 3)}",
                message="Please join five minutes early and have your passport at hand.",
                invited_at=_at(invited, 11),
            )
            interviews.append(interview)
            self.interviews[id(c)] = interview
            c.reached = "interview"
            if self.live:
                continue  # the interviews are still to come
            latent = 0.5 * c.quality + 0.5 * rng.gauss(3.1, 0.7)
            if c.is_login or c.fate in GOOD_FATES:
                latent = max(latent, 4.0)
            self._stage(c, Stage.INTERVIEW, latent, day, reviews, conflicted=conflicted)
            result = c.results[Stage.INTERVIEW]
            final = result.resolved if result.resolved is not None else result.mean
            assert final is not None
            passed = c.is_login or float(final) >= INTERVIEW_PASS or c.fate in GOOD_FATES
            if c.app.job_type == JobType.CIR:
                score = max(0, min(100, round(40 + 10 * latent + rng.gauss(0, 8))))
                if c.is_login or c.fate in GOOD_FATES:
                    score = max(score, 70)
                test_passed = score >= JAPANESE_PASS
                tests.append(
                    JapaneseTest(
                        application=c.app,
                        tested_on=day,
                        score=score,
                        passed=test_passed,
                        notes="" if test_passed else "Reading below the level required.",
                        recorded_by=c.panel.chair,
                    )
                )
                passed = passed and test_passed
            result.passed = passed
            if passed:
                c.reached = "recommended"
        self._z_scores()
        self._queue(Review, reviews)
        self._queue(StageResult, [r for c in self.cands for r in c.results.values()])
        self._queue(Conflict, conflicts)
        self._queue(Interview, interviews)
        self._queue(JapaneseTest, tests)

    def _z_scores(self) -> None:
        """The z-scores of the final scores within each panel and stage, as the review service calibrates
        them (screening/services/reviews.recalibrate); a recommended candidate's score and z-score are its
        interview's, as the mission's report takes them (screening/services/reports.ranked_entries)."""
        by_panel: dict[tuple[int, str], list[StageResult]] = defaultdict(list)
        for c in self.cands:
            if c.panel is None:
                continue
            for stage, r in c.results.items():
                by_panel[(id(c.panel), stage)].append(r)
        for results in by_panel.values():
            scored = [r for r in results if r.final is not None]
            zs = calibration.z_scores([calibration.Score(i, float(r.final)) for i, r in enumerate(scored)])
            for r, z in zip(scored, zs, strict=True):
                r.z_score = z.z
        for c in self.cands:
            if c.reached == "recommended":
                interview = c.results.get(Stage.INTERVIEW)
                c.score = interview.final if interview is not None else Decimal(0)
                c.z = interview.z_score if interview is not None else None

    # -- mission reports -------------------------------------------------------------------------------

    def _reports(self) -> None:
        rng = self.rng
        by_mission: dict[str, list[_Cand]] = defaultdict(list)
        for c in self.cands:
            if c.reached == "recommended":
                by_mission[c.mission_code].append(c)
        submitter = {
            UK_MISSION: self.ctx.users.get("mission.approver"),
            "mission-ie-dublin": self.ctx.users.get("mission2.staff"),
        }
        reports: list[MissionReport] = []
        entries: list[ReportEntry] = []
        for code, cands in sorted(by_mission.items()):
            report = MissionReport(
                mission=self.ctx.missions[code],
                intake_year=self.year,
                version=1,
                status=ReportStatus.SUBMITTED,
                note=f"Recommended candidates of the {self.fy} intake, ranked per job type.",
                submitted_at=_at(date(self.year, 2, 21) + timedelta(days=rng.randint(0, 6)), 16),
                submitted_by=submitter.get(code),
            )
            reports.append(report)
            by_job: dict[str, list[_Cand]] = defaultdict(list)
            for c in cands:
                by_job[c.app.job_type].append(c)
            for job, ranked in sorted(by_job.items()):
                ranked.sort(key=self._report_order)
                for rank, c in enumerate(ranked, start=1):
                    c.rank = rank
                    assert c.score is not None
                    entries.append(
                        ReportEntry(
                            report=report,
                            application=c.app,
                            job_type=job,
                            rank=rank,
                            score=c.score,
                            z_score=c.z,
                        )
                    )
        self._queue(MissionReport, reports)
        self._queue(ReportEntry, entries)

    @staticmethod
    def _report_order(c: _Cand) -> tuple[Decimal, Decimal, str]:
        interview, documents = c.results.get(Stage.INTERVIEW), c.results.get(Stage.DOCUMENTS)
        return report_order(
            interview.final if interview is not None else None,
            documents.final if documents is not None else None,
            c.app.reference,
        )

    # -- selection -------------------------------------------------------------------------------------

    def _selection(self) -> None:
        rng = self.rng
        seats: dict[tuple[str, str], int] = defaultdict(int)
        countries: dict[str, Country] = {}
        for line in self.lines:
            seats[(line.country.code, line.job_type)] += line.seats
            countries[line.country.code] = line.country
        candidates: dict[tuple[str, str], list[_Cand]] = defaultdict(list)
        for c in self.cands:
            if c.reached == "recommended" and c.fate not in {"withdrawn_recommended", "late_recommended"}:
                candidates[c.key].append(c)
        # the candidates in the order their applications are written (the ranking's last tie-breaker)
        written = [c for c in self.cands if c.original is None] + [c for c in self.cands if c.original]
        order = {id(c): i for i, c in enumerate(written)}
        lists: list[SelectionList] = []
        entries: list[SelectionEntry] = []
        offers: list[Offer] = []
        vacancies: list[Vacancy] = []
        for key in sorted(seats):
            cc, job = key
            n_seats = seats[key]
            sel = SelectionList(
                intake_year=self.year,
                country=countries[cc],
                job_type=job,
                seats=n_seats,
                status=ListStatus.PUBLISHED,
                note=f"Within the seats of the approved {self.fy} country plan.",
                proposed_at=_at(date(self.year, 3, 10)),
                approved_at=_at(date(self.year, 3, 24), 15),
                approved_by=self.council,
                published_at=_at(date(self.year, 3, 31), 9),
            )
            lists.append(sel)
            # the list the selection service proposes (selection/ranking.py) from the missions' reports
            mine = {order[id(c)]: c for c in candidates.get(key, [])}
            proposed = ranking.propose(
                [ranking.Candidate(i, c.score or Decimal(0), c.z, c.rank) for i, c in sorted(mine.items())],
                n_seats,
                max(1, round(0.3 * n_seats)),
            )
            ranked = [mine[p.candidate.application_id] for p in proposed]
            short = [mine[p.candidate.application_id] for p in proposed if p.result == ranking.SHORTLISTED]
            alternates = [mine[p.candidate.application_id] for p in proposed if p.result == ranking.ALTERNATE]
            n_alt = len(alternates)
            for c in short:
                entries.append(
                    SelectionEntry(
                        selection=sel,
                        application=c.app,
                        result=Result.SHORTLISTED,
                        score=c.score,
                        z_score=c.z,
                    )
                )
            for rank, c in enumerate(alternates, start=1):
                entries.append(
                    SelectionEntry(
                        selection=sel,
                        application=c.app,
                        result=Result.ALTERNATE,
                        alternate_rank=rank,
                        score=c.score,
                        z_score=c.z,
                    )
                )
                c.app.status = S.ALTERNATE
            for c in ranked[len(short) + n_alt :]:
                entries.append(
                    SelectionEntry(
                        selection=sel,
                        application=c.app,
                        result=Result.NOT_SELECTED,
                        score=c.score,
                        z_score=c.z,
                    )
                )
                c.app.status = S.NOT_SELECTED
            waiting = list(alternates)
            for c in short:
                freed = self._offer_outcome(c, offers)
                if freed is None:
                    continue
                vacancy = Vacancy(selection=sel, freed_by=c.app, reason=freed, status=VacancyStatus.UNFILLED)
                if waiting:
                    alt = waiting.pop(0)
                    self.upgraded.add(id(alt))
                    alt.via = [S.ALTERNATE, S.SHORTLISTED, S.ACCEPTED]
                    cleared = rng.random() < 0.6
                    alt.app.status = S.CLEARED if cleared else S.ACCEPTED
                    offers.append(
                        self._offer(alt, OfferOrigin.UPGRADE, OfferStatus.ACCEPTED, self.upgrade_deadline)
                    )
                    vacancy.status = VacancyStatus.FILLED
                    vacancy.filled_by = alt.app
                    vacancy.filled_at = _at(date(self.year, 5, 12) + timedelta(days=rng.randint(0, 10)))
                    vacancy.confirmed_by = self.hq
                vacancies.append(vacancy)
        self._queue(SelectionList, lists)
        self._queue(SelectionEntry, entries)
        self._queue(Offer, offers)
        self._queue(Vacancy, vacancies)

    def _offer(self, c: _Cand, origin: str, status: str, deadline: date) -> Offer:
        rng = self.rng
        cc = c.key[0]
        replied = status != OfferStatus.OPEN
        accepted = status in {OfferStatus.ACCEPTED, OfferStatus.WITHDRAWN}
        airports = AIRPORTS.get(cc, [f"{c.app.country.name_en} (capital)"])
        return Offer(
            application=c.app,
            origin=origin,
            status=status,
            deadline=deadline,
            replied_at=_at(deadline - timedelta(days=rng.randint(1, 20)), 11)
            if replied and status != OfferStatus.LAPSED
            else None,
            departure_airport=rng.choice(airports) if accepted else "",
            passport_number=f"X{rng.randint(10_000_000, 99_999_999)}" if accepted else "",
            passport_expires_on=date(2028 + rng.randint(0, 8), rng.randint(1, 12), 1) if accepted else None,
            decline_reason=rng.choice(DECLINE_REASONS) if status == OfferStatus.DECLINED else "",
        )

    def _offer_outcome(self, c: _Cand, offers: list[Offer]) -> str | None:
        """The short-listed candidate's reply; the reason of the freed place when they do not take it."""
        rng = self.rng
        app = c.app
        roll = rng.random()
        c.via = [S.SHORTLISTED]
        if roll < 0.08:
            app.status = S.DECLINED
            offers.append(self._offer(c, OfferOrigin.SHORTLIST, OfferStatus.DECLINED, self.offer_deadline))
            return "Declined the offer."
        if roll < 0.095:
            app.status = S.DECLINED
            offers.append(self._offer(c, OfferOrigin.SHORTLIST, OfferStatus.LAPSED, self.offer_deadline))
            return "No reply by the deadline."
        c.via.append(S.ACCEPTED)
        if roll < 0.12:
            app.status = S.WITHDRAWN
            app.status_reason = self._reason("withdrawn_accepted")
            offers.append(self._offer(c, OfferOrigin.SHORTLIST, OfferStatus.WITHDRAWN, self.offer_deadline))
            return "Withdrew after accepting."
        if roll < 0.13:
            app.status = S.DISQUALIFIED
            app.status_reason = self._reason("disqualified_accepted")
            offers.append(self._offer(c, OfferOrigin.SHORTLIST, OfferStatus.WITHDRAWN, self.offer_deadline))
            return "Disqualified after accepting."
        app.status = S.CLEARED if rng.random() < 0.6 else S.ACCEPTED
        offers.append(self._offer(c, OfferOrigin.SHORTLIST, OfferStatus.ACCEPTED, self.offer_deadline))
        return None

    # -- statuses, late documents, notices -------------------------------------------------------------

    def _finish(self) -> None:
        rng = self.rng
        late_docs: list[Document] = []
        notices: list[Notice] = []
        for c in self.cands:
            app = c.app
            self._final_status(c)
            if app.status in {S.ACCEPTED, S.CLEARED}:
                kinds = [DocumentKind.HEALTH, DocumentKind.CRIMINAL_RECORD]
                if app.status == S.ACCEPTED:
                    kinds = kinds[: rng.randint(0, 1)]
                late_docs += [self._doc(app, kind) for kind in kinds]
            notice = self._notice(c)
            if notice is not None:
                notices.append(notice)
        self._queue(Document, late_docs)
        self._queue(Notice, notices)

    def _final_status(self, c: _Cand) -> None:
        app, fate, rng = c.app, c.fate, self.rng
        if fate == "draft":
            app.status = S.DRAFT
        elif fate == "ineligible":
            app.status, app.status_reason = S.INELIGIBLE, self._reason("ineligible")
        elif fate == "withdrawn_early":
            app.status, app.status_reason = S.WITHDRAWN, self._reason("withdrawn_early")
        elif fate == "disqualified_early":
            app.status, app.status_reason = S.DISQUALIFIED, self._reason("disqualified_early")
        elif fate == "duplicate":
            if rng.random() < 0.5:
                app.status, app.status_reason = S.WITHDRAWN, self._reason("duplicate_withdrawn")
            else:
                app.status, app.status_reason = S.DISQUALIFIED, self._reason("duplicate_disqualified")
        elif fate == "open_submitted":
            app.status = S.SUBMITTED
        elif c.reached == "eligible" and fate in {"open_eligible", "waiting"}:
            app.status = S.ELIGIBLE
        elif c.reached == "eligible":
            app.status, app.status_reason = S.NOT_RECOMMENDED, self._reason("not_recommended_documents")
        elif c.reached == "documents" and fate == "withdrawn_before_interview":
            app.status, app.status_reason = S.WITHDRAWN, self._reason("withdrawn_before_interview")
        elif c.reached == "documents":
            app.status = S.DOCUMENT_SCREENED
        elif c.reached == "interview" and fate == "open_interview":
            app.status = S.INTERVIEW
        elif c.reached == "interview":
            app.status, app.status_reason = S.NOT_RECOMMENDED, self._reason("not_recommended_interview")
        elif c.reached == "recommended" and fate == "withdrawn_recommended":
            app.status, app.status_reason = S.WITHDRAWN, self._reason("withdrawn_recommended")
        # the selection's statuses were set by _selection

    def _notice(self, c: _Cand) -> Notice | None:
        app = c.app
        status = app.status
        if status == S.INELIGIBLE:
            subject = f"Your application {app.reference}: eligibility"
            body = (
                "We are sorry: your application does not meet the eligibility rules of the "
                f"{self.fy} guidelines."
            )
            kind = "ineligible"
        elif status == S.NOT_RECOMMENDED:
            subject = f"Your application {app.reference}: result of the screening"
            body = "Thank you for applying. We regret that the mission cannot recommend your application."
            kind = "not_recommended"
        elif id(c) in self.upgraded:
            subject = f"Your application {app.reference}: a place has become available"
            body = "A short-listed place has become available and is offered to you. Please reply by 31 May."
            kind = "upgrade"
        elif status == S.ALTERNATE:
            subject = f"Your application {app.reference}: result of the selection"
            body = "You have been selected as an alternate. We will contact you if a place becomes available."
            kind = "result"
        elif status == S.NOT_SELECTED:
            subject = f"Your application {app.reference}: result of the selection"
            body = "Thank you for applying. We regret that you have not been selected this year."
            kind = "result"
        elif status == S.INTERVIEW and self.live:
            # as the scheduling service words it (jetpm.screening.services.interviews)
            interview = self.interviews[id(c)]
            subject = f"Invitation to your JET Programme interview ({app.reference})"
            with translation.override("en"):  # the demo's applicants read English
                zone = interview.panel.mission.time_zone  # the applicant's mission's local time
                local = timezone.localtime(interview.starts_at, ZoneInfo(zone) if zone else None)
                when = date_format(local, "DATETIME_FORMAT")
                mode = interview.get_mode_display()
            body = (
                f"Your interview: {when} ({interview.minutes} minutes, {mode}).\nPlace: {interview.place}"
                f"\n\n{interview.message}\n\nYou can add it to your calendar with the file in your portal."
            )
            kind = "interview"
        elif c.reached == "recommended" and c.fate == "screened":
            deadline = self.offer_deadline
            subject = f"Your application {app.reference}: you have been short-listed"
            body = (
                "Congratulations: you have been short-listed for the JET Programme. Please reply to the "
                f"offer in the portal by {deadline:%d %B %Y}."
            )
            kind = "offer"
        else:
            return None
        return Notice(application=app, kind=kind, subject=subject, body=body, emailed=True)
