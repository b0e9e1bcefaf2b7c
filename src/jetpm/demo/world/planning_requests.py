"""The requests (配置要望) of the demo world.

Intakes 2025 and 2026: accepted requests from every contracting organisation. Intake 2025 reproduces
FY2024's figures by job type at full scale (data/fy2024_job_types.csv: new participants ALT 1,829, CIR 173,
SEA 4; new and continuing ALT 5,373, CIR 479, SEA 9); 2026 and 2027 are within ±5% of them. Intake 2027,
whose window is open on the demo's "today" (October 2026 – February 2027), is half-way: most requests
submitted or forwarded, some drafts, a few returned; Gifu Prefecture's (co.coordinator's) is a draft with two
lines. The small world has the same shape with numbers scaled by its share of contracting organisations.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import TYPE_CHECKING

from django.utils import timezone

from jetpm.core.calendar import default_milestone_dates
from jetpm.core.models import Language, Organisation
from jetpm.core.states import COKind, JapaneseLevel, JobType
from jetpm.demo.logins import GIFU_CO
from jetpm.demo.world.core import apportion
from jetpm.demo.world.walk import Walk, route
from jetpm.planning.models import PlacementRequest, RequestLine
from jetpm.planning.states import RequestStatus, SchoolLevel, Setting
from jetpm.planning.workflows import REQUESTS

if TYPE_CHECKING:
    from jetpm.demo.generator import DemoContext

FULL_CONTRACTING_ORGS = 984
# FY2024 (data/fy2024_job_types.csv): job type → (new and continuing, new)
FY2024: dict[str, tuple[int, int]] = {JobType.ALT: (5373, 1829), JobType.CIR: (479, 173), JobType.SEA: (9, 4)}
ACCEPTED_YEARS = [2025, 2026]
OPEN_YEAR = 2027  # requests for an intake are collected October – February before it arrives
ALT_OTHER_LANGUAGES = ["de", "fr", "zh", "ko"]
CIR_LANGUAGES: dict[str, float] = {
    "en": 40,
    "zh": 16,
    "ko": 12,
    "fr": 5,
    "de": 5,
    "es": 5,
    "pt": 5,
    "ru": 3,
    "vi": 2,
    "th": 2,
    "id": 1.5,
    "tl": 1.5,
    "mn": 1,
    "it": 1,
}
SEA_SPORTS = [
    ("en", "Rugby"),
    ("de", "Canoe"),
    ("ko", "Table tennis"),
    ("en", "Athletics"),
    ("pt", "Football"),
    ("en", "Badminton"),
    ("ru", "Wrestling"),
]
SIZE_WEIGHT: dict[str, float] = {
    COKind.PREFECTURE: 14.0,
    COKind.DESIGNATED_CITY: 16.0,
    COKind.MUNICIPALITY: 3.0,
    COKind.PRIVATE_SCHOOL: 1.0,
}
RETURN_REASONS = [
    "新規の人数の根拠（配置校の数）を備考に記入してください。",
    "CIRの日本語能力の要件を確認してください。",
]


@dataclass(frozen=True)
class Org:
    code: str
    co_kind: str


@dataclass
class Line:
    org: str
    job_type: str
    language: str
    total: int
    new: int = 0
    sport: str = ""


def targets(n_orgs: int, factor: float = 1.0) -> dict[str, tuple[int, int]]:
    """Job type → (new and continuing, new) for a world of ``n_orgs`` contracting organisations: FY2024's
    figures at full scale, scaled down (at least 1) for a smaller world, times ``factor``."""
    share = n_orgs / FULL_CONTRACTING_ORGS
    out = {}
    for job, (total, new) in FY2024.items():
        t = max(1, round(total * share * factor))
        out[job] = (t, min(t, max(1, round(new * share * factor))))
    return out


def plan_lines(orgs: list[Org], goal: dict[str, tuple[int, int]], rng: random.Random) -> list[Line]:
    """Lines whose new and total participants add up to ``goal`` exactly, by job type. Pure."""
    lines: list[Line] = []
    by_code = {o.code: o for o in orgs}
    # ALT: every organisation, mostly English; a few lines in German, French, Chinese or Korean.
    alt_total, alt_new = goal[JobType.ALT]
    weights = {o.code: SIZE_WEIGHT.get(o.co_kind, 2.0) * rng.uniform(0.5, 1.5) for o in orgs}
    alt = apportion(alt_total, weights, minimum=1 if alt_total >= len(weights) else 0)
    alt_lines: list[Line] = []
    for code in sorted(alt):
        if alt[code] == 0:
            continue
        n_other = 0
        if alt[code] >= 4 and rng.random() < 0.06:
            n_other = rng.randint(1, 2)
            lang = rng.choice(ALT_OTHER_LANGUAGES)
            alt_lines.append(Line(code, JobType.ALT, lang, n_other))
        alt_lines.append(Line(code, JobType.ALT, "en", alt[code] - n_other))
    lines += _with_new(alt_lines, alt_new)
    # CIR: prefectures, designated cities and about a third of the municipalities; one or two languages.
    cir_total, cir_new = goal[JobType.CIR]
    cir_orgs = [
        o.code
        for o in orgs
        if o.co_kind in (COKind.PREFECTURE, COKind.DESIGNATED_CITY)
        or (o.co_kind == COKind.MUNICIPALITY and rng.random() < 0.35)
    ] or [orgs[0].code]
    cir = apportion(cir_total, {c: SIZE_WEIGHT[by_code[c].co_kind] * rng.uniform(0.5, 1.5) for c in cir_orgs})
    langs, lang_w = list(CIR_LANGUAGES), list(CIR_LANGUAGES.values())
    cir_lines: list[Line] = []
    for code in sorted(cir):
        n = cir[code]
        if n == 0:
            continue
        first = rng.choices(langs, lang_w)[0]
        if n >= 2 and rng.random() < 0.6:
            second = rng.choice([x for x in langs if x != first])
            k = rng.randint(1, n - 1)
            cir_lines += [Line(code, JobType.CIR, first, n - k), Line(code, JobType.CIR, second, k)]
        else:
            cir_lines.append(Line(code, JobType.CIR, first, n))
    lines += _with_new(cir_lines, cir_new)
    # SEA: a few prefectures, one sport each.
    sea_total, sea_new = goal[JobType.SEA]
    prefectures = sorted(o.code for o in orgs if o.co_kind == COKind.PREFECTURE) or [orgs[0].code]
    chosen = rng.sample(prefectures, min(len(prefectures), max(1, (sea_total + 1) // 2)))
    sea = apportion(sea_total, {c: 1.0 for c in chosen}, minimum=1 if sea_total >= len(chosen) else 0)
    sea_lines = []
    for i, code in enumerate(sorted(sea)):
        if sea[code]:
            lang, sport = SEA_SPORTS[i % len(SEA_SPORTS)]
            sea_lines.append(Line(code, JobType.SEA, lang, sea[code], sport=sport))
    lines += _with_new(sea_lines, sea_new)
    return lines


def _with_new(lines: list[Line], new_total: int) -> list[Line]:
    """Share ``new_total`` over the lines in proportion to their totals (never more than a line's total)."""
    if not lines:
        return lines
    keys = {f"{i:06d}": line for i, line in enumerate(lines)}
    shares = apportion(new_total, {k: float(line.total) for k, line in keys.items()})
    for k, line in keys.items():
        line.new = shares[k]
    return lines


def _at(day: date, hour: int) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(hour, 0)))


def requests_world(ctx: DemoContext) -> None:
    rng = ctx.rng
    orgs: list[Organisation] = sorted(ctx.contracting_orgs.values(), key=lambda o: o.code)
    plain = [Org(o.code, o.co_kind) for o in orgs]
    languages = {lang.code: lang for lang in Language.objects.filter(designated=True)}
    requests: list[PlacementRequest] = []
    planned: list[tuple[PlacementRequest, list[Line]]] = []
    for year in [*ACCEPTED_YEARS, OPEN_YEAR]:
        ctx.report(f"requests {year}", (year - ACCEPTED_YEARS[0]) / 3)
        factor = 1.0 if year == 2025 else rng.uniform(0.95, 1.05)
        by_org: dict[str, list[Line]] = {}
        for line in plan_lines(plain, targets(len(plain), factor), rng):
            by_org.setdefault(line.org, []).append(line)
        start, end = default_milestone_dates(year)["requests"]
        span = (end - start).days
        for org in orgs:
            mine = by_org.get(org.code, [])
            submitted = start + timedelta(days=rng.randint(30, span))
            req = PlacementRequest(organisation=org, intake_year=year)
            if year < OPEN_YEAR:
                req.status = RequestStatus.ACCEPTED
                req.submitted_at = _at(submitted, 10)
                req.forwarded_at = _at(min(end, submitted + timedelta(days=rng.randint(1, 14))), 15)
                req.decided_at = _at(end + timedelta(days=rng.randint(5, 30)), 11)
            else:
                mine = _open_year_lines(org, mine, rng)
                _open_year_status(req, org, start, rng)
            if not mine:
                continue
            requests.append(req)
            planned.append((req, mine))
    # created as drafts, then taken to their status through the workflow layer once they have their lines
    walk = Walk(REQUESTS)
    for req in requests:
        stops = [RequestStatus.DRAFT, RequestStatus.SUBMITTED]
        if req.forwarded_at is not None:
            stops.append(RequestStatus.FORWARDED)
        path = route(REQUESTS, *stops, req.status) if req.status != RequestStatus.DRAFT else [req.status]
        walk.plan(req, path, reason=req.return_reason)
    PlacementRequest.objects.bulk_create(requests)
    ctx.report("request lines", 0.9)
    RequestLine.objects.bulk_create(
        _line(req, line, languages, rng) for req, lines in planned for line in lines
    )
    walk.run(when=lambda req, status: req.decided_at or req.submitted_at)
    ctx.extra["placement_requests"] = len(requests)


def _open_year_lines(org: Organisation, lines: list[Line], rng: random.Random) -> list[Line]:
    if org.code == GIFU_CO:  # co.coordinator's draft: two lines to finish and submit
        return [Line(org.code, JobType.ALT, "en", 14, new=5), Line(org.code, JobType.CIR, "zh", 1, new=1)]
    return lines


def _open_year_status(req: PlacementRequest, org: Organisation, start: date, rng: random.Random) -> None:
    """The open intake (2027) on the demo's today: the window opened on 1 October 2026."""
    if org.code == GIFU_CO:
        return  # a draft
    roll = rng.random()
    submitted = _at(start + timedelta(days=rng.randint(5, 40)), 10)
    if roll < 0.45:
        req.status = RequestStatus.FORWARDED
        req.submitted_at = submitted
        req.forwarded_at = submitted + timedelta(days=rng.randint(1, 10))
    elif roll < 0.80:
        req.status = RequestStatus.SUBMITTED
        req.submitted_at = submitted
    elif roll < 0.96:
        req.status = RequestStatus.DRAFT
    else:
        req.status = RequestStatus.RETURNED
        req.submitted_at = submitted
        req.decided_at = submitted + timedelta(days=rng.randint(1, 10))
        req.return_reason = rng.choice(RETURN_REASONS)


def _line(
    req: PlacementRequest, line: Line, languages: dict[str, Language], rng: random.Random
) -> RequestLine:
    levels = (
        rng.sample(
            [SchoolLevel.ELEMENTARY, SchoolLevel.JUNIOR_HIGH, SchoolLevel.SENIOR_HIGH], rng.randint(1, 3)
        )
        if line.job_type == JobType.ALT
        else []
    )
    return RequestLine(
        request=req,
        job_type=line.job_type,
        language=languages[line.language],
        new_participants=line.new,
        continuing=line.total - line.new,
        school_levels=[v for v in SchoolLevel.values if v in levels],
        japanese_level=rng.choice([JapaneseLevel.N2, JapaneseLevel.N2, JapaneseLevel.N1, JapaneseLevel.N3])
        if line.job_type == JobType.CIR
        else JapaneseLevel.NONE,
        driving_licence=rng.random() < 0.4,
        sport=line.sport,
        setting=rng.choice([Setting.URBAN, Setting.RURAL, Setting.EITHER, Setting.EITHER]),
    )
