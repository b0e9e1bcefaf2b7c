"""Every read of core, scoped through jetpm.core.scoping."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time
from typing import Any

from django.db.models import Case, Count, Q, QuerySet, Value, When
from django.utils import timezone

from jetpm.core import audit, chain
from jetpm.core.access import access
from jetpm.core.calendar import (
    Window,
    default_milestone_dates,
    effective_windows,
    open_windows,
    upcoming_windows,
)
from jetpm.core.models import (
    AuditEvent,
    LegalHold,
    Milestone,
    MilestoneOverride,
    Organisation,
    Person,
    PurgeRun,
    RecruitmentCycle,
    RetentionSchedule,
    ScheduledPurge,
    User,
)
from jetpm.core.permissions import (
    AUDIT_EVENT_ACTIONS,
    CYCLE_ACTIONS,
    MISSION_ACTIONS,
    ORGANISATION_ACTIONS,
    PERSON_ACTIONS,
    reads_all_audit,
)
from jetpm.core.scoping import scope_of, visible_to
from jetpm.core.states import MilestoneKind, OrgKind


def organisations_for(
    user: User, *, kind: str = "", prefecture: str = "", q: str = ""
) -> QuerySet[Organisation]:
    qs = visible_to(user, Organisation).select_related("prefecture", "host_org", "country", "region")
    if kind:
        qs = qs.filter(kind=kind)
    if prefecture:
        qs = qs.filter(prefecture__code=prefecture)
    if q:
        qs = qs.filter(
            Q(name_ja__icontains=q) | Q(name_en__icontains=q) | Q(code__icontains=q) | Q(lg_code=q)
        )
    kind_order = Case(*[When(kind=k, then=Value(i)) for i, k in enumerate(OrgKind.values)], default=Value(99))
    return qs.distinct().order_by(kind_order, "prefecture__code", "lg_code", "code")


def access_organisation_by_id(user: User, organisation_id: int, *, action: str | None = None) -> Organisation:
    """One organisation the user may see and take ``action`` on (``ORGANISATION_ACTIONS``); ``NotFound``
    otherwise."""
    return access(
        user,
        Organisation.objects.select_related("prefecture", "host_org", "country", "region").prefetch_related(
            "countries"
        ),
        action=action,
        actions=ORGANISATION_ACTIONS,
        pk=organisation_id,
    )


def organisation_members(organisation: Organisation) -> QuerySet[Any]:
    return organisation.memberships.select_related("user").order_by("role", "user__username")


def persons_for(
    user: User, *, kind: str = "", q: str = "", organisation: Organisation | None = None
) -> QuerySet[Person]:
    qs = visible_to(user, Person).select_related("nationality", "mission", "contracting_org", "chapter")
    if kind:
        qs = qs.filter(kind=kind)
    if q:
        qs = qs.filter(Q(family_name__icontains=q) | Q(given_name__icontains=q) | Q(email__icontains=q))
    if organisation is not None:
        qs = qs.filter(Q(mission=organisation) | Q(contracting_org=organisation) | Q(chapter=organisation))
    return qs.order_by("family_name", "given_name", "id")


def access_person_by_id(user: User, person_id: int, *, action: str | None = None) -> Person:
    """One person the user may see and take ``action`` on (``PERSON_ACTIONS``); ``NotFound`` otherwise."""
    return access(
        user,
        Person.objects.select_related("nationality", "mission", "contracting_org", "chapter"),
        action=action,
        actions=PERSON_ACTIONS,
        pk=person_id,
    )


def cycles_for(user: User) -> QuerySet[RecruitmentCycle]:
    return visible_to(user, RecruitmentCycle).order_by("-intake_year")


def next_intake_year() -> int:
    """The intake after the latest cycle (or after this fiscal year when there is none)."""
    from jetpm.core.calendar import fiscal_year_of

    latest = RecruitmentCycle.objects.order_by("-intake_year").values_list("intake_year", flat=True).first()
    return (latest or fiscal_year_of(timezone.localdate())) + 1


def access_cycle_by_id(user: User, cycle_id: int, *, action: str | None = None) -> RecruitmentCycle:
    """One recruitment cycle the user may take ``action`` on (``CYCLE_ACTIONS``); else ``NotFound``."""
    return access(user, RecruitmentCycle, action=action, actions=CYCLE_ACTIONS, pk=cycle_id)


def cycle_milestones(cycle: RecruitmentCycle) -> list[Milestone]:
    return list(cycle.milestones.all().order_by("starts_on", "kind"))


def cycle_overrides(user: User, cycle: RecruitmentCycle) -> QuerySet[MilestoneOverride]:
    return (
        visible_to(user, MilestoneOverride)
        .filter(milestone__cycle=cycle)
        .select_related("milestone", "mission")
        .order_by("mission__code", "milestone__starts_on")
    )


def access_mission_by_id(user: User, mission_id: int, *, action: str | None = None) -> Organisation:
    """One mission the user may see and take ``action`` on (``MISSION_ACTIONS``); ``NotFound`` otherwise."""
    return access(
        user,
        Organisation.objects.filter(kind=OrgKind.MISSION),
        action=action,
        actions=MISSION_ACTIONS,
        pk=mission_id,
    )


def mission_overrides(cycle: RecruitmentCycle, mission: Organisation) -> dict[int, MilestoneOverride]:
    return {
        o.milestone_id: o for o in MilestoneOverride.objects.filter(milestone__cycle=cycle, mission=mission)
    }


def mission_windows(mission_id: int | None) -> list[Window]:
    """Every window of every cycle with the mission's own dates where it set them (two queries): for a
    caller that asks both what is open and what is coming."""
    return _windows(mission_id)


def _windows(mission_id: int | None) -> list[Window]:
    rows = Milestone.objects.select_related("cycle").only(
        "kind", "starts_on", "ends_on", "cycle__intake_year"
    )
    defaults = [Window(m.cycle.intake_year, m.kind, m.starts_on, m.ends_on) for m in rows]
    overrides: dict[tuple[int, str], tuple[date, date]] = {}
    if mission_id is not None:
        for o in MilestoneOverride.objects.filter(mission_id=mission_id).select_related("milestone__cycle"):
            overrides[(o.milestone.cycle.intake_year, o.milestone.kind)] = (o.starts_on, o.ends_on)
    return effective_windows(defaults, overrides)


def windows_on(user: User | None, on: date, *, mission_id: int | None = None) -> list[Window]:
    """The windows open on a day, with the dates of the user's mission (or the given mission)."""
    if mission_id is None and user is not None:
        scope = scope_of(user)
        missions = sorted(scope.mission_ids | scope.panelist_mission_ids)
        mission_id = missions[0] if len(missions) == 1 else None
        if mission_id is None and scope.person_id is not None:
            mission_id = (
                Person.objects.filter(pk=scope.person_id).values_list("mission_id", flat=True).first()
            )
    return open_windows(_windows(mission_id), on)


def upcoming_on(
    user: User | None, on: date, *, mission_id: int | None = None, limit: int = 5
) -> list[Window]:
    if mission_id is None and user is not None:
        missions = sorted(scope_of(user).mission_ids)
        mission_id = missions[0] if len(missions) == 1 else None
    return upcoming_windows(_windows(mission_id), on, limit=limit)


@dataclass(frozen=True)
class AuditFilter:
    organisation_id: int | None = None
    person_id: int | None = None
    actor: str = ""
    object_type: str = ""
    object_id: str = ""
    action: str = ""
    date_from: date | None = None
    date_to: date | None = None


def audit_events_for(user: User, f: AuditFilter) -> QuerySet[AuditEvent]:
    qs = visible_to(user, AuditEvent).select_related("organisation", "person")
    if f.organisation_id:
        qs = qs.filter(organisation_id=f.organisation_id)
    if f.person_id:
        qs = qs.filter(person_id=f.person_id)
    if f.actor:
        qs = qs.filter(actor_label__icontains=f.actor)
    if f.object_type:
        qs = qs.filter(object_type=f.object_type)
    if f.object_id:
        qs = qs.filter(object_id=f.object_id)
    if f.action:
        qs = qs.filter(action__startswith=f.action)
    tz = timezone.get_current_timezone()
    if f.date_from:
        qs = qs.filter(at__gte=datetime.combine(f.date_from, time.min, tzinfo=tz))
    if f.date_to:
        qs = qs.filter(at__lte=datetime.combine(f.date_to, time.max, tzinfo=tz))
    return qs.order_by("-at", "-id")


def access_audit_event_by_id(user: User, event_id: int, *, action: str | None = None) -> AuditEvent:
    """One audit event the user may see (``NotFound`` otherwise); audit events offer no action."""
    return access(
        user,
        AuditEvent.objects.select_related("organisation", "person"),
        action=action,
        actions=AUDIT_EVENT_ACTIONS,
        pk=event_id,
    )


def audit_object_types(user: User) -> list[str]:
    return list(visible_to(user, AuditEvent).order_by().values_list("object_type", flat=True).distinct())


def user_memberships(user: User) -> QuerySet[Any]:
    return user.memberships.select_related("organisation").order_by(
        "organisation__kind", "organisation__code"
    )


def organisation_counts(user: User) -> dict[str, int]:
    rows = visible_to(user, Organisation).order_by().values("kind").annotate(n=Count("id"))
    return {r["kind"]: r["n"] for r in rows}


def arrival_date(intake_year: int) -> date:
    """The first day of the intake's arrival window (the programme's default when the calendar has none):
    the date the eligibility rules, passports and first terms are measured against."""
    starts = (
        Milestone.objects.filter(cycle__intake_year=intake_year, kind=MilestoneKind.ARRIVAL)
        .values_list("starts_on", flat=True)
        .first()
    )
    return starts or default_milestone_dates(intake_year)[MilestoneKind.ARRIVAL][0]


def audit_chain_state(user: User) -> chain.Verdict | None:
    """The hash chain recomputed from the first event, for those who read the whole log; else None."""
    if not reads_all_audit(scope_of(user)):
        return None
    return audit.verify_chain()


# --- retention of personal data (the pages check who may read them: core/permissions.py) -----------------


def retention_schedules() -> list[RetentionSchedule]:
    """The schedules in the order of the record kinds (reference data: the same for everyone)."""
    from jetpm.core.retention import KINDS

    order = {k: i for i, k in enumerate(KINDS)}
    return sorted(RetentionSchedule.objects.select_related("updated_by"), key=lambda s: order.get(s.kind, 99))


def recent_purges(limit: int = 10) -> list[PurgeRun]:
    return list(PurgeRun.objects.select_related("actor").order_by("-started_at", "-id")[:limit])


def next_scheduled_purge() -> ScheduledPurge | None:
    return ScheduledPurge.objects.filter(done_at__isnull=True).order_by("run_on").first()


def legal_holds_of(person: Person) -> list[LegalHold]:
    """The person's holds, the standing one first (few: a list, not a page)."""
    return list(
        LegalHold.objects.filter(person=person)
        .select_related("placed_by", "lifted_by")
        .order_by("-placed_at", "-id")[:50]
    )
