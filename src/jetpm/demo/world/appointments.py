"""Demo step of appointments: participants and their terms for FY2022–FY2026.

At full scale the record-level data reproduces the seed's published figures exactly (data/README.md): the
participants by cohort and fiscal year (参考２), FY2024 participants and ALTs by country (参考１),
and FY2024's participants and new participants by job type (２). A cohort's participants in FY *t* are a
subset of its participants in FY *t−1* (participant *i* of a cohort serves while *i* < the year's count).
The small scale has the same structure with about a twentieth of the people. Every FY2024 term is with a
contracting organisation of the demo; the demo login "participant" is one of FY2024's UK participants, with
Gifu Prefecture.

After FY2024 the world goes on to the demo's today (FY2026): each FY2024 and FY2025 participant continues into
the next year with the seed's usual retention by year on the programme (five years at most), new cohorts of
about 2,000 arrive in 2025 and 2026 (a twentieth at small scale), FY2025's terms are completed and FY2026's
are serving. The 2025 cohort is history (fresh persons, as the older cohorts). The 2026 cohort is the one the
demo's published FY2026 placement run placed: the same persons applied in autumn 2025, were placed and serve
(the placement step appointed them — participant, JET number, first term with the run's organisation — and
this step takes them on), topped up with fresh persons to the cohort's size when the run placed fewer. A few
participants of Gifu Prefecture (co.coordinator) and Kanazawa City (co2.coordinator) are placed so that the
reappointment round in progress has work for them in every year on the programme (in the 2026 cohort: those
the run placed there, and fresh ones). Every term has its dates (jetpm.appointments.term_dates: from the day
after arrival).
"""

from __future__ import annotations

from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal
from typing import TYPE_CHECKING

from jetpm.appointments import term_dates
from jetpm.appointments.appointing import JetNumbers
from jetpm.appointments.models import AppointmentTerm, Participant
from jetpm.appointments.states import TermStatus
from jetpm.core.models import Language, Organisation, Person
from jetpm.core.states import JobType, PersonKind
from jetpm.demo import names
from jetpm.demo.logins import GIFU_CO, KANAZAWA_CO
from jetpm.demo.world.core import (
    BIRTH_FROM,
    BIRTH_TO,
    FY2024_NAMED_COUNTRIES,
    NATIONALITY_WEIGHTS,
    OTHER_COUNTRIES,
    OTHER_COUNTRIES_PARTICIPANTS,
    PUBLISHED_YEAR,
    apportion,
)

if TYPE_CHECKING:
    from jetpm.demo.generator import DemoContext

FIRST_FY, LAST_FY = 2022, 2024  # the published years
TODAY_FY = 2026  # the demo's today: FY2026's terms serve, its reappointment round is in progress
# Share of a year's participants who continue into the next one, by their year on the programme (the seed's
# FY2022–2024 retention, rounded); the maximum term is five years.
CONTINUE_RATE: dict[int, float] = {1: 0.83, 2: 0.71, 3: 0.67, 4: 0.62}
NEW_COHORTS: dict[int, int] = {2025: 2010, 2026: 1985}
# The cohort made of the participants placed by the demo's published placement run
# (jetpm.demo.world.placement, FY2026): the same persons apply, are placed and serve; fresh persons top it up
# to its size above when the run placed fewer (all the placed are kept when it placed more).
PLACED_FY = PUBLISHED_YEAR
NEW_JOB_WEIGHTS: dict[str, int] = {"ALT": 1829, "CIR": 173, "SEA": 4}
# Participants placed with the demo's coordinators (cohort → how many go to Gifu, then to Kanazawa).
SHOWCASE: dict[int, tuple[int, int]] = {2022: (2, 1), 2023: (2, 1), 2025: (4, 3), 2026: (2, 2)}
SMALL_DIVISOR = 20

# 参考２: participants by (cohort, fiscal year).
RETENTION: dict[tuple[int, int], int] = {
    (2016, 2022): 2,
    (2017, 2022): 233,
    (2018, 2022): 513,
    (2019, 2022): 777,
    (2019, 2023): 567,
    (2020, 2022): 95,
    (2020, 2023): 55,
    (2020, 2024): 34,
    (2021, 2022): 2065,
    (2021, 2023): 1526,
    (2021, 2024): 1020,
    (2022, 2022): 2038,
    (2022, 2023): 1688,
    (2022, 2024): 1193,
    (2023, 2023): 1995,
    (2023, 2024): 1608,
    (2024, 2024): 2006,
}
# 参考１: FY2024 ALTs by country (the others — China, Korea and the 38 — share the remaining ALTs).
FY2024_ALT: dict[str, int] = {
    "US": 2885,
    "GB": 702,
    "CA": 528,
    "PH": 334,
    "AU": 264,
    "NZ": 170,
    "ZA": 181,
    "IE": 104,
    "TT": 69,
    "SG": 51,
    "JM": 45,
}
# ２: FY2024 participants and new participants by job type.
FY2024_JOB_TYPES: dict[str, tuple[int, int]] = {"ALT": (5373, 1829), "CIR": (479, 173), "SEA": (9, 4)}
# The designated language of an ALT or CIR from these countries (English otherwise).
LANGUAGE_OF: dict[str, str] = {"CN": "zh", "KR": "ko", "DE": "de", "FR": "fr", "AT": "de", "CH": "de"}
JOB_WEIGHTS: dict[str, int] = {"ALT": 5373, "CIR": 479, "SEA": 9}

Slot = tuple[str, str]  # (country, job type)


def _round_half_up(value: Decimal) -> int:
    return int(value.quantize(Decimal(1), rounding=ROUND_HALF_UP))


def retention_at(scale: str) -> dict[tuple[int, int], int]:
    """The cohort table at ``scale`` (small: a twentieth, rounded half up — still non-increasing)."""
    if scale == "full":
        return dict(RETENTION)
    out = {k: _round_half_up(Decimal(n) / SMALL_DIVISOR) for k, n in RETENTION.items()}
    return {k: n for k, n in out.items() if n > 0}


def fy2024_slots() -> list[Slot]:
    """FY2024's 5,861 participants as (country, job type), exactly as published."""
    per_country = dict(FY2024_NAMED_COUNTRIES)
    per_country.update(apportion(OTHER_COUNTRIES_PARTICIPANTS, dict.fromkeys(OTHER_COUNTRIES, 1.0), 1))
    alt_total = FY2024_JOB_TYPES["ALT"][0]
    alt_rest = alt_total - sum(FY2024_ALT.values())  # the ALT "others" (40)
    rest_countries = [c for c in per_country if c not in FY2024_ALT]
    # the remaining ALTs go to the "others" in proportion (China and Korea first: their languages)
    alt_of = dict(FY2024_ALT)
    alt_of.update(apportion(alt_rest, {c: float(per_country[c]) for c in rest_countries}))
    slots: list[Slot] = []
    non_alt: list[str] = []
    for country, n in sorted(per_country.items()):
        slots.extend((country, "ALT") for _ in range(alt_of[country]))
        non_alt.extend(country for _ in range(n - alt_of[country]))
    sea = FY2024_JOB_TYPES["SEA"][0]
    # SEAs: every ⌊len/sea⌋-th non-ALT participant (deterministic and spread over countries)
    step = len(non_alt) // sea
    sea_at = {i * step for i in range(sea)}
    slots.extend((c, "SEA" if i in sea_at else "CIR") for i, c in enumerate(non_alt))
    return slots


def appointments_step(ctx: DemoContext) -> None:
    rng = ctx.rng
    table = retention_at(ctx.scale)
    full = ctx.scale == "full"
    slots = fy2024_slots()
    n2024 = {c: n for (c, fy), n in table.items() if fy == LAST_FY}
    if not full:
        slots = rng.sample(slots, sum(n2024.values()))
    slots.sort()
    rng.shuffle(slots)

    # FY2024: the new participants (cohort 2024) by job type, then the others shared among the cohorts
    new_n = n2024.get(LAST_FY, 0)
    cohort_slots: dict[int, list[Slot]] = {c: [] for c in n2024}
    if full:
        new: list[Slot] = []
        rest: list[Slot] = []
        for job, (_total, n_new) in FY2024_JOB_TYPES.items():
            of_job = [s for s in slots if s[1] == job]
            new.extend(of_job[:n_new])
            rest.extend(of_job[n_new:])
        rng.shuffle(rest)
    else:
        new, rest = slots[:new_n], slots[new_n:]
    cohort_slots[LAST_FY] = new
    i = 0
    for cohort in sorted(c for c in n2024 if c != LAST_FY):
        cohort_slots[cohort] = rest[i : i + n2024[cohort]]
        i += n2024[cohort]
    assert i == len(rest)

    # each cohort's participants: FY2024's first, then those who left earlier
    countries = list(NATIONALITY_WEIGHTS)
    weights = [NATIONALITY_WEIGHTS[c] for c in countries]
    jobs, job_weights = list(JOB_WEIGHTS), list(JOB_WEIGHTS.values())
    cohorts = sorted({c for c, _fy in table})
    members: dict[int, list[Slot]] = {}
    for cohort in cohorts:
        first_fy = max(cohort, FIRST_FY)
        size = table[(cohort, first_fy)]
        known = cohort_slots.get(cohort, [])
        extra = [
            (rng.choices(countries, weights)[0], rng.choices(jobs, job_weights)[0])
            for _ in range(size - len(known))
        ]
        members[cohort] = known + extra

    # the demo login: a UK ALT in their second year (cohort 2023), with Gifu Prefecture
    login_person = next(
        (p for p in ctx.persons.get(PersonKind.PARTICIPANT, []) if p.user_id is not None), None
    )
    login_at: tuple[int, int] | None = None
    if login_person is not None:
        for cohort in (2023, *cohorts):
            for k, slot in enumerate(members.get(cohort, [])[: n2024.get(cohort, 0)]):
                if slot == ("GB", "ALT"):
                    login_at = (cohort, k)
                    break
            if login_at is not None:
                break
        if login_at is None and n2024.get(2023):  # small scale: make one FY2024 participant of 2023 a UK ALT
            members[2023][0] = ("GB", "ALT")
            login_at = (2023, 0)

    cos: list[Organisation] = list(ctx.contracting_orgs.values())
    gifu = ctx.contracting_orgs.get(GIFU_CO)
    kanazawa = ctx.contracting_orgs.get(KANAZAWA_CO)
    forced = _showcase(members, n2024, login_at, gifu, kanazawa, new_cohorts=())
    languages = dict(Language.objects.values_list("code", "id"))
    persons: list[Person] = []
    participants: list[Participant] = []
    plan: list[tuple[int, int, int]] = []  # (participant index, cohort, member index)
    org_of: list[Organisation] = []
    serial = 0

    arrival_at: dict[int, date] = {}  # participant index → arrival (the placed: from their first term)
    existing_terms: set[tuple[int, int]] = set()  # (participant index, fiscal year) made by placement

    def add(cohort: int, k: int, country: str, job: str, co: Organisation, jet_id: str | None = None) -> None:
        nonlocal serial
        serial += 1
        if login_at == (cohort, k) and login_person is not None:
            person = login_person
        else:
            name = names.person_name(rng)
            person = Person(
                kind=PersonKind.PARTICIPANT,
                family_name=name.family,
                given_name=name.given,
                birth_date=BIRTH_FROM + timedelta(days=rng.randrange((BIRTH_TO - BIRTH_FROM).days + 1)),
                email=f"{name.given}.{name.family}.p{serial}@example.org".lower(),
                nationality=ctx.countries[country],
                contracting_org=co,
                mission=rng.choice(ctx.missions_by_country[country]),
            )
            persons.append(person)
        language = LANGUAGE_OF.get(country, "en") if job != JobType.SEA else None
        participants.append(
            Participant(
                person=person,
                jet_id=jet_id or f"J{cohort}{country}{serial:05d}",
                cohort_year=cohort,
                country=ctx.countries[country],
                job_type=job,
                language_id=languages.get(language) if language else None,
            )
        )
        plan.append((len(participants) - 1, cohort, k))
        org_of.append(co)

    for cohort in cohorts:
        for k, (country, job) in enumerate(members[cohort]):
            if login_at == (cohort, k) and gifu is not None:
                co = gifu
            else:
                drawn = rng.choice(cos)  # drawn even when overridden: the rest of the world stays the same
                co = forced.get((cohort, k), drawn)
            add(cohort, k, country, job, co)

    # the years after the published ones: who continues into FY2025 and FY2026, and the new cohorts
    served: dict[int, set[tuple[int, int]]] = {
        fy: {(c, k) for c in cohorts for k in range(table.get((c, fy), 0))}
        for fy in range(FIRST_FY, LAST_FY + 1)
    }
    new_members: dict[int, list[Slot]] = {}
    new_jobs, new_job_weights = list(NEW_JOB_WEIGHTS), list(NEW_JOB_WEIGHTS.values())
    placed = placed_cohort()
    known_of: dict[int, int] = {PLACED_FY: len(placed)}
    for cohort, size in NEW_COHORTS.items():
        n = size if full else _round_half_up(Decimal(size) / SMALL_DIVISOR)
        placed_slots: list[Slot] = []
        if cohort == PLACED_FY:
            placed_slots = [(t.participant.country.code, t.participant.job_type) for t in placed]
        new_members[cohort] = placed_slots + [
            (rng.choices(countries, weights)[0], rng.choices(new_jobs, new_job_weights)[0])
            for _ in range(n - len(placed_slots))
        ]
    # the showcase's places go to the fresh members (the placed keep the run's organisations)
    tops = {c: m[known_of.get(c, 0) :] for c, m in new_members.items()}
    forced_new = {
        (c, k + known_of.get(c, 0)): org
        for (c, k), org in _showcase(tops, {}, None, gifu, kanazawa, new_cohorts=tuple(NEW_COHORTS)).items()
    }
    showcase_ids = {o.pk for o in (gifu, kanazawa) if o is not None}
    placed_showcase = {(PLACED_FY, k) for k, t in enumerate(placed) if t.contracting_org_id in showcase_ids}
    keep = set(forced) | set(forced_new) | placed_showcase | ({login_at} if login_at else set())
    for fy in range(LAST_FY + 1, TODAY_FY + 1):
        served[fy] = {
            (c, k)
            for c, k in sorted(served[fy - 1])
            if (c, k) in keep or rng.random() < CONTINUE_RATE.get(fy - c, 0.0)
        }
        served[fy] |= {(fy, k) for k in range(len(new_members.get(fy, [])))}
    numbers = JetNumbers(PLACED_FY)
    for cohort in sorted(new_members):
        for k, (country, job) in enumerate(new_members[cohort]):
            if cohort == PLACED_FY and k < len(placed):
                term = placed[k]
                assert term.start_date is not None and term.contracting_org is not None
                arrival_at[len(participants)] = term.start_date - timedelta(days=1)
                existing_terms.add((len(participants), PLACED_FY))
                participants.append(term.participant)
                plan.append((len(participants) - 1, cohort, k))
                org_of.append(term.contracting_org)
                continue
            co = forced_new.get((cohort, k)) or rng.choice(cos)
            add(cohort, k, country, job, co, numbers.next(country) if cohort == PLACED_FY else None)

    Person.objects.bulk_create(persons, batch_size=2000)
    for p in participants:
        p.person_id = p.person.pk
    Participant.objects.bulk_create([p for p in participants if p.pk is None], batch_size=2000)
    # the placed participants' first terms (made by the placement step) are over by the demo's today
    AppointmentTerm.objects.filter(
        fiscal_year=PLACED_FY, participant__cohort_year=PLACED_FY, status=TermStatus.SERVING
    ).update(status=TermStatus.COMPLETED if PLACED_FY < TODAY_FY else TermStatus.SERVING)

    terms: list[AppointmentTerm] = []
    for index, cohort, k in plan:
        p = participants[index]
        years = [fy for fy in range(max(cohort, FIRST_FY), TODAY_FY + 1) if (cohort, k) in served.get(fy, ())]
        if not years:
            continue
        arrival = arrival_at.get(index) or arrival_of(cohort, index)
        dates = term_dates.terms_from_arrival(arrival, years[-1] - cohort + 1)
        for fy in years:
            if (index, fy) in existing_terms:
                continue
            yop = fy - cohort + 1
            terms.append(
                AppointmentTerm(
                    participant_id=p.pk,
                    fiscal_year=fy,
                    year_on_programme=yop,
                    contracting_org=org_of[index],
                    job_type=p.job_type,
                    language_id=p.language_id,
                    # the demo's today is in FY2026
                    status=TermStatus.SERVING if fy == TODAY_FY else TermStatus.COMPLETED,
                    start_date=dates[yop - 1].start,
                    end_date=dates[yop - 1].end,
                )
            )
    AppointmentTerm.objects.bulk_create(terms, batch_size=2000)
    ctx.extra["appointments"] = {"participants": len(participants), "terms": len(terms)}


def placed_cohort() -> list[AppointmentTerm]:
    """The first terms of the participants the placement step appointed (FY2025's published run), in JET
    number order (one query)."""
    return list(
        AppointmentTerm.objects.filter(
            fiscal_year=PLACED_FY, year_on_programme=1, participant__cohort_year=PLACED_FY
        )
        .select_related("participant__person", "participant__country", "contracting_org")
        .order_by("participant__jet_id")
    )


def arrival_of(cohort: int, index: int) -> date:
    """The demo's arrival day of a cohort's participant: 26 July – 2 August (first term from the next day)."""
    return date(cohort, 7, 26) + timedelta(days=index % 8)


def _showcase(
    members: dict[int, list[Slot]],
    n2024: dict[int, int],
    login_at: tuple[int, int] | None,
    gifu: Organisation | None,
    kanazawa: Organisation | None,
    *,
    new_cohorts: tuple[int, ...],
) -> dict[tuple[int, int], Organisation]:
    """(cohort, member index) → the demo coordinator's organisation of the participants placed there on
    purpose (SHOWCASE): FY2024 participants of the older cohorts, the first members of the new ones."""
    out: dict[tuple[int, int], Organisation] = {}
    if gifu is None or kanazawa is None:
        return out
    for cohort, (n_gifu, n_kanazawa) in SHOWCASE.items():
        if new_cohorts and cohort not in new_cohorts:
            continue
        limit = len(members.get(cohort, [])) if cohort in new_cohorts else n2024.get(cohort, 0)
        ks = [k for k in range(limit) if (cohort, k) != login_at][: n_gifu + n_kanazawa]
        for i, k in enumerate(ks):
            out[(cohort, k)] = gifu if i < n_gifu else kanazawa
    return out
