"""Demo step of departure groups and arrival (predeparture): FY2026's groups and arrivals. Every new
participant of FY2026 (a first term of FY2026: the published run's placed and the cohort's top-up) travels
with a group of their mission and arrived: group A (departs 25 July, arrives 26 July) for those whose first
term starts 27–30 July, group B (29/30 July) for the others, the late group (1/2 August) for the upgraded
alternates, and — for the missions of the southern hemisphere — an April group (5/6 April) for a few of
their participants, whose terms then run from 7 April (``jetpm.appointments.term_dates``: their first term
ends with the summer arrivals', 31 July 2027). The arrivals are confirmed through the workflow layer
(``core.workflow.perform_bulk``, dated on the arrival day); a few participants of group A did not arrive:
recorded through the service (``record_no_show``), which removes their appointment and withdraws their
application, so the seat is reopened. FY2027 is being screened on the demo's today: it has no group yet.
Bulk writes: a bounded number of queries whatever the scale (the no-shows: a few queries each).
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date, datetime, time, timedelta
from typing import TYPE_CHECKING

from django.utils import timezone

from jetpm.applications.models import Application
from jetpm.appointments import term_dates
from jetpm.appointments.models import AppointmentTerm
from jetpm.core import audit
from jetpm.core.workflow import SYSTEM, perform_bulk
from jetpm.demo.logins import GIFU_CO, KANAZAWA_CO
from jetpm.predeparture.departure import services
from jetpm.predeparture.departure.states import ChangeKind, GroupCode
from jetpm.predeparture.departure.workflows import DEPARTURES
from jetpm.predeparture.models import DepartureAssignment, DepartureChange, DepartureGroup
from jetpm.selection.models import Offer
from jetpm.selection.states import OfferOrigin

if TYPE_CHECKING:
    from jetpm.demo.generator import DemoContext

YEAR = 2026
# (departure, arrival) of each group of the year
DATES: dict[str, tuple[date, date]] = {
    GroupCode.APRIL: (date(YEAR, 4, 5), date(YEAR, 4, 6)),
    GroupCode.A: (date(YEAR, 7, 25), date(YEAR, 7, 26)),
    GroupCode.B: (date(YEAR, 7, 29), date(YEAR, 7, 30)),
    GroupCode.LATE: (date(YEAR, 8, 1), date(YEAR, 8, 2)),
}
# The countries of the southern hemisphere whose missions send an April group (the seed: April arrivals).
SOUTH = frozenset({"AU", "NZ", "ZA", "AR", "BR", "CL", "PE", "FJ", "TO", "WS", "PG", "SB"})
APRIL_SHARE = 3  # every third eligible participant of those missions travels in April
NO_SHOWS = {"small": 2, "full": 6}
# CLAIR reconciles the Tokyo orientation's roll-call with the groups after the summer: the no-shows are
# recorded then, after every mission's upgrade cut-off (their places are recorded as left unfilled).
RECONCILED = date(YEAR, 9, 1)
NO_SHOW_REASONS = ("Visa not issued in time", "Family emergency on the day of departure", "Missed the flight")
FLIGHTS: dict[str, str] = {
    GroupCode.APRIL: "JL 772 → NRT",
    GroupCode.A: "NH 212 → HND",
    GroupCode.B: "JL 44 → HND",
    GroupCode.LATE: "NH 6 → HND",
}


def _at(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(15)))


def departure_step(ctx: DemoContext) -> None:
    ctx.report("departure groups", 0.0)
    firsts = list(
        AppointmentTerm.objects.filter(fiscal_year=YEAR, year_on_programme=1)
        .select_related("participant__person", "contracting_org")
        .order_by("participant__jet_id")
    )
    if not firsts:
        return
    person_ids = [t.participant.person_id for t in firsts]
    apps = {
        a.person_id: a
        for a in Application.objects.filter(person_id__in=person_ids, intake_year=YEAR).only(
            "pk", "person_id", "mission_id"
        )
    }
    upgraded = set(
        Offer.objects.filter(application__intake_year=YEAR, origin=OfferOrigin.UPGRADE).values_list(
            "application__person_id", flat=True
        )
    )
    later = set(
        AppointmentTerm.objects.filter(
            participant__in=[t.participant_id for t in firsts], fiscal_year__gt=YEAR
        ).values_list("participant_id", flat=True)
    )
    showcase = {o.pk for code in (GIFU_CO, KANAZAWA_CO) if (o := ctx.contracting_orgs.get(code)) is not None}
    southern = {m.pk for code, m in ctx.missions.items() if set(ctx.mission_countries.get(code, [])) & SOUTH}
    mission_code = {m.pk: code for code, m in ctx.missions.items()}

    # who travels with which group, arriving when (the terms re-dated for the April and late groups)
    plan: list[tuple[AppointmentTerm, int, str, date]] = []
    redated: list[AppointmentTerm] = []
    south_seen: dict[int, int] = defaultdict(int)
    for t in firsts:
        person = t.participant.person
        app = apps.get(person.pk)
        mission_id = app.mission_id if app is not None else person.mission_id
        if mission_id is None or t.start_date is None:
            continue
        arrival = t.start_date - timedelta(days=1)
        movable = t.participant_id not in later and t.contracting_org_id not in showcase
        if person.pk in upgraded:  # (their later terms follow: re-dated below)
            code = GroupCode.LATE
            arrival = DATES[GroupCode.LATE][1]
        elif mission_id in southern and movable and south_seen[mission_id] % APRIL_SHARE == 0:
            code = GroupCode.APRIL
            arrival = DATES[GroupCode.APRIL][1]
        else:
            code = GroupCode.A if arrival < DATES[GroupCode.B][1] else GroupCode.B
        if mission_id in southern and movable and person.pk not in upgraded:
            south_seen[mission_id] += 1
        if arrival < DATES[code][0]:  # cannot arrive before the group leaves: travel with group A
            code = GroupCode.A
        if t.start_date != arrival + timedelta(days=1):
            dates = term_dates.first_term(arrival)
            t.start_date, t.end_date = dates.start, dates.end
            redated.append(t)
        plan.append((t, mission_id, code, arrival))
    # the later terms of the re-dated (upgraded alternates reappointed already) continue from the first
    ends = {t.participant_id: t.end_date for t in redated}
    for t in AppointmentTerm.objects.filter(participant_id__in=list(ends), fiscal_year__gt=YEAR).order_by(
        "participant_id", "fiscal_year"
    ):
        end = ends[t.participant_id]
        assert end is not None
        dates = term_dates.next_term(end)
        t.start_date, t.end_date = dates.start, dates.end
        ends[t.participant_id] = dates.end
        redated.append(t)
    AppointmentTerm.objects.bulk_update(redated, ["start_date", "end_date"], batch_size=1000)

    ctx.report("departure groups", 0.3)
    needed = sorted({(mission_id, code) for _t, mission_id, code, _a in plan})
    # the mission's city from its code (mission-<country>-<city>), never the code itself
    airports = {
        m: f"{mission_code.get(m, '').split('-', 2)[-1].replace('-', ' ').title()} International Airport"
        for m, _c in needed
    }
    groups = [
        DepartureGroup(
            intake_year=YEAR,
            mission_id=mission_id,
            code=code,
            departure_date=DATES[code][0],
            arrival_date=DATES[code][1],
            airport=airports[mission_id],
            flight=FLIGHTS[code],
        )
        for mission_id, code in needed
    ]
    DepartureGroup.objects.bulk_create(groups, batch_size=1000)
    group_of = {(g.mission_id, g.code): g for g in groups}
    clair = ctx.users.get("clair.staff")
    rows = [
        DepartureAssignment(
            group=group_of[(mission_id, code)],
            intake_year=YEAR,
            person_id=t.participant.person_id,
            participant_id=t.participant_id,
            application=apps.get(t.participant.person_id),
            term=t,
            contracting_org_id=t.contracting_org_id,
            decided_at=_at(arrival),
            decided_by=clair,
        )
        for t, mission_id, code, arrival in plan
    ]
    DepartureAssignment.objects.bulk_create(rows, batch_size=1000)
    DepartureChange.objects.bulk_create(
        [
            DepartureChange(group=a.group, assignment=a, kind=ChangeKind.ASSIGNED, after=a.group.code)
            for a in rows
        ],
        batch_size=1000,
    )
    audit.record_many(
        [
            audit.event(
                actor=None,
                action="departure.group.create",
                obj=g,
                organisation=g.mission_id,
                changes={"code": [None, g.code], "arrival_date": [None, g.arrival_date]},
            )
            for g in groups
        ]
    )

    # the no-shows (a few of group A, placed through the run: their application is withdrawn) ...
    ctx.report("arrivals", 0.6)
    arrival_of = {a.pk: arr for a, (_t, _m, _c, arr) in zip(rows, plan, strict=True)}
    candidates = [
        a
        for a in rows
        if a.group.code == GroupCode.A
        and a.application_id is not None
        and a.participant_id not in later
        and a.contracting_org_id not in showcase
    ]
    n_no_shows = NO_SHOWS["full" if ctx.scale == "full" else "small"]
    picked = candidates[:: max(1, len(candidates) // max(1, n_no_shows))][:n_no_shows]
    for a in picked:
        a.decided_at, a.decided_by = None, None
    DepartureAssignment.objects.filter(pk__in=[a.pk for a in picked]).update(decided_at=None, decided_by=None)
    # ... and everybody else arrived, confirmed on the arrival day (through the workflow layer)
    no_show_ids = {a.pk for a in picked}
    arrived = [a for a in rows if a.pk not in no_show_ids]
    perform_bulk(
        DEPARTURES,
        arrived,
        "confirm_arrival",
        actor=SYSTEM,
        values_of=lambda a: {"arrived_on": arrival_of[a.pk]},
        at_of=lambda a: _at(arrival_of[a.pk]),
    )
    DepartureChange.objects.bulk_create(
        [
            DepartureChange(
                group=a.group, assignment=a, kind=ChangeKind.ARRIVED, after=arrival_of[a.pk].isoformat()
            )
            for a in arrived
        ],
        batch_size=1000,
    )
    if clair is not None:
        for i, a in enumerate(picked):
            services.record_no_show(
                actor=clair,
                departure_id=a.pk,
                reason=NO_SHOW_REASONS[i % len(NO_SHOW_REASONS)],
                today=RECONCILED,
            )
    ctx.extra["departure"] = {
        "groups": len(groups),
        "arrived": len(arrived),
        "no_shows": len(picked),
        "redated": len(redated),
        "no_show_persons": [a.person_id for a in picked],
    }
