"""Demo step of the return: FY2022–FY2025's leavers go home and become alumni.

The leavers are the participants whose last term is one of FY2022–FY2025's (the appointments step's years
that have ended: FY2025's ended in the summer of 2026) and who are still recorded as participants. Each one's
return (``alumni.Return``) is dated a few days after the term's end, to their country of nationality (one in
twelve elsewhere), with the pre-return orientation they attended in February (FY2025's from the training
step's attendance, the earlier years' on their February's course day) and the year's return-travel cost with
a spread; the person becomes an alumnus through the workflow layer (PERSONS "leave", in bulk, dated on the
return day). The contracting organisation recorded it (Gifu's by the demo coordinator).

A few leavers of the demo coordinators' organisations (Gifu Prefecture and Kanazawa City) are left for them
to record (:data:`LEFT_TO_RECORD`): the "Returns" page has work on the demo's today.

Each returned alumnus has a profile (country of residence = destination; about two in three say their
sector and organisation; consents in realistic shares) and about one in six has joined the JETAA chapter of
their country in the autumn (FY2022–FY2024's leavers only after 31 December 2024, so that the membership
survey's table of that day stays the seed's, made by the history step). The demo login "alumnus" gets a
profile with its consents and its open membership of JETAA New York (core's copy ``Person.chapter`` already
names it).

A handful of queries and bulk inserts whatever the scale.
"""

from __future__ import annotations

import random
from datetime import UTC, date, datetime, timedelta
from typing import TYPE_CHECKING

from django.db.models import Exists, OuterRef

from jetpm.alumni.models import AlumnusProfile, ChapterMembership, Return
from jetpm.alumni.states import MemberType, Sector
from jetpm.appointments.models import AppointmentTerm, CostRates, TrainingInvitation
from jetpm.appointments.states import Attendance, TrainingKind
from jetpm.appointments.workflows import PERSONS
from jetpm.core import bulk, workflow
from jetpm.core.models import Language, Organisation, Person
from jetpm.core.states import OrgKind, PersonKind
from jetpm.demo.logins import GIFU_CO, KANAZAWA_CO, NEW_YORK_CHAPTER
from jetpm.demo.world.core import DEMO_TODAY
from jetpm.demo.world.history import JETAA_DAY

if TYPE_CHECKING:
    from jetpm.demo.generator import DemoContext

LEAVING_FY = 2025  # the year whose leavers the contracting organisations are still recording
LEAVING_FYS = (2022, 2023, 2024, LEAVING_FY)
LEFT_TO_RECORD = {GIFU_CO: 4, KANAZAWA_CO: 2}
ELSEWHERE_SHARE = 1 / 12
SECTOR_SHARE = 2 / 3
SECTOR_WEIGHTS = {
    Sector.EDUCATION: 34,
    Sector.BUSINESS: 22,
    Sector.GOVERNMENT: 12,
    Sector.ACADEMIA: 10,
    Sector.MEDIA: 5,
    Sector.POLITICS: 2,
    Sector.THINK_TANK: 2,
    Sector.OTHER: 13,
}
CONSENT_SHARES = {"news": 0.72, "events": 0.55, "recruitment": 0.31, "share": 0.44}
CHAPTER_SHARE = 1 / 6
ORGANISATIONS = {
    Sector.EDUCATION: ["a secondary school", "a language school", "a school district"],
    Sector.BUSINESS: ["a trading company", "a software company", "a bank", "a tourism agency"],
    Sector.GOVERNMENT: ["the foreign ministry", "a city council", "a trade agency"],
    Sector.ACADEMIA: ["a university", "a research institute"],
    Sector.MEDIA: ["a newspaper", "a broadcaster"],
    Sector.POLITICS: ["a member of parliament's office"],
    Sector.THINK_TANK: ["a policy institute"],
    Sector.OTHER: ["a non-profit organisation", "self-employed"],
}


BASE_COST = 150_000  # yen, for a year without cost rates
ATTENDED_EARLIER = 0.93  # the earlier years' attendance of the pre-return course (as the training step's)


def _february_course(fy: int) -> date:
    """The pre-return course of fiscal year ``fy``: the third Monday of the February before its end."""
    first = date(fy + 1, 2, 1)
    return first + timedelta(days=(7 - first.weekday()) % 7 + 14)


def alumni_return_step(ctx: DemoContext) -> None:
    rng: random.Random = ctx.rng
    later = AppointmentTerm.objects.filter(
        participant_id=OuterRef("participant_id"), fiscal_year__gt=OuterRef("fiscal_year")
    )
    terms = list(
        AppointmentTerm.objects.filter(
            fiscal_year__in=LEAVING_FYS, participant__person__kind=PersonKind.PARTICIPANT
        )
        .filter(~Exists(later))
        .select_related("participant", "participant__person", "contracting_org")
        .order_by("participant__jet_id")
    )
    keep: set[int] = set()
    for code, n in LEFT_TO_RECORD.items():
        theirs = [
            t.pk
            for t in terms
            if t.fiscal_year == LEAVING_FY
            and t.contracting_org is not None
            and t.contracting_org.code == code
        ]
        keep |= set(theirs[:n])
    leaving = [t for t in terms if t.pk not in keep and t.end_date is not None]
    attended = dict(
        TrainingInvitation.objects.filter(
            event__kind=TrainingKind.PRE_RETURN,
            event__fiscal_year=LEAVING_FY,
            attendance=Attendance.ATTENDED,
        ).values_list("participant_id", "event__starts_on")
    )
    base_costs = dict(
        CostRates.objects.filter(fiscal_year__in=LEAVING_FYS).values_list("fiscal_year", "travel_return_yen")
    )
    countries = list(ctx.countries.values())
    recruiting = [ctx.countries[c] for c in ctx.recruiting_countries if c in ctx.countries] or countries
    coordinator = ctx.users.get("co.coordinator")
    gifu = ctx.contracting_orgs.get(GIFU_CO)

    returns: list[Return] = []
    returned_on: dict[int, date] = {}
    for t in leaving:
        person = t.participant.person
        assert t.end_date is not None
        day = t.end_date + timedelta(days=rng.randint(1, 12))
        destination_id = person.nationality_id
        if rng.random() < ELSEWHERE_SHARE:
            destination_id = rng.choice(recruiting).pk
        orientation = attended.get(t.participant_id)
        if t.fiscal_year != LEAVING_FY and rng.random() < ATTENDED_EARLIER:  # the course of their February
            orientation = _february_course(t.fiscal_year)
        returns.append(
            Return(
                person_id=person.pk,
                participant_id=t.participant_id,
                last_term_id=t.pk,
                returned_on=day,
                destination_id=destination_id,
                orientation_attended=orientation is not None,
                orientation_on=orientation,
                travel_cost_yen=int(
                    round(base_costs.get(t.fiscal_year, 150_000) * rng.uniform(0.7, 1.4), -3)
                ),
                recorded_by=coordinator if gifu is not None and t.contracting_org_id == gifu.pk else None,
                recorded_for_id=t.contracting_org_id,
            )
        )
        returned_on[person.pk] = day
    bulk.insert_many(returns)

    persons = list(Person.objects.filter(pk__in=list(returned_on)).order_by("pk"))
    workflow.perform_bulk(
        PERSONS,
        persons,
        "leave",
        actor=workflow.SYSTEM,
        values_of=lambda p: {"contracting_org_id": None},
        at_of=lambda p: datetime.combine(returned_on[p.pk], datetime.min.time(), tzinfo=UTC).replace(hour=9),
    )

    # profiles and consents
    destination_of = {r.person_id: r.destination_id for r in returns}
    sectors = list(SECTOR_WEIGHTS)
    weights = [SECTOR_WEIGHTS[s] for s in sectors]
    english = Language.objects.filter(code="en").first()
    japanese = Language.objects.filter(code="ja").first()
    profiles: list[AlumnusProfile] = []
    for p in persons:
        sector = rng.choices(sectors, weights)[0] if rng.random() < SECTOR_SHARE else ""
        profiles.append(
            AlumnusProfile(
                person_id=p.pk,
                country_id=destination_of[p.pk],
                sector=sector,
                organisation=rng.choice(ORGANISATIONS[Sector(sector)]) if sector else "",
                japan_related_work="Teaches Japanese"
                if sector == Sector.EDUCATION and rng.random() < 0.3
                else "",
                consents_to_news=rng.random() < CONSENT_SHARES["news"],
                consents_to_events=rng.random() < CONSENT_SHARES["events"],
                consents_to_recruitment=rng.random() < CONSENT_SHARES["recruitment"],
                consents_to_share_with_chapter=rng.random() < CONSENT_SHARES["share"],
            )
        )
    demo_alumnus = Person.objects.filter(user=ctx.users.get("alumnus"), kind=PersonKind.ALUMNUS).first()
    if demo_alumnus is not None and not AlumnusProfile.objects.filter(person=demo_alumnus).exists():
        profiles.append(
            AlumnusProfile(
                person_id=demo_alumnus.pk,
                country_id=demo_alumnus.nationality_id,
                city="New York",
                sector=Sector.EDUCATION,
                organisation="a high school in Brooklyn",
                japan_related_work="Teaches Japanese and runs an exchange with a school in Gifu",
                consents_to_news=True,
                consents_to_events=True,
                consents_to_share_with_chapter=True,
            )
        )
    bulk.insert_many(profiles)
    through = AlumnusProfile.languages.through
    links = []
    for profile in profiles:
        if english is not None:
            links.append(through(alumnusprofile_id=profile.pk, language_id=english.pk))
        if japanese is not None and rng.random() < 0.6:
            links.append(through(alumnusprofile_id=profile.pk, language_id=japanese.pk))
    bulk.insert_many(links)

    # some join their country's chapter in the autumn; the demo alumnus is a member of JETAA New York
    chapters_by_country: dict[int, list[Organisation]] = {}
    for chapter in Organisation.objects.filter(kind=OrgKind.JETAA_CHAPTER).order_by("code"):
        if chapter.country_id is not None:
            chapters_by_country.setdefault(chapter.country_id, []).append(chapter)
    already = set(ChapterMembership.objects.filter(left_on__isnull=True).values_list("person_id", flat=True))
    joining: list[ChapterMembership] = []
    for p in persons:
        options = chapters_by_country.get(destination_of[p.pk], [])
        if options and p.pk not in already and rng.random() < CHAPTER_SHARE:
            joined = returned_on[p.pk] + timedelta(days=rng.randint(20, 90))
            if joined <= JETAA_DAY:  # an earlier year's leaver: joined since the 2024 survey's day
                joined = JETAA_DAY + timedelta(days=rng.randint(1, (DEMO_TODAY - JETAA_DAY).days))
            joining.append(
                ChapterMembership(
                    person_id=p.pk,
                    chapter=rng.choice(options),
                    joined_on=joined,
                    member_type=MemberType.REGULAR,
                )
            )
    ny = ctx.chapters.get(NEW_YORK_CHAPTER)
    if demo_alumnus is not None and ny is not None and demo_alumnus.pk not in already:
        joining.append(
            ChapterMembership(
                person_id=demo_alumnus.pk,
                chapter=ny,
                joined_on=date(2024, 9, 1),
                member_type=MemberType.REGULAR,
            )
        )
    joining = [m for m in joining if m.joined_on <= DEMO_TODAY]
    bulk.insert_many(joining)
    for chapter_id in {m.chapter.pk for m in joining}:  # core's copy of the open membership
        Person.objects.filter(pk__in=[m.person_id for m in joining if m.chapter.pk == chapter_id]).update(
            chapter_id=chapter_id
        )
    ctx.extra["alumni_return"] = {
        "returned": len(returns),
        "left_to_record": len(keep),
        "profiles": len(profiles),
        "joined": len(joining),
    }
