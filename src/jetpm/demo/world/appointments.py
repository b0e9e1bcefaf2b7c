"""Demo step of appointments: participants and their terms for FY2022–FY2024.

At full scale the record-level data reproduces the seed's published figures exactly (data/README.md): the
participants by cohort and fiscal year (参考２), FY2024 participants and ALTs by country (参考１),
and FY2024's participants and new participants by job type (２). A cohort's participants in FY *t* are a
subset of its participants in FY *t−1* (participant *i* of a cohort serves while *i* < the year's count).
The small scale has the same structure with about a twentieth of the people. Every FY2024 term is with a
contracting organisation of the demo; the demo login "participant" is one of FY2024's UK participants, with
Gifu Prefecture.
"""

from __future__ import annotations

from datetime import timedelta
from decimal import ROUND_HALF_UP, Decimal
from typing import TYPE_CHECKING

from jetpm.appointments.models import AppointmentTerm, Participant
from jetpm.appointments.states import TermStatus
from jetpm.core.models import Language, Organisation, Person
from jetpm.core.states import JobType, PersonKind
from jetpm.demo import names
from jetpm.demo.logins import GIFU_CO
from jetpm.demo.world.core import (
    BIRTH_FROM,
    BIRTH_TO,
    FY2024_NAMED_COUNTRIES,
    NATIONALITY_WEIGHTS,
    OTHER_COUNTRIES,
    OTHER_COUNTRIES_PARTICIPANTS,
    apportion,
)

if TYPE_CHECKING:
    from jetpm.demo.generator import DemoContext

FIRST_FY, LAST_FY = 2022, 2024
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
    languages = dict(Language.objects.values_list("code", "id"))
    persons: list[Person] = []
    participants: list[Participant] = []
    plan: list[tuple[int, int, int]] = []  # (participant index, cohort, member index)
    org_of: list[Organisation] = []
    serial = 0
    for cohort in cohorts:
        for k, (country, job) in enumerate(members[cohort]):
            serial += 1
            co = gifu if login_at == (cohort, k) and gifu is not None else rng.choice(cos)
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
                    jet_id=f"J{cohort}{country}{serial:05d}",
                    cohort_year=cohort,
                    country=ctx.countries[country],
                    job_type=job,
                    language_id=languages.get(language) if language else None,
                )
            )
            plan.append((len(participants) - 1, cohort, k))
            org_of.append(co)
    Person.objects.bulk_create(persons, batch_size=2000)
    for p in participants:
        p.person_id = p.person.pk
    Participant.objects.bulk_create(participants, batch_size=2000)

    terms: list[AppointmentTerm] = []
    for index, cohort, k in plan:
        p = participants[index]
        for fy in range(max(cohort, FIRST_FY), LAST_FY + 1):
            if k >= table.get((cohort, fy), 0):
                break
            terms.append(
                AppointmentTerm(
                    participant_id=p.pk,
                    fiscal_year=fy,
                    year_on_programme=fy - cohort + 1,
                    contracting_org=org_of[index],
                    job_type=p.job_type,
                    language_id=p.language_id,
                    status=TermStatus.COMPLETED,  # the demo's today is in FY2026
                )
            )
    AppointmentTerm.objects.bulk_create(terms, batch_size=2000)
    ctx.extra["appointments"] = {"participants": len(participants), "terms": len(terms)}
