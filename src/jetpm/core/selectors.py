"""Every read of core, scoped through jetpm.core.scoping."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
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
    ChainVerification,
    LegalHold,
    Milestone,
    MilestoneOverride,
    Organisation,
    Person,
    PurgeRun,
    RecruitmentCycle,
    RetentionSchedule,
    ScheduledPurge,
    ScheduledVerification,
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
from jetpm.core.states import ChainProblem, MilestoneKind, OrgKind


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


def openable_organisation_ids(user: User, organisation_ids: list[int]) -> set[int]:
    """Those of ``organisation_ids`` whose page the user may open: a CLAIR counsellor, who sees counselling
    cases only, is a member of CLAIR but may not open CLAIR's page."""
    return set(visible_to(user, Organisation).filter(pk__in=organisation_ids).values_list("pk", flat=True))


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


# The events after the last intact verification that the chain page checks on each view, at most (about
# 0.2 s on the benchmark machine, docs/benchmarks.md); the rest is left to the full verification, daily or
# asked for.
PAGE_CHECK_LIMIT = 10_000
# A full verification of a chain longer than this asks to be confirmed on the page (it takes a while).
CONFIRM_VERIFICATION_ABOVE = 100_000


@dataclass(frozen=True)
class ChainFinding:
    """A break in the chain as the page shows it: the first event that does not match (None when events are
    missing at the end), what is wrong, and the recorded verification that found it (None: this page's
    check)."""

    first_bad_id: int | None
    problem: str
    found_by: ChainVerification | None

    @property
    def problem_label(self) -> str:
        return str(ChainProblem(self.problem).label) if self.problem in ChainProblem.values else self.problem


@dataclass(frozen=True)
class ChainState:
    """The chain page: the head, the last full verification, and the check of this page view — the event
    the last intact verification ended at, then at most :data:`PAGE_CHECK_LIMIT` events after it."""

    head_seq: int
    head_hash: str
    last_full: ChainVerification | None  # the last finished full verification
    anchor: ChainVerification | None  # the intact one that reached furthest (the check starts after it)
    checked: chain.Verdict  # this page view's check
    pending: ChainVerification | None  # asked for and not finished
    next_daily: ScheduledVerification | None  # the next booked daily verification

    @property
    def checked_from(self) -> int:
        return (self.anchor.last_seq if self.anchor else 0) + 1

    @property
    def checked_to(self) -> int:
        return self.checked_from + self.checked.verified - 1

    @property
    def unchecked(self) -> int:
        """Events after the range checked now, left to the full verification (the page's limit)."""
        if self.checked.complete or not self.checked.intact:
            return 0
        return max(0, self.head_seq - self.checked.last_seq)

    @property
    def findings(self) -> list[ChainFinding]:
        found = []
        if self.last_full is not None and self.last_full.intact is False:
            found.append(
                ChainFinding(self.last_full.first_bad_event_id, self.last_full.problem, self.last_full)
            )
        if not self.checked.intact:
            found.append(ChainFinding(self.checked.first_bad_id, self.checked.problem, None))
        return found


# A full verification asked for and not finished after this long is taken as lost (its worker stopped):
# another may be asked for. The full demo's chain verifies in seconds; a production log of years in minutes.
PENDING_FOR = timedelta(hours=1)


def pending_verification(*, now: datetime | None = None) -> ChainVerification | None:
    """The full verification asked for or running and not finished, unless older than :data:`PENDING_FOR`."""
    since = (now or timezone.now()) - PENDING_FOR
    return (
        ChainVerification.objects.filter(finished_at__isnull=True, requested_at__gte=since)
        .select_related("actor")
        .order_by("-requested_at", "-id")
        .first()
    )


def audit_chain_state(user: User, *, limit: int | None = None) -> ChainState | None:
    """The chain's state for those who read the whole log (else None), without recomputing it all: what the
    recorded verifications found, and the events after the last intact one checked now (bounded: a fixed
    number of queries and at most ``limit`` events, whatever the length of the chain)."""
    if not reads_all_audit(scope_of(user)):
        return None
    head = audit.chain_head()
    done = ChainVerification.objects.filter(finished_at__isnull=False).select_related("actor")
    last_full = done.order_by("-finished_at", "-id").first()
    anchor = done.filter(intact=True).order_by("-last_seq", "-finished_at", "-id").first()
    checked = audit.verify_after(
        seq=anchor.last_seq if anchor else 0,
        hash_=anchor.last_hash if anchor else chain.GENESIS,
        limit=PAGE_CHECK_LIMIT if limit is None else limit,
        head=head,
    )
    next_daily = ScheduledVerification.objects.filter(done_at__isnull=True).order_by("run_on").first()
    return ChainState(head[0], head[1], last_full, anchor, checked, pending_verification(), next_daily)


def chain_verifications(user: User) -> QuerySet[ChainVerification]:
    """The recorded full verifications, the last asked for first (for those who read the whole log)."""
    if not reads_all_audit(scope_of(user)):
        return ChainVerification.objects.none()
    return ChainVerification.objects.select_related("actor").order_by("-requested_at", "-id")


def chain_length() -> int:
    """The number of events in the chain (its head's sequence number)."""
    return audit.chain_head()[0]


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
