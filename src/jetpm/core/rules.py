"""Visibility rules of core's records (see jetpm.core.scoping)."""

from collections.abc import Callable

from django.db.models import Q

from jetpm.core.models import (
    AuditEvent,
    Country,
    Membership,
    Milestone,
    MilestoneOverride,
    Organisation,
    Person,
    RecruitmentCycle,
)
from jetpm.core.permissions import reads_all_audit
from jetpm.core.scoping import NOTHING, Scope, register, register_url_parameter
from jetpm.core.states import OrgKind, Role


def _co_area(scope: Scope) -> Q:
    """Contracting organisations a user acts for: their own, and those in their host organisations' area."""
    return Q(id__in=scope.co_ids) | Q(host_org_id__in=scope.host_ids)


@register(Organisation)
def organisation_rule(scope: Scope) -> Q:
    if scope.national or scope.is_superuser:
        return Q()
    q = Q(id__in=scope.org_ids | scope.panelist_mission_ids) | _co_area(scope)
    if scope.person_id is not None:
        q |= Q(mission_persons__id=scope.person_id) | Q(co_persons__id=scope.person_id)
        q |= Q(chapter_persons__id=scope.person_id)
    # --- alumni (issue 12): a mission keeps contact with the JETAA chapters of its countries
    if scope.mission_ids:
        countries = Country.objects.filter(missions__id__in=scope.mission_ids).values("pk")
        q |= Q(kind=OrgKind.JETAA_CHAPTER, country_id__in=countries)
    return q


@register(Person)
def person_rule(scope: Scope) -> Q:
    if scope.national or scope.is_superuser:
        return Q()
    q = (
        Q(mission_id__in=scope.mission_ids)
        | Q(contracting_org_id__in=scope.co_ids)
        | Q(contracting_org__host_org_id__in=scope.host_ids)
        | Q(chapter_id__in=scope.chapter_ids)
    )
    if scope.person_id is not None:
        q |= Q(id=scope.person_id)
    return q


@register(Membership)
def membership_rule(scope: Scope) -> Q:
    """Who holds which role: the national bodies see every organisation's members, an organisation's own
    people (not its external panelists) see its members, and everyone sees their own memberships."""
    if scope.national or scope.is_superuser:
        return Q()
    q = Q(organisation_id__in=scope.org_ids)
    if scope.user_id is not None:
        q |= Q(user_id=scope.user_id)
    return q


@register(RecruitmentCycle)
def cycle_rule(scope: Scope) -> Q:
    # The calendar is the programme's public timetable: every signed-in user sees it.
    return Q()


@register(Milestone)
def milestone_rule(scope: Scope) -> Q:
    return Q()


@register(MilestoneOverride)
def override_rule(scope: Scope) -> Q:
    if scope.national or scope.is_superuser:
        return Q()
    return Q(mission_id__in=scope.mission_ids | scope.panelist_mission_ids)


# Confidential records' events (support's counselling cases): a later app registers which events they are
# (a filter of AuditEvent) and who may read them. Those readers see them; everyone else, whatever their other
# rights (the national staff, a superuser), never does.
ConfidentialEvents = tuple[Callable[[], Q], Callable[[Scope], bool]]
_CONFIDENTIAL_EVENTS: list[ConfidentialEvents] = []


def register_confidential_audit(events: Callable[[], Q], readers: Callable[[Scope], bool]) -> None:
    """Events that only ``readers`` may list or open (``events()`` filters AuditEvent)."""
    if any(e is events for e, _r in _CONFIDENTIAL_EVENTS):
        return  # ready() may run twice in tests
    _CONFIDENTIAL_EVENTS.append((events, readers))


@register(AuditEvent)
def audit_rule(scope: Scope) -> Q:
    """The national staff see every event; an organisation's administrators see their organisation's. A
    confidential record's events only their registered readers (register_confidential_audit)."""
    admin_orgs = {o for o, _k, r in scope.roles if r == Role.ADMIN}
    q = Q() if reads_all_audit(scope) else (Q(organisation_id__in=admin_orgs) if admin_orgs else NOTHING)
    for events, readers in _CONFIDENTIAL_EVENTS:
        q = (q | events()) if readers(scope) else (q & ~events())
    return q


register_url_parameter("organisation_id", "core.Organisation")
register_url_parameter("person_id", "core.Person")
register_url_parameter("cycle_id", "core.RecruitmentCycle")
register_url_parameter("mission_id", "core.Organisation")
register_url_parameter("event_id", "core.AuditEvent")
register_url_parameter("membership_id", "core.Membership")
