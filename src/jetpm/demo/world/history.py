"""Demo step of the programme's history since FY1987 and of JETAA's membership.

The appointments step reproduces FY2022–FY2026 (its cohorts from 2016 are those who still served in FY2022).
This step adds the participants who had left before FY2022 — every term of the history is in FY1987–FY2021,
so no figure of the years the appointments step reproduces changes — as alumni with their participant record
and terms, so that as of FY2025 ``jetpm stats programme`` reads as the seed: 79,000 participants from 80
countries since 1987 (the 51 recruiting countries of FY2024 and 29 that recruited in the past), over 70,000
alumni. The persons are written as participants (as the history import writes them) and leave the programme
through the workflow layer on the day after their last term. A few come back after a gap (a second
participation, the same participant record). Each history cohort serves one to five years with the seed's
usual retention.

JETAA: every chapter has its founding day (``ChapterPeriod``); memberships of history alumni are such that on
31 December 2024 ``jetpm stats jetaa`` reproduces the seed's regional table exactly (members 3,123 / 1,841 /
3,562 / 954 / 14,692 / 330), besides memberships that had ended before that day and ones joined after it.
Members are alumni of the chapter's country where there are enough, else of its region. The demo's alumni
of the core step (their chapter set on the person) get an open membership too, joined in 2025.

The small scale has the same structure with a twentieth of the people (every country and chapter kept).
The rows are written in chunks with multi-row INSERTs (``rows.insert_rows``): the number of queries grows with
the number of rows divided by hundreds, and no model object is made per row but for the workflow's walk.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from decimal import ROUND_HALF_UP, Decimal
from typing import TYPE_CHECKING, Any

from django.db import connection

from jetpm.alumni.models import ChapterMembership, ChapterPeriod
from jetpm.appointments import term_dates
from jetpm.appointments.models import AppointmentTerm, Participant
from jetpm.appointments.states import TermStatus
from jetpm.appointments.workflows import PERSONS
from jetpm.core.models import Country, Language, Organisation, Person
from jetpm.core.states import JobType, PersonKind
from jetpm.demo import names
from jetpm.demo.logins import NEW_YORK_CHAPTER
from jetpm.demo.world.appointments import CONTINUE_RATE, LANGUAGE_OF
from jetpm.demo.world.appointments import FIRST_FY as REPRODUCED_FROM
from jetpm.demo.world.core import DEMO_TODAY, OTHER_COUNTRIES, apportion
from jetpm.demo.world.rows import insert_rows, next_id
from jetpm.demo.world.walk import Walk

if TYPE_CHECKING:
    from jetpm.demo.generator import DemoContext

HISTORY_FROM, HISTORY_TO = 1987, REPRODUCED_FROM - 1
AS_OF_FY = 2025  # "as of 2025": participants to date in FY2025
TARGET_PARTICIPANTS = 79_000  # the seed: about 79,000 participants since 1987
SMALL_DIVISOR = 20
MAX_YEARS = 5
CHUNK = 10_000  # persons written at a time (with their participant records and terms)

JETAA_DAY = date(2024, 12, 31)
# The seed's table (data/jetaa_chapters_2024.csv): members by region on JETAA_DAY.
JETAA_MEMBERS: dict[str, int] = {
    "europe": 3123,
    "asia": 1841,
    "oceania": 3562,
    "africa": 954,
    "north_america": 14692,
    "latin_america": 330,
}
ENDED_SHARE = 0.12  # memberships that ended before JETAA_DAY, per member on it
LATER_SHARE = 0.04  # memberships joined after JETAA_DAY (to the demo's today)
RETURN_AFTER_GAP = 0.01  # history participants of the cohorts to 2008 who come back after a gap

# The history cohorts' relative sizes (new participants by fiscal year; for 2016–2021 only those who left
# before FY2022: the others are the appointments step's).
NEW_BY_FY: dict[int, int] = {
    1987: 848, 1988: 1100, 1989: 1350, 1990: 1600, 1991: 1800, 1992: 1950, 1993: 2050, 1994: 2150,
    1995: 2250, 1996: 2300, 1997: 2350, 1998: 2400, 1999: 2450, 2000: 2500, 2001: 2500, 2002: 2450,
    2003: 2350, 2004: 2250, 2005: 2150, 2006: 2050, 2007: 1950, 2008: 1850, 2009: 1750, 2010: 1650,
    2011: 1550, 2012: 1650, 2013: 1750, 2014: 1850, 2015: 1950, 2016: 1950, 2017: 1800, 2018: 1550,
    2019: 1250, 2020: 200, 2021: 420,
}  # fmt: skip

# Recruiting countries of the history: (first fiscal year, last fiscal year, weight). The 51 of FY2024 (the
# named ones with their own eras and weights; the other 38 from the 1990s and 2000s), and 29 countries that
# recruited for a time only.
NAMED_ERAS: dict[str, tuple[int, int, float]] = {
    "US": (1987, HISTORY_TO, 44.0),
    "GB": (1987, HISTORY_TO, 14.0),
    "AU": (1987, HISTORY_TO, 7.0),
    "NZ": (1987, HISTORY_TO, 5.5),
    "CA": (1988, HISTORY_TO, 10.0),
    "IE": (1988, HISTORY_TO, 3.5),
    "FR": (1989, HISTORY_TO, 0.8),
    "DE": (1989, HISTORY_TO, 0.8),
    "CN": (1992, HISTORY_TO, 1.1),
    "KR": (1992, HISTORY_TO, 1.1),
    "JM": (1992, HISTORY_TO, 0.9),
    "TT": (1992, HISTORY_TO, 0.9),
    "SG": (1993, HISTORY_TO, 1.0),
    "ZA": (1998, HISTORY_TO, 3.0),
    "PH": (1999, HISTORY_TO, 1.8),
    "IN": (1995, HISTORY_TO, 0.4),
    "MN": (1996, HISTORY_TO, 0.4),
    "TH": (1996, HISTORY_TO, 0.4),
    "BR": (1994, HISTORY_TO, 0.4),
}
PAST_COUNTRIES: list[str] = [
    "HU", "CZ", "SK", "RO", "BG", "UA", "GR", "TR", "HR", "SI", "EE", "LV", "LU", "CO", "VE", "UY", "PY",
    "BO", "EC", "CR", "UZ", "KZ", "KG", "PK", "BD", "LK", "NP", "KH", "VU",
]  # fmt: skip
# The chapters with more members than the others of their region (a weight; the others draw 1–3).
BIG_CHAPTERS: dict[str, float] = {
    "jetaa-new-york": 9.0,
    "jetaa-washington-dc": 5.0,
    "jetaa-southern-california": 5.0,
    "jetaa-northern-california": 4.0,
    "jetaa-toronto": 4.0,
    "jetaa-british-columbia": 3.0,
    "jetaa-uk-london": 6.0,
    "jetaa-ireland": 2.5,
    "jetaa-sydney": 3.0,
    "jetaa-melbourne": 2.5,
    "jetaa-auckland": 2.0,
    "jetaa-korea": 2.0,
    "jetaa-philippines": 2.0,
}


def country_eras() -> dict[str, tuple[int, int, float]]:
    """Every country of the history with its first and last fiscal year and its weight (80 countries)."""
    eras = dict(NAMED_ERAS)
    others = [c for c in OTHER_COUNTRIES if c not in eras]
    for i, code in enumerate(others):
        eras[code] = (1990 + (i * 7) % 26, HISTORY_TO, 0.18)
    for i, code in enumerate(PAST_COUNTRIES):
        first = 1991 + (i * 5) % 17
        eras[code] = (first, min(HISTORY_TO, first + 6 + i % 9), 0.06)
    return eras


def _scaled(n: int, divisor: int) -> int:
    return n if divisor == 1 else int((Decimal(n) / divisor).quantize(Decimal(1), rounding=ROUND_HALF_UP))


@dataclass
class _Plan:
    """One history participant, planned before anything is written."""

    cohort: int
    country: str
    job: str
    years: list[int]  # fiscal years with a term (a gap: two participations)
    chapter: int | None = None  # chapter id of an open membership (set on the person)


def history_step(ctx: DemoContext) -> None:
    rng = ctx.rng
    divisor = 1 if ctx.scale == "full" else SMALL_DIVISOR
    ctx.report("programme history", 0.0)
    existing = (
        AppointmentTerm.objects.filter(fiscal_year__lte=AS_OF_FY).values("participant_id").distinct().count()
    )
    size = max(_scaled(TARGET_PARTICIPANTS, divisor) - existing, 0)
    plans = _plan_people(ctx, size)

    ctx.report("JETAA chapters' founding", 0.1)
    chapters = list(ctx.chapters.values())
    founded = _chapter_periods(ctx, chapters)
    ctx.report("JETAA membership plan", 0.15)
    memberships = _plan_memberships(ctx, plans, chapters, founded, divisor)

    languages = dict(Language.objects.values_list("code", "id"))
    countries = {c.code: c.pk for c in Country.objects.filter(code__in={p.country for p in plans})}
    cos = [o.pk for o in ctx.contracting_orgs.values()]
    missions = {cc: [m.pk for m in ms] for cc, ms in ctx.missions_by_country.items()}
    person_ids: list[int] = []
    returns: list[date] = []
    terms_made = 0
    for start in range(0, len(plans), CHUNK):
        ctx.report("programme history: persons and terms", 0.2 + 0.7 * start / max(len(plans), 1))
        chunk = plans[start : start + CHUNK]
        ids, ends, n_terms = _write_chunk(ctx, chunk, start, languages, countries, cos, missions)
        person_ids += ids
        returns += ends
        terms_made += n_terms

    ctx.report("JETAA memberships", 0.9)
    rows: list[tuple[int, int, date, date | None]] = []
    for index, chapter_id, joined, left in memberships:
        joined = max(joined, returns[index] + timedelta(days=1))
        if left is not None and left < joined:
            continue
        rows.append((person_ids[index], chapter_id, joined, left))
    for p in ctx.persons.get(PersonKind.ALUMNUS, []):  # the core step's alumni: joined in 2025
        if p.chapter_id is not None:
            rows.append((p.pk, p.chapter_id, date(2025, 1, 15) + timedelta(days=rng.randrange(120)), None))
    insert_rows(
        ChapterMembership,
        ("person", "chapter", "joined_on", "left_on"),
        rows,
        first_id=next_id(ChapterMembership),
    )
    ctx.extra["history"] = {
        "participants": len(plans),
        "terms": terms_made,
        "memberships": len(rows),
    }
    _demo_alumnus_with_a_history(ctx)


def _demo_alumnus_with_a_history(ctx: DemoContext) -> None:
    """The demo login "alumnus" (Jordan Demoski of JETAA New York) becomes one of the history's alumni — a
    member of JETAA New York with their participant record and terms — so that their page shows a
    whole programme history. Only the login and the names change places with the core step's alumnus: every
    record and figure stays as it is."""
    user = ctx.users.get("alumnus")
    chapter = ctx.chapters.get(NEW_YORK_CHAPTER)
    own = Person.objects.filter(user=user).first() if user is not None else None
    if user is None or chapter is None or own is None or Participant.objects.filter(person=own).exists():
        return
    other = (
        Person.objects.filter(
            kind=PersonKind.ALUMNUS,
            user__isnull=True,
            nationality_id=own.nationality_id,
            participant__isnull=False,
            chapter_memberships__chapter=chapter,
            chapter_memberships__left_on__isnull=True,
        )
        .order_by("-participant__cohort_year", "pk")
        .first()
    )
    if other is None:
        return
    names = {f: getattr(own, f) for f in ("family_name", "given_name", "email")}
    Person.objects.filter(pk=own.pk).update(user=None, **{f: getattr(other, f) for f in names})
    Person.objects.filter(pk=other.pk).update(user=user, **names)
    ctx.users["alumnus"] = type(user).objects.get(pk=user.pk)  # its person is the history's one now


def _plan_people(ctx: DemoContext, size: int) -> list[_Plan]:
    """``size`` history participants: cohorts by NEW_BY_FY, countries by their eras, one to five years
    (the seed's retention), a few back after a gap; every country of the history has someone."""
    rng = ctx.rng
    eras = country_eras()
    cohorts = apportion(size, {str(fy): float(n) for fy, n in NEW_BY_FY.items()}) if size else {}
    plans: list[_Plan] = []
    seen: set[str] = set()
    for key in sorted(cohorts):
        cohort = int(key)
        open_countries = [c for c, (a, b, _w) in sorted(eras.items()) if a <= cohort <= b]
        weights = [eras[c][2] for c in open_countries]
        for country in rng.choices(open_countries, weights, k=cohorts[key]):
            seen.add(country)
            roll = rng.random()
            job = (
                JobType.ALT
                if roll < 0.9
                else (JobType.SEA if roll > 0.997 and cohort >= 1995 else JobType.CIR)
            )
            length = 1
            while length < MAX_YEARS and rng.random() < CONTINUE_RATE.get(length, 0.0):
                length += 1
            years = [fy for fy in range(cohort, cohort + length) if fy <= HISTORY_TO]
            if cohort <= 2008 and length < MAX_YEARS and rng.random() < RETURN_AFTER_GAP:
                again = years[-1] + 1 + rng.randint(3, 6)
                more = rng.randint(1, min(2, MAX_YEARS - length))
                years += [fy for fy in range(again, again + more) if fy <= HISTORY_TO]
            plans.append(_Plan(cohort, country, job, years))
    # every country of the history recruited someone (the small scale too)
    counts = Counter(p.country for p in plans)
    for country in sorted(set(eras) - seen):
        first, last, _w = eras[country]
        # a person of a country with others, of a cohort in the country's era
        candidates = [i for i, p in enumerate(plans) if first <= p.cohort <= last and counts[p.country] > 1]
        if candidates:
            chosen = plans[rng.choice(candidates)]
            counts[chosen.country] -= 1
            chosen.country = country
            counts[country] += 1
    return plans


def _chapter_periods(ctx: DemoContext, chapters: list[Organisation]) -> dict[int, date]:
    """Each chapter's founding day: a country's first chapter 1989–1996, the others 1991–2012."""
    rng = ctx.rng
    founded: dict[int, date] = {}
    firsts: set[int | None] = set()
    for org in chapters:
        if org.country_id not in firsts:
            firsts.add(org.country_id)
            year = rng.randint(1989, 1996)
        else:
            year = rng.randint(1991, 2012)
        founded[org.pk] = date(year, rng.randint(1, 12), rng.randint(1, 28))
    ChapterPeriod.objects.bulk_create(
        ChapterPeriod(chapter_id=pk, founded_on=day) for pk, day in founded.items()
    )
    return founded


def _plan_memberships(
    ctx: DemoContext,
    plans: list[_Plan],
    chapters: list[Organisation],
    founded: dict[int, date],
    divisor: int,
) -> list[tuple[int, int, date, date | None]]:
    """(plan index, chapter id, joined on, left on): the members on JETAA_DAY per region exactly, memberships
    ended before it and joined after it. A person has one membership; its open chapter goes on the plan."""
    rng = ctx.rng
    pools: dict[str, list[int]] = {}
    for i, p in enumerate(plans):
        pools.setdefault(p.country, []).append(i)
    for pool in pools.values():
        rng.shuffle(pool)
    taken: set[int] = set()
    region_countries: dict[str, list[str]] = {}
    for org in chapters:
        assert org.region is not None and org.country is not None
        region_countries.setdefault(org.region.code, []).append(org.country.code)

    orders: dict[tuple[str, str], list[str]] = {}

    def draw(country: str, region: str) -> int | None:
        """A person not drawn yet: of the country, else of the region's countries, else anyone."""
        order = orders.get((country, region))
        if order is None:
            nearby = sorted(set(region_countries.get(region, [])) - {country})
            order = orders[(country, region)] = [country, *nearby, *sorted(pools)]
        for code in order:
            pool = pools.get(code, [])
            while pool:
                i = pool.pop()
                if i not in taken:
                    taken.add(i)
                    return i
        return None

    def start(index: int, chapter: int) -> date:
        """A day to join: after the return (checked when written) and the chapter's founding."""
        last = plans[index].years[-1]
        earliest = max(date(last + 1, 8, 1), founded[chapter])
        span = (JETAA_DAY - earliest).days
        return earliest + timedelta(days=rng.randrange(span + 1)) if span > 0 else JETAA_DAY

    out: list[tuple[int, int, date, date | None]] = []
    for region, total in JETAA_MEMBERS.items():
        mine = sorted(
            (o for o in chapters if o.region is not None and o.region.code == region), key=lambda o: o.code
        )
        if not mine:
            continue
        weights = {o.code: BIG_CHAPTERS.get(o.code, 1.0 + 2.0 * rng.random()) for o in mine}
        targets = apportion(_scaled(total, divisor), weights)
        for org in mine:
            assert org.country is not None
            n = targets[org.code]
            for kind, count in (
                ("member", n),
                ("ended", round(n * ENDED_SHARE)),
                ("later", round(n * LATER_SHARE)),
            ):
                for _ in range(count):
                    drawn = draw(org.country.code, region)
                    if drawn is None:
                        break
                    i = drawn
                    if kind == "member":
                        out.append((i, org.pk, start(i, org.pk), None))
                        plans[i].chapter = org.pk
                    elif kind == "ended":
                        joined = start(i, org.pk)
                        left = joined + timedelta(days=rng.randint(200, 3000))
                        if left >= JETAA_DAY:
                            left = JETAA_DAY - timedelta(days=rng.randint(1, 200))
                        if left < joined:
                            taken.discard(i)
                            continue
                        out.append((i, org.pk, joined, left))
                    else:
                        later = JETAA_DAY + timedelta(days=1 + rng.randrange((DEMO_TODAY - JETAA_DAY).days))
                        out.append((i, org.pk, later, None))
                        plans[i].chapter = org.pk
    return out


def _write_chunk(
    ctx: DemoContext,
    chunk: list[_Plan],
    offset: int,
    languages: dict[str, int],
    countries: dict[str, int],
    cos: list[int],
    missions: dict[str, list[int]],
) -> tuple[list[int], list[date], int]:
    """Persons, participant records and terms of ``chunk``: (person ids, return days, terms written)."""
    rng = ctx.rng
    adapt = connection.ops.adapt_datefield_value
    first_person, first_participant = next_id(Person), next_id(Participant)
    person_rows: list[tuple[Any, ...]] = []
    participant_rows: list[tuple[Any, ...]] = []
    term_rows: list[tuple[Any, ...]] = []
    ends: list[date] = []
    participant_kind, completed = str(PersonKind.PARTICIPANT), str(TermStatus.COMPLETED)
    for k, plan in enumerate(chunk):
        name = names.person_name(rng)
        serial = offset + k + 1
        in_country = missions.get(plan.country)
        country = countries[plan.country]
        person_rows.append(
            (
                participant_kind,  # then through the workflow (below)
                name.family,
                name.given,
                adapt(date(plan.cohort - rng.randint(22, 29), rng.randint(1, 12), rng.randint(1, 28))),
                f"{name.given}.{name.family}.h{serial}@example.org".lower(),
                country,
                rng.choice(in_country) if in_country else None,
                plan.chapter,
            )
        )
        language = _language(plan, languages)
        participant_id = first_participant + k
        participant_rows.append(
            (
                first_person + k,
                f"H{plan.cohort}{plan.country}{serial:05d}",
                plan.cohort,
                country,
                plan.job,
                language,
            )
        )
        co = rng.choice(cos) if cos else None
        dated, end = _dated(plan.years, serial)
        for fy, yop, start_on, end_on in dated:
            term_rows.append((participant_id, fy, yop, co, plan.job, language, completed, start_on, end_on))
        ends.append(end)
    insert_rows(
        Person,
        ("kind", "family_name", "given_name", "birth_date", "email", "nationality", "mission", "chapter"),
        person_rows,
        first_id=first_person,
    )
    insert_rows(
        Participant,
        ("person", "jet_id", "cohort_year", "country", "job_type", "language"),
        participant_rows,
        first_id=first_participant,
    )
    insert_rows(
        AppointmentTerm,
        (
            "participant",
            "fiscal_year",
            "year_on_programme",
            "contracting_org",
            "job_type",
            "language",
            "status",
            "start_date",
            "end_date",
        ),
        term_rows,
        first_id=next_id(AppointmentTerm),
    )
    # they left the programme: participant → alumnus through the workflow layer, on the day after their
    # last term (the persons as the database holds them, made positionally: the quick way of from_db)
    attnames = [f.attname for f in Person._meta.concrete_fields]
    at = {name: i for i, name in enumerate(attnames)}
    blank: list[Any] = [None] * len(attnames)
    walk = Walk(PERSONS)
    back: dict[int, datetime] = {}
    db = connection.alias
    for k, row in enumerate(person_rows):
        values = list(blank)
        values[at["id"]], values[at["kind"]] = first_person + k, participant_kind
        values[at["family_name"]], values[at["given_name"]] = row[1], row[2]
        values[at["nationality_id"]] = row[5]
        walk.plan(Person.from_db(db, attnames, values), [PersonKind.PARTICIPANT, PersonKind.ALUMNUS])
        day = ends[k] + timedelta(days=1)
        back[first_person + k] = datetime(day.year, day.month, day.day, 12, tzinfo=UTC)
    walk.run(when=lambda person, _status: back[person.pk])
    return list(range(first_person, first_person + len(chunk))), ends, len(term_rows)


def _language(plan: _Plan, languages: dict[str, int]) -> int | None:
    if plan.job == JobType.SEA:
        return None
    return languages.get(LANGUAGE_OF.get(plan.country, "en"))


_DATED: dict[tuple[tuple[int, ...], int], tuple[list[tuple[int, int, Any, Any]], date]] = {}


def _dated(years: list[int], serial: int) -> tuple[list[tuple[int, int, Any, Any]], date]:
    """(fiscal year, year on the programme, start, end) of each term — each run of consecutive years from an
    arrival on 26 July – 2 August, the dates as the database takes them — and the last term's end."""
    key = (tuple(years), serial % 8)
    if key in _DATED:
        return _DATED[key]
    adapt = connection.ops.adapt_datefield_value
    out: list[tuple[int, int, Any, Any]] = []
    runs: list[list[int]] = []
    for fy in years:
        if runs and fy == runs[-1][-1] + 1:
            runs[-1].append(fy)
        else:
            runs.append([fy])
    last = date.min
    for run in runs:
        arrival = date(run[0], 7, 26) + timedelta(days=serial % 8)
        for fy, dates in zip(run, term_dates.terms_from_arrival(arrival, len(run)), strict=True):
            out.append((fy, len(out) + 1, adapt(dates.start), adapt(dates.end)))
            last = dates.end
    _DATED[key] = (out, last)
    return _DATED[key]
